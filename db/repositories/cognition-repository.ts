import type pg from "pg";
import { withTransaction } from "../client.ts";
import { gameTimeOf } from "../../src/shared-kernel/game-time.ts";

export interface PlannedBlock {
  startMinute: number;
  activity: string;
  location: string | null;
}

/** Today's plan: one agent_plans row for the day (strokes and blocks) and the blocks as 'plan' schedule rows. */
export async function saveDayPlan(pool: pg.Pool, agentId: string, day: number, strokes: string[], blocks: readonly PlannedBlock[]): Promise<void> {
  await withTransaction(pool, async (client) => {
    await client.query("UPDATE agent_plans SET status = 'completed', updated_at = now() WHERE agent_id = $1 AND status = 'active' AND plan_day < $2", [agentId, day]);
    await client.query(
      `INSERT INTO agent_plans (agent_id, goal, plan_steps, status, plan_day, deadline_game_time)
       VALUES ($1, $2, $3, 'active', $4, $5)`,
      [agentId, `Day ${day}`, JSON.stringify({ strokes, blocks }), day, gameTimeOf(day + 1, 0)],
    );
    await client.query("DELETE FROM agent_schedules WHERE agent_id = $1 AND source = 'plan'", [agentId]);
    if (blocks.length === 0) return;
    await client.query(
      `INSERT INTO agent_schedules (agent_id, start_time, activity, location, source)
       SELECT $1, make_time(r.start_minute / 60, r.start_minute % 60, 0), r.activity, r.location, 'plan'
       FROM jsonb_to_recordset($2::jsonb) AS r(start_minute int, activity text, location text)
       ON CONFLICT DO NOTHING`,
      [agentId, JSON.stringify(blocks.map((block) => ({ start_minute: block.startMinute, activity: block.activity, location: block.location })))],
    );
  });
}

export async function saveReflection(db: pg.Pool, agentId: string, reflection: { text: string; evidence: string[]; memoryId: string; gameTime: number }): Promise<void> {
  await db.query(
    `INSERT INTO agent_reflections (agent_id, reflection, trigger_memories, insights, memory_id, game_time)
     VALUES ($1, $2, $3::bigint[], $4, $5, $6)`,
    [agentId, reflection.text, reflection.evidence, JSON.stringify([reflection.text]), reflection.memoryId, Math.floor(reflection.gameTime)],
  );
}

export async function saveMetacognition(
  db: pg.Pool,
  agentId: string,
  review: { evaluation: string; adjustments: string[]; goalChanges: string[]; notes: string; gameTime: number },
): Promise<void> {
  await db.query(
    `INSERT INTO agent_metacognition (agent_id, performance_evaluation, strategy_adjustments, goal_modifications, self_awareness_notes, game_time)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [agentId, review.evaluation, JSON.stringify(review.adjustments), JSON.stringify(review.goalChanges), review.notes, Math.floor(review.gameTime)],
  );
}
