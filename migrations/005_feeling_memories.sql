-- How an agent feels after a conversation is its own kind of memory, apart from reflection insights,
-- so that reflections count only what reflecting produced.
ALTER TABLE agent_memories DROP CONSTRAINT agent_memories_memory_type_check;
ALTER TABLE agent_memories ADD CONSTRAINT agent_memories_memory_type_check
    CHECK (memory_type IN ('observation', 'reflection', 'plan', 'metacognition', 'conversation', 'summary', 'feeling'));
-- Feelings written before this migration were stored as reflections with this wording, and no insight has it.
UPDATE agent_memories SET memory_type = 'feeling'
 WHERE memory_type = 'reflection' AND source = 'runtime' AND content LIKE 'My feelings toward %'
   AND NOT EXISTS (SELECT 1 FROM agent_reflections r WHERE r.memory_id = agent_memories.id);
