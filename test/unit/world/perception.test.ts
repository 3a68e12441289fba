import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PerceptionTracker } from "../../../src/world/perception.ts";
import { SpatialGrid } from "../../../src/world/spatial-grid.ts";

interface Body {
  name: string;
  x: number;
  y: number;
}

function sightings(tracker: PerceptionTracker<Body, Body>, observers: Body[], subjects: Body[]): string[] {
  const seen: string[] = [];
  tracker.perceive(observers, [subjects], (observer, subject) => seen.push(`${observer.name} sees ${subject.name}`));
  return seen;
}

describe("SpatialGrid", () => {
  it("finds exactly the entries within the radius (against a brute-force scan)", () => {
    const point = fc.record({ x: fc.double({ min: 0, max: 50, noNaN: true }), y: fc.double({ min: 0, max: 30, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 150 }), point, fc.double({ min: 0.5, max: 12, noNaN: true }), (points, centre, radius) => {
        const grid = new SpatialGrid(50, 30, radius);
        for (const p of points) grid.insert(p.x, p.y);
        const out: number[] = [];
        const found = out.slice(0, grid.queryRadius(centre.x, centre.y, radius, out)).sort((a, b) => a - b);
        const expected = points.flatMap((p, index) => ((p.x - centre.x) ** 2 + (p.y - centre.y) ** 2 <= radius * radius ? [index] : []));
        return JSON.stringify(found) === JSON.stringify(expected);
      }),
      { numRuns: 200, seed: 5 },
    );
  });
});

describe("PerceptionTracker", () => {
  it("reports a subject once when it comes into view, and again only after it has left", () => {
    const tracker = new PerceptionTracker<Body, Body>(40, 40, 6);
    const elara: Body = { name: "Elara", x: 10, y: 10 };
    const tess: Body = { name: "Tess", x: 30, y: 10 };
    expect(sightings(tracker, [elara], [elara, tess])).toEqual([]);
    tess.x = 16;
    expect(sightings(tracker, [elara], [elara, tess])).toEqual(["Elara sees Tess"]);
    tess.x = 13;
    expect(sightings(tracker, [elara], [elara, tess])).toEqual([]);
    tess.x = 17;
    expect(sightings(tracker, [elara], [elara, tess])).toEqual([]);
    tess.x = 12;
    expect(sightings(tracker, [elara], [elara, tess])).toEqual(["Elara sees Tess"]);
  });

  it("lets observers see each other but not themselves", () => {
    const tracker = new PerceptionTracker<Body, Body>(20, 20, 6);
    const a: Body = { name: "A", x: 1, y: 1 };
    const b: Body = { name: "B", x: 3, y: 1 };
    expect(sightings(tracker, [a, b], [a, b])).toEqual(["A sees B", "B sees A"]);
  });

  it("treats a subject that left the world and came back as new", () => {
    const tracker = new PerceptionTracker<Body, Body>(20, 20, 6);
    const observer: Body = { name: "O", x: 5, y: 5 };
    expect(sightings(tracker, [observer], [{ name: "P", x: 6, y: 5 }])).toEqual(["O sees P"]);
    expect(sightings(tracker, [observer], [])).toEqual([]);
    expect(sightings(tracker, [observer], [{ name: "P", x: 6, y: 5 }])).toEqual(["O sees P"]);
  });
});
