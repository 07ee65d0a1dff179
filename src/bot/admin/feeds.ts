import { Composer } from 'grammy';
import { escapeHtml } from '../../html.js';
import type { Db } from '../../db/create-db.js';
import type { Catalog } from '../../i18n/index.js';
import { recordAudit } from '../../stores/audit.js';
import { addFeed, removeFeed, setFeedEnabled, setFeedSection } from '../../stores/feed-admin.js';
import { listFeeds, type Feed } from '../../stores/feeds.js';
import { itemsPerDayByFeed } from '../../stores/stats.js';
import type { HeraldContext } from '../context.js';
import type { AdminDeps } from './deps.js';
import { checkFeedAddress } from './feed-check.js';

const SECTION = /^[a-z][a-z0-9-]{0,29}$/;

/** /feeds: the list with health, and add, pause, resume, remove, section. */
export function feedsFeature(deps: Pick<AdminDeps, 'fetchFeed'>): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  composer.chatType('private').command('feeds', async (ctx) => {
    const { db } = ctx.herald;
    const { t } = ctx.reader;
    const [verb, ...args] = ctx.match.trim().split(/\s+/).filter(Boolean);
    const now = ctx.reader.now();
    const audit = (action: string, details: Record<string, unknown>) => recordAudit(db, ctx.from.id, action, details, now);
    if (!verb) {
      await audit('feeds.view', {});
      return ctx.reply(await feedList(db, t, now), { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    }

    if (verb === 'add') {
      const [address, section, ...extra] = args;
      if (!address || extra.length > 0) return ctx.reply(`${t.feedsAddUsage}\n\n${t.feedsUsage}`);
      if (section !== undefined && !SECTION.test(section)) return ctx.reply(t.feedsBadSection(section.slice(0, 40)));
      await ctx.reply(t.feedsChecking);
      const check = await checkFeedAddress(address, deps.fetchFeed, now, t);
      if (!check.ok) return ctx.reply(t.feedsNotAdded(check.reason));
      const result = await addFeed(db, { url: check.url, title: check.title, section: section ?? null, language: check.language }, now);
      if (result.kind === 'exists') return ctx.reply(t.feedsExists(result.feed.id));
      await audit('feed.add', { feedId: result.feed.id, url: check.url, section: section ?? null });
      const added = { id: result.feed.id, name: check.title ?? check.url, via: check.url === address ? null : address, entries: check.entries };
      return ctx.reply(t.feedsAdded(added), { link_preview_options: { is_disabled: true } });
    }

    if (verb === 'pause' || verb === 'resume' || verb === 'remove' || verb === 'section') {
      const [idText, value, ...extra] = args;
      const id = idText && /^#?\d{1,9}$/.test(idText) ? Number(idText.replace('#', '')) : null;
      const needsValue = verb === 'section';
      if (id === null || (needsValue ? value === undefined || extra.length > 0 : value !== undefined)) {
        return ctx.reply(`${t.feedsIdUsage(verb)}\n\n${t.feedsUsage}`);
      }
      if (verb === 'section' && !SECTION.test(value!)) return ctx.reply(t.feedsBadSection(value!.slice(0, 40)));
      const feed =
        verb === 'pause' ? await setFeedEnabled(db, id, false, now)
        : verb === 'resume' ? await setFeedEnabled(db, id, true, now)
        : verb === 'remove' ? await removeFeed(db, id)
        : await setFeedSection(db, id, value!);
      if (!feed) return ctx.reply(t.feedsUnknown(id));
      await audit(`feed.${verb}`, { feedId: id, url: feed.url, ...(verb === 'section' ? { section: value } : {}) });
      const name = feed.title ?? feed.url;
      const done =
        verb === 'pause' ? t.feedPaused(id, name)
        : verb === 'resume' ? t.feedResumed(id, name)
        : verb === 'remove' ? t.feedRemoved(id, name)
        : t.feedSectionSet(id, name, value!);
      return ctx.reply(done, { link_preview_options: { is_disabled: true } });
    }
    return ctx.reply(t.feedsUsage);
  });
  return composer;
}

async function feedList(db: Db, t: Catalog, now: Date): Promise<string> {
  const feeds = await listFeeds(db);
  if (feeds.length === 0) return `${t.feedsNone}\n\n${escapeHtml(t.feedsUsage)}`;
  const perDay = await itemsPerDayByFeed(db, now);
  return [t.feedsTitle(feeds.length), ...feeds.map((f) => feedLine(t, f, perDay.get(f.id) ?? 0, now)), '', escapeHtml(t.feedsUsage)].join('\n\n');
}

/** One feed and its health (Telegram HTML). */
export function feedLine(t: Catalog, feed: Feed, itemsPerDay: number, now: Date): string {
  const failing = feed.consecutiveFailures > 0;
  return t.feedLine({
    id: feed.id,
    name: feed.title ?? feed.url,
    url: feed.url,
    state: !feed.enabled ? 'paused' : failing ? 'failing' : feed.lastSuccessAt ? 'healthy' : 'new',
    failures: feed.consecutiveFailures,
    section: feed.section ?? 'news',
    lastSuccessMinutes: feed.lastSuccessAt ? Math.max(0, Math.round((now.getTime() - feed.lastSuccessAt.getTime()) / 60_000)) : null,
    itemsPerDay,
    lastError: feed.lastError && failing ? feed.lastError.slice(0, 200) : null,
  });
}
