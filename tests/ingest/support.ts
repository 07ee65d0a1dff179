/**
 * Shared set-up for the ingestion tests: the app world (tests/helpers/app-world.ts) with no
 * feeds, no editors, no sender loop and a clock that stands still. Herald polls as its poll job
 * does (world.poll(): createApp's poll, article pages and all), with the poll's settings given
 * as Herald's environment; the rest are rows read straight from the tables.
 */
import type { Db } from '../../src/db/create-db.js';
import type { FeedReport } from '../../src/ingest/poll-feeds.js';
import type { FeedItem } from '../helpers/fake-feed-server.js';
import { getFeedByUrl, makeFeedDue, seedFeeds, type Feed } from '../../src/stores/feeds.js';
import { Clock, startAppWorld, WORLD_START, type AppWorld } from '../helpers/app-world.js';

/** The poll's settings the tests vary; each is one of Herald's environment settings. */
export interface PollSettings {
  /** FIRST_RUN_POSTS */
  firstRunPosts?: number;
  /** BACKLOG_CAP */
  backlogCap?: number;
  /** FETCH_CONCURRENCY */
  concurrency?: number;
  /** FETCH_PER_HOST */
  perHost?: number;
  /** FEED_FAILURE_ALERT_AFTER */
  flagAfter?: number;
  /** FEED_TIME_ZONE */
  timeZone?: string;
  /** FEED_MIN_REFRESH_SECONDS, FEED_MAX_REFRESH_SECONDS, FEED_MAX_BACKOFF_SECONDS */
  schedule?: { minSeconds: number; maxSeconds: number; maxBackoffSeconds: number };
  /** FETCH_TIMEOUT_MS */
  timeoutMs?: number;
  /** FETCH_MAX_BYTES */
  maxBytes?: number;
}

/** Unless a test says otherwise: many fetches per host (the fake feed server is one host), three failures flag a feed, a 5 s timeout. */
const DEFAULTS: Required<PollSettings> = {
  firstRunPosts: 1,
  backlogCap: 10,
  concurrency: 8,
  perHost: 64,
  flagAfter: 3,
  timeZone: 'Asia/Baku',
  schedule: { minSeconds: 60, maxSeconds: 3600, maxBackoffSeconds: 21_600 },
  timeoutMs: 5000,
  maxBytes: 5 * 1024 * 1024,
};

/** The environment for these settings, every one of them (the defaults for those not given). */
function pollEnv(settings: PollSettings): Record<string, string> {
  const s = { ...DEFAULTS, ...settings };
  return {
    FIRST_RUN_POSTS: String(s.firstRunPosts),
    BACKLOG_CAP: String(s.backlogCap),
    FETCH_CONCURRENCY: String(s.concurrency),
    FETCH_PER_HOST: String(s.perHost),
    FEED_FAILURE_ALERT_AFTER: String(s.flagAfter),
    FEED_TIME_ZONE: s.timeZone,
    FEED_MIN_REFRESH_SECONDS: String(s.schedule.minSeconds),
    FEED_MAX_REFRESH_SECONDS: String(s.schedule.maxSeconds),
    FEED_MAX_BACKOFF_SECONDS: String(s.schedule.maxBackoffSeconds),
    FETCH_TIMEOUT_MS: String(s.timeoutMs),
    FETCH_MAX_BYTES: String(s.maxBytes),
  };
}

/** Herald with no feeds yet (tests add them with addFeed on world.feeds), configured with these poll settings. */
export async function startIngestWorld(settings: PollSettings = {}): Promise<AppWorld> {
  return startAppWorld({ clock: new Clock(WORLD_START), feeds: [], editor: false, sender: false, env: pollEnv(settings) });
}

/** The world's clock, set to `start`; it stands still until set or advanced. */
export function clockAt(world: AppWorld, start: Date): Clock {
  world.clock.set(start);
  return world.clock;
}

export interface Poller {
  /** One poll of the due feeds by Herald configured with the poller's settings: a report per feed. */
  poll(): Promise<FeedReport[]>;
}

/** Polls with these settings: the first poll restarts Herald with them if it runs with others. */
export function createPoller(world: AppWorld, settings: PollSettings = {}): Poller {
  const env = pollEnv(settings);
  return {
    async poll() {
      if (Object.entries(env).some(([name, value]) => world.env[name] !== value)) await world.restart({ env });
      return world.poll();
    },
  };
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
