import { ErrorCode, matchMaker, ServerError } from "@colyseus/core";

// Colyseus passes on only the message of an error raised in another process, so it is recognised by its wording.
const TAKEN = /world "([^"]+)" already has a room/;
const ORIGINAL = Symbol("Colyseus' own invokeMethod");

type Controller = typeof matchMaker.controller;
type InvokeMethod = Controller["invokeMethod"] & { [ORIGINAL]?: Controller["invokeMethod"] };

/** The world named by a worldTakenError, raised here or in another process; undefined for any other error. */
export function takenWorld(error: unknown): string | undefined {
  return error instanceof Error ? TAKEN.exec(error.message)?.[1] : undefined;
}

/** Refuses to open a world whose room exists (or is being opened or closed) here or in another process. */
export function worldTakenError(worldId: string): ServerError {
  return new ServerError(ErrorCode.MATCHMAKE_INVALID_CRITERIA, `world "${worldId}" already has a room, its only writer: join it with joinOrCreate("world", { world: "${worldId}" })`);
}

/**
 * `create` for a world that has a room is refused (worldTakenError). A joinOrCreate may meet the same
 * refusal when it races a room that has claimed the world but is not listed yet, one that is still
 * flushing as it closes, or the claim of a dead process running out: it then waits, up to `waitMs`,
 * and joins the world's one room instead of failing.
 */
export function joinOrCreateWaitsForTheWorldsRoom(waitMs: number): void {
  const controller = matchMaker.controller;
  // Colyseus' controller is one per process; several servers in one process (tests) wrap it once.
  const invoke = (controller.invokeMethod as InvokeMethod)[ORIGINAL] ?? controller.invokeMethod;
  const waiting: InvokeMethod = async function (this: Controller, method, roomName, clientOptions, authOptions) {
    const deadline = Date.now() + waitMs;
    for (let pauseMs = 50; ; pauseMs = Math.min(pauseMs * 2, 500)) {
      try {
        return await invoke.call(this, method, roomName, clientOptions, authOptions);
      } catch (error) {
        const taken = takenWorld(error);
        if (method !== "joinOrCreate" || !taken) throw error;
        if (Date.now() + pauseMs > deadline) {
          throw new ServerError(ErrorCode.MATCHMAKE_UNHANDLED, `world "${taken}" is being opened or closed by another server and was not ready within ${waitMs} ms: try joinOrCreate again`);
        }
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    }
  };
  waiting[ORIGINAL] = invoke;
  controller.invokeMethod = waiting;
}
