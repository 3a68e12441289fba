-- Conversations (seed 004's sessions, for players and agents), what was mentioned in them, and the
-- lines the content policy replaced.

-- One session per pair of speakers at a time: active while lines flow, idle after a quiet spell, closed
-- after a timeout, a goodbye, or when a speaker leaves. Participant a is whoever opened it.
CREATE TABLE conversations (
    id                      text PRIMARY KEY,
    world_id                text NOT NULL REFERENCES worlds (id) ON DELETE CASCADE,
    kind                    text NOT NULL CHECK (kind IN ('player_agent', 'agent_agent')),
    a_type                  text NOT NULL CHECK (a_type IN ('player', 'agent')),
    a_id                    text NOT NULL,
    b_type                  text NOT NULL CHECK (b_type IN ('player', 'agent')),
    b_id                    text NOT NULL,
    state                   text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'idle', 'closed')),
    turns                   integer NOT NULL DEFAULT 0 CHECK (turns >= 0),
    closed_reason           text,
    summary                 text,
    started_at              timestamptz NOT NULL DEFAULT now(),
    last_activity_at        timestamptz NOT NULL DEFAULT now(),
    started_game_time       bigint NOT NULL DEFAULT 0,
    last_activity_game_time bigint NOT NULL DEFAULT 0,
    CHECK ((state = 'closed') = (closed_reason IS NOT NULL))
);
CREATE UNIQUE INDEX conversations_open_pair ON conversations (world_id, a_id, b_id) WHERE state <> 'closed';
CREATE INDEX conversations_participant_b ON conversations (b_id, started_at DESC);
CREATE INDEX conversations_participant_a ON conversations (a_id, started_at DESC);

-- Who mentioned whom or what, heard by whom: the trail along which news spreads. canonical_id names the
-- entity ("agent:mara", "player:<uuid>", "location:bakery", "fact:harvest-festival").
CREATE TABLE entity_mentions (
    id              bigserial PRIMARY KEY,
    world_id        text NOT NULL REFERENCES worlds (id) ON DELETE CASCADE,
    conversation_id text REFERENCES conversations (id) ON DELETE CASCADE,
    memory_id       bigint REFERENCES agent_memories (id) ON DELETE CASCADE,
    speaker_type    text NOT NULL CHECK (speaker_type IN ('player', 'agent', 'designer')),
    speaker_id      text NOT NULL,
    hearer_agent_id text NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    canonical_id    text NOT NULL,
    entity_type     text NOT NULL CHECK (entity_type IN ('agent', 'player', 'location', 'fact')),
    entity_text     text NOT NULL,
    game_time       bigint NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX entity_mentions_canonical ON entity_mentions (world_id, canonical_id, hearer_agent_id);
CREATE INDEX entity_mentions_hearer ON entity_mentions (hearer_agent_id, created_at DESC);

-- NPC lines the world's content policy replaced before anyone saw them.
CREATE TABLE policy_violations (
    id              bigserial PRIMARY KEY,
    world_id        text NOT NULL REFERENCES worlds (id) ON DELETE CASCADE,
    agent_id        text NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    conversation_id text REFERENCES conversations (id) ON DELETE SET NULL,
    rule            text NOT NULL CHECK (rule IN ('banned_word', 'banned_topic', 'out_of_character', 'personal_data', 'prompt_leak')),
    detail          text NOT NULL,
    original_text   text NOT NULL,
    replacement     text NOT NULL,
    game_time       bigint NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX policy_violations_world ON policy_violations (world_id, created_at DESC);

ALTER TABLE conversation_logs ADD COLUMN speaker_name text;
ALTER TABLE conversation_logs ADD CONSTRAINT conversation_logs_conversation_fk FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE SET NULL;
