import { loadWordVectorTable, wordVectorCache, WORD_VECTOR_PACKAGE } from "../src/llm/word-vector-table.ts";

/**
 * Derives the offline embedder's word vectors from the installed package now, in a process of its own,
 * instead of inside the server at its first boot:
 *
 *   npm run embeddings:derive                                   derive (or read) them and print where they are
 *   node --import tsx scripts/embeddings-derive.ts --if-missing  what `npm start` runs first: quiet when they are
 *                                                               there; a missing package is left to the server,
 *                                                               which falls back to word hashing and says so
 *
 * Why a process: deriving reads about 40 MB of the package's JSON, and the memory that takes stays with the
 * process that did it (about 100 MB more at the server's peak on a first start). Ending a process returns it.
 * Images whose node_modules the server cannot write derive them at build time (scripts/docker/Dockerfile).
 * It imports nothing else of the server, so that the check costs `npm start` about half a second.
 */
const ifMissing = process.argv.includes("--if-missing");
try {
  if (!(ifMissing && wordVectorCache().present)) {
    const started = performance.now();
    const table = loadWordVectorTable();
    const report = { source: table.source, words: table.rows.size, derived: table.derived, ms: Math.round(performance.now() - started) };
    console.log(ifMissing ? `word vectors derived from ${WORD_VECTOR_PACKAGE} into ${table.source} in ${report.ms} ms (once per install)` : JSON.stringify(report));
  }
} catch (error) {
  const message = `could not derive the word vectors of ${WORD_VECTOR_PACKAGE} (is it installed? run npm ci): ${(error as Error).message}`;
  process.stderr.write(`${message}${ifMissing ? "\nthe server will fall back to word hashing" : ""}\n`);
  process.exitCode = ifMissing ? 0 : 1;
}
