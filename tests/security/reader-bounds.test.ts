/**
 * What one reader can make Herald do is bounded: the onboarding dialogue's stored state
 * (replayed on each of their updates) stops growing, and /latest answers through the outbox
 * rather than as a burst outside the sender's pacing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ONBOARDING_MAX_STEPS } from '../../src/bot/conversations/onboarding.js';
import { storeClassified } from '../subscribers/support/items.js';
import { startWorld, type World } from '../subscribers/support/world.js';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

/** Bytes of the reader's stored dialogue state (0 when none is stored). */
async function dialogueBytes(chatId: number): Promise<number> {
  const row = await sql<{ bytes: number | null }>`select octet_length(state::text) as bytes from conversations where key = ${`conv:${chatId}`}`.execute(world.db);
  return Number(row.rows[0]?.bytes ?? 0);
}

describe('onboarding under 200 presses', () => {
  it('keeps its stored state bounded, ends itself with the choices saved, and refuses further presses plainly', async () => {
    const reader = world.api.addUser({ first_name: 'Tapper' });
    const [step] = await world.command(reader.id, 'start');
    let largest = 0;
    const sizes: number[] = [];
    for (let press = 1; press <= 200; press++) {
      const { update } = world.api.pressButton(reader.id, step!, { data: 'ob:t:energy' }, { force: true });
      await world.handled(update);
      const bytes = await dialogueBytes(reader.id);
      sizes.push(bytes);
      largest = Math.max(largest, bytes);
    }
    // Before the end the log grows with each press; it never passes what ONBOARDING_MAX_STEPS presses take.
    expect(sizes[10]!).toBeGreaterThan(sizes[0]!);
    expect(largest).toBeLessThan(120_000);
    // The dialogue ended itself after its budget: nothing is stored any more.
    expect(sizes.slice(ONBOARDING_MAX_STEPS)).toEqual(sizes.slice(ONBOARDING_MAX_STEPS).map(() => 0));

    const messages = world.api.sentTo(reader.id).map((m) => m.text ?? '');
    expect(messages.filter((t) => t.includes('saved them and finished the setup'))).toHaveLength(1);
    // Its choices are kept (an even number of toggles before the end: Energy off) and the reader is subscribed.
    expect(await world.subscriber(reader.id)).toMatchObject({ onboarded: true, status: 'active', topics: ONBOARDING_MAX_STEPS % 2 === 0 ? [] : ['energy'] });
    // Later presses are answered with the reason, not a spinner, and change nothing.
    const { update, queryId } = world.api.pressButton(reader.id, step!, { data: 'ob:t:sport' }, { force: true });
    await world.handled(update);
    expect(world.api.callbackQuery(queryId)?.answer?.text).toContain('already finished');
    expect((await world.subscriber(reader.id))?.topics).toEqual(ONBOARDING_MAX_STEPS % 2 === 0 ? [] : ['energy']);
  });

  it('free text during the dialogue counts too', async () => {
    const reader = world.api.addUser();
    await world.command(reader.id, 'start');
    const updates = Array.from({ length: 100 }, (_, i) => world.api.sendUserText(reader.id, `hello ${i}`));
    await world.handled(updates);
    expect(await dialogueBytes(reader.id)).toBe(0);
    expect((await world.subscriber(reader.id))?.onboarded).toBe(true);
  });
});

describe('/latest 20', () => {
  it('answers with nothing outside the outbox: the twenty posts go through the sender, paced, oldest first', async () => {
    const reader = world.api.addUser();
    await world.db.insertInto('subscribers').values({ chat_id: reader.id, onboarded: true }).execute();
    const titles = Array.from({ length: 25 }, (_, i) => `Story number ${i + 1}`);
    await storeClassified(world.db, titles.map((title) => ({ title, topics: ['energy'], regions: ['europe'] })), world.clock.now());
    // Handled: no message went out while the update was handled; twenty rows wait in the outbox.
    expect(await world.command(reader.id, 'latest', { args: '20' })).toEqual([]);
    const queued = await world.db.selectFrom('deliveries').select(['status', 'priority']).where('chat_id', '=', String(reader.id)).execute();
    expect(queued).toHaveLength(20);
    expect(queued.every((row) => row.status === 'pending')).toBe(true);
    await world.drain();
    const posts = world.api.sentTo(reader.id).filter((m) => m.method === 'sendMessage' || m.method === 'sendPhoto');
    expect(posts.map((m) => (m.text ?? m.caption ?? '').split('\n').find((line) => line.startsWith('Story number')))).toEqual(titles.slice(5));
  });

  it('sends a very long title as the one post format does: within Telegram’s length, with its Read more button', async () => {
    const reader = world.api.addUser();
    await world.db.insertInto('subscribers').values({ chat_id: reader.id, onboarded: true, topics: ['sport'] }).execute();
    const title = `${'Long '.repeat(1000)}end`;
    await storeClassified(world.db, [{ title, topics: ['sport'], regions: ['europe'] }], world.clock.now());
    await world.command(reader.id, 'latest', { args: '1' });
    await world.drain();
    const [post] = world.api.sentTo(reader.id);
    expect((post?.text ?? '').length).toBeLessThanOrEqual(4096);
    expect(JSON.stringify(post?.reply_markup)).toContain('Read more');
  });
});
