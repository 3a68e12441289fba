-- Living World schema. Tables and column names follow the Heartwood Valley design (seed 002),
-- with foreign keys, range checks, game time beside real time, and indexes for the queries the code runs.
-- Game time is stored as whole game seconds since day 1, 00:00 of the world's calendar.

CREATE EXTENSION IF NOT EXISTS vector;

-- Worlds: the designer's definition and the persisted clock.
CREATE TABLE worlds (
    id              text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]*$'),
    name            text NOT NULL,
    definition      jsonb NOT NULL,
    definition_hash text NOT NULL,
    game_time       bigint NOT NULL DEFAULT 0 CHECK (game_time >= 0),
    clock_speed     real NOT NULL DEFAULT 60 CHECK (clock_speed >= 0),
    rng_state       text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Accounts and player characters.
CREATE TABLE users (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    username      text NOT NULL UNIQUE CHECK (length(username) BETWEEN 3 AND 32),
    password_hash text NOT NULL,
    role          text NOT NULL DEFAULT 'player' CHECK (role IN ('player', 'admin')),
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE characters (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id        uuid REFERENCES users (id) ON DELETE CASCADE,
    world_id       text NOT NULL REFERENCES worlds (id) ON DELETE CASCADE,
    character_name text NOT NULL CHECK (length(character_name) BETWEEN 1 AND 32),
    is_guest       boolean NOT NULL DEFAULT false,
    x              real NOT NULL DEFAULT 0,
    y              real NOT NULL DEFAULT 0,
    direction      text NOT NULL DEFAULT 'down',
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    last_seen_at   timestamptz,
    CHECK (is_guest OR user_id IS NOT NULL)
);
-- A registered user has one character per world.
CREATE UNIQUE INDEX characters_user_world ON characters (user_id, world_id) WHERE user_id IS NOT NULL;
CREATE INDEX characters_world ON characters (world_id);

-- Agents: identity and designer fields (seed 002 columns) plus the world they live in.
CREATE TABLE agents (
    id                 text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9_-]*$'),
    world_id           text NOT NULL REFERENCES worlds (id) ON DELETE CASCADE,
    name               text NOT NULL,
    role               text,
    constitution       text NOT NULL DEFAULT '',
    current_location   text,
    current_activity   text,
    energy_level       integer NOT NULL DEFAULT 100 CHECK (energy_level BETWEEN 0 AND 100),
    mood               text,
    primary_goal       text,
    secondary_goals    text[] NOT NULL DEFAULT '{}',
    personality_traits text[] NOT NULL DEFAULT '{}',
    likes              text[] NOT NULL DEFAULT '{}',
    dislikes           text[] NOT NULL DEFAULT '{}',
    background         text,
    schedule           jsonb NOT NULL DEFAULT '{}',
    current_plans      text[] NOT NULL DEFAULT '{}',
    definition         jsonb NOT NULL,
    definition_hash    text NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agents_world ON agents (world_id);

-- Live agent state, flushed write-behind by the world room.
CREATE TABLE agent_states (
    agent_id           text PRIMARY KEY REFERENCES agents (id) ON DELETE CASCADE,
    current_x          real NOT NULL,
    current_y          real NOT NULL,
    current_direction  text NOT NULL DEFAULT 'down',
    current_action     text,
    action_start_time  timestamptz,
    action_start_game_time bigint,
    interaction_target text,
    emotional_state    jsonb NOT NULL DEFAULT '{}',
    physical_state     jsonb NOT NULL DEFAULT '{}',
    cognitive_load     real NOT NULL DEFAULT 0 CHECK (cognitive_load BETWEEN 0 AND 1),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

-- Memory stream. The embedding column is untyped so several embedding models can coexist;
-- each model gets its own partial HNSW index over the expression cast to its dimension.
CREATE TABLE agent_memories (
    id                     bigserial PRIMARY KEY,
    agent_id               text NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    memory_type            text NOT NULL CHECK (memory_type IN ('observation', 'reflection', 'plan', 'metacognition', 'conversation', 'summary')),
    content                text NOT NULL CHECK (length(content) > 0),
    importance_score       real NOT NULL DEFAULT 5 CHECK (importance_score BETWEEN 0 AND 10),
    emotional_relevance    real NOT NULL DEFAULT 0 CHECK (emotional_relevance BETWEEN 0 AND 1),
    tags                   text[] NOT NULL DEFAULT '{}',
    related_agents         text[] NOT NULL DEFAULT '{}',
    related_players        text[] NOT NULL DEFAULT '{}',
    location               text,
    timestamp              timestamptz NOT NULL DEFAULT now(),
    game_time              bigint NOT NULL DEFAULT 0,
    last_accessed_at       timestamptz NOT NULL DEFAULT now(),
    last_accessed_game_time bigint NOT NULL DEFAULT 0,
    access_count           integer NOT NULL DEFAULT 0 CHECK (access_count >= 0),
    merge_count            integer NOT NULL DEFAULT 1 CHECK (merge_count >= 1),
    embedding              vector,
    embedding_model        text,
    -- 'designer' rows come from agent files and carry a stable key so reloads never duplicate them.
    source                 text NOT NULL DEFAULT 'runtime' CHECK (source IN ('runtime', 'designer')),
    source_key             text,
    CHECK ((embedding IS NULL) = (embedding_model IS NULL)),
    CHECK ((source = 'designer') = (source_key IS NOT NULL))
);
CREATE INDEX agent_memories_recent ON agent_memories (agent_id, game_time DESC);
CREATE INDEX agent_memories_important ON agent_memories (agent_id, importance_score DESC);
CREATE INDEX agent_memories_type_time ON agent_memories (agent_id, memory_type, game_time DESC);
CREATE INDEX agent_memories_unembedded ON agent_memories (id) WHERE embedding IS NULL;
CREATE UNIQUE INDEX agent_memories_designer_key ON agent_memories (agent_id, source_key) WHERE source_key IS NOT NULL;
-- The offline hashing embedder (256 dimensions); other models get theirs when first used.
CREATE INDEX agent_memories_embedding_local_hash_256 ON agent_memories
    USING hnsw ((embedding::vector(256)) vector_cosine_ops)
    WHERE embedding_model = 'local-hash-256';

CREATE TABLE agent_reflections (
    id                 bigserial PRIMARY KEY,
    agent_id           text NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    reflection         text NOT NULL,
    trigger_memories   bigint[] NOT NULL DEFAULT '{}',
    insights           jsonb NOT NULL DEFAULT '[]',
    behavioral_changes jsonb NOT NULL DEFAULT '[]',
    memory_id          bigint REFERENCES agent_memories (id) ON DELETE SET NULL,
    game_time          bigint NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agent_reflections_agent_time ON agent_reflections (agent_id, game_time DESC);

CREATE TABLE agent_metacognition (
    id                     bigserial PRIMARY KEY,
    agent_id               text NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    performance_evaluation text NOT NULL,
    strategy_adjustments   jsonb NOT NULL DEFAULT '[]',
    goal_modifications     jsonb NOT NULL DEFAULT '[]',
    self_awareness_notes   text,
    game_time              bigint NOT NULL DEFAULT 0,
    created_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agent_metacognition_agent_time ON agent_metacognition (agent_id, game_time DESC);

-- Relationships. Ranges from seed 002: affection -100..100, trust 0..100.
CREATE TABLE agent_relationships (
    agent_id              text NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    other_agent_id        text NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    relationship_type     text NOT NULL DEFAULT 'acquaintance' CHECK (relationship_type IN ('friend', 'colleague', 'rival', 'romantic', 'family', 'acquaintance')),
    affection_score       integer NOT NULL DEFAULT 0 CHECK (affection_score BETWEEN -100 AND 100),
    trust_level           integer NOT NULL DEFAULT 50 CHECK (trust_level BETWEEN 0 AND 100),
    interaction_frequency integer NOT NULL DEFAULT 0 CHECK (interaction_frequency >= 0),
    last_interaction      timestamptz,
    last_interaction_game_time bigint,
    summary               text,
    updated_at            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (agent_id, other_agent_id),
    CHECK (agent_id <> other_agent_id)
);
CREATE INDEX agent_relationships_other ON agent_relationships (other_agent_id);

CREATE TABLE agent_player_relationships (
    agent_id              text NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    character_id          uuid NOT NULL REFERENCES characters (id) ON DELETE CASCADE,
    relationship_type     text NOT NULL DEFAULT 'acquaintance' CHECK (relationship_type IN ('friend', 'colleague', 'rival', 'romantic', 'family', 'acquaintance')),
    affection_score       integer NOT NULL DEFAULT 0 CHECK (affection_score BETWEEN -100 AND 100),
    trust_level           integer NOT NULL DEFAULT 50 CHECK (trust_level BETWEEN 0 AND 100),
    interaction_frequency integer NOT NULL DEFAULT 0 CHECK (interaction_frequency >= 0),
    last_interaction      timestamptz,
    last_interaction_game_time bigint,
    summary               text,
    updated_at            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (agent_id, character_id)
);
CREATE INDEX agent_player_relationships_character ON agent_player_relationships (character_id);

-- Every line spoken, by players or agents. Ids are text because speakers are agents (text ids) or characters (uuids).
CREATE TABLE conversation_logs (
    id              bigserial PRIMARY KEY,
    world_id        text REFERENCES worlds (id) ON DELETE CASCADE,
    conversation_id text,
    initiator_type  text NOT NULL CHECK (initiator_type IN ('player', 'agent')),
    initiator_id    text NOT NULL,
    recipient_type  text CHECK (recipient_type IN ('player', 'agent')),
    recipient_id    text,
    message         text NOT NULL,
    response        text,
    context         jsonb NOT NULL DEFAULT '{}',
    emotional_tone  text,
    -- A client-chosen id per line makes retried sends idempotent.
    client_message_id text,
    timestamp       timestamptz NOT NULL DEFAULT now(),
    game_time       bigint NOT NULL DEFAULT 0,
    CHECK ((recipient_type IS NULL) = (recipient_id IS NULL))
);
CREATE INDEX conversation_logs_conversation ON conversation_logs (conversation_id, id);
CREATE INDEX conversation_logs_initiator ON conversation_logs (initiator_type, initiator_id, timestamp DESC);
CREATE INDEX conversation_logs_recipient ON conversation_logs (recipient_type, recipient_id, timestamp DESC);
CREATE INDEX conversation_logs_timestamp ON conversation_logs (timestamp);
CREATE UNIQUE INDEX conversation_logs_client_message ON conversation_logs (initiator_id, client_message_id) WHERE client_message_id IS NOT NULL;

-- Daily routine from the designer's schedule (source 'designer') or from planning (source 'plan').
CREATE TABLE agent_schedules (
    id          bigserial PRIMARY KEY,
    agent_id    text NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    day_of_week smallint CHECK (day_of_week BETWEEN 0 AND 6),
    start_time  time NOT NULL,
    end_time    time,
    activity    text NOT NULL,
    description text,
    location    text,
    priority    integer NOT NULL DEFAULT 0,
    is_flexible boolean NOT NULL DEFAULT true,
    source      text NOT NULL DEFAULT 'designer' CHECK (source IN ('designer', 'plan')),
    created_at  timestamptz NOT NULL DEFAULT now()
);
-- NULL day_of_week means every day; coalesce so that "every day at 8:00" is unique too.
CREATE UNIQUE INDEX agent_schedules_slot ON agent_schedules (agent_id, source, coalesce(day_of_week, -1), start_time);

CREATE TABLE agent_plans (
    id           bigserial PRIMARY KEY,
    agent_id     text NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    goal         text NOT NULL,
    plan_steps   jsonb NOT NULL DEFAULT '[]',
    current_step integer NOT NULL DEFAULT 0 CHECK (current_step >= 0),
    status       text NOT NULL DEFAULT 'active' CHECK (status IN ('pending', 'active', 'completed', 'abandoned')),
    priority     integer NOT NULL DEFAULT 0,
    deadline     timestamptz,
    deadline_game_time bigint,
    plan_day     integer,
    source       text NOT NULL DEFAULT 'runtime' CHECK (source IN ('runtime', 'designer')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agent_plans_agent_status ON agent_plans (agent_id, status, priority DESC);

-- One row per LLM request, for cost accounting and debugging.
CREATE TABLE llm_calls (
    id          bigserial PRIMARY KEY,
    world_id    text REFERENCES worlds (id) ON DELETE SET NULL,
    agent_id    text REFERENCES agents (id) ON DELETE SET NULL,
    purpose     text NOT NULL,
    provider    text NOT NULL,
    model       text NOT NULL,
    tokens_in   integer NOT NULL DEFAULT 0 CHECK (tokens_in >= 0),
    tokens_out  integer NOT NULL DEFAULT 0 CHECK (tokens_out >= 0),
    latency_ms  integer NOT NULL DEFAULT 0 CHECK (latency_ms >= 0),
    cost_usd    numeric(12, 6) NOT NULL DEFAULT 0 CHECK (cost_usd >= 0),
    status      text NOT NULL CHECK (status IN ('ok', 'error', 'timeout', 'invalid', 'fallback', 'rejected')),
    error       text,
    game_time   bigint,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX llm_calls_agent_time ON llm_calls (agent_id, created_at DESC);
CREATE INDEX llm_calls_world_time ON llm_calls (world_id, created_at DESC);

-- Who changed what through admin operations and loaders.
CREATE TABLE audit_log (
    id         bigserial PRIMARY KEY,
    actor      text NOT NULL,
    action     text NOT NULL,
    table_name text,
    operation  text CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE', 'OTHER')),
    target_id  text,
    old_values jsonb,
    new_values jsonb,
    timestamp  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_timestamp ON audit_log (timestamp DESC);
