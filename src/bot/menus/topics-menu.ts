import { Menu } from '@grammyjs/menu';
import { toggleListValue, updateSubscriber } from '../../stores/subscribers.js';
import type { HeraldContext } from '../context.js';
import { CHECK, chosenOf, onOutdated, remember, type MenuContext } from './shared.js';

/** /topics: one button per topic (✅ when chosen), All and None; every tap is saved and the message redrawn. */
export function topicsMenu(): Menu<HeraldContext> {
  const menu = new Menu<HeraldContext>('tp', { onMenuOutdated: onOutdated });
  menu.dynamic((ctx, range) => {
    const chosen = chosenOf(ctx, (s) => s.topics);
    ctx.reader.taxonomy.topics.forEach((topic, index) => {
      range.text(`${chosen.has(topic.id) ? CHECK : ''}${topic.label[ctx.reader.lang]}`, async (c: MenuContext) => {
        remember(c, await toggleListValue(c.herald.db, c.chat!.id, 'topics', topic.id, c.reader.now()));
        c.menu.update();
      });
      if (index % 2 === 1) range.row();
    });
    if (ctx.reader.taxonomy.topics.length % 2 === 1) range.row();
    range.text(ctx.reader.t.all, async (c: MenuContext) => {
      remember(c, await updateSubscriber(c.herald.db, c.chat!.id, { topics: c.reader.taxonomy.topics.map((t) => t.id) }, c.reader.now()));
      c.menu.update();
    });
    range.text(ctx.reader.t.none, async (c: MenuContext) => {
      remember(c, await updateSubscriber(c.herald.db, c.chat!.id, { topics: [] }, c.reader.now()));
      c.menu.update();
    });
  });
  return menu;
}
