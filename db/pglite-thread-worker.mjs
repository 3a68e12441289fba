// The embedded database's own thread (see pglite-thread.ts). Plain JavaScript because worker threads
// start outside the TypeScript loaders of tsx and vitest.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";

/** Error objects lose their own fields (code, detail, …) when posted between threads: send them as plain data. */
function plainError(error) {
  if (!(error instanceof Error)) return { message: String(error) };
  return { ...error, name: error.name, message: error.message, stack: error.stack };
}

/** Backend messages are class instances; posting keeps their fields, and an error message's fields are kept by hand. */
function postable(message) {
  return message instanceof Error ? { ...plainError(message), isDatabaseError: true } : message;
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
    // Never throws for SQL errors: they come back as error messages, as from a server.
    const messages = await pglite.execProtocolStream(request.bytes, { throwOnError: false });
    parentPort.postMessage({ id: request.id, ok: true, messages: messages.map(postable) });
  } catch (error) {
    parentPort.postMessage({ id: request.id, ok: false, error: plainError(error) });
  }
});
