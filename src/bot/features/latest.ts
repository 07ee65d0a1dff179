import { Composer } from 'grammy';
import { recentItems } from '../../stores/items.js';
import { enqueueRequestedItems } from '../../stores/deliveries.js';
import type { HeraldContext } from '../context.js';
import { withOtherEditions } from '../../readers/item-languages.js';
import { itemMatches } from '../../readers/matching.js';
import { requireSubscriber } from './subscriber-guard.js';

export const LATEST_DEFAULT = 5;
export const LATEST_MAX = 20;
/** How far back and how many recent items /latest looks through for matches. */
const LOOKBACK_DAYS = 14;
const CANDIDATES = 1000;

/** Reads the n of "/latest n"; anything but a whole number from 1 to LATEST_MAX is refused. */
export function parseLatestCount(input: string): number | null {
  const text = input.trim();
  if (text === '') return LATEST_DEFAULT;
  if (!/^\d{1,3}$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && n <= LATEST_MAX ? n : null;
}

/**
 * /latest [n]: the last n items matching the reader's choices, oldest first, each as the
 * same post the channel and the fan-out send (labels, photo, buttons). They go through the
 * outbox, so the sender paces them like every other message: never a burst outside
 * Telegram's limits, and a reader who blocked the bot meanwhile is handled like any other.
 */
export function latestFeature(): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  composer.command('latest', async (ctx) => {
    const subscriber = await requireSubscriber(ctx);
    if (!subscriber) return;
    const { t } = ctx.reader;
    const count = parseLatestCount(ctx.match);
    if (count === null) return void (await ctx.reply(t.latestInvalid(LATEST_MAX)));
    const now = ctx.reader.now();
    const since = new Date(now.getTime() - LOOKBACK_DAYS * 86_400_000);
    const candidates = await recentItems(ctx.herald.db, { since, limit: CANDIDATES });
    // Each story once, in the reader's preferred language among the editions listed.
    const chosen = withOtherEditions(candidates).filter((item) => itemMatches(subscriber, item)).slice(0, count).reverse();
    if (chosen.length === 0) return void (await ctx.reply(t.latestNone));
    const chat = { chatId: String(ctx.chat!.id), threadId: ctx.msg?.message_thread_id ?? null };
    await enqueueRequestedItems(ctx.herald.db, chat, chosen.map((item) => item.id), now);
    ctx.herald.queued();
  });
  return composer;
}
