/**
 * A reader chooses the languages of news they receive (issue #17): offered on onboarding's
 * closing message, in /settings, and kept on the reader. Never chosen, the choice is the
 * interface language and follows it; the last language cannot be taken away; forged
 * buttons change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flatButtons, startWorld, type World } from '../subscribers/support/world.js';
import { seedReader } from '../subscribers/support/readers.js';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

describe('choosing the languages of news', () => {
  it('onboarding offers them under its closing message: the interface language by default, a tap adds or removes one', async () => {
    const reader = world.api.addUser({ first_name: 'Rauf', language_code: 'ru' });
    const [topics] = await world.command(reader.id, 'start');
    const [regions] = await world.press(reader.id, topics!, { text: 'Далее ›' });
    const [mode] = await world.press(reader.id, regions!, { text: 'Далее ›' });
    const [done] = await world.press(reader.id, mode!, { text: flatButtons(mode!)[0]! });
    expect(done?.text).toContain('Новости приходят вам на языках: русский');
    expect(flatButtons(done!)).toEqual(['английский', '✅ русский', 'азербайджанский']);
    expect((await world.subscriber(reader.id))?.itemLanguages).toEqual([]);

    await world.press(reader.id, done!, { text: 'английский' });
    expect(flatButtons(world.current(done!))).toEqual(['✅ английский', '✅ русский', 'азербайджанский']);
    expect((await world.subscriber(reader.id))?.itemLanguages).toEqual(['ru', 'en']);

    await world.press(reader.id, world.current(done!), { text: '✅ русский' });
    expect((await world.subscriber(reader.id))?.itemLanguages).toEqual(['en']);

    // The last language stays, with the reason in an alert.
    const { update, queryId } = world.api.pressButton(reader.id, world.current(done!), { text: '✅ английский' });
    await world.handled(update);
    expect(world.api.callbackQuery(queryId)?.answer).toMatchObject({ show_alert: true, text: expect.stringContaining('хотя бы один язык') });
    expect((await world.subscriber(reader.id))?.itemLanguages).toEqual(['en']);
  });

  it('forged language buttons change nothing and are answered', async () => {
    const reader = world.api.addUser();
    await seedReader(world.db, reader.id, {});
    const [settings] = await world.command(reader.id, 'settings');
    for (const data of ['il:de', 'il:xx', 'il:EN', 'il:en;drop', 'il:', 'il:ru ']) {
      const { update, queryId } = world.api.pressButton(reader.id, settings!, { data }, { force: true });
      await world.handled(update);
      expect(world.api.callbackQuery(queryId)?.answer, data).toBeDefined();
    }
    expect((await world.subscriber(reader.id))?.itemLanguages).toEqual([]);
  });

  it('/settings has them in a menu; a reader who never chose follows their interface language', async () => {
    const reader = world.api.addUser();
    await seedReader(world.db, reader.id, {});
    const [settings] = await world.command(reader.id, 'settings');
    expect(flatButtons(settings!)).toContain('📰 News in: English ›');

    await world.press(reader.id, settings!, { text: '📰 News in: English ›' });
    expect(flatButtons(world.current(settings!))).toEqual(['✅ English', 'Russian', 'Azerbaijani', '‹ Back']);
    await world.press(reader.id, world.current(settings!), { text: 'Azerbaijani' });
    expect(flatButtons(world.current(settings!))).toEqual(['✅ English', 'Russian', '✅ Azerbaijani', '‹ Back']);
    expect((await world.subscriber(reader.id))?.itemLanguages).toEqual(['en', 'az']);
    await world.press(reader.id, world.current(settings!), { text: '‹ Back' });
    expect(flatButtons(world.current(settings!))).toContain('📰 News in: English, Azerbaijani ›');

    // Back to English alone: stored as "my interface language", which then follows the interface.
    await world.press(reader.id, world.current(settings!), { text: '📰 News in: English, Azerbaijani ›' });
    await world.press(reader.id, world.current(settings!), { text: '✅ Azerbaijani' });
    expect((await world.subscriber(reader.id))?.itemLanguages).toEqual([]);
    await world.press(reader.id, world.current(settings!), { text: '‹ Back' });
    await world.press(reader.id, world.current(settings!), { text: 'Язык: русский' });
    expect(flatButtons(world.current(settings!))).toContain('📰 Новости на языках: русский ›');
  });
});
