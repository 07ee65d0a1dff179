import type { Db } from '../db/create-db.js';
import { Lane } from '../db/schema.js';
import { catalog, toLang } from '../i18n/index.js';
import { plainText } from '../news/plain-text.js';
import { recordAudit, lastAuditAt } from '../stores/audit.js';
import { broadcastProgress, cancelBroadcast } from '../stores/broadcasts.js';
import { deliveriesPerHour, feedHealth, queueHistory, rateLimitWaitsPerHour, readerGrowth, readersPerChoice, recentAlerts, type HistoryPoint } from '../stores/dashboard.js';
import { setFeedEnabled } from '../stores/feed-admin.js';
import { itemsPerDayByFeed, queueDepthByLane } from '../stores/stats.js';
import { getSubscriber } from '../stores/subscribers.js';
import { topicLabel, regionLabel, type TaxonomyView } from '../readers/taxonomy-view.js';
import type { ApiAnswer } from './reader-api.js';
import type { WebAppUser } from './init-data.js';

export interface DashboardDeps {
  db: Db;
  taxonomy: TaxonomyView;
  now: () => Date;
  /** Told when an action queued or cancelled work the sender should look at. */
  onChanged?: () => void;
}

/** Opening (and refreshing) the dashboard is audited once per this long per editor, not on every refresh. */
const VIEW_AUDIT_INTERVAL_MS = 10 * 60_000;

/** The lanes the dashboard shows, by name (other lanes sharing a priority count under these). */
const LANES = { breaking: Lane.breaking, channel: Lane.channel, instant: Lane.instant, digest: Lane.digest } as const;
const LANE_NAMES = Object.fromEntries(Object.entries(LANES).map(([name, priority]) => [String(priority), name])) as Record<string, string>;

const byLane = (point: HistoryPoint) => Object.fromEntries(Object.entries(point.counts).map(([p, n]) => [LANE_NAMES[p] ?? p, n]));

/** GET api/dashboard: everything the editors' page shows, in one answer (the page refreshes it every few seconds). */
export async function readDashboard(deps: DashboardDeps, user: WebAppUser): Promise<ApiAnswer> {
  const { db, taxonomy } = deps;
  const now = deps.now();
  const lang = toLang((await getSubscriber(db, user.id))?.language ?? user.languageCode);
  const last = await lastAuditAt(db, user.id, 'dashboard.view');
  if (!last || now.getTime() - last.getTime() >= VIEW_AUDIT_INTERVAL_MS) await recordAudit(db, user.id, 'dashboard.view', {}, now);

  const perDay = await itemsPerDayByFeed(db, now);
  const feeds = (await feedHealth(db)).map((f) => ({
    id: f.id,
    name: f.name,
    url: f.url,
    state: !f.enabled ? 'paused' : f.consecutiveFailures > 0 ? 'failing' : f.lastSuccessAt ? 'healthy' : 'new',
    failures: f.consecutiveFailures,
    lastError: f.consecutiveFailures > 0 && f.lastError ? f.lastError.slice(0, 200) : null,
    lastSuccessAt: f.lastSuccessAt?.toISOString() ?? null,
    nextFetchAt: f.enabled ? f.nextFetchAt.toISOString() : null,
    itemsPerDay: Math.round((perDay.get(f.id) ?? 0) * 10) / 10,
  }));
  const depth = await queueDepthByLane(db);
  const queueNow = Object.fromEntries(Object.entries(LANES).map(([name, priority]) => [name, depth.get(priority) ?? 0]));
  const broadcasts = (await broadcastProgress(db, now, 10)).map((b) => {
    const perSecond = b.sentRecently / 300;
    const finish = b.status === 'sending' && b.waiting > 0 && perSecond > 0 ? new Date(now.getTime() + (b.waiting / perSecond) * 1000).toISOString() : null;
    return {
      id: b.id,
      status: b.status,
      createdAt: b.createdAt.toISOString(),
      head: plainText(b.preview).replace(/^🚨 BREAKING\s*/, '').slice(0, 80),
      sent: b.sent,
      failed: b.failed,
      waiting: b.waiting,
      cancelled: b.cancelled,
      finish,
      stalled: b.status === 'sending' && b.waiting > 0 && b.sentRecently === 0,
    };
  });
  const following = await readersPerChoice(db, now);
  const label = (kind: 'topics' | 'regions', id: string) => (kind === 'topics' ? topicLabel(taxonomy, id, lang) : regionLabel(taxonomy, id, lang));
  const readers = (kind: 'topics' | 'regions') => {
    const entries = kind === 'topics' ? taxonomy.topics : taxonomy.regions;
    const counts = following[kind].byId;
    const growth = following[kind].growth;
    // Over 30 days: arrived with the choice, left having it, and so how many followed it 30 days ago.
    const change = (id: string, readers: number) => {
      const g = growth[id] ?? { joined: 0, left: 0 };
      return { joined30d: g.joined, left30d: g.left, readers30dAgo: Math.max(0, readers - g.joined + g.left) };
    };
    return {
      all: following[kind].all,
      allGrowth: change('*', following[kind].all),
      byChoice: entries
        .map((e) => ({ id: e.id, label: label(kind, e.id), readers: counts[e.id] ?? 0, ...change(e.id, counts[e.id] ?? 0) }))
        .sort((a, b) => b.readers - a.readers || a.label.localeCompare(b.label)),
    };
  };
  const t = catalog(lang).page;
  return {
    status: 200,
    body: {
      lang,
      now: now.toISOString(),
      feeds,
      queueNow,
      queue24h: (await queueHistory(db, now)).map((p) => ({ at: p.at.toISOString(), lanes: byLane(p) })),
      deliveries7d: (await deliveriesPerHour(db, now)).map((p) => ({ at: p.at.toISOString(), outcomes: p.counts })),
      waits7d: (await rateLimitWaitsPerHour(db, now)).map((p) => ({ at: p.at.toISOString(), seconds: p.counts.seconds ?? 0, hits: p.counts.hits ?? 0 })),
      broadcasts,
      readers: { topics: readers('topics'), regions: readers('regions') },
      growth30d: (await readerGrowth(db, now)).map((d) => ({ day: d.day.toISOString().slice(0, 10), joined: d.joined, left: d.left, active: d.active })),
      // Open ones first, then those that ended in the last 7 days (endedAt set).
      alerts: (await recentAlerts(db, now)).map((a) => ({ kind: a.kind, label: t.alertKinds[a.kind] ?? a.kind, feedId: a.feedId, since: a.since.toISOString(), endedAt: a.endedAt?.toISOString() ?? null })),
    },
  };
}

/** POST api/feeds/<id>/pause|resume: /feeds pause|resume, audited as the command is. */
export async function setFeed(deps: DashboardDeps, user: WebAppUser, feedId: number, verb: 'pause' | 'resume'): Promise<ApiAnswer> {
  const now = deps.now();
  const t = catalog(toLang((await getSubscriber(deps.db, user.id))?.language ?? user.languageCode));
  const feed = await setFeedEnabled(deps.db, feedId, verb === 'resume', now);
  if (!feed) return { status: 404, body: { error: 'unknown-feed', message: t.feedsUnknown(feedId) } };
  await recordAudit(deps.db, user.id, `feed.${verb}`, { feedId, url: feed.url, via: 'webapp' }, now);
  const name = feed.title ?? feed.url;
  return { status: 200, body: { message: verb === 'pause' ? t.feedPaused(feedId, name) : t.feedResumed(feedId, name) } };
}

/** POST api/broadcasts/<id>/cancel: /cancel N, audited as the command is. */
export async function cancel(deps: DashboardDeps, user: WebAppUser, broadcastId: number): Promise<ApiAnswer> {
  const now = deps.now();
  const t = catalog(toLang((await getSubscriber(deps.db, user.id))?.language ?? user.languageCode));
  const result = await cancelBroadcast(deps.db, broadcastId, now);
  switch (result.kind) {
    case 'unknown':
      return { status: 404, body: { error: 'unknown-broadcast', message: t.cancelUnknown(broadcastId) } };
    case 'finished':
      return { status: 409, body: { error: 'finished', message: t.cancelFinished(broadcastId, result.status) } };
    case 'cancelled':
      await recordAudit(deps.db, user.id, 'breaking.cancel', { broadcastId, stopped: result.stopped, via: 'webapp' }, now);
      deps.onChanged?.();
      return { status: 200, body: { message: t.page.cancelled(broadcastId, result.stopped), stopped: result.stopped } };
  }
}
