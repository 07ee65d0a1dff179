import type { Subscriber } from '../../stores/subscribers.js';
import type { HeraldContext } from '../context.js';

/** The chat's subscriber, or a pointer to /start (and undefined) when it has none. */
export async function requireSubscriber(ctx: HeraldContext): Promise<Subscriber | undefined> {
  const subscriber = ctx.reader.subscriber;
  if (!subscriber) await ctx.reply(ctx.reader.t.startFirst);
  return subscriber;
}
