import type { Db } from '../db/create-db.js';
import type { Logger } from '../logger.js';
import type { FetchOutcome, Validators } from '../news/types.js';
import { parseFeed } from '../news/parse-feed.js';
import { enqueueChannelPosts } from '../stores/deliveries.js';
import { claimDueFeeds, recordFetchFailure, recordFetchSuccess, type Feed } from '../stores/feeds.js';
import { storeItems } from '../stores/items.js';
import { prepareItem } from './prepare-item.js';

export interface PollOptions {
  /** Where channel posts go; null means no channel posts (items are still stored). */
  channelChatId: string | null;
  /** How many of a feed's items its first fetch posts. */
  firstRunPosts: number;
  /** How many new items one later fetch posts at most; the rest are recorded only. */
  backlogCap: number;
  /** Feeds fetched at once. */
  concurrency: number;
}

export interface PollDeps {
  db: Db;
  logger: Logger;
  fetchFeed: (url: string, validators: Validators) => Promise<FetchOutcome>;
  now: () => Date;
}

export interface FeedReport {
  feedId: number;
  url: string;
  outcome: 'new-items' | 'no-change' | 'failed';
  inserted: number;
  updated: number;
  queued: number;
  error?: string;
}

const LEASE_SECONDS = 300;
const MAX_BACKOFF_SECONDS = 6 * 3600;
const BASE_BACKOFF_SECONDS = 60;

/** One poll cycle: every due feed is fetched, parsed and stored; nothing is sent here. */
export async function pollDueFeeds(deps: PollDeps, options: PollOptions): Promise<FeedReport[]> {
  const feeds = await claimDueFeeds(deps.db, deps.now(), LEASE_SECONDS, 1000);
  const reports: FeedReport[] = [];
  let next = 0;
  const worker = async () => {
    while (next < feeds.length) {
      const feed = feeds[next++]!;
      reports.push(await pollFeed(deps, options, feed));
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, feeds.length) }, worker));
  return reports;
}

async function pollFeed(deps: PollDeps, options: PollOptions, feed: Feed): Promise<FeedReport> {
  const log = deps.logger.child({ feedId: feed.id, feedUrl: feed.url });
  const report: FeedReport = { feedId: feed.id, url: feed.url, outcome: 'no-change', inserted: 0, updated: 0, queued: 0 };
  try {
    const fetched = await deps.fetchFeed(feed.url, { etag: feed.etag, lastModified: feed.last_modified });
    if (fetched.kind === 'failed') return await fail(deps, feed, report, fetched.reason, log);
    const now = deps.now();
    if (fetched.kind === 'not-modified') {
      await recordFetchSuccess(deps.db, feed.id, now, { etag: feed.etag, lastModified: feed.last_modified, nextFetchAt: nextFetch(now, feed.fetch_interval_seconds) });
      return report;
    }
    const parsed = await parseFeed(fetched.body, { feedUrl: fetched.finalUrl, now });
    if (!parsed.ok) return await fail(deps, feed, report, parsed.reason, log);
    const drafts = parsed.feed.entries.map((entry) => prepareItem(entry, feed));
    const postLimit = feed.initialized ? options.backlogCap : options.firstRunPosts;
    await deps.db.transaction().execute(async (trx) => {
      const stored = await storeItems(trx, feed.id, drafts, now);
      report.inserted = stored.inserted.length;
      report.updated = stored.updated.length;
      if (options.channelChatId) {
        report.queued = await enqueueChannelPosts(trx, options.channelChatId, stored.inserted.slice(0, postLimit), now);
      }
      await recordFetchSuccess(trx, feed.id, now, {
        etag: fetched.etag,
        lastModified: fetched.lastModified,
        nextFetchAt: nextFetch(now, parsed.feed.refreshSeconds),
        title: parsed.feed.title,
        language: parsed.feed.language,
        refreshSeconds: parsed.feed.refreshSeconds,
        newestItemAt: stored.inserted[0]?.publishedAt ?? null,
      });
    });
    if (report.inserted > 0) report.outcome = 'new-items';
    log.info({ inserted: report.inserted, updated: report.updated, queued: report.queued }, 'feed polled');
    return report;
  } catch (error) {
    // Unexpected (a database error, a bug): recorded on the feed like any failure so the others carry on.
    log.error({ err: error }, 'feed poll crashed');
    return fail(deps, feed, report, `internal error: ${error instanceof Error ? error.message : String(error)}`, log);
  }
}

async function fail(deps: PollDeps, feed: Feed, report: FeedReport, reason: string, log: Logger): Promise<FeedReport> {
  const now = deps.now();
  const backoff = Math.min(BASE_BACKOFF_SECONDS * 2 ** feed.consecutive_failures, MAX_BACKOFF_SECONDS);
  const failures = await recordFetchFailure(deps.db, feed.id, now, reason, new Date(now.getTime() + backoff * 1000));
  log.warn({ reason, failures }, 'feed fetch failed');
  return { ...report, outcome: 'failed', error: reason };
}

/** Due again at the next tick unless the feed asks for a longer pause (capped at an hour). */
function nextFetch(now: Date, refreshSeconds: number | null): Date {
  const seconds = Math.min(Math.max(refreshSeconds ?? 0, 0), 3600);
  // A few seconds early, so a feed with ttl=1 min is due at the next minute's tick.
  return new Date(now.getTime() + Math.max(seconds - 5, 0) * 1000);
}
