// The embedded database's own thread (see pglite-thread.ts). Plain JavaScript because worker threads
// start outside the TypeScript loaders of tsx and vitest.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";

/** Error objects lose their own fields (code, …) when posted between threads: send them as plain data. */
function plainError(error) {
  if (!(error instanceof Error)) return { message: String(error) };
  return { ...error, name: error.name, message: error.message, stack: error.stack };
}

async function open() {
  const pglite = await PGlite.create({ dataDir: workerData.dataDir, extensions: { vector }, postgresqlconf: workerData.postgresqlconf });
  await pglite.exec("CREATE EXTENSION IF NOT EXISTS vector");
  return pglite;
}

let pglite;
try {
  pglite = await open();
  parentPort.postMessage({ ready: true });
} catch (error) {
  parentPort.postMessage({ ready: false, error: plainError(error) });
}

parentPort.on("message", async (request) => {
  if (request.kind === "close") {
    try {
      await pglite?.close();
      parentPort.postMessage({ id: request.id, ok: true });
    } catch (error) {
      parentPort.postMessage({ id: request.id, ok: false, error: plainError(error) });
    }
    return;
  }
  try {
    // The server's answer as wire-protocol bytes (SQL errors included, as error messages). The copy
    // is ours to hand over: PGlite may reuse the memory it returned.
    const bytes = (await pglite.execProtocolRaw(request.bytes)).slice();
    parentPort.postMessage({ id: request.id, ok: true, bytes }, [bytes.buffer]);
  } catch (error) {
    parentPort.postMessage({ id: request.id, ok: false, error: plainError(error) });
  }
});
