import { sql } from 'kysely';
import type { Db } from '../db/create-db.js';

/**
 * Small facts shared between Herald processes (last poll, sender heartbeat, alerts sent),
 * kept in the service_state key/value table so every instance sees the same picture.
 */
export interface StateEntry<T> {
  value: T;
  updatedAt: Date;
}

export async function readState<T>(db: Db, key: string): Promise<StateEntry<T> | undefined> {
  const row = await db.selectFrom('service_state').select(['value', 'updated_at']).where('key', '=', key).executeTakeFirst();
  return row ? { value: row.value as T, updatedAt: row.updated_at } : undefined;
}

export async function writeState(db: Db, key: string, value: unknown, now: Date): Promise<void> {
  const json = JSON.stringify(value);
  await db
    .insertInto('service_state')
    .values({ key, value: json, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: now }))
    .execute();
}

/**
 * Sets the key only if it is absent; true when this call created it. Two processes racing
 * for the same key get exactly one true, which is how an alert goes out once.
 */
export async function claimState(db: Db, key: string, value: unknown, now: Date): Promise<boolean> {
  const rows = await db
    .insertInto('service_state')
    .values({ key, value: JSON.stringify(value), updated_at: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .execute();
  return rows.length > 0;
}

/** Deletes the key; true when this call removed it (so only one process acts on the removal). */
export async function releaseState(db: Db, key: string): Promise<boolean> {
  const rows = await db.deleteFrom('service_state').where('key', '=', key).returning('key').execute();
  return rows.length > 0;
}

export async function keysWithPrefix(db: Db, prefix: string): Promise<string[]> {
  const rows = await db
    .selectFrom('service_state')
    .select('key')
    .where('key', 'like', `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
    .execute();
  return rows.map((r) => r.key);
}

/** Adds `amount` to a numeric counter kept under `key` (created at 0). */
export async function addToCounter(db: Db, key: string, amount: number, now: Date): Promise<void> {
  await sql`
    insert into service_state (key, value, updated_at) values (${key}, to_jsonb(${amount}::float8), ${now})
    on conflict (key) do update set value = to_jsonb(coalesce((service_state.value #>> '{}')::float8, 0) + ${amount}::float8), updated_at = ${now}
  `.execute(db);
}

export const StateKey = {
  lastPoll: 'last-poll',
  senderHeartbeat: 'sender-heartbeat',
  /** Per-hour buckets of seconds spent waiting on Telegram's 429s: `rate-limit-wait:YYYY-MM-DDTHH`. */
  rateLimitWaitPrefix: 'rate-limit-wait:',
  /** Per-hour counts of Telegram's 429 answers (each rate-limited send): `rate-limit-hits:YYYY-MM-DDTHH`. */
  rateLimitHitPrefix: 'rate-limit-hits:',
  alertPrefix: 'alert:',
  queueGrowth: 'queue-growth',
  /** Since when Telegram has not answered sends (timeouts, 5xx, refused connections); absent while it answers. */
  telegramDown: 'telegram-down',
} as const;
