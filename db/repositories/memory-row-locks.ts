/**
 * Statements that update several memories at once (marking them accessed, rating them, merging repeats into
 * them, embedding them) run side by side for the same agent. Each locks the rows it updates in whatever order
 * its plan meets them, so two of them could each hold a row the other waits for: Postgres then aborts one
 * ("deadlock detected"). Prefixed with this CTE and restricted to its ids, every such statement locks its rows
 * in id order first, so none waits for a row while holding a higher one.
 *
 * `ids` is an SQL expression of type bigint[].
 */
export function lockMemoriesInIdOrder(ids: string): string {
  return `WITH locked AS MATERIALIZED (SELECT id FROM agent_memories WHERE id = ANY(${ids}) ORDER BY id FOR NO KEY UPDATE)`;
}

/** The bigint[] of the "id" fields of a jsonb array parameter (`$1`), for lockMemoriesInIdOrder. */
export function idsOfJsonRows(parameter: string): string {
  return `ARRAY(SELECT (row ->> 'id')::bigint FROM jsonb_array_elements(${parameter}::jsonb) AS row)`;
}
