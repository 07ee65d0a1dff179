import { sql } from 'kysely';
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

/** When `actorId` last had an `action` recorded, or undefined when never. */
export async function lastAuditAt(db: Db, actorId: number, action: string): Promise<Date | undefined> {
  const row = await db.selectFrom('audit_log').select((eb) => eb.fn.max('at').as('at')).where('actor_id', '=', actorId).where('action', '=', action).executeTakeFirst();
  return row?.at ?? undefined;
}

/** Stands for a person who asked to be forgotten, wherever a row must keep some actor (0 is no Telegram id). */
export const FORGOTTEN_PERSON = 0;

/**
 * Takes a person out of the audit log without losing what happened: rows they acted in stay,
 * by FORGOTTEN_PERSON, and their id is blanked wherever the details name them (a refused
 * attempt's chatId, admin.add's userId, inside a text). Returns the rows changed.
 */
export async function forgetPersonInAudit(db: Db, personId: number): Promise<number> {
  const rows = await db
    .selectFrom('audit_log')
    .select(['id', 'actor_id', 'details'])
    .where((eb) => eb.or([eb('actor_id', '=', personId), eb(sql<string>`details::text`, 'like', `%${Math.abs(personId)}%`)]))
    .execute();
  let changed = 0;
  for (const row of rows) {
    const details = withoutPerson(row.details, personId);
    const actorId = row.actor_id === personId ? FORGOTTEN_PERSON : row.actor_id;
    if (actorId === row.actor_id && JSON.stringify(details) === JSON.stringify(row.details)) continue;
    await db.updateTable('audit_log').set({ actor_id: actorId, details: JSON.stringify(details) }).where('id', '=', row.id).execute();
    changed++;
  }
  return changed;
}

/** The value with the person's id replaced: numbers by null, mentions inside texts (and keys) by "[forgotten]". */
function withoutPerson(value: unknown, personId: number): unknown {
  if (value === personId) return null;
  if (typeof value === 'string') return value.replace(new RegExp(`(?<![\\d-])${String(personId)}(?!\\d)`, 'g'), '[forgotten]');
  if (Array.isArray(value)) return value.map((entry) => withoutPerson(entry, personId));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [withoutPerson(key, personId) as string, withoutPerson(entry, personId)]));
  }
  return value;
}
