import { z } from "zod";

/** Every `error` code the room sends; docs/protocol.md says what each means. */
export const ErrorCodes = z.enum([
  "invalid_message",
  "unknown_message_type",
  "rate_limited",
  "out_of_bounds",
  "no_path",
  "too_far",
  "unknown_agent",
  "not_stored",
]);
export type MessageErrorCode = z.infer<typeof ErrorCodes>;

/**
 * Every message the room sends to a client, by type. The room's send functions take only these, so the
 * generated client types (npm run clients:generate) cannot drift from what is sent.
 */
export const ServerMessages = {
  welcome: z
    .strictObject({
      sessionId: z.string(),
      characterId: z.string(),
      name: z.string(),
      role: z.enum(["guest", "player", "admin"]),
      guestToken: z.string().optional(),
    })
    .describe("Right after joining; keep `guestToken` to come back as the same guest."),
  said: z
    .strictObject({
      id: z.string(),
      text: z.string(),
      to: z.string().optional(),
      conversationId: z.string().optional(),
      clientMessageId: z.string().optional(),
    })
    .describe("Your `say` line is stored: `id` is its conversation log id, `conversationId` is set when an agent heard it."),
  chat: z
    .strictObject({
      conversationId: z.string(),
      speakerId: z.string(),
      speakerName: z.string(),
      text: z.string(),
      partial: z.boolean(),
    })
    .describe("A spoken line: partial chunks (`text` is the next words) to the player being answered, then the whole line (`partial: false`)."),
  interaction: z
    .strictObject({
      agentId: z.string(),
      name: z.string(),
      activity: z.string(),
      location: z.string(),
      text: z.string(),
    })
    .describe("The answer to `interact`."),
  pong: z.strictObject({ t: z.number().optional(), serverTime: z.number() }).describe("The answer to `ping`; `serverTime` in ms since the epoch."),
  error: z
    .strictObject({ code: ErrorCodes, message: z.string(), type: z.string().optional() })
    .describe("A request could not be done; `type` names the message it answers."),
} as const;

export type ServerMessageType = keyof typeof ServerMessages;
export type ServerMessage<T extends ServerMessageType> = z.infer<(typeof ServerMessages)[T]>;

/** How room code sends to one client: only a message of this protocol, with its payload's shape. */
export type SendToClient<Client> = <T extends ServerMessageType>(client: Client, type: T, payload: ServerMessage<T>) => void;
