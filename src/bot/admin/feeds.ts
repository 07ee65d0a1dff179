import { Composer } from 'grammy';
import { escapeHtml } from '../../html.js';
import type { FeedRow } from '../../db/schema.js';
import { recordAudit } from '../../stores/audit.js';
import { addFeed, removeFeed, setFeedEnabled, setFeedSection } from '../../stores/feed-admin.js';
import { listFeeds } from '../../stores/feeds.js';
import { itemsPerDayByFeed } from '../../stores/stats.js';
import type { HeraldContext } from '../context.js';
import type { AdminDeps } from './deps.js';
import { checkFeedAddress } from './feed-check.js';

const USAGE = [
  '/feeds: the list with each feed’s health',
  '/feeds add <address> [section]',
  '/feeds pause <id>, /feeds resume <id>, /feeds remove <id>',
  '/feeds section <id> <section>',
].join('\n');

const SECTION = /^[a-z][a-z0-9-]{0,29}$/;

/** /feeds: the list with health, and add, pause, resume, remove, section. */
export function feedsFeature(deps: AdminDeps): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  composer.chatType('private').command('feeds', async (ctx) => {
    const [verb, ...args] = ctx.match.trim().split(/\s+/).filter(Boolean);
    const now = deps.now();
    const audit = (action: string, details: Record<string, unknown>) => recordAudit(deps.db, ctx.from.id, action, details, now);
    if (!verb) {
      await audit('feeds.view', {});
      return ctx.reply(await feedList(deps, now), { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    }

    if (verb === 'add') {
      const [address, section, ...extra] = args;
      if (!address || extra.length > 0) return ctx.reply(`Usage: /feeds add <address> [section]\n\n${USAGE}`);
      if (section !== undefined && !SECTION.test(section)) return ctx.reply(sectionProblem(section));
      await ctx.reply('Checking that address…');
      const check = await checkFeedAddress(address, deps.fetchFeed, now);
      if (!check.ok) return ctx.reply(`${check.reason}\n\nNothing was added.`);
      const result = await addFeed(deps.db, { url: check.url, title: check.title, section: section ?? null, language: check.language }, now);
      if (result.kind === 'exists') return ctx.reply(`That feed is already on the list as #${result.feed.id}.`);
      await audit('feed.add', { feedId: result.feed.id, url: check.url, section: section ?? null });
      const found = check.url === address ? '' : ` (found through ${address})`;
      return ctx.reply(`Added feed #${result.feed.id}: ${check.title ?? check.url}${found}, ${check.entries} items now. Its first poll records them and posts only the newest.`, { link_preview_options: { is_disabled: true } });
    }

    if (verb === 'pause' || verb === 'resume' || verb === 'remove' || verb === 'section') {
      const [idText, value, ...extra] = args;
      const id = idText && /^#?\d{1,9}$/.test(idText) ? Number(idText.replace('#', '')) : null;
      const needsValue = verb === 'section';
      if (id === null || (needsValue ? value === undefined || extra.length > 0 : value !== undefined)) {
        return ctx.reply(`Usage: /feeds ${verb} <id>${needsValue ? ' <section>' : ''} (ids are in /feeds)\n\n${USAGE}`);
      }
      if (verb === 'section' && !SECTION.test(value!)) return ctx.reply(sectionProblem(value!));
      const feed =
        verb === 'pause' ? await setFeedEnabled(deps.db, id, false, now)
        : verb === 'resume' ? await setFeedEnabled(deps.db, id, true, now)
        : verb === 'remove' ? await removeFeed(deps.db, id)
        : await setFeedSection(deps.db, id, value!);
      if (!feed) return ctx.reply(`There is no feed #${id}. See /feeds for the ids.`);
      await audit(`feed.${verb}`, { feedId: id, url: feed.url, ...(verb === 'section' ? { section: value } : {}) });
      const name = feed.title ?? feed.url;
      const done = { pause: 'paused: it will not be fetched until /feeds resume', resume: 'resumed: it is fetched at the next poll', remove: 'removed, with its stored items', section: `now in section “${value}”` }[verb];
      return ctx.reply(`Feed #${id} (${name}) ${done}.`, { link_preview_options: { is_disabled: true } });
    }
    return ctx.reply(USAGE);
  });
  return composer;
}

function sectionProblem(section: string): string {
  return `“${section.slice(0, 40)}” is not a section name: use lower-case letters, digits and dashes, such as news or analytics.`;
}

async function feedList(deps: AdminDeps, now: Date): Promise<string> {
  const feeds = await listFeeds(deps.db);
  if (feeds.length === 0) return `No feeds yet.\n\n${escapeHtml(USAGE)}`;
  const perDay = await itemsPerDayByFeed(deps.db, now);
  return [`<b>Feeds</b> (${feeds.length})`, ...feeds.map((f) => feedLine(f, perDay.get(f.id) ?? 0, now)), '', escapeHtml(USAGE)].join('\n\n');
}

export function feedLine(feed: FeedRow, itemsPerDay: number, now: Date): string {
  const state = !feed.enabled ? '⏸ paused' : feed.consecutive_failures > 0 ? `⚠️ failing (${feed.consecutive_failures} in a row)` : feed.last_success_at ? '✅ healthy' : '🕓 not fetched yet';
  const lines = [
    `<b>#${feed.id}</b> ${escapeHtml(feed.title ?? feed.url)} ${state}`,
    escapeHtml(feed.url),
    `section ${escapeHtml(feed.section ?? 'news')} · last success ${ago(feed.last_success_at, now)} · ${itemsPerDay.toFixed(1)} items/day`,
  ];
  if (feed.last_error && feed.consecutive_failures > 0) lines.push(`last error: ${escapeHtml(feed.last_error.slice(0, 200))}`);
  return lines.join('\n');
}

function ago(at: Date | null, now: Date): string {
  if (!at) return 'never';
  const minutes = Math.max(0, Math.round((now.getTime() - at.getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h ago`;
  return `${Math.round(minutes / 1440)} days ago`;
}
