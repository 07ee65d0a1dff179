import { Composer } from 'grammy';
import type { HeraldContext } from '../context.js';

/**
 * Last in the chain: in a private chat, an unknown command or free text gets a short
 * pointer to /help. In groups Herald stays silent rather than answer every message.
 */
export function fallbackFeature(): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  composer.chatType('private').on('message', (ctx) => ctx.reply(ctx.reader.t.fallback));
  // A button nobody knows any more (an old message, a removed feature): say so instead of spinning.
  composer.on('callback_query', (ctx) => ctx.answerCallbackQuery({ text: ctx.reader.t.confirmationExpired }));
  return composer;
}
