import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Faults } from '../helpers/fake-bot-api.js';
import { startHarness, type Harness } from './support/harness.js';
import { queueDirect, rowsOf, seedFeed, seedItem, seedSubscribers } from './support/seed.js';

let h: Harness;
let feedId: number;

beforeAll(async () => {
  h = await startHarness({ rateLimits: { mode: 'count' } });
  feedId = await seedFeed(h.db);
});

afterAll(async () => {
  await h.close();
});

const rowFor = async (itemId: number, chatId: number | string) => (await rowsOf(h.db, itemId)).find((r) => r.chat_id === String(chatId))!;

describe('each send ends in one recorded outcome', () => {
  it('sent: a photo post with its message id recorded', async () => {
    const user = h.api.addUser();
    const itemId = await seedItem(h.db, feedId, { title: 'Photo item', imageUrl: 'https://img.example/1.jpg' });
    await queueDirect(h.db, itemId, [user.id]);
    await h.sender().drain();
    const [message] = h.api.sentTo(user.id);
    expect(message?.method).toBe('sendPhoto');
    expect(message?.caption).toContain('Photo item');
    const row = await rowFor(itemId, user.id);
    expect([row.status, row.message_id, row.sent_as, row.attempts]).toEqual(['sent', message!.message_id, 'photo', 1]);
  });

  it('sent as text when Telegram cannot use the photo', async () => {
    const api = h.api;
    const user = api.addUser();
    const itemId = await seedItem(h.db, feedId, { title: 'Bad photo', imageUrl: 'https://img.example/broken.jpg' });
    api.failNext('sendPhoto', 1, Faults.badRequest('failed to get HTTP URL content'));
    await queueDirect(h.db, itemId, [user.id]);
    await h.sender().drain();
    expect(api.sentTo(user.id).map((m) => m.method)).toEqual(['sendMessage']);
    expect((await rowFor(itemId, user.id)).sent_as).toBe('text');
  });

  it('blocked (403): the subscriber is marked blocked and its other rows are skipped', async () => {
    const user = h.api.addUser();
    await seedSubscribers(h.db, [{ chatId: user.id }]);
    h.api.userBlocksBot(user.id);
    const first = await seedItem(h.db, feedId);
    const second = await seedItem(h.db, feedId);
    await queueDirect(h.db, first, [user.id]);
    await queueDirect(h.db, second, [user.id]);
    await h.sender().drain();
    expect(h.api.callsTo(user.id)).toHaveLength(1);
    const sub = await h.db.selectFrom('subscribers').select('status').where('chat_id', '=', user.id).executeTakeFirstOrThrow();
    expect(sub.status).toBe('blocked');
    expect((await rowFor(first, user.id)).status).toBe('blocked');
    const other = await rowFor(second, user.id);
    expect([other.status, other.last_error_code]).toEqual(['skipped', 403]);
  });

  it('failed permanently (other 400s) with the error text', async () => {
    const user = h.api.addUser();
    const itemId = await seedItem(h.db, feedId);
    h.api.failNext('sendMessage', 1, Faults.badRequest('chat not found'), (c) => Number(c.params.chat_id) === user.id);
    await queueDirect(h.db, itemId, [user.id]);
    await h.sender().drain();
    const row = await rowFor(itemId, user.id);
    expect([row.status, row.last_error_code, row.last_error]).toEqual(['failed', 400, '400: Bad Request: chat not found']);
    expect(h.api.callsTo(user.id)).toHaveLength(1);
  });

  it('retry on 5xx, an HTML 502 and no answer at all, with back-off, until it arrives', async () => {
    const user = h.api.addUser();
    const itemId = await seedItem(h.db, feedId);
    const toUser = (c: { params: Record<string, unknown> }) => Number(c.params.chat_id) === user.id;
    h.api.failNext('sendMessage', 1, Faults.internal(), toUser);
    h.api.failNext('sendMessage', 1, Faults.badGateway(), toUser);
    h.api.failNext('sendMessage', 1, Faults.hang(), toUser);
    await queueDirect(h.db, itemId, [user.id]);
    await h.sender({ retryBaseMs: 100 }, 1).drain();
    const calls = h.api.callsTo(user.id, 'sendMessage');
    expect(calls.map((c) => c.fault ?? 'ok')).toEqual(['error', 'http', 'hang', 'ok']);
    // Exponential: each wait at least twice the one before (100, 200, 400 ms after the answer).
    const gaps = calls.slice(1).map((c, i) => c.at - (calls[i]!.answeredAt ?? calls[i]!.at));
    expect(gaps[0]).toBeGreaterThanOrEqual(100);
    expect(gaps[1]).toBeGreaterThanOrEqual(200);
    const row = await rowFor(itemId, user.id);
    expect([row.status, row.attempts]).toEqual(['sent', 4]);
    expect(h.api.sentTo(user.id)).toHaveLength(1);
  });

  it('gives up after the last attempt and records why', async () => {
    const user = h.api.addUser();
    const itemId = await seedItem(h.db, feedId);
    h.api.failNext('sendMessage', 3, Faults.internal(), (c) => Number(c.params.chat_id) === user.id);
    await queueDirect(h.db, itemId, [user.id]);
    await h.sender({ maxAttempts: 3 }).drain();
    const row = await rowFor(itemId, user.id);
    expect(row.status).toBe('failed');
    expect(row.last_error).toMatch(/^gave up after 3 attempts: 500/);
  });

  it('moved (migrate_to_chat_id): the chat id is updated and the send repeated', async () => {
    const group = h.api.addGroup({ type: 'group' });
    await seedSubscribers(h.db, [{ chatId: group.id }]);
    const moved = h.api.migrateGroup(group.id);
    const itemId = await seedItem(h.db, feedId, { title: 'For the group' });
    await queueDirect(h.db, itemId, [group.id]);
    await h.sender().drain();
    expect(h.api.sentTo(moved.id).map((m) => m.text?.includes('For the group'))).toEqual([true]);
    const row = await rowFor(itemId, moved.id);
    expect(row.status).toBe('sent');
    const sub = await h.db.selectFrom('subscribers').select('chat_id').where('chat_id', '=', moved.id).executeTakeFirst();
    expect(sub).toBeDefined();
  });
});
