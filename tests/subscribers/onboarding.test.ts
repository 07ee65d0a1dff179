import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fanOutItems } from '../../src/stores/fan-out.js';
import { storeClassified } from './support/items.js';
import { flatButtons, startWorld, type World } from './support/world.js';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

describe('onboarding over long polling', () => {
  it('takes a new reader from /start to a complete subscription in a few taps, saving each tap', async () => {
    const { api } = world;
    const reader = api.addUser({ first_name: 'Leyla' });

    const [topicsStep] = await world.command(reader.id, 'start');
    expect(topicsStep?.text).toContain('Welcome to Herald, Leyla');
    expect(topicsStep?.text).toContain('Step 1 of 3');
    expect(flatButtons(topicsStep!)).toEqual(['Energy', 'Security & defence', 'Economy', 'Sport', 'All', 'None', 'Next ›']);
    expect(await world.subscriber(reader.id)).toMatchObject({ status: 'active', onboarded: false, topics: [] });

    // Each tap is saved at once and the same message is edited in place.
    expect(await world.press(reader.id, topicsStep!, { text: 'Energy' })).toEqual([]);
    expect(flatButtons(world.current(topicsStep!))).toContain('✅ Energy');
    expect((await world.subscriber(reader.id))?.topics).toEqual(['energy']);
    await world.press(reader.id, topicsStep!, { text: 'Economy' });
    expect((await world.subscriber(reader.id))?.topics).toEqual(['energy', 'economy']);

    const [regionsStep] = await world.press(reader.id, world.current(topicsStep!), { text: 'Next ›' });
    expect(regionsStep?.text).toContain('Step 2 of 3');
    await world.press(reader.id, regionsStep!, { text: 'Central Asia' });
    expect((await world.subscriber(reader.id))?.regions).toEqual(['central-asia']);

    const [modeStep] = await world.press(reader.id, world.current(regionsStep!), { text: 'Next ›' });
    expect(modeStep?.text).toContain('Step 3 of 3');
    const [done] = await world.press(reader.id, modeStep!, { text: '🗞 Daily digest' });
    expect(done?.text).toContain('All set!');
    expect(done?.text).toContain('Topics: Energy, Economy');
    expect(done?.text).toContain('Regions: Central Asia');
    expect(done?.text).toContain('daily digest at 08:00');
    expect(await world.subscriber(reader.id)).toMatchObject({
      status: 'active',
      onboarded: true,
      mode: 'digest',
      topics: ['energy', 'economy'],
      regions: ['central-asia'],
    });

    // Every press was answered (no spinning buttons).
    const presses = api.callsOf('answerCallbackQuery');
    expect(presses.length).toBeGreaterThanOrEqual(6);
    expect(presses.every((c) => c.response?.ok)).toBe(true);

    // A second /start does not restart the dialogue; it shows the choices.
    const [again] = await world.command(reader.id, 'start');
    expect(again?.text).toContain('You are subscribed');
  });

  it('resumes a half-finished dialogue after Herald restarts (state in the database)', async () => {
    const { api } = world;
    const reader = api.addUser({ first_name: 'Timur' });
    const [topicsStep] = await world.command(reader.id, 'start');
    await world.press(reader.id, topicsStep!, { text: 'Sport' });
    const stored = await world.db.selectFrom('conversations').select('key').where('key', '=', `conv:${reader.id}`).executeTakeFirst();
    expect(stored).toBeDefined();

    await world.restart();

    // The new process carries on at the step the reader was on, with the choices made so far.
    await world.press(reader.id, world.current(topicsStep!), { text: 'Energy' });
    expect((await world.subscriber(reader.id))?.topics).toEqual(['energy', 'sport']);
    expect(flatButtons(world.current(topicsStep!))).toEqual(expect.arrayContaining(['✅ Energy', '✅ Sport']));
    const [regionsStep] = await world.press(reader.id, world.current(topicsStep!), { text: 'Next ›' });
    expect(regionsStep?.text).toContain('Step 2 of 3');
    const [modeStep] = await world.press(reader.id, regionsStep!, { text: 'Next ›' });
    const [done] = await world.press(reader.id, modeStep!, { text: '⚡ Instantly' });
    expect(done?.text).toContain('All set!');
    expect(await world.subscriber(reader.id)).toMatchObject({ onboarded: true, mode: 'instant', topics: ['energy', 'sport'], regions: [] });
  });

  it('points to the buttons on free text, lets other commands through, and says why an old step cannot be used', async () => {
    const { api } = world;
    const reader = api.addUser();
    const [topicsStep] = await world.command(reader.id, 'start');
    const [pointer] = await world.text(reader.id, 'hello?');
    expect(pointer?.text).toContain('use the buttons above');
    const [help] = await world.command(reader.id, 'help');
    expect(help?.text).toContain('/keywords');
    const [regionsStep] = await world.press(reader.id, topicsStep!, { text: 'Next ›' });
    expect(regionsStep?.text).toContain('Step 2 of 3');
    // The step-1 message no longer has buttons; a forced press of its old button is refused with a reason.
    const { update, queryId } = api.pressButton(reader.id, topicsStep!, { data: 'ob:t:energy' }, { force: true });
    await world.handled(update);
    expect(api.callbackQuery(queryId)?.answer?.text).toContain('already finished');
    expect((await world.subscriber(reader.id))?.topics).toEqual([]);
  });

  it('/start in the middle of the dialogue begins it again; the old step’s buttons then say why they no longer work', async () => {
    const { api } = world;
    const reader = api.addUser();
    const [first] = await world.command(reader.id, 'start');
    await world.press(reader.id, first!, { text: 'Energy' });
    const [second] = await world.command(reader.id, 'start');
    expect(second?.text).toContain('Step 1 of 3');
    // Choices made so far are kept and shown.
    expect(flatButtons(second!)).toContain('✅ Energy');
    const { update, queryId } = api.pressButton(reader.id, first!, { text: '✅ Energy' });
    await world.handled(update);
    expect(api.callbackQuery(queryId)?.answer?.text).toContain('already finished');
    expect((await world.subscriber(reader.id))?.topics).toEqual(['energy']);
    await world.press(reader.id, second!, { text: 'Sport' });
    expect((await world.subscriber(reader.id))?.topics).toEqual(['energy', 'sport']);
  });

  it('a new reader goes from /start to receiving only what they chose', async () => {
    const { api, db, clock } = world;
    const reader = api.addUser();
    const [topicsStep] = await world.command(reader.id, 'start');
    await world.press(reader.id, topicsStep!, { text: 'Energy' });
    const [regionsStep] = await world.press(reader.id, world.current(topicsStep!), { text: 'Next ›' });
    await world.press(reader.id, regionsStep!, { text: 'Central Asia' });
    const [modeStep] = await world.press(reader.id, world.current(regionsStep!), { text: 'Next ›' });
    await world.press(reader.id, modeStep!, { text: '⚡ Instantly' });
    const before = api.sentTo(reader.id).length;

    const ids = await storeClassified(
      db,
      [
        { title: 'Kazakh oil output rises', topics: ['energy'], regions: ['central-asia'], countries: ['KZ'] },
        { title: 'German wind farms', topics: ['energy'], regions: ['europe'], countries: ['DE'] },
        { title: 'Tashkent marathon', topics: ['sport'], regions: ['central-asia'], countries: ['UZ'] },
      ],
      clock.now(),
    );
    await fanOutItems(db, ids, clock.now());
    await world.drain();
    const received = api.sentTo(reader.id).slice(before);
    expect(received).toHaveLength(1);
    expect(received[0]?.text).toContain('Kazakh oil output rises');
  });

  it('speaks Russian to a reader whose Telegram is in Russian', async () => {
    const reader = world.api.addUser({ first_name: 'Анна', language_code: 'ru' });
    const [topicsStep] = await world.command(reader.id, 'start');
    expect(topicsStep?.text).toContain('Шаг 1 из 3');
    expect(flatButtons(topicsStep!)).toContain('Энергетика');
    expect((await world.subscriber(reader.id))?.language).toBe('ru');
  });
});
