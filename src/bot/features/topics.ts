import { Composer } from 'grammy';
import type { HeraldContext } from '../context.js';
import { topicsMenu } from '../menus/topics-menu.js';
import { requireSubscriber } from './subscriber-guard.js';

export function topicsFeature(): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  const menu = topicsMenu();
  composer.use(menu);
  composer.command('topics', async (ctx) => {
    if (!(await requireSubscriber(ctx))) return;
    await ctx.reply(ctx.reader.t.topicsTitle, { parse_mode: 'HTML', reply_markup: menu });
  });
  return composer;
}
