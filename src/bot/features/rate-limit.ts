import type { MiddlewareFn } from 'grammy';
import { forgetIdleAllowances, takeAllowance } from '../../stores/rate-limits.js';
import type { HeraldContext } from '../context.js';

export interface RateLimitOptions {
  /** Messages a reader may send back to back; button presses get three times as many. */
  burst: number;
  /** How many more are allowed per second after the burst (presses: three times as many). */
  perSecond: number;
  now: () => Date;
}

/** Taps on menus come faster than typed commands; they get a larger allowance of their own. */
export const PRESS_FACTOR = 3;

/** Allowances untouched this long (or until full, when longer) are deleted, at most once per SWEEP_EVERY_MS from here. */
const IDLE_ALLOWANCE_MS = 3600_000;
const SWEEP_EVERY_MS = 10 * 60_000;

/**
 * Per-user token bucket for messages and button presses. The first update over the limit
 * gets one polite answer; the rest are dropped until the bucket refills, so a flood costs
 * Herald one reply, not one per message. The buckets are rows in the database
 * (stores/rate-limits.ts): every instance behind the webhook draws on the same ones, and the
 * Mini App's requests draw on the presses' bucket.
 */
export function rateLimit(options: RateLimitOptions): MiddlewareFn<HeraldContext> {
  let lastSweep = 0;
  return async (ctx, next) => {
    const userId = ctx.from?.id;
    if (userId === undefined || !(ctx.message || ctx.callbackQuery)) return next();
    const now = options.now();
    const { db } = ctx.herald;
    if (now.getTime() - lastSweep >= SWEEP_EVERY_MS) {
      lastSweep = now.getTime();
      await forgetIdleAllowances(db, new Date(now.getTime() - Math.max(IDLE_ALLOWANCE_MS, (options.burst / options.perSecond) * 1000)));
    }
    const factor = ctx.callbackQuery ? PRESS_FACTOR : 1;
    const allowance = { burst: options.burst * factor, perSecond: options.perSecond * factor };
    const taken = await takeAllowance(db, userId, ctx.callbackQuery ? 'press' : 'message', allowance, now);
    if (taken.allowed) return next();
    ctx.herald.log.info({ userId }, 'rate limited');
    // The polite answer is a courtesy: if Telegram refuses it (a press too old to answer, a
    // network failure) the update is still dropped, and the failure is only logged.
    const unanswered = (error: unknown) => ctx.herald.log.warn({ err: error, userId }, 'could not tell a user they are rate limited');
    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery({ text: ctx.reader.t.rateLimited }).catch(unanswered);
      return;
    }
    if (taken.firstRefusal) await ctx.reply(ctx.reader.t.rateLimited).catch(unanswered);
  };
}
