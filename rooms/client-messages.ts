import { z } from "zod";
import { AgentId } from "../src/content/identifiers.ts";
import { StorableText } from "../src/content/storable-text.ts";

const step = z.int().min(-1).max(1);

/** Every message a client may send, by type. Anything else is refused and the sender disconnected. */
export const ClientMessages = {
  input: z.strictObject({ dx: step, dy: step }).describe("Held walking direction; {dx: 0, dy: 0} stops. The server applies the speed."),
  move_to: z.strictObject({ x: z.int().min(0).max(100_000), y: z.int().min(0).max(100_000) }).describe("Walk to a tile; the server finds the path."),
  say: z
    .strictObject({
      text: StorableText.trim().min(1).max(500),
      to: AgentId.optional(),
      clientMessageId: StorableText.min(1).max(64).optional(),
    })
    .describe("Speak. `to` names an agent; `clientMessageId` makes a retried send idempotent."),
  interact: z.strictObject({ agentId: AgentId }).describe("Ask an agent within reach what it is doing."),
  ping: z.strictObject({ t: z.number().finite().optional() }).describe("Round-trip probe for clients and load tools; answered with `pong` carrying the same `t`."),
} as const;

export type ClientMessageType = keyof typeof ClientMessages;
export type ClientMessage<T extends ClientMessageType> = z.infer<(typeof ClientMessages)[T]>;

/** WebSocket close codes this server uses when it drops a client. */
export const CloseCodes = {
  INVALID_MESSAGE: 4400,
  AUTH_FAILED: 4401,
  RATE_LIMITED: 4429,
} as const;
