import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const packageJson = JSON.parse(read("package.json"));
const nvmrc = read(".nvmrc").trim();

function parts(version: string): number[] {
  const match = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!match) throw new Error(`not a version: ${version}`);
  return match.slice(1).map(Number);
}

/** `version` >= the `>=X.Y.Z` lower bound that engines.node declares. */
function satisfiesEngines(version: string): boolean {
  const bound = /^>=\s*(\d+\.\d+\.\d+)$/.exec(packageJson.engines.node);
  if (!bound) throw new Error(`engines.node is ${packageJson.engines.node}; this test reads only ">=X.Y.Z"`);
  const [have, want] = [parts(version), parts(bound[1]!)];
  for (let index = 0; index < 3; index++) if (have[index] !== want[index]) return have[index]! > want[index]!;
  return true;
}

describe("the Node.js version is the same everywhere it is named", () => {
  it(".nvmrc names an exact version that engines allows", () => {
    expect(nvmrc).toMatch(/^\d+\.\d+\.\d+$/);
    expect(satisfiesEngines(nvmrc)).toBe(true);
  });

  it("every stage of the Docker image is that version", () => {
    const images = [...read("scripts/docker/Dockerfile").matchAll(/^FROM\s+(\S+)/gm)].map((match) => match[1]);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image).toMatch(new RegExp(`^node:${nvmrc.replaceAll(".", "\\.")}-`));
  });

  it("the README names it and CI installs it", () => {
    const readme = read("README.md");
    expect(readme).toContain(`Node.js ${nvmrc.split(".")[0]}`);
    expect(readme).toContain(nvmrc);
    expect(read(".ci/run")).toMatch(/^source scripts\/ci\/use-node\.sh$/m);
    expect(read("scripts/ci/use-node.sh")).toContain(".nvmrc");
  });

  it("Node's type definitions are of the same major version", () => {
    expect(parts(packageJson.devDependencies["@types/node"])[0]).toBe(parts(nvmrc)[0]);
  });

  it("the tests run on a version engines allows", () => {
    expect(satisfiesEngines(process.versions.node), `node ${process.versions.node} is older than engines.node ${packageJson.engines.node}; use the version in .nvmrc`).toBe(true);
  });
});
