import type { Db } from '../db/create-db.js';

export interface AuditEntry {
  id: number;
  actorId: number;
  action: string;
  details: Record<string, unknown>;
  at: Date;
}

/** Every admin action (and every refused attempt) is recorded: who, what, when, details. */
export async function recordAudit(db: Db, actorId: number, action: string, details: Record<string, unknown>, at: Date): Promise<void> {
  await db.insertInto('audit_log').values({ actor_id: actorId, action, details: JSON.stringify(details), at }).execute();
}

export async function recentAudit(db: Db, limit: number): Promise<AuditEntry[]> {
  const rows = await db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, actorId: r.actor_id, action: r.action, details: r.details, at: r.at }));
}
