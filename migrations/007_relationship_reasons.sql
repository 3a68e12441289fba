-- A relationship keeps the designer's words apart from what the agent makes of its talks, and remembers
-- where the designer set its feelings: without contact they drift back there, and the designer's type
-- is the anchor the live type moves away from only past thresholds.
ALTER TABLE agent_relationships
    ADD COLUMN description text,
    ADD COLUMN baseline_type text NOT NULL DEFAULT 'acquaintance'
        CHECK (baseline_type IN ('friend', 'colleague', 'rival', 'romantic', 'family', 'acquaintance')),
    ADD COLUMN baseline_affection integer NOT NULL DEFAULT 0 CHECK (baseline_affection BETWEEN -100 AND 100),
    ADD COLUMN baseline_trust integer NOT NULL DEFAULT 50 CHECK (baseline_trust BETWEEN 0 AND 100);
ALTER TABLE agent_player_relationships
    ADD COLUMN description text,
    ADD COLUMN baseline_type text NOT NULL DEFAULT 'acquaintance'
        CHECK (baseline_type IN ('friend', 'colleague', 'rival', 'romantic', 'family', 'acquaintance')),
    ADD COLUMN baseline_affection integer NOT NULL DEFAULT 0 CHECK (baseline_affection BETWEEN -100 AND 100),
    ADD COLUMN baseline_trust integer NOT NULL DEFAULT 50 CHECK (baseline_trust BETWEEN 0 AND 100);

-- Rows no conversation has touched still hold the designer's words and values; rows a conversation
-- rewrote lost them (reloading the agent files restores them).
UPDATE agent_relationships
   SET description = summary, summary = NULL, baseline_type = relationship_type,
       baseline_affection = affection_score, baseline_trust = trust_level
 WHERE last_interaction_game_time IS NULL;
