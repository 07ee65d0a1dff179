import { Menu } from '@grammyjs/menu';
import { removeListValues, toggleListValue, updateSubscriber } from '../../stores/subscribers.js';
import type { HeraldContext } from '../context.js';
import { countryLabel } from '../../readers/taxonomy-view.js';
import { CHECK, chosenOf, onOutdated, remember, type MenuContext } from './shared.js';

/**
 * /regions: a button per region (✅ when chosen) and a › beside it that opens the region's
 * countries, where single countries can be chosen instead of the whole region.
 */
export function regionsMenu(): Menu<HeraldContext> {
  const menu = new Menu<HeraldContext>('rg', { onMenuOutdated: onOutdated });
  menu.dynamic((ctx, range) => {
    const chosen = chosenOf(ctx, (s) => s.regions);
    const countries = chosenOf(ctx, (s) => s.countries);
    for (const region of ctx.reader.taxonomy.regions) {
      range.text(`${chosen.has(region.id) ? CHECK : ''}${region.label[ctx.reader.lang]}`, async (c: MenuContext) => {
        remember(c, await toggleListValue(c.herald.db, c.chat!.id, 'regions', region.id, c.reader.now()));
        c.menu.update();
      });
      const picked = region.countries.filter((code) => countries.has(code)).length;
      range.submenu({ text: picked > 0 ? `${picked} ›` : '›', payload: region.id }, 'rc').row();
    }
    range.text(ctx.reader.t.all, async (c: MenuContext) => {
      remember(c, await updateSubscriber(c.herald.db, c.chat!.id, { regions: c.reader.taxonomy.regions.map((r) => r.id) }, c.reader.now()));
      c.menu.update();
    });
    range.text(ctx.reader.t.none, async (c: MenuContext) => {
      remember(c, await updateSubscriber(c.herald.db, c.chat!.id, { regions: [], countries: [] }, c.reader.now()));
      c.menu.update();
    });
  });

  const countriesMenu = new Menu<HeraldContext>('rc', { onMenuOutdated: onOutdated });
  countriesMenu.dynamic((ctx, range) => {
    const regionId = typeof ctx.match === 'string' ? ctx.match : '';
    const region = ctx.reader.taxonomy.regions.find((r) => r.id === regionId);
    if (!region) {
      range.back(ctx.reader.t.back);
      return;
    }
    const chosen = chosenOf(ctx, (s) => s.countries);
    region.countries.forEach((code, index) => {
      range.text({ text: `${chosen.has(code) ? CHECK : ''}${countryLabel(code, ctx.reader.lang)}`, payload: region.id }, async (c: MenuContext) => {
        remember(c, await toggleListValue(c.herald.db, c.chat!.id, 'countries', code, c.reader.now()));
        c.menu.update();
      });
      if (index % 2 === 1) range.row();
    });
    if (region.countries.length % 2 === 1) range.row();
    range.text({ text: ctx.reader.t.none, payload: region.id }, async (c: MenuContext) => {
      remember(c, await removeListValues(c.herald.db, c.chat!.id, 'countries', [...region.countries], c.reader.now()));
      c.menu.update();
    });
    range.back({ text: ctx.reader.t.back, payload: region.id });
  });
  menu.register(countriesMenu);
  return menu;
}
