/**
 * The Mini App's reader settings (issue #17): the languages of news are read and saved with
 * the other choices, the preview follows them, and a forged list changes nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getSubscriber } from '../../src/stores/subscribers.js';
import type { FakeUser } from '../helpers/fake-bot-api.js';
import { storeClassified } from '../subscribers/support/items.js';
import { ensurePagesBuilt, startWebWorld, type WebWorld } from '../webapp/support.js';

let web: WebWorld;
let reader: FakeUser;

beforeAll(async () => {
  await ensurePagesBuilt();
  web = await startWebWorld({ sender: false });
  await storeClassified(
    web.world.db,
    [
      { title: 'Pipeline deal signed in Baku', language: 'en' },
      { title: 'В Баку подписано соглашение о трубопроводе', language: 'ru' },
      { title: 'Bakıda boru kəməri sazişi imzalanıb', language: 'az' },
    ],
    web.world.clock.now(),
  );
}, 120_000);
afterAll(async () => {
  await web?.close();
});
beforeEach(async () => {
  reader = web.world.api.addUser({ first_name: 'Nigar' });
  await web.subscribe(reader);
});

const me = async () => (await web.api('GET', 'me', { initData: web.sign(reader) })).json;
const save = async (changes: Record<string, unknown>) => {
  const current = await me();
  return web.api('PUT', 'settings', { initData: web.sign(reader), body: { version: current.version, ...current.settings, ...changes } });
};
const previewTitles = async (body: Record<string, unknown>) => {
  const res = await web.api('POST', 'preview', { initData: web.sign(reader), body: { topics: [], regions: [], countries: [], keywords: [], ...body } });
  expect(res.status).toBe(200);
  return (res.json.items as { title: string }[]).map((i) => i.title).sort();
};

describe('languages of news on the settings page', () => {
  it('are none chosen (the page language) at first, saved as chosen, and "just my language" is stored as none', async () => {
    expect((await me()).settings.itemLanguages).toEqual([]);
    const saved = await save({ itemLanguages: ['ru', 'en'] });
    expect(saved.status).toBe(200);
    expect(saved.json.settings.itemLanguages).toEqual(['ru', 'en']);
    expect((await getSubscriber(web.world.db, reader.id))?.itemLanguages).toEqual(['ru', 'en']);

    expect((await save({ itemLanguages: ['en'] })).json.settings.itemLanguages).toEqual([]);
    // A page that does not send them changes nothing.
    await save({ itemLanguages: ['az'] });
    const { itemLanguages: _dropped, ...withoutLanguages } = (await me()).settings;
    const res = await web.api('PUT', 'settings', { initData: web.sign(reader), body: { version: (await me()).version, ...withoutLanguages, mode: 'digest' } });
    expect(res.status).toBe(200);
    expect((await getSubscriber(web.world.db, reader.id))?.itemLanguages).toEqual(['az']);
  });

  it('refuses an unknown language, a repeated list or a wrong shape, changing nothing', async () => {
    await save({ itemLanguages: ['ru'] });
    for (const itemLanguages of [['de'], ['en', 'ru', 'az', 'en'], 'en', [null], ['EN'], ['en; drop table subscribers']]) {
      const res = await save({ itemLanguages });
      expect(res.status, JSON.stringify(itemLanguages)).toBe(400);
      expect(res.json.field, JSON.stringify(itemLanguages)).toBe('itemLanguages');
    }
    expect((await getSubscriber(web.world.db, reader.id))?.itemLanguages).toEqual(['ru']);
  });

  it('the preview shows the items of the languages being chosen, else of the stored choice', async () => {
    expect(await previewTitles({})).toEqual(['Pipeline deal signed in Baku']);
    expect(await previewTitles({ itemLanguages: ['ru', 'az'] })).toEqual(['Bakıda boru kəməri sazişi imzalanıb', 'В Баку подписано соглашение о трубопроводе']);
    await save({ itemLanguages: ['az'] });
    expect(await previewTitles({})).toEqual(['Bakıda boru kəməri sazişi imzalanıb']);
  });
});
