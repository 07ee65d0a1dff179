import { Composer } from 'grammy';
import { listForumRoutes, removeForumRoute, setForumRoute, type RouteKind } from '../../stores/forum-routes.js';
import type { HeraldContext } from '../context.js';
import { regionLabel, topicLabel, type TaxonomyView } from '../../readers/taxonomy-view.js';

/**
 * Forum groups: /route <topic or region>, sent inside a forum topic, makes that forum topic
 * receive everything about it; /unroute <topic or region> undoes it; /route alone lists the
 * group's routes. The group's admins only (groups.ts guards both commands).
 */
export function forumRoutesFeature(): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  const groups = composer.chatType(['group', 'supergroup']);

  groups.command('route', async (ctx) => {
    const { t, taxonomy, lang } = ctx.reader;
    const { thread, reply } = inThread(ctx);
    if (!ctx.reader.subscriber) return void (await reply(t.startFirst));
    const arg = ctx.match.trim();
    if (!arg) {
      const routes = await listForumRoutes(ctx.herald.db, ctx.chat.id);
      const lines = routes.map((r) => ({ label: labelOf(taxonomy, r.kind, r.value, lang), here: r.threadId === thread, threadId: r.threadId }));
      return void (await reply(t.routeList(lines)));
    }
    if (!ctx.chat.is_forum || thread === null) return void (await reply(t.routeNotInTopic));
    const target = findTopicOrRegion(taxonomy, arg);
    if (!target) return void (await reply(t.routeUnknown(arg.slice(0, 60))));
    await setForumRoute(ctx.herald.db, ctx.chat.id, { ...target, threadId: thread }, ctx.reader.now());
    await reply(t.routeSet(labelOf(taxonomy, target.kind, target.value, lang)));
  });

  groups.command('unroute', async (ctx) => {
    const { t, taxonomy, lang } = ctx.reader;
    const { reply } = inThread(ctx);
    if (!ctx.reader.subscriber) return void (await reply(t.startFirst));
    const arg = ctx.match.trim();
    const target = arg ? findTopicOrRegion(taxonomy, arg) : null;
    if (!target) return void (await reply(arg ? t.routeUnknown(arg.slice(0, 60)) : t.unrouteUsage));
    const removed = await removeForumRoute(ctx.herald.db, ctx.chat.id, target.kind, target.value);
    const label = labelOf(taxonomy, target.kind, target.value, lang);
    await reply(removed ? t.routeRemoved(label) : t.routeNone(label));
  });

  return composer;
}

/** The forum topic the command was sent in (null in General or a plain group), and a reply into it. */
function inThread(ctx: HeraldContext) {
  const thread = ctx.msg?.is_topic_message ? (ctx.msg.message_thread_id ?? null) : null;
  const reply = (text: string) => ctx.reply(text, { parse_mode: 'HTML', ...(thread ? { message_thread_id: thread } : {}) });
  return { thread, reply };
}

function labelOf(taxonomy: TaxonomyView, kind: RouteKind, value: string, lang: 'en' | 'ru'): string {
  return kind === 'topic' ? topicLabel(taxonomy, value, lang) : regionLabel(taxonomy, value, lang);
}

/** "energy", "Energy", "#Energy", "central-asia", "Central Asia", "Центральная Азия": one topic or region, else null. */
function findTopicOrRegion(taxonomy: TaxonomyView, text: string): { kind: RouteKind; value: string } | null {
  const wanted = normalise(text);
  if (!wanted) return null;
  const matches = (entry: { id: string; label: Readonly<Record<string, string>> }) =>
    normalise(entry.id) === wanted || Object.values(entry.label).some((label) => normalise(label) === wanted);
  const topic = taxonomy.topics.find(matches);
  if (topic) return { kind: 'topic', value: topic.id };
  const region = taxonomy.regions.find(matches);
  return region ? { kind: 'region', value: region.id } : null;
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/^#/, '').replace(/[\s_-]+/g, '').trim();
}
