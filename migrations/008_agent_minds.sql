-- What an agent's mind holds between thoughts (promises, yesterday's summary, the reflection counter, the
-- current plan position), so a restarted server picks up where the last one stopped. One row per agent,
-- rewritten on the room's flush interval when the mind changed; the engine owns and versions the snapshot.
CREATE TABLE agent_minds (
    agent_id   text PRIMARY KEY REFERENCES agents (id) ON DELETE CASCADE,
    snapshot   jsonb NOT NULL,
    game_time  bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
