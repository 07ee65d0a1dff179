import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lane } from '../../src/db/schema.js';
import { seedReader } from './support/readers.js';
import { flatButtons, startWorld, type World } from './support/world.js';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

async function queueFor(chatId: number, status: 'pending' | 'held', kind: 'direct' | 'digest' = 'direct'): Promise<number> {
  const feed = await world.db
    .insertInto('feeds')
    .values({ url: `https://example.test/${chatId}-${Math.random()}`, title: null, section: null, time_zone: null, language: null, etag: null, last_modified: null, fetch_interval_seconds: null, last_error: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const item = await world.db
    .insertInto('items')
    .values({ feed_id: feed.id, dedupe_key: 'k', guid: null, url: null, canonical_url: null, title: 'T', author: null, section: null, language: null, published_at: new Date(), classification: '{}', full_text_length: null, content_hash: 'h' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const row = await world.db
    .insertInto('deliveries')
    .values({ item_id: item.id, broadcast_id: null, chat_id: String(chatId), message_thread_id: null, kind, priority: Lane.instant, status, payload: null, next_attempt_at: new Date(), lease_owner: null, message_id: null, sent_as: null, last_error: null, last_error_code: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function statusOf(id: number): Promise<string | undefined> {
  return (await world.db.selectFrom('deliveries').select('status').where('id', '=', id).executeTakeFirst())?.status;
}

describe('deep links', () => {
  it('/start region-central-asia subscribes a new reader straight to that region, without the dialogue', async () => {
    const reader = world.api.addUser();
    const [reply] = await world.command(reader.id, 'start', { args: 'region-central-asia' });
    expect(reply?.text).toContain('You now follow Central Asia');
    expect(await world.subscriber(reader.id)).toMatchObject({ status: 'active', onboarded: true, regions: ['central-asia'], topics: [] });
  });

  it('/start topic-energy adds the topic to an existing reader’s choices', async () => {
    const reader = world.api.addUser();
    await seedReader(world.db, reader.id, { topics: ['sport'] });
    const [reply] = await world.command(reader.id, 'start', { args: 'topic-energy' });
    expect(reply?.text).toContain('Energy');
    expect((await world.subscriber(reader.id))?.topics).toEqual(['energy', 'sport']);
  });

  it('an unknown or malformed link gets a clear message and changes nothing', async () => {
    const reader = world.api.addUser();
    await seedReader(world.db, reader.id, { topics: ['sport'] });
    for (const args of ['region-atlantis', 'topic-<b>x</b>', 'x'.repeat(200)]) {
      const [reply] = await world.command(reader.id, 'start', { args });
      expect(reply?.text).toContain('does not point to anything');
    }
    expect(await world.subscriber(reader.id)).toMatchObject({ topics: ['sport'], regions: [] });
  });
});

describe('/stop, /start and /forget', () => {
  it('/stop asks first, then stops private messages and cancels waiting ones; /start restores the old choices', async () => {
    const reader = world.api.addUser();
    await seedReader(world.db, reader.id, { topics: ['energy'], regions: ['europe'], keywords: ['tanap'] });
    const waiting = await queueFor(reader.id, 'pending');
    const [question] = await world.command(reader.id, 'stop');
    expect(question?.text).toContain('Stop all private messages');
    // Cancel changes nothing.
    await world.press(reader.id, question!, { text: 'Cancel' });
    expect(world.current(question!).text).toContain('Cancelled');
    expect((await world.subscriber(reader.id))?.status).toBe('active');

    const [again] = await world.command(reader.id, 'stop');
    await world.press(reader.id, again!, { text: 'Yes, stop' });
    expect(world.current(again!).text).toContain('Stopped');
    expect((await world.subscriber(reader.id))?.status).toBe('stopped');
    expect(await statusOf(waiting)).toBe('cancelled');

    const [back] = await world.command(reader.id, 'start');
    expect(back?.text).toContain('Welcome back');
    expect(back?.text).toContain('Topics: Energy');
    expect(await world.subscriber(reader.id)).toMatchObject({ status: 'active', topics: ['energy'], regions: ['europe'], keywords: ['tanap'] });
  });

  it('/forget deletes the reader’s data after confirmation', async () => {
    const reader = world.api.addUser();
    await seedReader(world.db, reader.id, { topics: ['energy'] });
    await queueFor(reader.id, 'held', 'digest');
    const [question] = await world.command(reader.id, 'forget');
    expect(flatButtons(question!)).toEqual(['Yes, delete', 'Cancel']);
    await world.press(reader.id, question!, { text: 'Yes, delete' });
    expect(world.current(question!).text).toContain('deleted');
    expect(await world.subscriber(reader.id)).toBeUndefined();
    const rows = await world.db.selectFrom('deliveries').select('id').where('chat_id', '=', String(reader.id)).execute();
    expect(rows).toEqual([]);
    // A later press on the old confirmation cannot do anything.
    const [next] = await world.command(reader.id, 'start');
    expect(next?.text).toContain('Step 1 of 3');
  });

  it('a reader who blocks the bot is marked blocked (waiting messages cancelled) until they return', async () => {
    const { api } = world;
    const reader = api.addUser();
    await seedReader(world.db, reader.id);
    const waiting = await queueFor(reader.id, 'held');
    await world.handled(api.userBlocksBot(reader.id));
    expect((await world.subscriber(reader.id))?.status).toBe('blocked');
    expect(await statusOf(waiting)).toBe('cancelled');
    expect(api.sentTo(reader.id)).toEqual([]);
    await world.handled(api.userUnblocksBot(reader.id));
    expect((await world.subscriber(reader.id))?.status).toBe('active');
  });

  it('a reader marked blocked after a refused send is active again as soon as they write', async () => {
    const reader = world.api.addUser();
    await seedReader(world.db, reader.id);
    await world.db.updateTable('subscribers').set({ status: 'blocked' }).where('chat_id', '=', reader.id).execute();
    const [help] = await world.command(reader.id, 'help');
    expect(help?.text).toContain('/latest');
    expect((await world.subscriber(reader.id))?.status).toBe('active');
  });
});

describe('bad input', () => {
  it('unknown commands and free text get a short pointer to /help', async () => {
    const reader = world.api.addUser();
    await seedReader(world.db, reader.id);
    const [unknown] = await world.command(reader.id, 'frobnicate');
    expect(unknown?.text).toContain('/help');
    const [free] = await world.text(reader.id, '<b>hello</b> \u0007');
    expect(free?.text).toContain('/help');
  });

  it('/help explains the commands and the matching rule', async () => {
    const reader = world.api.addUser({ language_code: 'ru' });
    const [help] = await world.command(reader.id, 'help');
    expect(help?.text).toContain('/latest');
    expect(help?.text).toContain('Что к вам приходит');
  });
});

describe('rate limit', () => {
  it('slows a reader who floods commands: one notice, then silence, then normal service after a pause', async () => {
    const limited = await startWorld({ rateLimit: { burst: 3, perSecond: 0.5 } });
    try {
      const { api } = limited;
      const reader = api.addUser();
      const other = api.addUser();
      const updates = Array.from({ length: 10 }, () => api.sendCommand(reader.id, 'help'));
      updates.push(api.sendCommand(other.id, 'help'));
      await limited.handled(updates);
      const texts = api.sentTo(reader.id).map((m) => m.text ?? '');
      expect(texts.filter((t) => t.includes('/latest'))).toHaveLength(3);
      expect(texts.filter((t) => t.includes('Too many commands'))).toHaveLength(1);
      expect(texts).toHaveLength(4);
      // Another reader is not affected.
      expect(api.sentTo(other.id)).toHaveLength(1);
      // After a pause (injected clock) the reader is served again.
      limited.clock.advance(4000);
      const [help] = await limited.command(reader.id, 'help');
      expect(help?.text).toContain('/latest');
    } finally {
      await limited.close();
    }
  });
});

