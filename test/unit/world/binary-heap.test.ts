import { describe, expect, it } from "vitest";
import { NodeMinHeap } from "../../../src/world/binary-heap.ts";
import { createRng } from "../../../src/world/rng.ts";

function drain(heap: NodeMinHeap): number[] {
  const order: number[] = [];
  while (heap.size > 0) order.push(heap.pop());
  return order;
}

describe("NodeMinHeap", () => {
  it("pops nodes in order of priority", () => {
    const rng = createRng(3);
    const heap = new NodeMinHeap(500);
    const priorities = Array.from({ length: 500 }, () => rng.next());
    priorities.forEach((priority, node) => heap.push(node, priority));
    const order = drain(heap);
    expect(order).toHaveLength(500);
    expect(order.map((node) => priorities[node])).toEqual([...priorities].sort((a, b) => a - b));
  });

  it("breaks ties by the second key", () => {
    const heap = new NodeMinHeap(3);
    heap.push(0, 5, 3);
    heap.push(1, 5, 1);
    heap.push(2, 5, 2);
    expect(drain(heap)).toEqual([1, 2, 0]);
  });

  it("lowers the priority of a queued node and ignores a higher one", () => {
    const heap = new NodeMinHeap(3);
    heap.push(0, 1);
    heap.push(1, 2);
    heap.push(2, 3);
    heap.push(2, 0.5);
    heap.push(0, 10);
    expect(heap.size).toBe(3);
    expect(drain(heap)).toEqual([2, 0, 1]);
  });

  it("is empty after clear and can be reused", () => {
    const heap = new NodeMinHeap(4);
    heap.push(1, 1);
    heap.push(2, 2);
    heap.clear();
    expect(heap.size).toBe(0);
    expect(heap.has(1)).toBe(false);
    expect(heap.pop()).toBe(-1);
    heap.push(3, 1);
    expect(drain(heap)).toEqual([3]);
  });

  it("refuses nodes outside its capacity", () => {
    expect(() => new NodeMinHeap(2).push(2, 0)).toThrow(RangeError);
  });
});
