import type { Room } from "@colyseus/sdk";

/** Resolves with the room's state once `predicate` holds, checking on every patch; rejects after `timeoutMs`. */
export function waitForState<S>(room: Room<any, S>, predicate: (state: S) => boolean, timeoutMs = 10_000, what = "room state"): Promise<S> {
  return new Promise((resolve, reject) => {
    const holds = (state: S) => {
      try {
        return predicate(state);
      } catch {
        return false; // the first full state has not arrived yet
      }
    };
    const check = (state: S) => {
      if (!holds(state)) return false;
      clearTimeout(timer);
      room.onStateChange.remove(check);
      resolve(state);
      return true;
    };
    const timer = setTimeout(() => {
      room.onStateChange.remove(check);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    if (room.state && check(room.state)) return;
    room.onStateChange(check);
  });
}

/** Resolves with the next message of `type` the room receives (and its payload). */
export function nextMessage<T = any>(room: Room, type: string, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for a "${type}" message`)), timeoutMs);
    const unbind = room.onMessage(type, (payload: T) => {
      clearTimeout(timer);
      unbind();
      resolve(payload);
    });
  });
}

/** Resolves with the close code once the server drops the client. */
export function closeCode(room: Room, timeoutMs = 10_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for the server to close the connection`)), timeoutMs);
    room.onLeave((code: number) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}
