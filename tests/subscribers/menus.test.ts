import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedReader } from './support/readers.js';
import { buttonsOf, flatButtons, startWorld, type World } from './support/world.js';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

describe('/topics and /regions menus', () => {
  it('toggles a topic per tap, saves it, and edits the same message in place; All and None too', async () => {
    const { api } = world;
    const reader = api.addUser();
    await seedReader(world.db, reader.id);
    const [menu] = await world.command(reader.id, 'topics');
    expect(menu?.text).toContain('Topics');
    expect(buttonsOf(menu!)).toEqual([['Energy', 'Security & defence'], ['Economy', 'Sport'], ['All', 'None']]);

    const added = await world.press(reader.id, menu!, { text: 'Sport' });
    expect(added).toEqual([]); // no new message: the menu was edited
    expect((await world.subscriber(reader.id))?.topics).toEqual(['sport']);
    expect(flatButtons(world.current(menu!))).toContain('✅ Sport');
    expect(api.callsOf('editMessageReplyMarkup').at(-1)?.params.message_id).toBe(menu!.message_id);

    await world.press(reader.id, world.current(menu!), { text: '✅ Sport' });
    expect((await world.subscriber(reader.id))?.topics).toEqual([]);
    expect(flatButtons(world.current(menu!))).toContain('Sport');

    await world.press(reader.id, world.current(menu!), { text: 'All' });
    expect((await world.subscriber(reader.id))?.topics).toEqual(['energy', 'security-defence', 'economy', 'sport']);
    expect(flatButtons(world.current(menu!)).filter((b) => b.startsWith('✅'))).toHaveLength(4);

    await world.press(reader.id, world.current(menu!), { text: 'None' });
    expect((await world.subscriber(reader.id))?.topics).toEqual([]);
    expect(flatButtons(world.current(menu!)).some((b) => b.startsWith('✅'))).toBe(false);
  });

  it('a press on an older menu message still works when it is current, and redraws with a reason when not', async () => {
    const { api } = world;
    const reader = api.addUser();
    await seedReader(world.db, reader.id);
    const [older] = await world.command(reader.id, 'topics');
    const [newer] = await world.command(reader.id, 'topics');
    // The older message still matches the stored choices: its press works.
    await world.press(reader.id, older!, { text: 'Energy' });
    expect((await world.subscriber(reader.id))?.topics).toEqual(['energy']);
    // The newer one now shows "Energy" without ✅, which is out of date: nothing is toggled,
    // the reader is told why and the message is redrawn with the stored choices.
    const { update, queryId } = api.pressButton(reader.id, newer!, { text: 'Energy' });
    await world.handled(update);
    expect(api.callbackQuery(queryId)?.answer?.text).toContain('out of date');
    expect((await world.subscriber(reader.id))?.topics).toEqual(['energy']);
    expect(flatButtons(world.current(newer!))).toContain('✅ Energy');
  });

  it('regions: toggles a region, opens its countries and picks single ones, then goes back', async () => {
    const { api } = world;
    const reader = api.addUser();
    await seedReader(world.db, reader.id);
    const [menu] = await world.command(reader.id, 'regions');
    expect(buttonsOf(menu!)).toEqual([['South Caucasus', '›'], ['Central Asia', '›'], ['Europe', '›'], ['All', 'None']]);
    await world.press(reader.id, menu!, { text: 'Europe' });
    expect((await world.subscriber(reader.id))?.regions).toEqual(['europe']);

    // Open Central Asia's countries (second row's ›).
    const openData = (world.current(menu!).reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard[1]![1]!.callback_data;
    await world.press(reader.id, world.current(menu!), { data: openData });
    expect(flatButtons(world.current(menu!))).toEqual(['Kazakhstan', 'Kyrgyzstan', 'Tajikistan', 'Turkmenistan', 'Uzbekistan', 'None', '‹ Back']);
    await world.press(reader.id, world.current(menu!), { text: 'Uzbekistan' });
    await world.press(reader.id, world.current(menu!), { text: 'Kazakhstan' });
    expect((await world.subscriber(reader.id))?.countries).toEqual(['UZ', 'KZ']);
    expect(flatButtons(world.current(menu!))).toEqual(expect.arrayContaining(['✅ Kazakhstan', '✅ Uzbekistan', 'Tajikistan']));
    await world.press(reader.id, world.current(menu!), { text: '‹ Back' });
    expect(buttonsOf(world.current(menu!))[1]).toEqual(['Central Asia', '2 ›']);
    await world.press(reader.id, world.current(menu!), { text: 'None' });
    expect(await world.subscriber(reader.id)).toMatchObject({ regions: [], countries: [] });
  });

  it('asks a chat that never subscribed to /start first', async () => {
    const reader = world.api.addUser();
    const [reply] = await world.command(reader.id, 'topics');
    expect(reply?.text).toContain('/start');
    expect(await world.subscriber(reader.id)).toBeUndefined();
  });
});
