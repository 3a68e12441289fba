-- Keep embeddings in the row instead of TOAST. A row is moved out of line from about 2 kB, and a
-- 1,024-dimensional vector alone is 4 kB, so every memory a retrieval scores (about 450 candidates) cost a
-- TOAST index lookup and several chunk reads: scoring 450 memories of 1,124 dimensions took 3-4 times as
-- long as with the vectors in the row (Postgres 15, pgvector 0.8). Rows up to a page stay in line now;
-- larger ones (vectors of 2,000 dimensions and up) are still moved out. Rows written before keep their
-- place until their embedding is rewritten.
ALTER TABLE agent_memories SET (toast_tuple_target = 8160);
