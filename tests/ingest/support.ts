/** Shared set-up for the ingestion tests: a database, the fake feed server, a poller with a fixed clock. */
import { pino } from 'pino';
import type { Db } from '../../src/db/create-db.js';
import { fetchFeed } from '../../src/news/fetch-feed.js';
import { createGuardedFetch, type GuardedFetch } from '../../src/news/guarded-fetch.js';
import type { FeedItem } from '../helpers/fake-feed-server.js';
import { pollDueFeeds, type FeedReport, type PollOptions } from '../../src/ingest/poll-feeds.js';
import { loadTaxonomy } from '../../src/news/understand/index.js';
import { createItemPreparer, type ItemPreparer } from '../../src/ingest/prepare-item.js';
import { getFeedByUrl, makeFeedDue, seedFeeds, type Feed } from '../../src/stores/feeds.js';
import { Clock } from '../helpers/clock.js';

export const CHANNEL = '@herald_test';
export const USER_AGENT = 'Herald/test (+https://example.invalid/herald)';

export type { Clock };

/** The test's clock, standing still until set or advanced (tests/helpers/clock.ts). */
export function fixedClock(start: Date): Clock {
  return new Clock(start);
}

let loopback: GuardedFetch | undefined;
/** The fake feed server is on loopback, which Herald refuses unless private fetching is allowed, as here. */
export function loopbackFetch(): GuardedFetch {
  loopback ??= createGuardedFetch({ allowPrivate: true });
  return loopback;
}

let preparer: ItemPreparer | undefined;
/** The real preparer (classifier and summaries), compiled once per test file: it takes a moment. */
export function testPreparer(): ItemPreparer {
  preparer ??= createItemPreparer(loadTaxonomy());
  return preparer;
}

export interface Poller {
  clock: Clock;
  poll(): Promise<FeedReport[]>;
  options: PollOptions;
}

export function createPoller(db: Db, clock: Clock, overrides: Partial<PollOptions> = {}, fetchLimits: { timeoutMs?: number; maxBytes?: number } = {}): Poller {
  const options: PollOptions = {
    channelChatId: CHANNEL,
    firstRunPosts: 1,
    backlogCap: 10,
    concurrency: 8,
    perHost: 64,
    flagAfter: 3,
    timeZone: 'Asia/Baku',
    ...overrides,
  };
  const deps = {
    db,
    logger: pino({ level: 'silent' }),
    now: clock.now,
    prepareItem: testPreparer(),
    fetchFeed: (url: string, validators: { etag: string | null; lastModified: string | null }) =>
      fetchFeed(url, validators, { guardedFetch: loopbackFetch(), timeoutMs: fetchLimits.timeoutMs ?? 5000, maxBytes: fetchLimits.maxBytes ?? 5 * 1024 * 1024, userAgent: USER_AGENT }),
  };
  return { clock, options, poll: () => pollDueFeeds(deps, options) };
}

export async function addFeed(db: Db, url: string, now: Date): Promise<Feed> {
  await seedFeeds(db, [url]);
  const feed = await getFeedByUrl(db, url);
  if (!feed) throw new Error(`feed ${url} was not stored`);
  await makeFeedDue(db, feed.id, now);
  return feed;
}

export async function feedRow(db: Db, id: number) {
  return db.selectFrom('feeds').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function itemsOf(db: Db, feedId: number) {
  return db.selectFrom('items').selectAll().where('feed_id', '=', feedId).orderBy('published_at', 'desc').orderBy('id').execute();
}

export async function channelPostsOf(db: Db, feedId: number) {
  return db
    .selectFrom('deliveries')
    .innerJoin('items', 'items.id', 'deliveries.item_id')
    .select(['deliveries.id', 'deliveries.item_id', 'items.title', 'items.published_at', 'deliveries.chat_id'])
    .where('items.feed_id', '=', feedId)
    .where('deliveries.kind', '=', 'channel')
    .orderBy('deliveries.id')
    .execute();
}

/** n items, newest first, with links and guids unique to `prefix`, dated an hour apart before `latest`. */
export function makeItems(prefix: string, n: number, latest: Date, extra: Partial<FeedItem> = {}): FeedItem[] {
  return Array.from({ length: n }, (_, i) => ({
    guid: `${prefix}-${n - i}`,
    link: `https://news.example/${prefix}/${n - i}`,
    title: `${prefix} story ${n - i}`,
    description: `<p>Lead of ${prefix} story ${n - i}.</p>`,
    pubDate: new Date(latest.getTime() - i * 3600_000),
    ...extra,
  }));
}
