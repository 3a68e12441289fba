import { loadWordVectorTable } from "../src/llm/word-vector-table.ts";
import { runCli } from "./cli-support.ts";

/**
 * Derives the offline embedder's word vectors from the installed package now, instead of at the first
 * boot: for images whose node_modules the server cannot write (scripts/docker/Dockerfile).
 */
runCli(async () => {
  const started = performance.now();
  const table = loadWordVectorTable();
  console.log(JSON.stringify({ source: table.source, words: table.rows.size, derived: table.derived, ms: Math.round(performance.now() - started) }));
  return 0;
});
