
import type { Db } from '../db/create-db.js';
import type { FeedRow } from '../db/schema.js';

export type Feed = FeedRow;

/** Adds configured feeds that are not there yet; existing rows (and their state) are left alone. */
export async function seedFeeds(db: Db, urls: string[]): Promise<void> {
  if (urls.length === 0) return;
  await db
    .insertInto('feeds')
    .values(urls.map((url) => ({ url, title: null, section: null, time_zone: null, language: null, etag: null, last_modified: null, fetch_interval_seconds: null, last_error: null })))
    .onConflict((oc) => oc.column('url').doNothing())
    .execute();
}

/**
 * Takes the feeds due now and leases them, so a second Herald process on the same
 * database skips them (SKIP LOCKED) and never fetches a feed at the same time.
 */
export async function claimDueFeeds(db: Db, now: Date, leaseSeconds: number, limit: number): Promise<Feed[]> {
  return db
    .updateTable('feeds')
    .set({ lease_until: new Date(now.getTime() + leaseSeconds * 1000) })
    .where('id', 'in', (qb) =>
      qb
        .selectFrom('feeds')
        .select('id')
        .where('enabled', '=', true)
        .where('next_fetch_at', '<=', now)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
        .orderBy('next_fetch_at')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
}

export interface FetchSuccess {
  etag: string | null;
  lastModified: string | null;
  nextFetchAt: Date;
  title?: string | null;
  language?: string | null;
  refreshSeconds?: number | null;
  newestItemAt?: Date | null;
}

/** Records a good fetch (200 or 304); returns how many failures in a row it ended. */
export async function recordFetchSuccess(db: Db, feedId: number, now: Date, success: FetchSuccess): Promise<number> {
  const before = await db.selectFrom('feeds').select('consecutive_failures').where('id', '=', feedId).executeTakeFirst();
  await db
    .updateTable('feeds')
    .set((eb) => ({
      etag: success.etag,
      last_modified: success.lastModified,
      next_fetch_at: success.nextFetchAt,
      lease_until: null,
      initialized: true,
      consecutive_failures: 0,
      flagged_at: null,
      last_fetched_at: now,
      last_success_at: now,
      ...(success.title ? { title: eb.fn.coalesce('title', eb.val(success.title)) } : {}),
      ...(success.language ? { language: success.language } : {}),
      ...(success.refreshSeconds !== undefined ? { fetch_interval_seconds: success.refreshSeconds } : {}),
      ...(success.newestItemAt ? { last_item_at: success.newestItemAt } : {}),
    }))
    .where('id', '=', feedId)
    .execute();
  return before?.consecutive_failures ?? 0;
}

/** Records a failed fetch; returns the new count of failures in a row. */
export async function recordFetchFailure(db: Db, feedId: number, now: Date, reason: string, nextFetchAt: Date): Promise<number> {
  const row = await db
    .updateTable('feeds')
    .set((eb) => ({
      consecutive_failures: eb('consecutive_failures', '+', 1),
      last_error: reason.slice(0, 1000),
      last_error_at: now,
      last_fetched_at: now,
      next_fetch_at: nextFetchAt,
      lease_until: null,
    }))
    .where('id', '=', feedId)
    .returning('consecutive_failures')
    .executeTakeFirst();
  return row?.consecutive_failures ?? 0;
}

export async function flagFeed(db: Db, feedId: number, now: Date): Promise<boolean> {
  const result = await db.updateTable('feeds').set({ flagged_at: now }).where('id', '=', feedId).where('flagged_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function listFeeds(db: Db): Promise<Feed[]> {
  return db.selectFrom('feeds').selectAll().orderBy('id').execute();
}

export async function getFeedByUrl(db: Db, url: string): Promise<Feed | undefined> {
  return db.selectFrom('feeds').selectAll().where('url', '=', url).executeTakeFirst();
}

/** Makes every enabled feed due now (used by one-shot runs and by admins' "poll now"). */
export async function makeAllFeedsDue(db: Db, now: Date): Promise<void> {
  await db.updateTable('feeds').set({ next_fetch_at: now }).where('enabled', '=', true).where('next_fetch_at', '>', now).execute();
}

