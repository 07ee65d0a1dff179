import { Composer } from 'grammy';
import type { HeraldContext } from '../context.js';

export function startFeature(): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  composer.chatType('private').command('start', async (ctx) => {
    await ctx.reply('Welcome to Herald. You will receive new articles here as they are published. Send /help to see what I can do.');
  });
  return composer;
}
