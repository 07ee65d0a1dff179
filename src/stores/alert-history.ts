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
  /** What was wrong: feed-failing, feed-silent, sender-stalled, queue-growing, telegram-silent, database-unreachable (-disk-full, -resources). */
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

/**
 * Ends the alert episode under `key`: true when this call ended it (it was open and nobody else ended it first).
 * `only` narrows it to the episode that started at `startedAt` (this process's own, ended late after
 * a failed try), or to one that started before `startedBefore` (left open from an earlier outage).
 */
export async function endAlert(db: Db, key: string, now: Date, only: { startedAt?: Date; startedBefore?: Date } = {}): Promise<boolean> {
  const result = await sql<{ key: string }>`
    with gone as (
      delete from service_state where key = ${key}
        and (${only.startedAt ?? null}::timestamptz is null or updated_at = ${only.startedAt ?? null}::timestamptz)
        and (${only.startedBefore ?? null}::timestamptz is null or updated_at < ${only.startedBefore ?? null}::timestamptz)
      returning key, updated_at
    )
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

/**
 * An alert that cannot be told yet: the one about Telegram itself, which travels over Telegram.
 * It is an open episode (its service_state row, started at `since`) that waits, and exactly one
 * instance tells it once it can (takeHeldAlert).
 */
export interface HeldAlert {
  since: Date;
  /** While the cause lasts, no try before this (a try would only hang on the silent Bot API). */
  retryAt: Date;
  /** The editors have been told; the episode ends (endAlert) once its cause has too. */
  told: boolean;
  /** Told while the cause still lasted (Telegram not answering Herald's sends): its end is worth a word too. */
  ongoing: boolean;
}

interface HeldValue {
  retryAt: string;
  told?: boolean;
  ongoing?: boolean;
  /** When the instance now telling it took it; another may take it once this is stale (that one died). */
  takenAt?: string;
}

/** Opens the held alert under `key` unless it is open already: true when this call opened it. */
export async function holdAlert(db: Db, key: string, since: Date, retryAt: Date): Promise<boolean> {
  const value: HeldValue = { retryAt: retryAt.toISOString(), told: false };
  const rows = await db
    .insertInto('service_state')
    .values({ key, value: JSON.stringify(value), updated_at: since })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .execute();
  return rows.length > 0;
}

export async function readHeldAlert(db: Db, key: string): Promise<HeldAlert | undefined> {
  const row = await db.selectFrom('service_state').select(['value', 'updated_at']).where('key', '=', key).executeTakeFirst();
  if (!row) return undefined;
  const value = row.value as HeldValue;
  return { since: row.updated_at, retryAt: new Date(value.retryAt), told: value.told === true, ongoing: value.ongoing === true };
}

/**
 * Takes the right to tell the held alert now: one UPDATE, so of several instances racing exactly
 * one gets it (the others get null), and nobody while a taker is telling it, unless that taker's
 * take is older than `staleMs` (it died mid-way). `early` lets it be taken before retryAt (the
 * cause is over, so the try should not hang).
 */
export async function takeHeldAlert(db: Db, key: string, now: Date, options: { early: boolean; staleMs: number }): Promise<HeldAlert | null> {
  const stale = new Date(now.getTime() - options.staleMs);
  const result = await sql<{ value: HeldValue; updated_at: Date }>`
    update service_state set value = value || jsonb_build_object('takenAt', ${now.toISOString()}::text)
    where key = ${key}
      and coalesce((value ->> 'told')::boolean, false) = false
      and (value ->> 'takenAt' is null or (value ->> 'takenAt')::timestamptz < ${stale}::timestamptz)
      and (${options.early}::boolean or (value ->> 'retryAt')::timestamptz <= ${now}::timestamptz)
    returning value, updated_at
  `.execute(db);
  const row = result.rows[0];
  return row ? { since: row.updated_at, retryAt: new Date(row.value.retryAt), told: false, ongoing: false } : null;
}

/** The taker told the editors (told; `ongoing` when the cause still lasted) or could not (given back, not before retryAt). */
export async function settleHeldAlert(db: Db, key: string, outcome: { told: true; ongoing: boolean } | { told: false; retryAt: Date }): Promise<void> {
  const patch = outcome.told ? { told: true, ongoing: outcome.ongoing } : { told: false, retryAt: outcome.retryAt.toISOString() };
  await sql`
    update service_state set value = (value - 'takenAt') || ${JSON.stringify(patch)}::jsonb
    where key = ${key}
  `.execute(db);
}

/**
 * Whether an episode under `key` overlapping [from, to] is open or on record: another instance
 * has told the editors of the outage this process saw too (they see it at moments a tick apart,
 * so an open one counts when it started at most `slackMs` before `from`; one started earlier is
 * an earlier outage's, left open, not this one's).
 */
export async function episodeKnown(db: Db, key: string, from: Date, to: Date, slackMs: number): Promise<boolean> {
  const open = await db
    .selectFrom('service_state')
    .select('key')
    .where('key', '=', key)
    .where('updated_at', '<=', to)
    .where('updated_at', '>=', new Date(from.getTime() - slackMs))
    .executeTakeFirst();
  if (open) return true;
  const ended = await db
    .selectFrom('alert_history')
    .select('id')
    .where('key', '=', key)
    .where('started_at', '<=', to)
    .where('ended_at', '>=', from)
    .executeTakeFirst();
  return ended !== undefined;
}

/** Gives back this process's claim on `key` (the episode it opened at `since`), and no one else's: true when it was still there. */
export async function releaseClaim(db: Db, key: string, since: Date): Promise<boolean> {
  const rows = await db.deleteFrom('service_state').where('key', '=', key).where('updated_at', '=', since).returning('key').execute();
  return rows.length > 0;
}

/** Whether the episode under `key` is open, or one that began after `since` has ended: the editors have heard of it (and of its end). */
export async function alertSeenSince(db: Db, key: string, since: Date): Promise<boolean> {
  const open = await db.selectFrom('service_state').select('key').where('key', '=', key).executeTakeFirst();
  if (open) return true;
  const ended = await db.selectFrom('alert_history').select('id').where('key', '=', key).where('started_at', '>', since).executeTakeFirst();
  return ended !== undefined;
}
