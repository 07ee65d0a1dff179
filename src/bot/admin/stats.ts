import { Composer } from 'grammy';
import type { Catalog } from '../../i18n/index.js';
import { recordAudit } from '../../stores/audit.js';
import { readStats, type Stats } from '../../stores/stats.js';
import type { HeraldContext } from '../context.js';

/** /stats: readers and growth, the last day's deliveries, 429 waits, each channel's posts, most followed choices. */
export function statsFeature(): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  composer.chatType('private').command('stats', async (ctx) => {
    const { db } = ctx.herald;
    const stats = await readStats(db, ctx.reader.now());
    await recordAudit(db, ctx.from.id, 'stats.view', {}, ctx.reader.now());
    return ctx.reply(formatStats(ctx.reader.t, stats), { parse_mode: 'HTML' });
  });
  return composer;
}

export function formatStats(t: Catalog, s: Stats): string {
  return t.statsReport({
    readers: s.readers,
    deliveries: Object.entries(s.deliveries24h).sort(([a], [b]) => a.localeCompare(b)),
    rateLimitWaitSeconds: s.rateLimitWaitSeconds24h,
    topTopics: s.topTopics,
    topRegions: s.topRegions,
    channels: s.channels.map((c) => ({ id: c.id, name: c.name, paused: c.paused, sent: c.sent24h, waiting: c.waiting })),
  });
}
