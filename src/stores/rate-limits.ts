import { sql } from 'kysely';
import type { Db } from '../db/create-db.js';

/** A token bucket: `burst` requests back to back, then `perSecond` more each second. */
export interface Allowance {
  burst: number;
  perSecond: number;
}

/** Which of a user's allowances a request draws on. */
export type Bucket = 'message' | 'press';

export interface Taken {
  allowed: boolean;
  /** The first refusal after an allowed request: the one worth a polite answer (later ones are dropped quietly). */
  firstRefusal: boolean;
}

/**
 * Takes one request from a user's allowance, in one statement, so every Herald instance (and
 * both the bot and the Mini App's API) draws on the same bucket and two requests at once
 * cannot both take the last token (the row is locked by the upsert). `now` is the caller's
 * clock; a clock behind the row's adds nothing rather than taking tokens away.
 */
export async function takeAllowance(db: Db, userId: number, bucket: Bucket, allowance: Allowance, now: Date): Promise<Taken> {
  const burst = allowance.burst;
  const refilled = sql<number>`least(${burst}::float8, rate_limits.tokens + greatest(0, extract(epoch from (${now}::timestamptz - rate_limits.at)))::float8 * ${allowance.perSecond}::float8)`;
  const row = await db
    .insertInto('rate_limits')
    .values({ user_id: userId, bucket, tokens: Math.max(0, burst - 1), at: now, refused: burst >= 1 ? 0 : 1 })
    .onConflict((oc) =>
      oc.columns(['user_id', 'bucket']).doUpdateSet({
        tokens: sql`case when ${refilled} >= 1 then ${refilled} - 1 else ${refilled} end`,
        at: sql`greatest(rate_limits.at, ${now}::timestamptz)`,
        refused: sql`case when ${refilled} >= 1 then 0 else least(rate_limits.refused + 1, 1000000) end`,
      }),
    )
    .returning('refused')
    .executeTakeFirstOrThrow();
  return { allowed: row.refused === 0, firstRefusal: row.refused === 1 };
}

/** Deletes allowances untouched since `before` (full again by then: the same as no row). Returns how many. */
export async function forgetIdleAllowances(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('rate_limits').where('at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes a person's allowances (/forget). */
export async function forgetAllowances(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('rate_limits').where('user_id', '=', userId).execute();
}
