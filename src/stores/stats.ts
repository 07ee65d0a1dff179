import { sql } from 'kysely';
import type { Db } from '../db/create-db.js';
import { channelPostCounts, listChannels } from './channels.js';
import { toFeed, type Feed } from './feeds.js';
import { StateKey } from './service-state.js';

export interface ReaderStats {
  active: number;
  stopped: number;
  blocked: number;
  /** Subscribers who first arrived in the last day and week. */
  newLastDay: number;
  newLastWeek: number;
  /** Subscribers who stopped or blocked the bot in the last week. */
  lostLastWeek: number;
}

export interface Stats {
  readers: ReaderStats;
  /** Delivery rows created in the last 24 hours, by their status now. */
  deliveries24h: Record<string, number>;
  rateLimitWaitSeconds24h: number;
  topTopics: { name: string; readers: number }[];
  topRegions: { name: string; readers: number }[];
  /** Every channel, in /channels order: its posts sent in the last 24 hours and waiting now. */
  channels: ChannelStats[];
}

export interface ChannelStats {
  id: number;
  /** Its title, else its @username or chat id. */
  name: string;
  paused: boolean;
  sent24h: number;
  waiting: number;
}

const DAY_MS = 24 * 3600_000;

export async function readStats(db: Db, now: Date, top = 5): Promise<Stats> {
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const weekAgo = new Date(now.getTime() - 7 * DAY_MS);
  const readers = await db
    .selectFrom('subscribers')
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere('status', '=', 'active').as('active'),
      eb.fn.countAll<number>().filterWhere('status', '=', 'stopped').as('stopped'),
      eb.fn.countAll<number>().filterWhere('status', '=', 'blocked').as('blocked'),
      eb.fn.countAll<number>().filterWhere('created_at', '>=', dayAgo).as('new_day'),
      eb.fn.countAll<number>().filterWhere('created_at', '>=', weekAgo).as('new_week'),
      eb.fn.countAll<number>().filterWhere((w) => w.and([w('status', '<>', 'active'), w('status_changed_at', '>=', weekAgo)])).as('lost_week'),
    ])
    .executeTakeFirstOrThrow();
  const outcomes = await db
    .selectFrom('deliveries')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('created_at', '>=', dayAgo)
    .groupBy('status')
    .execute();
  const waits = await db
    .selectFrom('service_state')
    .select(sql<number>`coalesce(sum((value #>> '{}')::float8), 0)`.as('seconds'))
    .where('key', 'like', `${StateKey.rateLimitWaitPrefix}%`)
    .where('key', '>=', rateLimitBucketKey(dayAgo))
    .executeTakeFirstOrThrow();
  return {
    readers: {
      active: Number(readers.active),
      stopped: Number(readers.stopped),
      blocked: Number(readers.blocked),
      newLastDay: Number(readers.new_day),
      newLastWeek: Number(readers.new_week),
      lostLastWeek: Number(readers.lost_week),
    },
    deliveries24h: Object.fromEntries(outcomes.map((o) => [o.status, Number(o.n)])),
    rateLimitWaitSeconds24h: Number(waits.seconds),
    topTopics: await topFollowed(db, 'topics', top),
    topRegions: await topFollowed(db, 'regions', top),
    channels: await channelStats(db, dayAgo),
  };
}

/** The same counts as /channels shows, so the two never disagree. */
async function channelStats(db: Db, since: Date): Promise<ChannelStats[]> {
  const [channels, counts] = await Promise.all([listChannels(db), channelPostCounts(db, since)]);
  return channels.map((c) => ({
    id: c.id,
    name: c.title ?? (c.username ? `@${c.username}` : c.chatId),
    paused: c.paused,
    sent24h: counts.get(c.chatId)?.sent ?? 0,
    waiting: counts.get(c.chatId)?.waiting ?? 0,
  }));
}

async function topFollowed(db: Db, column: 'topics' | 'regions', top: number): Promise<{ name: string; readers: number }[]> {
  const result = await sql<{ name: string; readers: number }>`
    select t.name, count(*)::int as readers
    from subscribers s, unnest(s.${sql.ref(column)}) as t(name)
    where s.status = 'active'
    group by t.name
    order by readers desc, t.name
    limit ${top}
  `.execute(db);
  return result.rows.map((r) => ({ name: r.name, readers: Number(r.readers) }));
}

/** Hourly buckets sort as text in time order, so "the last 24 hours" is a key range. */
export function rateLimitBucketKey(at: Date, prefix: string = StateKey.rateLimitWaitPrefix): string {
  return `${prefix}${at.toISOString().slice(0, 13)}`;
}

/** Queue depth per priority lane (pending rows), for /metrics and alerts. */
export async function queueDepthByLane(db: Db): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('deliveries')
    .select(['priority', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'pending')
    .groupBy('priority')
    .execute();
  return new Map(rows.map((r) => [r.priority, Number(r.n)]));
}

/**
 * The oldest pending row already due: how long the sender has left it waiting. A channel
 * post is due from its item's publication time (its place in the queue) but waits only from
 * when it was queued.
 */
export async function oldestDueDelivery(db: Db, now: Date): Promise<Date | null> {
  const row = await db
    .selectFrom('deliveries')
    .select(sql<Date | null>`min(case when kind = 'channel' then greatest(next_attempt_at, created_at) else next_attempt_at end)`.as('oldest'))
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .executeTakeFirst();
  const oldest = row?.oldest as Date | string | null | undefined;
  return oldest ? new Date(oldest) : null;
}

/** Items stored per day over the last week, per feed: the "items per day" of /feeds. */
export async function itemsPerDayByFeed(db: Db, now: Date): Promise<Map<number, number>> {
  const weekAgo = new Date(now.getTime() - 7 * DAY_MS);
  const rows = await db
    .selectFrom('items')
    .select(['feed_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('discovered_at', '>=', weekAgo)
    .groupBy('feed_id')
    .execute();
  return new Map(rows.map((r) => [r.feed_id, Number(r.n) / 7]));
}

/** Publication times of a feed's latest items, newest first: its own rhythm, for silence alerts. */
export async function recentPublicationTimes(db: Db, feedId: number, limit: number): Promise<Date[]> {
  const rows = await db.selectFrom('items').select('published_at').where('feed_id', '=', feedId).orderBy('published_at', 'desc').limit(limit).execute();
  return rows.map((r) => r.published_at);
}

/** Rows due now and not yet sent: the queue the sender should be working through. */
export async function dueQueueDepth(db: Db, now: Date): Promise<number> {
  const row = await db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Enabled feeds failing at least `failures` times in a row. */
export async function failingFeeds(db: Db, failures: number): Promise<Feed[]> {
  const rows = await db.selectFrom('feeds').selectAll().where('enabled', '=', true).where('consecutive_failures', '>=', failures).execute();
  return rows.map(toFeed);
}

/** Enabled, healthy feeds that have published before: candidates for a silence alert. */
export async function publishingFeeds(db: Db): Promise<Feed[]> {
  const rows = await db
    .selectFrom('feeds')
    .selectAll()
    .where('enabled', '=', true)
    .where('consecutive_failures', '=', 0)
    .where('last_success_at', 'is not', null)
    .execute();
  return rows.map(toFeed);
}

export async function feedFailureCounts(db: Db, ids: number[]): Promise<Map<number, { failures: number; name: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('feeds').select(['id', 'consecutive_failures', 'title', 'url']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { failures: r.consecutive_failures, name: r.title ?? r.url }]));
}

/** Whether any message was sent at or after `since` (uses the deliveries_sent_at index). */
export async function sentSince(db: Db, since: Date): Promise<boolean> {
  const row = await db.selectFrom('deliveries').select('id').where('sent_at', '>=', since).limit(1).executeTakeFirst();
  return row !== undefined;
}
