import { Composer } from 'grammy';
import type { HeraldContext } from '../context.js';
import { regionsMenu } from '../menus/regions-menu.js';
import { requireSubscriber } from './subscriber-guard.js';

export function regionsFeature(): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  const menu = regionsMenu();
  composer.use(menu);
  composer.command('regions', async (ctx) => {
    if (!(await requireSubscriber(ctx))) return;
    await ctx.reply(ctx.reader.t.regionsTitle, { parse_mode: 'HTML', reply_markup: menu });
  });
  return composer;
}
