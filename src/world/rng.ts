/** A seeded pseudo-random generator whose whole state can be saved with the world and restored. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [minInclusive, maxInclusive]. */
  int(minInclusive: number, maxInclusive: number): number;
  pick<T>(items: readonly T[]): T;
  /** The generator's state as a string; restoreRng(state) continues the same sequence. */
  state(): string;
}

const STATE_PREFIX = "sfc32:";
const UINT32_RANGE = 4_294_967_296;
/** sfc32's authors recommend discarding the first outputs so that similar seeds diverge. */
const WARM_UP_ROUNDS = 12;

export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`RNG seed must be a finite number (got ${seed})`);
  const low = Math.floor(seed) >>> 0;
  const high = Math.floor(seed / UINT32_RANGE) >>> 0;
  const mix = splitMix32(low ^ Math.imul(high, 0x9e3779b9));
  const rng = new Sfc32(mix(), mix(), mix(), mix());
  for (let i = 0; i < WARM_UP_ROUNDS; i++) rng.next();
  return rng;
}

export function restoreRng(state: string): Rng {
  const match = /^sfc32:([0-9a-f]{8})([0-9a-f]{8})([0-9a-f]{8})([0-9a-f]{8})$/.exec(state);
  if (!match) throw new Error(`invalid RNG state "${state}": expected "${STATE_PREFIX}" followed by 32 hex digits, as written by Rng.state()`);
  const [a, b, c, d] = match.slice(1).map((word) => Number.parseInt(word, 16));
  return new Sfc32(a!, b!, c!, d!);
}

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 128 bits of state, fast with 32-bit integer maths. */
class Sfc32 implements Rng {
  constructor(
    private a: number,
    private b: number,
    private c: number,
    private d: number,
  ) {}

  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / UINT32_RANGE;
  }

  int(minInclusive: number, maxInclusive: number): number {
    if (!Number.isInteger(minInclusive) || !Number.isInteger(maxInclusive) || maxInclusive < minInclusive) {
      throw new RangeError(`rng.int needs integers with min <= max (got ${minInclusive}, ${maxInclusive})`);
    }
    return minInclusive + Math.floor(this.next() * (maxInclusive - minInclusive + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("rng.pick needs at least one item");
    return items[this.int(0, items.length - 1)]!;
  }

  state(): string {
    return STATE_PREFIX + [this.a, this.b, this.c, this.d].map((word) => (word >>> 0).toString(16).padStart(8, "0")).join("");
  }
}

function splitMix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}
