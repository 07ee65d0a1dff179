import type { Db } from '../db/create-db.js';
import { isDatabaseUnavailable } from '../db/connection-errors.js';
import type { Logger } from '../logger.js';
import { createProgress, type ProgressOptions } from '../progress.js';
import { createBoundedRunner, hostOf, type Slot } from '../news/bounded-runner.js';
import { nextFetchAfterFailure, nextFetchAfterSuccess, type ScheduleBounds } from '../news/fetch-schedule.js';
import type { FeedEntry, FetchOutcome, Validators } from '../news/types.js';
import { parseFeed } from '../news/parse-feed.js';
import { enqueueChannelPosts, queueCorrections } from '../stores/deliveries.js';
import { fanOutOwed, finishOwedFanOuts, markFanOutOwed } from '../stores/fan-out.js';
import { claimDueFeeds, countDueFeeds, hasUnclaimedDueFeeds, recordFetchFailure, recordFetchSuccess, releaseFeedLeases, type Feed } from '../stores/feeds.js';
import { knownEntries, storeItems } from '../stores/items.js';
import type { FullTextReport } from './full-text.js';
import type { ItemPreparer } from './prepare-item.js';

export interface PollOptions {
  /** How many of a feed's items its first fetch posts. */
  firstRunPosts: number;
  /** How many new items one later fetch posts at most; the rest are recorded only. */
  backlogCap: number;
  /** Feeds fetched at once. */
  concurrency: number;
  /** Feeds fetched at once from one host (host:port); default 2. */
  perHost?: number;
  /** Refresh bounds and back-off cap; defaults 60 s, 1 h, 6 h. */
  schedule?: ScheduleBounds;
  /** Failures in a row after which a feed is flagged for the admins; default 5. */
  flagAfter?: number;
  /** Zone for zone-less dates when the feed has none of its own; default UTC. */
  timeZone?: string;
}

export interface PollDeps {
  db: Db;
  logger: Logger;
  /** `waitForBodyRoom`: awaited before the body is read past its first 64 KiB (fetch-feed's FetchOptions). */
  fetchFeed: (url: string, validators: Validators, waitForBodyRoom?: () => Promise<void>) => Promise<FetchOutcome>;
  now: () => Date;
  /** Summary, section and classification of an entry; default: unclassified drafts. */
  prepareItem: ItemPreparer;
  /**
   * Fetches the article pages of entries whose feed text is only a teaser; absent means
   * the feed's own text is all Herald reads.
   */
  fetchFullTexts?: (entries: FeedEntry[]) => Promise<FullTextReport>;
  /** Ids of the feeds this process has claimed and not yet finished (shutdown releases them). */
  inProgress?: Set<number>;
  /** How often long work (many feeds, a feed's archive) logs its progress, and on what clock (progress.ts; tests set both). */
  progress?: Pick<ProgressOptions, 'intervalMs' | 'clock'>;
  /**
   * Called when a feed's new items (and their channel posts) are stored, before their private
   * messages are written: the sender can post to the channel while a large fan-out runs.
   */
  onStored?: () => void;
}

export interface FeedReport {
  feedId: number;
  url: string;
  outcome: 'new-items' | 'no-change' | 'failed';
  inserted: number;
  updated: number;
  queued: number;
  error?: string;
  /** Failures in a row (after a failure). */
  failures?: number;
  /** For the admins: the feed was just flagged, or has just come back after being flagged. */
  alert?: 'failing' | 'recovered';
  /** The HTML page fetched instead of a feed names this feed URL. */
  alternateUrl?: string;
}

/** Messages older than this are left as they are when their item changes. */
const CORRECTION_WINDOW_MS = 48 * 3600 * 1000;

export const DEFAULT_SCHEDULE: ScheduleBounds = { minSeconds: 60, maxSeconds: 3600, maxBackoffSeconds: 6 * 3600 };
const DEFAULT_FLAG_AFTER = 5;
const DEFAULT_PER_HOST = 2;

/**
 * Long enough for a claimed feed to wait for its host's slot and be fetched: a process holds at
 * most 2 × FETCH_PER_HOST feeds of one host (pollDueFeeds), so a claimed feed waits for at most
 * one of its host's fetches to end (each bounded by its own timeout, its article pages by
 * theirs); short enough that a crashed process's feeds come back within minutes.
 */
const LEASE_SECONDS = 600;

/**
 * New items published this long before the feed's last good fetch are recorded but not
 * posted: after an outage, or when a feed suddenly exposes its archive, only what is new
 * since is news. The day of grace keeps late-dated and back-dated items.
 */
const BACKDATED_GRACE_MS = 24 * 3600 * 1000;

/**
 * One poll cycle: every due feed is claimed, fetched, parsed and stored; nothing is sent
 * here. Feeds are claimed a batch at a time and handed to a runner (news/bounded-runner.ts)
 * whose work slots (FETCH_CONCURRENCY) are held only while a feed is parsed and stored, not
 * while its fetch or its article pages wait on the network; a larger cap bounds the fetches
 * open at once, and FETCH_PER_HOST each host's. So slow hosts hold only their own slots and
 * sockets, and a healthy feed due after a hundred dripping ones is fetched and posted at once.
 */
export async function pollDueFeeds(deps: PollDeps, options: PollOptions): Promise<FeedReport[]> {
  const runner = createBoundedRunner({ global: options.concurrency, perHost: options.perHost ?? DEFAULT_PER_HOST });
  // A poll of many feeds (the first one of a large install) says how far it is; a short one says nothing.
  const progress = createProgress({ ...deps.progress, logger: deps.logger, what: 'polling feeds', total: await countDueFeeds(deps.db, deps.now()) });
  await finishOwedFanOutsOf(deps);
  const batch = Math.max(options.concurrency * 4, 8);
  // What one process may hold of one host: its FETCH_PER_HOST fetches open and as many again
  // claimed, waiting to start. Without it, feeds claimed for a busy host would leave the runner's
  // room unchanged and the loop would claim every due feed of a slow host (a thousand feeds at 2 at
  // a time and a 15 s timeout: two hours of work under a 10-minute lease, then fetched again by
  // another process). With it a claimed feed starts once one fetch of its host ends, well within
  // its lease, and other processes take the rest.
  const perHost = options.perHost ?? DEFAULT_PER_HOST;
  const hostHold = 2 * perHost;
  const handled: number[] = [];
  const held = new Set<number>();
  const reports: FeedReport[] = [];
  const inflight = new Set<Promise<void>>();
  // Resolved when a feed's task ends: the one thing that frees room the loop claims for.
  let taskEnded = signal();
  let exhausted = false;
  for (;;) {
    // Renewed before the state is read: an end seen after this wakes the wait below.
    taskEnded = signal();
    // Refill when half the batch is done: one claim per finished feed would cost a
    // database round trip per feed. Also whenever the runner has room that no claimed feed
    // can take (each waits for its busy host): otherwise feeds claimed from slow hosts
    // (dripping a byte a second until their timeout) hold back a healthy feed of another
    // host, not yet claimed, for minutes.
    const halfDone = inflight.size <= batch / 2;
    const room = runner.room;
    if (!exhausted && (halfDone || room > 0)) {
      // Room is claimed FETCH_CONCURRENCY feeds at a time, as it comes, and no host past hostHold.
      const wanted = Math.max(halfDone ? batch - inflight.size : 0, Math.min(room, options.concurrency));
      const now = deps.now();
      const claimed = await claimDueFeeds(deps.db, now, LEASE_SECONDS, wanted, handled, { held: [...held], perHost: hostHold });
      // Fewer than wanted: none left, or the rest are of hosts this process holds enough of. Then
      // claim again when a feed is done (it frees its host's allowance), not at once.
      const short = claimed.length < wanted;
      if (short && !(await hasUnclaimedDueFeeds(deps.db, now, [...handled, ...claimed.map((f) => f.id)]))) exhausted = true;
      for (const feed of claimed) {
        handled.push(feed.id);
        held.add(feed.id);
        deps.inProgress?.add(feed.id);
        const task: Promise<void> = runner
          .run(hostOf(feed.url), (slot) => pollFeed(deps, options, feed, slot))
          .then(
            (report) => {
              reports.push(report);
              progress.advance();
            },
            (error: unknown) => {
              // Only reached when the database was unavailable (away, or its disk full) or recording the failure failed.
              deps.logger.error({ err: error, feedId: feed.id }, 'feed poll could not be recorded');
              reports.push({ feedId: feed.id, url: feed.url, outcome: 'failed', inserted: 0, updated: 0, queued: 0, error: 'internal error: could not record the outcome' });
              progress.advance();
            },
          )
          .finally(() => {
            inflight.delete(task);
            held.delete(feed.id);
            deps.inProgress?.delete(feed.id);
            taskEnded.resolve();
          });
        inflight.add(task);
      }
      if (!short) continue;
    }
    if (inflight.size === 0) break;
    await taskEnded.promise;
  }
  progress.finish({ failed: reports.filter((r) => r.outcome === 'failed').length, newItems: reports.reduce((n, r) => n + r.inserted, 0) });
  return reports;
}

/** A promise and the function that resolves it (Promise.withResolvers is Node 22). */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function pollFeed(deps: PollDeps, options: PollOptions, feed: Feed, slot: Slot): Promise<FeedReport> {
  const log = deps.logger.child({ feedId: feed.id, feedUrl: feed.url });
  const report: FeedReport = { feedId: feed.id, url: feed.url, outcome: 'no-change', inserted: 0, updated: 0, queued: 0 };
  const schedule = options.schedule ?? DEFAULT_SCHEDULE;
  try {
    // Waiting on the network holds no work slot (news/bounded-runner.ts).
    // A large body waits for room for it before it is read (bodies read faster than parsed stay bounded).
    const fetched = await slot.away(() => deps.fetchFeed(feed.url, { etag: feed.etag, lastModified: feed.lastModified }, () => slot.largeBody()));
    if (fetched.kind === 'failed') return await fail(deps, options, feed, report, fetched.reason, log);
    const now = deps.now();
    if (fetched.kind === 'not-modified') {
      // A 304 costs no parsing: the feed's own refresh hint is the one stored last time.
      const recorded = await recordFetchSuccess(deps.db, feed.id, now, {
        etag: feed.etag,
        lastModified: feed.lastModified,
        nextFetchAt: nextFetchAfterSuccess(now, [feed.fetchIntervalSeconds, fetched.maxAgeSeconds], schedule),
      });
      if (recorded.recovered) report.alert = 'recovered';
      return report;
    }
    const parsed = await parseFeed(fetched.body, { feedUrl: fetched.finalUrl, now, timeZone: feed.timeZone ?? options.timeZone ?? 'UTC', contentType: fetched.contentType });
    if (!parsed.ok) {
      if (parsed.alternateUrl) report.alternateUrl = parsed.alternateUrl;
      return await fail(deps, options, feed, report, parsed.reason, log);
    }
    const drafts = await prepareChangedEntries(deps, options, feed, parsed.feed.entries, log, slot);
    let owed: number[] = [];
    await deps.db.transaction().execute(async (trx) => {
      const stored = await storeItems(trx, feed.id, drafts, now);
      report.inserted = stored.inserted.length;
      report.updated = stored.updated.length;
      const toPost = postable(feed, stored.inserted, options);
      // Every active channel whose rule takes an item (the channels table; none: items are still stored).
      report.queued = await enqueueChannelPosts(trx, toPost, now);
      // Private messages for the same items are owed from this commit on (written just below,
      // or after a crash by the next poll); edits of what already went out about changed ones.
      owed = toPost.map((item) => item.id);
      await markFanOutOwed(trx, owed);
      report.queued += await queueCorrections(trx, stored.updated, new Date(now.getTime() - CORRECTION_WINDOW_MS), now);
      const recorded = await recordFetchSuccess(trx, feed.id, now, {
        etag: fetched.etag,
        lastModified: fetched.lastModified,
        nextFetchAt: nextFetchAfterSuccess(now, [parsed.feed.refreshSeconds, fetched.maxAgeSeconds], schedule),
        title: parsed.feed.title,
        language: parsed.feed.language,
        refreshSeconds: parsed.feed.refreshSeconds,
        newestItemAt: stored.inserted[0]?.publishedAt ?? null,
      });
      if (recorded.recovered) report.alert = 'recovered';
    });
    if (report.queued > 0 || owed.length > 0) deps.onStored?.();
    report.queued += await fanOutAfterCommit(deps, owed, now, log);
    if (report.inserted > 0) report.outcome = 'new-items';
    log.info({ inserted: report.inserted, updated: report.updated, queued: report.queued }, 'feed polled');
    return report;
  } catch (error) {
    // The database away or out of disk is not the feed's fault: nothing is counted against it (its
    // state was not advanced either: the transaction did not commit), and its lease goes back so
    // the next poll fetches it again. Failing the feed's task makes the poll say so.
    if (isDatabaseUnavailable(error)) {
      await releaseFeedLeases(deps.db, [feed.id]).catch(() => undefined);
      throw error;
    }
    // Unexpected (a database error, a bug): recorded on the feed like any failure so the others carry on.
    log.error({ err: error }, 'feed poll crashed');
    return fail(deps, options, feed, report, `internal error: ${error instanceof Error ? error.message : String(error)}`, log);
  }
}

/**
 * The private messages of items just stored, written after the poll's commit in parts
 * (stores/fan-out.ts). The fetch itself succeeded and is recorded: a failure here (the
 * database lost) leaves the fan-out owed, and the next poll finishes it.
 */
async function fanOutAfterCommit(deps: PollDeps, itemIds: number[], now: Date, log: Logger): Promise<number> {
  try {
    return await fanOutOwed(deps.db, itemIds, now);
  } catch (error) {
    log.error({ err: error, items: itemIds.length }, 'fan-out not finished: the next poll finishes it');
    return 0;
  }
}

/** Fan-outs a crash (or a lost connection) left owed, finished before anything new is fetched. */
async function finishOwedFanOutsOf(deps: PollDeps): Promise<void> {
  try {
    const queued = await finishOwedFanOuts(deps.db, deps.now());
    if (queued > 0) {
      deps.logger.info({ queued }, 'owed fan-outs finished');
      deps.onStored?.();
    }
  } catch (error) {
    deps.logger.error({ err: error }, 'owed fan-outs not finished: the next poll tries again');
  }
}

/**
 * Classifies and summarises only what is new or changed: an unchanged 10,000-item feed
 * costs one lookup, not 10,000 classifications. Article pages are fetched only for new
 * entries that may be posted.
 */
async function prepareChangedEntries(deps: PollDeps, options: PollOptions, feed: Feed, entries: FeedEntry[], log: Logger, slot: Slot) {
  const known = await knownEntries(deps.db, feed.id, entries);
  const changed = entries.filter((e) => {
    const stored = known.get(e.key);
    return !stored || (stored.feedId === feed.id && stored.contentHash !== e.contentHash);
  });
  const fresh = changed.filter((e) => !known.has(e.key));
  const postLimit = feed.initialized ? options.backlogCap : options.firstRunPosts;
  const fetchFullTexts = deps.fetchFullTexts;
  // Article pages are network waits too (their extraction has its own worker pool and budget).
  const fullTexts = fetchFullTexts && fresh.length > 0 ? await slot.away(() => fetchFullTexts(fresh.slice(0, postLimit))) : null;
  for (const failure of fullTexts?.failures ?? []) log.warn(failure, 'article page not read: the feed text is used instead');
  // A feed's archive (a first fetch of thousands of entries: a backfill) says how far its reading has come.
  const progress = createProgress({ ...deps.progress, logger: log, what: 'reading new entries', total: changed.length });
  const drafts = changed.map((entry) => {
    const draft = deps.prepareItem(entry, feed, fullTexts?.texts.get(entry.key) ?? null);
    progress.advance();
    return draft;
  });
  progress.finish();
  return drafts;
}

/**
 * Which newly stored items are posted: on a feed's first fetch the newest few; later the
 * newest new ones up to the backlog cap, leaving out items dated well before the last
 * good fetch (they are recorded, not news).
 */
function postable<T extends { publishedAt: Date }>(feed: Feed, inserted: T[], options: PollOptions): T[] {
  if (!feed.initialized) return inserted.slice(0, options.firstRunPosts);
  const since = feed.lastSuccessAt ? feed.lastSuccessAt.getTime() - BACKDATED_GRACE_MS : -Infinity;
  return inserted.filter((item) => item.publishedAt.getTime() >= since).slice(0, options.backlogCap);
}

async function fail(deps: PollDeps, options: PollOptions, feed: Feed, report: FeedReport, reason: string, log: Logger): Promise<FeedReport> {
  const now = deps.now();
  const schedule = options.schedule ?? DEFAULT_SCHEDULE;
  const nextAt = nextFetchAfterFailure(now, feed.consecutiveFailures + 1, schedule);
  const recorded = await recordFetchFailure(deps.db, feed.id, now, reason, nextAt, options.flagAfter ?? DEFAULT_FLAG_AFTER);
  log.warn({ reason, failures: recorded.failures, flagged: recorded.flagged }, 'feed fetch failed');
  return { ...report, outcome: 'failed', error: reason, failures: recorded.failures, ...(recorded.flagged ? { alert: 'failing' as const } : {}) };
}
