import type { MiddlewareFn } from 'grammy';
import type { HeraldContext } from '../context.js';

export interface RateLimitOptions {
  /** Messages a reader may send back to back; button presses get three times as many. */
  burst: number;
  /** How many more are allowed per second after the burst (presses: three times as many). */
  perSecond: number;
  now: () => Date;
}

/** Taps on menus come faster than typed commands; they get a larger allowance of their own. */
const PRESS_FACTOR = 3;

interface Bucket {
  tokens: number;
  at: number;
  warned: boolean;
  factor: number;
}

/**
 * Per-user token bucket for messages and button presses. The first update over the limit
 * gets one polite answer; the rest are dropped until the bucket refills, so a flood costs
 * Herald one reply, not one per message. Buckets live in this closure (one per bot).
 */
export function rateLimit(options: RateLimitOptions): MiddlewareFn<HeraldContext> {
  const buckets = new Map<string, Bucket>();
  let lastSweep = 0;
  return async (ctx, next) => {
    const userId = ctx.from?.id;
    if (userId === undefined || !(ctx.message || ctx.callbackQuery)) return next();
    const now = options.now().getTime();
    sweep(now);
    const factor = ctx.callbackQuery ? PRESS_FACTOR : 1;
    const burst = options.burst * factor;
    const key = `${userId}:${ctx.callbackQuery ? 'press' : 'message'}`;
    const bucket = buckets.get(key) ?? { tokens: burst, at: now, warned: false, factor };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * options.perSecond * factor);
    bucket.at = now;
    buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.warned = false;
      return next();
    }
    ctx.herald.log.info({ userId }, 'rate limited');
    // The polite answer is a courtesy: if Telegram refuses it (a press too old to answer, a
    // network failure) the update is still dropped, and the failure is only logged.
    const unanswered = (error: unknown) => ctx.herald.log.warn({ err: error, userId }, 'could not tell a user they are rate limited');
    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery({ text: ctx.reader.t.rateLimited }).catch(unanswered);
      return;
    }
    if (!bucket.warned) {
      bucket.warned = true;
      await ctx.reply(ctx.reader.t.rateLimited).catch(unanswered);
    }
  };

  /** Forgets full buckets now and then, so the map holds only recently active users. */
  function sweep(now: number): void {
    if (now - lastSweep < 60_000) return;
    lastSweep = now;
    for (const [id, bucket] of buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * options.perSecond * bucket.factor >= options.burst * bucket.factor) buckets.delete(id);
    }
  }
}
