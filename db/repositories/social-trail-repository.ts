import type pg from "pg";
import type { PolicyRule } from "../../src/content/social-settings.ts";

type Db = pg.Pool | pg.ClientBase;

export interface Mention {
  worldId: string;
  conversationId: string | null;
  memoryId: string | null;
  speaker: { type: "player" | "agent" | "designer"; id: string };
  hearerAgentId: string;
  canonicalId: string;
  entityType: "agent" | "player" | "location" | "fact";
  text: string;
  gameTime: number;
}

export async function insertMentions(db: Db, mentions: readonly Mention[]): Promise<void> {
  if (mentions.length === 0) return;
  await db.query(
    `INSERT INTO entity_mentions (world_id, conversation_id, memory_id, speaker_type, speaker_id, hearer_agent_id, canonical_id, entity_type, entity_text, game_time)
     SELECT m.world_id, m.conversation_id, m.memory_id, m.speaker_type, m.speaker_id, m.hearer_agent_id, m.canonical_id, m.entity_type, m.entity_text, m.game_time
     FROM jsonb_to_recordset($1::jsonb) AS m(world_id text, conversation_id text, memory_id bigint, speaker_type text, speaker_id text, hearer_agent_id text,
       canonical_id text, entity_type text, entity_text text, game_time bigint)`,
    [
      JSON.stringify(
        mentions.map((m) => ({
          world_id: m.worldId,
          conversation_id: m.conversationId,
          memory_id: m.memoryId,
          speaker_type: m.speaker.type,
          speaker_id: m.speaker.id,
          hearer_agent_id: m.hearerAgentId,
          canonical_id: m.canonicalId,
          entity_type: m.entityType,
          entity_text: m.text,
          game_time: Math.floor(m.gameTime),
        })),
      ),
    ],
  );
}

/** Every memory of a world's agents that carries a fact (news the agent may pass on), with the fact's id, oldest first. */
export async function factsInMemories(db: Db, worldId: string): Promise<{ agentId: string; memoryId: string; factId: string; content: string }[]> {
  const { rows } = await db.query<{ hearer_agent_id: string; memory_id: string; canonical_id: string; content: string }>(
    `SELECT DISTINCT e.hearer_agent_id, e.memory_id::text, e.canonical_id, m.content, m.game_time, m.id
       FROM entity_mentions e JOIN agent_memories m ON m.id = e.memory_id
      WHERE e.world_id = $1 AND e.entity_type = 'fact'
      ORDER BY m.game_time, m.id`,
    [worldId],
  );
  return rows.map((row) => ({ agentId: row.hearer_agent_id, memoryId: row.memory_id, factId: row.canonical_id, content: row.content }));
}

export interface Violation {
  worldId: string;
  agentId: string;
  conversationId: string | null;
  rule: PolicyRule;
  detail: string;
  originalText: string;
  replacement: string;
  gameTime: number;
}

export async function insertViolation(db: Db, violation: Violation): Promise<void> {
  await db.query(
    `INSERT INTO policy_violations (world_id, agent_id, conversation_id, rule, detail, original_text, replacement, game_time)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [violation.worldId, violation.agentId, violation.conversationId, violation.rule, violation.detail, violation.originalText, violation.replacement, Math.floor(violation.gameTime)],
  );
}
