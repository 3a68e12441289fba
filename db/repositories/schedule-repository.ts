import type pg from "pg";

export interface ScheduleEntryRow {
  agentId: string;
  startMinute: number;
  activity: string;
  location: string | null;
  description: string | null;
}

/** Every-day designer schedules of a world's agents, in time order per agent. */
export async function listWorldSchedules(db: pg.Pool | pg.ClientBase, worldId: string): Promise<Map<string, ScheduleEntryRow[]>> {
  const { rows } = await db.query<{ agent_id: string; start_minute: number; activity: string; location: string | null; description: string | null }>(
    `SELECT s.agent_id, (extract(hour FROM s.start_time) * 60 + extract(minute FROM s.start_time))::int AS start_minute,
            s.activity, s.location, s.description
     FROM agent_schedules s JOIN agents a ON a.id = s.agent_id
     WHERE a.world_id = $1 AND s.source = 'designer' AND s.day_of_week IS NULL
     ORDER BY s.agent_id, s.start_time`,
    [worldId],
  );
  const byAgent = new Map<string, ScheduleEntryRow[]>();
  for (const row of rows) {
    const entry = { agentId: row.agent_id, startMinute: row.start_minute, activity: row.activity, location: row.location, description: row.description };
    const list = byAgent.get(row.agent_id);
    if (list) list.push(entry);
    else byAgent.set(row.agent_id, [entry]);
  }
  return byAgent;
}
