import type pg from "pg";

export interface AuditEntry {
  actor: string;
  action: string;
  tableName?: string;
  operation?: "INSERT" | "UPDATE" | "DELETE" | "OTHER";
  targetId?: string;
  oldValues?: unknown;
  newValues?: unknown;
}

export async function recordAudit(db: pg.ClientBase | pg.Pool, entry: AuditEntry): Promise<void> {
  await db.query(
    "INSERT INTO audit_log (actor, action, table_name, operation, target_id, old_values, new_values) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    [entry.actor, entry.action, entry.tableName ?? null, entry.operation ?? null, entry.targetId ?? null, entry.oldValues ?? null, entry.newValues ?? null],
  );
}
