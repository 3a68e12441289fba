import { Worker } from "node:worker_threads";
import type { BackendMessage } from "pg-protocol/dist/messages.js";
import { Parser } from "pg-protocol/dist/parser.js";

export interface PGliteThreadOptions {
  /** A folder, or `memory://`. */
  dataDir: string;
  /** postgresql.conf lines for the embedded server. */
  postgresqlconf: string[];
}

interface PlainError {
  message: string;
  name?: string;
  stack?: string;
  [field: string]: unknown;
}

/**
 * Extended-protocol messages a server only answers at the next Sync or Flush (Parse, Bind, Describe,
 * Execute, Close): they wait and cross to the thread together with it.
 */
const ANSWERED_AT_SYNC = new Set(["P", "B", "D", "E", "C"].map((letter) => letter.charCodeAt(0)));

type Reply = { id: number; ok: true; bytes?: Uint8Array } | { id: number; ok: false; error: PlainError };

/**
 * PGlite in a worker thread of its own. PGlite runs Postgres compiled to WebAssembly synchronously
 * in whatever thread calls it: in the game server's thread every flush and retrieval would stall the
 * tick and the sockets for as long as the query runs. This object is what node-postgres' PGlite
 * adapter (`createPgConfig`) needs of a PGlite: `waitReady` and `execProtocolStream`, forwarded to
 * the thread. node-postgres hands over each protocol message on its own (a query with parameters is
 * five); they go over in one message per Sync, because crossing threads costs more than a small query.
 */
export class PGliteThread {
  readonly waitReady: Promise<void>;
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private stopped: Error | undefined;
  private waitingForSync: Uint8Array[] = [];

  constructor(options: PGliteThreadOptions) {
    this.worker = new Worker(new URL("./pglite-thread-worker.mjs", import.meta.url), { workerData: options });
    this.waitReady = new Promise((resolve, reject) => {
      this.worker.once("message", (first: { ready: boolean; error?: PlainError }) => {
        if (first.ready) resolve();
        else reject(toError(first.error!, `could not open the embedded database in ${options.dataDir}`));
        this.worker.on("message", (reply: Reply) => this.settle(reply));
        this.idle();
      });
      this.worker.once("error", reject);
    });
    this.worker.on("error", (error) => this.fail(new Error(`the embedded database's thread failed: ${error.message}`, { cause: error })));
    this.worker.on("exit", (code) => this.fail(new Error(`the embedded database's thread stopped (exit code ${code})`)));
  }

  /**
   * Runs wire-protocol bytes. The answer is parsed here by node-postgres' own parser, as a server's
   * would be: SQL errors come back as `pg.DatabaseError` messages.
   */
  async execProtocolStream(bytes: Uint8Array): Promise<BackendMessage[]> {
    // The adapter's serializer returns a new buffer per message, so holding on to them is safe.
    if (ANSWERED_AT_SYNC.has(bytes[0]!)) {
      this.waitingForSync.push(bytes);
      return [];
    }
    // A buffer of its own (Buffer.concat may return a slice of Node's shared pool), handed to the thread rather than copied.
    const batch = new Uint8Array(Buffer.concat([...this.waitingForSync, bytes]));
    this.waitingForSync = [];
    const reply = await this.request({ kind: "exec", bytes: batch });
    if (!reply.ok) throw toError(reply.error, "the embedded database failed");
    const messages: BackendMessage[] = [];
    const answer = reply.bytes!;
    new Parser().parse(Buffer.from(answer.buffer, answer.byteOffset, answer.byteLength), (message) => messages.push(message));
    return messages;
  }

  async close(): Promise<void> {
    if (this.stopped) return;
    const reply = await this.request({ kind: "close" });
    await this.worker.terminate();
    if (!reply.ok) throw toError(reply.error, "the embedded database did not close cleanly");
  }

  private request(body: { kind: "exec"; bytes: Uint8Array<ArrayBuffer> } | { kind: "close" }): Promise<Reply> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    // Held only while a query runs, so that an idle database never keeps a finished program alive.
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...body }, body.kind === "exec" ? [body.bytes.buffer] : []);
    });
  }

  private settle(reply: Reply): void {
    const waiter = this.pending.get(reply.id);
    if (!waiter) return;
    this.pending.delete(reply.id);
    this.idle();
    waiter.resolve(reply);
  }

  private idle(): void {
    if (this.pending.size === 0) this.worker.unref();
  }

  private fail(error: Error): void {
    this.stopped ??= error;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}

function toError(plain: PlainError, context: string): Error {
  const error = new Error(`${context}: ${plain.message}`);
  const { message: _, stack: __, name: ___, ...fields } = plain;
  return Object.assign(error, fields);
}
