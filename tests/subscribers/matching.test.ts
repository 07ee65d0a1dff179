import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fanOutItems } from '../../src/stores/fan-out.js';
import type { FakeMessage } from '../helpers/fake-bot-api.js';
import type { SubscriberPatch } from '../../src/stores/subscribers.js';
import { storeClassified, type ItemSpec } from './support/items.js';
import { seedReader } from './support/readers.js';
import { startWorld, type World } from './support/world.js';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

const ITEMS: ItemSpec[] = [
  { title: 'Azerbaijan opens a gas field', topics: ['energy'], regions: ['south-caucasus'], countries: ['AZ'] },
  { title: 'Bundesliga round-up', topics: ['sport'], regions: ['europe'], countries: ['DE'] },
  { title: 'Kazakhstan army drills', topics: ['security-defence'], regions: ['central-asia'], countries: ['KZ'] },
  { title: 'EU budget talks', summary: 'Gas via TANAP is on the agenda.', topics: ['economy'], regions: ['europe'], countries: ['FR'] },
  { title: 'Uzbek solar plant', topics: ['energy'], regions: ['central-asia'], countries: ['UZ'] },
];

/** Each reader's choices and the titles those choices must let through, exactly. */
const READERS: { patch: SubscriberPatch; expected: string[] }[] = [
  { patch: { topics: ['energy'], regions: ['central-asia'] }, expected: ['Uzbek solar plant'] },
  { patch: { regions: ['south-caucasus'] }, expected: ['Azerbaijan opens a gas field'] },
  { patch: { topics: ['economy', 'security-defence'], countries: ['KZ'] }, expected: ['Kazakhstan army drills'] },
  { patch: { topics: ['sport'], regions: ['europe'], keywords: ['tanap'] }, expected: ['Bundesliga round-up', 'EU budget talks'] },
  { patch: { keywords: ['gas'], topics: ['security-defence'] }, expected: ['Azerbaijan opens a gas field', 'Kazakhstan army drills', 'EU budget talks'] },
  { patch: {}, expected: ITEMS.map((i) => i.title) },
];

describe('a reader’s choices decide exactly which items reach them', () => {
  it('the same set through /latest, the fan-out and the sender', async () => {
    const { api, db, clock } = world;
    const readers = [];
    for (const { patch, expected } of READERS) {
      const user = api.addUser();
      await seedReader(db, user.id, patch);
      readers.push({ id: user.id, expected });
    }
    const ids = await storeClassified(db, ITEMS, clock.now());

    // /latest 20 queues exactly the matching items, oldest first; the sender delivers them as posts.
    const posts = (chatId: number) => api.sentTo(chatId).filter((m) => m.method === 'sendMessage' || m.method === 'sendPhoto');
    const titleOf = (m: { text?: string; caption?: string }) => (m.text ?? m.caption ?? '').split('\n').find((line) => ITEMS.some((i) => i.title === line));
    for (const reader of readers) {
      expect(await world.command(reader.id, 'latest', { args: '20' }), `reader ${reader.id}`).toEqual([]);
    }
    await world.drain();
    const latestPosts = new Map<number, FakeMessage[]>();
    for (const reader of readers) {
      const sent = posts(reader.id);
      expect(sent.map(titleOf), `reader ${reader.id}`).toEqual(reader.expected);
      latestPosts.set(reader.id, sent);
    }

    // The fan-out queues the same items for each reader, and the sender delivers them: the very posts /latest sent.
    await fanOutItems(db, ids, clock.now());
    await world.drain();
    for (const reader of readers) {
      const before = latestPosts.get(reader.id)!;
      const fannedOut = posts(reader.id).slice(before.length);
      const delivered = fannedOut.map(titleOf).filter((t): t is string => t !== undefined);
      expect([...new Set(delivered)].sort(), `reader ${reader.id}`).toEqual([...reader.expected].sort());
      expect(delivered).toHaveLength(reader.expected.length);
      for (const post of fannedOut) {
        const asked = before.find((m) => titleOf(m) === titleOf(post))!;
        expect({ method: asked.method, html: asked.source, buttons: asked.reply_markup }, `reader ${reader.id}: ${titleOf(post)}`).toEqual({ method: post.method, html: post.source, buttons: post.reply_markup });
      }
    }
  });

  it('/latest refuses junk counts and changes nothing', async () => {
    const reader = world.api.addUser();
    await seedReader(world.db, reader.id);
    for (const args of ['abc', '0', '21', '99999', '-3', '2.5', '<b>5</b>']) {
      const replies = await world.command(reader.id, 'latest', { args });
      expect(replies, args).toHaveLength(1);
      expect(replies[0]?.text, args).toContain('from 1 to 20');
    }
    const answered = world.api.sentTo(reader.id).length;
    expect(await world.command(reader.id, 'latest', { args: '1' })).toEqual([]);
    await world.drain();
    expect(world.api.sentTo(reader.id).slice(answered).map((m) => m.text ?? m.caption)).toEqual([expect.stringContaining('Uzbek solar plant')]);
  });
});
