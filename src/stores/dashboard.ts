import { sql } from 'kysely';
import type { Db } from '../db/create-db.js';
import { alertOfKey, endedAlerts, type AlertEpisode } from './alert-history.js';
import { StateKey } from './service-state.js';

// What the editors' dashboard (the Mini App) shows beyond what /feeds, /stats and
// /broadcasts already read: histories for charts, every topic's and region's readers,
// the alerts open now. Read-only; the dashboard's actions use the commands' own stores.

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

export interface FeedHealth {
  id: number;
  name: string;
  url: string;
  enabled: boolean;
  consecutiveFailures: number;
  lastError: string | null;
  lastSuccessAt: Date | null;
  nextFetchAt: Date;
}

export async function feedHealth(db: Db): Promise<FeedHealth[]> {
  const rows = await db
    .selectFrom('feeds')
    .select(['id', 'title', 'url', 'enabled', 'consecutive_failures', 'last_error', 'last_success_at', 'next_fetch_at'])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.title ?? r.url,
    url: r.url,
    enabled: r.enabled,
    consecutiveFailures: r.consecutive_failures,
    lastError: r.last_error,
    lastSuccessAt: r.last_success_at,
    nextFetchAt: r.next_fetch_at,
  }));
}

/** One point of a history: the start of its hour (or the moment, for the queue), and counts by name. */
export interface HistoryPoint {
  at: Date;
  counts: Record<string, number>;
}

/**
 * Rows waiting to be sent at each of the last `hours` hours (and now), per priority lane,
 * reconstructed from the outbox: a row was waiting from its creation until it was sent, or
 * is still waiting. Rows held for quiet hours or a digest are not queue.
 */
export async function queueHistory(db: Db, now: Date, hours = 24): Promise<HistoryPoint[]> {
  const from = new Date(now.getTime() - hours * HOUR_MS);
  const lookback = new Date(from.getTime() - 2 * DAY_MS);
  const result = await sql<{ at: Date; priority: number | null; n: number }>`
    select h.at, d.priority, count(d.id)::int as n
    from generate_series(${from}::timestamptz, ${now}::timestamptz, interval '1 hour') as h(at)
    left join deliveries d
      on d.created_at <= h.at
     and (d.created_at >= ${lookback} or d.status = 'pending')
     and ((d.sent_at is not null and d.sent_at > h.at) or (d.sent_at is null and d.status = 'pending'))
    group by h.at, d.priority
    order by h.at
  `.execute(db);
  const points = new Map<number, HistoryPoint>();
  for (const row of result.rows) {
    const at = new Date(row.at);
    const point = points.get(at.getTime()) ?? { at, counts: {} };
    if (row.priority !== null) point.counts[String(row.priority)] = Number(row.n);
    points.set(at.getTime(), point);
  }
  return [...points.values()];
}

/** Deliveries per hour over the last `days` days, by outcome (sent, failed, blocked, skipped), bucketed by when they ended. */
export async function deliveriesPerHour(db: Db, now: Date, days = 7): Promise<HistoryPoint[]> {
  const since = new Date(now.getTime() - days * DAY_MS);
  const result = await sql<{ bucket: number; status: string; n: number }>`
    select floor(extract(epoch from coalesce(sent_at, created_at)) / 3600)::bigint as bucket, status, count(*)::int as n
    from deliveries
    where coalesce(sent_at, created_at) >= ${since} and status in ('sent', 'failed', 'blocked', 'skipped')
    group by 1, 2
    order by 1
  `.execute(db);
  return hourlyPoints(since, now, result.rows.map((r) => ({ hour: Number(r.bucket), name: r.status, n: Number(r.n) })));
}

/**
 * Telegram's 429s per hour over the last `days` days: how many (`hits`) and the seconds they
 * asked the sender to wait (`seconds`), both kept per hour in service_state as the sends' outcomes arrive.
 */
export async function rateLimitWaitsPerHour(db: Db, now: Date, days = 7): Promise<HistoryPoint[]> {
  const since = new Date(now.getTime() - days * DAY_MS);
  const hourly = async (prefix: string, name: string) => {
    const rows = await db
      .selectFrom('service_state')
      .select(['key', sql<number>`coalesce((value #>> '{}')::float8, 0)`.as('n')])
      .where('key', '>=', `${prefix}${since.toISOString().slice(0, 13)}`)
      .where('key', '<', `${prefix}~`)
      .execute();
    return rows.flatMap((r) => {
      const at = Date.parse(`${r.key.slice(prefix.length)}:00:00Z`);
      return Number.isNaN(at) ? [] : [{ hour: Math.floor(at / HOUR_MS), name, n: Number(r.n) }];
    });
  };
  return hourlyPoints(since, now, [...(await hourly(StateKey.rateLimitWaitPrefix, 'seconds')), ...(await hourly(StateKey.rateLimitHitPrefix, 'hits'))]);
}

/** Every hour from `since` to `now`, zero where nothing happened, so charts show gaps as zero. */
function hourlyPoints(since: Date, now: Date, entries: { hour: number; name: string; n: number }[]): HistoryPoint[] {
  const first = Math.floor(since.getTime() / HOUR_MS);
  const last = Math.floor(now.getTime() / HOUR_MS);
  const points: HistoryPoint[] = [];
  for (let hour = first; hour <= last; hour++) points.push({ at: new Date(hour * HOUR_MS), counts: {} });
  for (const e of entries) {
    const point = points[e.hour - first];
    if (point) point.counts[e.name] = (point.counts[e.name] ?? 0) + e.n;
  }
  return points;
}

/** One topic's (or region's) readers now and how they changed over the window. */
export interface ChoiceGrowth {
  /** Active now. */
  readers: number;
  /** Of those, arrived within the window. */
  joined: number;
  /** Readers with this choice who left (stopped, blocked) within the window. */
  left: number;
}

export interface Following {
  /** Active readers per topic (or region) id; those who chose none get everything and are counted under `all`. */
  byId: Record<string, number>;
  all: number;
  /** Per id (and '*' for "everything"), readers now, arrivals and departures over the last `days` days. */
  growth: Record<string, ChoiceGrowth>;
}

/**
 * Active readers (and groups) per topic and per region, with their growth over the last `days`
 * days: who arrived with the choice, who left having it. Choices are kept as they are now (no
 * history of changes), so a reader who switched topics counts under their present ones.
 */
export async function readersPerChoice(db: Db, now: Date = new Date(), days = 30): Promise<{ topics: Following; regions: Following }> {
  const since = new Date(now.getTime() - days * DAY_MS);
  const count = async (column: 'topics' | 'regions'): Promise<Following> => {
    const rows = await sql<{ name: string; n: number; joined: number; gone: number }>`
      select coalesce(t.name, '*') as name,
             count(*) filter (where s.status = 'active')::int as n,
             count(*) filter (where s.status = 'active' and s.created_at >= ${since})::int as joined,
             count(*) filter (where s.status <> 'active' and s.status_changed_at >= ${since})::int as gone
      from subscribers s
      left join lateral unnest(s.${sql.ref(column)}) as t(name) on true
      where s.status = 'active' or s.status_changed_at >= ${since}
      group by 1
    `.execute(db);
    const growth: Record<string, ChoiceGrowth> = {};
    for (const r of rows.rows) growth[r.name] = { readers: Number(r.n), joined: Number(r.joined), left: Number(r.gone) };
    const byId = Object.fromEntries(rows.rows.filter((r) => r.name !== '*' && Number(r.n) > 0).map((r) => [r.name, Number(r.n)]));
    return { byId, all: growth['*']?.readers ?? 0, growth };
  };
  return { topics: await count('topics'), regions: await count('regions') };
}

export interface GrowthDay {
  /** The day's start (UTC). */
  day: Date;
  joined: number;
  left: number;
  /** Active at the end of the day, counted back from today's figure (a reader who left and came back counts once). */
  active: number;
}

/** Readers who arrived and left per day over the last `days` days, with the active count at each day's end. */
export async function readerGrowth(db: Db, now: Date, days = 30): Promise<GrowthDay[]> {
  const firstDay = Math.floor(now.getTime() / DAY_MS) - (days - 1);
  const since = new Date(firstDay * DAY_MS);
  const joined = await sql<{ day: number; n: number }>`
    select floor(extract(epoch from created_at) / 86400)::bigint as day, count(*)::int as n
    from subscribers where created_at >= ${since} group by 1
  `.execute(db);
  const left = await sql<{ day: number; n: number }>`
    select floor(extract(epoch from status_changed_at) / 86400)::bigint as day, count(*)::int as n
    from subscribers where status <> 'active' and status_changed_at >= ${since} group by 1
  `.execute(db);
  const active = await db.selectFrom('subscribers').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'active').executeTakeFirstOrThrow();
  const byDay = (rows: { day: number; n: number }[]) => new Map(rows.map((r) => [Number(r.day), Number(r.n)]));
  const joinedBy = byDay(joined.rows);
  const leftBy = byDay(left.rows);
  const result: GrowthDay[] = [];
  let activeAtEnd = Number(active.n);
  for (let day = firstDay + days - 1; day >= firstDay; day--) {
    const j = joinedBy.get(day) ?? 0;
    const l = leftBy.get(day) ?? 0;
    result.push({ day: new Date(day * DAY_MS), joined: j, left: l, active: Math.max(0, activeAtEnd) });
    activeAtEnd = activeAtEnd - j + l;
  }
  return result.reverse();
}

export interface OpenAlert {
  /** What is wrong: feed-failing, feed-silent, sender-stalled, queue-growing. */
  kind: string;
  feedId: number | null;
  since: Date;
}

/** The alerts whose episode is still open (jobs/alerts.ts keeps one service_state row per episode). */
export async function openAlerts(db: Db): Promise<OpenAlert[]> {
  const rows = await db
    .selectFrom('service_state')
    .select(['key', 'updated_at'])
    .where('key', 'like', `${StateKey.alertPrefix}%`)
    .orderBy('updated_at', 'desc')
    .execute();
  return rows.map((r) => ({ ...alertOfKey(r.key), since: r.updated_at }));
}

/** Recent alerts: those open now, then those that ended in the last `days` days (newest first), `limit` in all. */
export async function recentAlerts(db: Db, now: Date, days = 7, limit = 20): Promise<AlertEpisode[]> {
  const open = (await openAlerts(db)).map((a) => ({ ...a, endedAt: null }));
  const ended = await endedAlerts(db, new Date(now.getTime() - days * DAY_MS), limit);
  return [...open, ...ended].slice(0, Math.max(limit, open.length));
}
