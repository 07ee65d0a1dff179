import { sql } from 'kysely';
import type { Db } from '../db/create-db.js';
import type { FeedRow } from '../db/schema.js';

/** A feed Herald polls, with its polling state and health. */
export interface Feed {
  id: number;
  url: string;
  title: string | null;
  /** The section its items get when they name none. */
  section: string | null;
  /** The zone of dates the feed writes without one. */
  timeZone: string | null;
  language: string | null;
  enabled: boolean;
  /** Validators for the next conditional GET. */
  etag: string | null;
  lastModified: string | null;
  nextFetchAt: Date;
  /** How often the feed says it changes (ttl, sy:updatePeriod); null when it does not say. */
  fetchIntervalSeconds: number | null;
  /** While set and in the future, a poller has claimed the feed. */
  leaseUntil: Date | null;
  /** Fetched successfully at least once (a first fetch posts only its newest few items). */
  initialized: boolean;
  consecutiveFailures: number;
  lastError: string | null;
  lastErrorAt: Date | null;
  lastFetchedAt: Date | null;
  lastSuccessAt: Date | null;
  lastItemAt: Date | null;
  /** When it was flagged for editors after failing too often in a row; null when not flagged. */
  flaggedAt: Date | null;
  recoveredAt: Date | null;
  createdAt: Date;
}

/** The one place a feeds row becomes a Feed. */
export function toFeed(row: FeedRow): Feed {
  return {
    id: row.id,
    url: row.url,
    title: row.title,
    section: row.section,
    timeZone: row.time_zone,
    language: row.language,
    enabled: row.enabled,
    etag: row.etag,
    lastModified: row.last_modified,
    nextFetchAt: row.next_fetch_at,
    fetchIntervalSeconds: row.fetch_interval_seconds,
    leaseUntil: row.lease_until,
    initialized: row.initialized,
    consecutiveFailures: row.consecutive_failures,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
    lastFetchedAt: row.last_fetched_at,
    lastSuccessAt: row.last_success_at,
    lastItemAt: row.last_item_at,
    flaggedAt: row.flagged_at,
    recoveredAt: row.recovered_at,
    createdAt: row.created_at,
  };
}

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
 * An enabled feed that is due and that no process holds. A feed last fetched "after" now was
 * scheduled by a clock since set back: due now, not once the clock catches up with the correction.
 */
const dueAndFree = (now: Date) =>
  sql<boolean>`(enabled and (next_fetch_at <= ${now} or last_fetched_at > ${now}) and (lease_until is null or lease_until < ${now}))`;

/**
 * A claim's limit on one host: the feeds this process holds (claimed, not finished), and how
 * many of one host it may hold at once. Feeds of a host past it stay unclaimed for another
 * process, or for this one once one of its feeds of that host is done.
 */
export interface PerHostClaim {
  held: readonly number[];
  perHost: number;
}

/**
 * A URL's host as the claim groups feeds by: the authority after the scheme, without user info,
 * lower-cased ('' when the URL has none). It is news/bounded-runner.ts's hostOf (URL.host) for
 * every ordinary URL; where they differ (a default port written out, a non-ASCII name) a host
 * counts as two, which only loosens the limit.
 */
const urlHost = sql<string>`lower(coalesce(substring(url from '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#]*)'), ''))`;

/**
 * Takes the feeds due now and leases them, so a second Herald process on the same
 * database skips them (SKIP LOCKED) and never fetches a feed at the same time. The lease
 * is what keeps them skipped after this statement commits; it lapses if this process dies.
 * `exclude` keeps one cycle from claiming a feed it has already handled.
 *
 * With `perHost`, no host's feeds are taken past what this process may hold of one host
 * (issue #15): feeds of a slow host are claimed only as its fetches end, so one process never
 * claims a host's thousand due feeds it cannot fetch within their lease, and other processes
 * take the rest.
 */
export async function claimDueFeeds(db: Db, now: Date, leaseSeconds: number, limit: number, exclude: number[] = [], perHost?: PerHostClaim): Promise<Feed[]> {
  if (limit <= 0) return [];
  const rows = await db
    .updateTable('feeds')
    .set({ lease_until: new Date(now.getTime() + leaseSeconds * 1000) })
    .where('id', 'in', (qb) =>
      qb
        .selectFrom('feeds')
        .select('id')
        .where(dueAndFree(now))
        .$if(exclude.length > 0, (q) => q.where('id', 'not in', exclude))
        .$if(perHost !== undefined, (q) => q.where(withinHostAllowance(now, exclude, perHost!)))
        .orderBy('next_fetch_at')
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
  // RETURNING follows no ORDER BY: the poll starts them in the order they fell due.
  return rows.map(toFeed).sort((a, b) => a.nextFetchAt.getTime() - b.nextFetchAt.getTime() || a.id - b.id);
}

/**
 * The due feeds within their host's allowance: each host's due feeds in claim order, numbered
 * after the ones of that host this process already holds, up to `perHost`. (A window function
 * may not share a query level with FOR UPDATE, hence a sub-select.)
 */
function withinHostAllowance(now: Date, exclude: number[], { held, perHost }: PerHostClaim) {
  return sql<boolean>`id in (
    select due.id
    from (
      select id, ${urlHost} as host, row_number() over (partition by ${urlHost} order by next_fetch_at, id) as place
      from feeds
      where ${dueAndFree(now)}
        and not (id = any(${exclude}::int8[]))
    ) due
    left join (
      select ${urlHost} as host, count(*) as n from feeds where id = any(${[...held]}::int8[]) group by 1
    ) mine on mine.host = due.host
    where due.place + coalesce(mine.n, 0) <= ${perHost}
  )`;
}

/** Due feeds no process holds, other than `exclude`: whether a poll held back by its per-host limit has more to claim. */
export async function hasUnclaimedDueFeeds(db: Db, now: Date, exclude: number[] = []): Promise<boolean> {
  const row = await db
    .selectFrom('feeds')
    .select('id')
    .where(dueAndFree(now))
    .$if(exclude.length > 0, (q) => q.where('id', 'not in', exclude))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Gives claimed feeds back at once (a process shutting down mid-poll), so another process need not wait out the lease. */
export async function releaseFeedLeases(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('feeds').set({ lease_until: null }).where('id', 'in', ids).execute();
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

export interface SuccessRecorded {
  /** Failures in a row this success ended. */
  endedFailures: number;
  /** The feed had been flagged for admins and is now recorded as recovered. */
  recovered: boolean;
}

/** Records a good fetch (200 or 304): clears the failure streak and the flag, noting a recovery. */
export async function recordFetchSuccess(db: Db, feedId: number, now: Date, success: FetchSuccess): Promise<SuccessRecorded> {
  const before = await db.selectFrom('feeds').select(['consecutive_failures', 'flagged_at']).where('id', '=', feedId).executeTakeFirst();
  const recovered = before?.flagged_at != null;
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
      ...(recovered ? { recovered_at: now } : {}),
      last_fetched_at: now,
      last_success_at: now,
      ...(success.title ? { title: eb.fn.coalesce('title', eb.val(success.title)) } : {}),
      ...(success.language ? { language: success.language } : {}),
      ...(success.refreshSeconds !== undefined ? { fetch_interval_seconds: success.refreshSeconds } : {}),
      ...(success.newestItemAt ? { last_item_at: success.newestItemAt } : {}),
    }))
    .where('id', '=', feedId)
    .execute();
  return { endedFailures: before?.consecutive_failures ?? 0, recovered };
}

export interface FailureRecorded {
  /** Failures in a row, this one included. */
  failures: number;
  /** This failure crossed the threshold: the feed is now flagged for admins. */
  flagged: boolean;
}

/**
 * Records a failed fetch (reason, time, next attempt) and flags the feed once it has
 * failed `flagAfter` times in a row. The last success stays as it was, for admins.
 */
export async function recordFetchFailure(db: Db, feedId: number, now: Date, reason: string, nextFetchAt: Date, flagAfter: number): Promise<FailureRecorded> {
  const before = await db.selectFrom('feeds').select(['consecutive_failures', 'flagged_at']).where('id', '=', feedId).executeTakeFirst();
  const failures = (before?.consecutive_failures ?? 0) + 1;
  const flagged = before?.flagged_at == null && failures >= flagAfter;
  await db
    .updateTable('feeds')
    .set({
      consecutive_failures: failures,
      last_error: reason.slice(0, 1000),
      last_error_at: now,
      last_fetched_at: now,
      next_fetch_at: nextFetchAt,
      lease_until: null,
      ...(flagged ? { flagged_at: now } : {}),
    })
    .where('id', '=', feedId)
    .execute();
  return { failures, flagged };
}

export async function flagFeed(db: Db, feedId: number, now: Date): Promise<boolean> {
  const result = await db.updateTable('feeds').set({ flagged_at: now }).where('id', '=', feedId).where('flagged_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function listFeeds(db: Db): Promise<Feed[]> {
  const rows = await db.selectFrom('feeds').selectAll().orderBy('id').execute();
  return rows.map(toFeed);
}

export async function getFeedByUrl(db: Db, url: string): Promise<Feed | undefined> {
  const row = await db.selectFrom('feeds').selectAll().where('url', '=', url).executeTakeFirst();
  return row ? toFeed(row) : undefined;
}

/** Makes every enabled feed due now (used by one-shot runs and by admins' "poll now"). */
export async function makeAllFeedsDue(db: Db, now: Date): Promise<void> {
  await db.updateTable('feeds').set({ next_fetch_at: now }).where('enabled', '=', true).where('next_fetch_at', '>', now).execute();
}


/** Makes one feed due at `now` (admins' "poll this feed now"; tests). */
export async function makeFeedDue(db: Db, feedId: number, now: Date): Promise<void> {
  await db.updateTable('feeds').set({ next_fetch_at: now, lease_until: null }).where('id', '=', feedId).execute();
}

/** How many feeds a poll starting now would fetch (enabled, due, not leased): the total of its progress. */
export async function countDueFeeds(db: Db, now: Date): Promise<number> {
  const row = await db
    .selectFrom('feeds')
    .select((eb) => eb.fn.countAll<number>().as('due'))
    .where('enabled', '=', true)
    .where('next_fetch_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .executeTakeFirstOrThrow();
  return Number(row.due);
}
