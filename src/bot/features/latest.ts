import { Composer } from 'grammy';
import { itemLine, lastLinesThatFit } from '../../delivery/item-list.js';
import { recentItems } from '../../stores/items.js';
import type { HeraldContext } from '../context.js';
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
 * /latest [n]: the last n items matching the reader's choices as one message of linked
 * titles, oldest first. One message, never a burst: the reply goes out at once, outside the
 * sender's pacing, so it must cost Telegram's per-chat limit no more than any other answer.
 */
export function latestFeature(): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  composer.command('latest', async (ctx) => {
    const subscriber = await requireSubscriber(ctx);
    if (!subscriber) return;
    const { t } = ctx.reader;
    const count = parseLatestCount(ctx.match);
    if (count === null) return void (await ctx.reply(t.latestInvalid(LATEST_MAX)));
    const since = new Date(ctx.reader.now().getTime() - LOOKBACK_DAYS * 86_400_000);
    const candidates = await recentItems(ctx.herald.db, { since, limit: CANDIDATES });
    const chosen = candidates.filter((item) => itemMatches(subscriber, item)).slice(0, count).reverse();
    if (chosen.length === 0) return void (await ctx.reply(t.latestNone));
    const lines = chosen.map((item) => itemLine(item));
    // Twenty runaway titles could pass Telegram's limit: then the oldest are left out.
    const fitted = lastLinesThatFit(t.latestTitle(chosen.length), lines);
    const message = fitted.shown === lines.length ? fitted.html : lastLinesThatFit(t.latestTitle(fitted.shown), lines).html;
    await ctx.reply(message, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(ctx.msg?.message_thread_id ? { message_thread_id: ctx.msg.message_thread_id } : {}),
    });
  });
  return composer;
}
