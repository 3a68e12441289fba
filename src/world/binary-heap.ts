/**
 * A binary min-heap of node ids in [0, capacity), kept in typed arrays. Ordered by priority, then by
 * tie-break (A* passes f and h: among equal f, the node nearer the goal comes first). Pushing a node
 * that is already queued lowers its priority if the new one is smaller (decrease-key).
 */
export class NodeMinHeap {
  private readonly slots: Int32Array;
  /** Where each node sits in `slots`, or -1 when it is not queued. */
  private readonly slotOf: Int32Array;
  private readonly priority: Float64Array;
  private readonly tieBreak: Float64Array;
  private count = 0;

  constructor(readonly capacity: number) {
    this.slots = new Int32Array(capacity);
    this.slotOf = new Int32Array(capacity).fill(-1);
    this.priority = new Float64Array(capacity);
    this.tieBreak = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  has(node: number): boolean {
    return this.slotOf[node]! >= 0;
  }

  push(node: number, priority: number, tieBreak = 0): void {
    if (node < 0 || node >= this.capacity) throw new RangeError(`heap node ${node} is outside [0, ${this.capacity})`);
    const slot = this.slotOf[node]!;
    if (slot >= 0) {
      if (!this.isLess(priority, tieBreak, this.priority[node]!, this.tieBreak[node]!)) return;
      this.priority[node] = priority;
      this.tieBreak[node] = tieBreak;
      this.siftUp(slot);
      return;
    }
    this.priority[node] = priority;
    this.tieBreak[node] = tieBreak;
    this.slots[this.count] = node;
    this.slotOf[node] = this.count;
    this.siftUp(this.count++);
  }

  /** The node with the smallest priority, removed from the heap; -1 when empty. */
  pop(): number {
    if (this.count === 0) return -1;
    const top = this.slots[0]!;
    this.slotOf[top] = -1;
    this.count--;
    if (this.count > 0) {
      const last = this.slots[this.count]!;
      this.slots[0] = last;
      this.slotOf[last] = 0;
      this.siftDown(0);
    }
    return top;
  }

  /** Empties the heap in O(size), leaving the buffers for the next use. */
  clear(): void {
    for (let i = 0; i < this.count; i++) this.slotOf[this.slots[i]!] = -1;
    this.count = 0;
  }

  private siftUp(start: number): void {
    let slot = start;
    const node = this.slots[slot]!;
    while (slot > 0) {
      const parentSlot = (slot - 1) >> 1;
      const parent = this.slots[parentSlot]!;
      if (!this.nodeIsLess(node, parent)) break;
      this.place(parent, slot);
      slot = parentSlot;
    }
    this.place(node, slot);
  }

  private siftDown(start: number): void {
    let slot = start;
    const node = this.slots[slot]!;
    for (;;) {
      const left = 2 * slot + 1;
      if (left >= this.count) break;
      const right = left + 1;
      let child = left;
      if (right < this.count && this.nodeIsLess(this.slots[right]!, this.slots[left]!)) child = right;
      const childNode = this.slots[child]!;
      if (!this.nodeIsLess(childNode, node)) break;
      this.place(childNode, slot);
      slot = child;
    }
    this.place(node, slot);
  }

  private place(node: number, slot: number): void {
    this.slots[slot] = node;
    this.slotOf[node] = slot;
  }

  private nodeIsLess(a: number, b: number): boolean {
    return this.isLess(this.priority[a]!, this.tieBreak[a]!, this.priority[b]!, this.tieBreak[b]!);
  }

  private isLess(priorityA: number, tieA: number, priorityB: number, tieB: number): boolean {
    return priorityA < priorityB || (priorityA === priorityB && tieA < tieB);
  }
}
