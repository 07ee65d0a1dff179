import { sql } from 'kysely';
import type { Db } from '../db/create-db.js';
import { StateKey } from './service-state.js';

/**
 * Alerts that have ended, for the editors' dashboard. An open alert is its service_state row
 * (jobs/alerts.ts claims it once per episode); ending the episode removes that row and writes
 * it here in one statement, so only the process that removed it records it. Kept 30 days.
 */
const KEEP_MS = 30 * 86_400_000;

export interface AlertEpisode {
  /** What was wrong: feed-failing, feed-silent, sender-stalled, queue-growing. */
  kind: string;
  feedId: number | null;
  since: Date;
  /** When it ended; null while it is open. */
  endedAt: Date | null;
}

/** `alert:feed-failing:3` → kind feed-failing, feed 3. */
export function alertOfKey(key: string): { kind: string; feedId: number | null } {
  const [kind = 'unknown', id] = key.slice(StateKey.alertPrefix.length).split(':');
  return { kind, feedId: id !== undefined && /^\d+$/.test(id) ? Number(id) : null };
}

/** Ends the alert episode under `key`: true when this call ended it (it was open and nobody else ended it first). */
export async function endAlert(db: Db, key: string, now: Date): Promise<boolean> {
  const result = await sql<{ key: string }>`
    with gone as (delete from service_state where key = ${key} returning key, updated_at)
    insert into alert_history (key, started_at, ended_at)
    select key, updated_at, ${now}::timestamptz from gone
    returning key
  `.execute(db);
  if (result.rows.length === 0) return false;
  await db.deleteFrom('alert_history').where('ended_at', '<', new Date(now.getTime() - KEEP_MS)).execute();
  return true;
}

/** Episodes that ended since `since`, newest first, at most `limit`. */
export async function endedAlerts(db: Db, since: Date, limit = 20): Promise<AlertEpisode[]> {
  const rows = await db
    .selectFrom('alert_history')
    .select(['key', 'started_at', 'ended_at'])
    .where('ended_at', '>=', since)
    .orderBy('ended_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...alertOfKey(r.key), since: r.started_at, endedAt: r.ended_at }));
}
