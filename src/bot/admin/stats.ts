import { Composer } from 'grammy';
import { escapeHtml } from '../../html.js';
import { recordAudit } from '../../stores/audit.js';
import { readStats, type Stats } from '../../stores/stats.js';
import type { HeraldContext } from '../context.js';
import type { AdminDeps } from './deps.js';

/** /stats: readers and growth, the last day's deliveries, 429 waits, most followed choices. */
export function statsFeature(deps: AdminDeps): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  composer.chatType('private').command('stats', async (ctx) => {
    const stats = await readStats(deps.db, deps.now());
    await recordAudit(deps.db, ctx.from.id, 'stats.view', {}, deps.now());
    return ctx.reply(formatStats(stats), { parse_mode: 'HTML' });
  });
  return composer;
}

export function formatStats(s: Stats): string {
  const r = s.readers;
  const outcomes = Object.entries(s.deliveries24h).sort(([a], [b]) => a.localeCompare(b));
  const list = (entries: { name: string; readers: number }[]) => (entries.length === 0 ? 'none yet' : entries.map((e) => `${escapeHtml(e.name)} ${e.readers}`).join(', '));
  return [
    '<b>Readers</b>',
    `active ${r.active} · stopped ${r.stopped} · blocked ${r.blocked}`,
    `new: ${r.newLastDay} today, ${r.newLastWeek} this week · left this week: ${r.lostLastWeek}`,
    '',
    '<b>Deliveries, last 24 h</b>',
    outcomes.length === 0 ? 'none' : outcomes.map(([status, n]) => `${status} ${n}`).join(' · '),
    `waiting on Telegram’s rate limit (429): ${Math.round(s.rateLimitWaitSeconds24h)} s`,
    '',
    `<b>Most followed topics</b>: ${list(s.topTopics)}`,
    `<b>Most followed regions</b>: ${list(s.topRegions)}`,
  ].join('\n');
}
