import type { Room } from "@colyseus/sdk";
import type { ServerMessage } from "../../rooms/server-messages.ts";

export type ChatMessage = ServerMessage<"chat">;

/** Every `chat` message a room receives, in order, with a way to wait for the one that matters. */
export class ChatLog {
  readonly messages: ChatMessage[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(room: Room) {
    room.onMessage("chat", (message: ChatMessage) => {
      this.messages.push(message);
      for (const wake of this.waiters) wake();
    });
  }

  /** Resolves with the first message (already received or to come) matching `predicate`. */
  waitFor(predicate: (message: ChatMessage) => boolean, what: string, timeoutMs = 10_000): Promise<ChatMessage> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.messages.find(predicate);
        if (!found) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; chat so far: ${JSON.stringify(this.messages)}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  partialsOf(conversationId: string, speakerId: string): string {
    return this.messages.filter((m) => m.partial && m.conversationId === conversationId && m.speakerId === speakerId).map((m) => m.text).join("");
  }
}
