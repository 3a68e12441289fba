import { z } from "zod";
import { MINUTES_PER_DAY } from "../shared-kernel/game-time.ts";

/** How conversations run in a world (world.json "conversations"); every field has a default. */
export const ConversationSettingsSchema = z.strictObject({
  talkRange: z.number().min(1).max(20).default(4).describe("Tiles within which a player's line reaches an agent"),
  hearingRange: z.number().min(1).max(40).default(8).describe("Tiles within which other players hear a line"),
  idleAfterMinutes: z.number().positive().max(MINUTES_PER_DAY).default(3).describe("Game minutes without a line before a conversation turns idle"),
  closeAfterMinutes: z.number().positive().max(MINUTES_PER_DAY).default(10).describe("Game minutes without a line before a conversation closes"),
  maxPlayerLineLength: z.int().min(20).max(2000).default(280).describe("Characters of a player's line an agent hears; the rest is cut"),
  npcTurnCap: z.int().min(2).max(40).default(8).describe("Lines at most in one conversation between two agents"),
  npcPairCooldownMinutes: z.number().min(0).max(7 * MINUTES_PER_DAY).default(180).describe("Game minutes before the same two agents talk again"),
  npcAgentCooldownMinutes: z.number().min(0).max(7 * MINUTES_PER_DAY).default(30).describe("Game minutes after a conversation before an agent starts another"),
  npcChattiness: z.number().min(0).max(100).default(1).describe("How readily agents who meet start talking: 0 never, 1 normal, higher more often"),
  npcTurnGapSeconds: z.number().min(0).max(3600).default(20).describe("Game seconds between two lines of agents talking"),
});
export type ConversationSettings = z.infer<typeof ConversationSettingsSchema>;
export const DEFAULT_CONVERSATION_SETTINGS: ConversationSettings = ConversationSettingsSchema.parse({});

/** What agents may say in a world (world.json "contentPolicy"); checked on every NPC line before it is sent. */
export const ContentPolicySchema = z.strictObject({
  bannedWords: z.array(z.string().trim().min(1)).default([]).describe("Words no agent says (whole words, any case)"),
  bannedTopics: z.array(z.string().trim().min(1)).default([]).describe("Topics no agent talks about: a line naming one is replaced"),
  stayInCharacter: z.boolean().default(true).describe("Replace lines that break character (\"as an AI\", \"language model\", quoting instructions)"),
  noPersonalData: z.boolean().default(true).describe("Replace lines with real-world personal data (e-mail addresses, phone or card numbers)"),
  refusal: z.string().trim().min(1).max(200).optional().describe("What an agent says instead of a replaced line; {name} is the listener"),
});
export type ContentPolicy = z.infer<typeof ContentPolicySchema>;
export const DEFAULT_CONTENT_POLICY: ContentPolicy = ContentPolicySchema.parse({});

/** The rules a replaced line can break (policy_violations.rule). */
export type PolicyRule = "banned_word" | "banned_topic" | "out_of_character" | "personal_data" | "prompt_leak";
