import { afterEach, describe, expect, it } from 'vitest';
import { Lane } from '../../src/db/schema.js';
import { Faults } from '../helpers/fake-bot-api.js';
import { startHarness, type Harness } from './support/harness.js';
import { queueDirect, seedFeed, seedItem, statusCounts } from './support/seed.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function queueChannel(harness: Harness, itemId: number, chatId: number, priority: number = Lane.channel) {
  await harness.db
    .insertInto('deliveries')
    .values({ item_id: itemId, broadcast_id: null, chat_id: String(chatId), message_thread_id: null, kind: 'channel', priority, payload: null, next_attempt_at: new Date(), lease_owner: null, message_id: null, sent_as: null, last_error: null, last_error_code: null })
    .execute();
}

describe('rate limits', () => {
  it('429 storms: nothing is sent before retry_after has passed, and every message arrives', async () => {
    h = await startHarness({ rateLimits: { mode: 'count' } });
    const feedId = await seedFeed(h.db);
    const users = Array.from({ length: 40 }, () => h!.api.addUser());
    const itemId = await seedItem(h.db, feedId);
    await queueDirect(h.db, itemId, users.map((u) => u.id));
    // Three floods at different moments of the run: at the 1st, 11th and 25th reader.
    const floodAt = (index: number, seconds: number) =>
      h!.api.failNext('sendMessage', 1, Faults.tooManyRequests(seconds), (c) => Number(c.params.chat_id) === users[index]!.id);
    floodAt(0, 1);
    floodAt(10, 2);
    floodAt(24, 1);
    await h.sender({ sendRate: 30 }).drain();
    expect(h.api.earlyRequests).toEqual([]);
    expect(h.api.calls.filter((c) => c.status === 429).map((c) => c.fault)).toEqual(['flood', 'flood', 'flood']);
    for (const u of users) expect(h.api.sentTo(u.id)).toHaveLength(1);
    // The pause is for everything, measured on the fake's clock from the 429.
    const floods = h.api.calls.filter((c) => c.status === 429);
    for (const flood of floods) {
      const retryAfter = (flood.response as { parameters?: { retry_after?: number } }).parameters?.retry_after ?? 0;
      const next = h.api.calls.find((c) => c.seq > flood.seq);
      expect(next!.at - flood.answeredAt!).toBeGreaterThanOrEqual(retryAfter * 1000);
    }
  });

  it('a mixed run of channel posts, private messages and a broadcast breaches no limit', async () => {
    h = await startHarness({ rateLimits: { mode: 'count', groupPerMinute: 60 } });
    const feedId = await seedFeed(h.db);
    const channel = h.api.addChannel({ username: 'herald_news' });
    const users = Array.from({ length: 60 }, () => h!.api.addUser());
    const items = [];
    for (let i = 0; i < 4; i++) items.push(await seedItem(h.db, feedId, { title: `Story ${i}` }));
    for (const itemId of items) await queueChannel(h, itemId, channel.id);
    // Several messages to the same readers: the per-chat gap matters.
    for (const itemId of items.slice(0, 3)) await queueDirect(h.db, itemId, users.slice(0, 20).map((u) => u.id));
    await queueDirect(h.db, items[3]!, users.map((u) => u.id), Lane.digest);
    const broadcast = await h.db.insertInto('broadcasts').values({ author_id: 1, text: '<b>Breaking</b>: test', photo: null, pin_hours: null, finished_at: null }).returning('id').executeTakeFirstOrThrow();
    await h.db
      .insertInto('deliveries')
      .values(users.slice(0, 30).map((u) => ({ item_id: null, broadcast_id: broadcast.id, chat_id: String(u.id), message_thread_id: null, kind: 'broadcast' as const, priority: Lane.breaking, payload: null, next_attempt_at: new Date(), lease_owner: null, message_id: null, sent_as: null, last_error: null, last_error_code: null })))
      .execute();
    await h.sender({ sendRate: 30, channelRate: 60 }).drain();
    expect(await statusCounts(h.db)).toEqual({ sent: 4 + 60 + 60 + 30 });
    expect(h.api.breaches).toEqual([]);
    expect(h.api.sentTo(channel.id)).toHaveLength(4);
    // Breaking news went first.
    const firstBroadcast = h.api.calls.findIndex((c) => String(c.params.text ?? '').includes('Breaking'));
    expect(firstBroadcast).toBe(0);
  });

  it('a new channel post overtakes a long private fan-out within one batch', async () => {
    h = await startHarness({ rateLimits: false });
    const feedId = await seedFeed(h.db);
    const channel = h.api.addChannel();
    const users = Array.from({ length: 3000 }, (_, i) => 500_000 + i);
    for (const id of users) h.api.addUser({ id });
    const itemId = await seedItem(h.db, feedId);
    await queueDirect(h.db, itemId, users);
    const sender = h.sender({ sendRate: 1000, batchSize: 100, maxInFlight: 10 });
    sender.start();
    await h.api.waitFor(() => h!.api.calls.length >= 500, { timeoutMs: 20_000 });
    const urgent = await seedItem(h.db, feedId, { title: 'Urgent story' });
    const sentBefore = h.api.calls.length;
    // The sender is busy with the fan-out, so it claims the next batch without being woken.
    await queueChannel(h, urgent, channel.id);
    const post = await h.api.waitForMessage(channel.id, undefined, { timeoutMs: 20_000 });
    // Only what was already claimed or in flight went ahead of it: at most one batch and the in-flight sends.
    // (Counted in sends: Herald's sender also asks getMe once, for the channel post's follow button.)
    const upToPost = h.api.calls.slice(sentBefore).filter((c) => c.seq <= post.callSeq! && c.method !== 'getMe');
    expect(upToPost.length).toBeLessThanOrEqual(100 + 10 + 1);
    await sender.stop();
  });

  it('ALLOW_PAID_BROADCAST: private messages go with allow_paid_broadcast, channel posts without', async () => {
    h = await startHarness({ rateLimits: { mode: 'count' } });
    const feedId = await seedFeed(h.db);
    const channel = h.api.addChannel();
    const users = Array.from({ length: 100 }, () => h!.api.addUser());
    const itemId = await seedItem(h.db, feedId);
    await queueChannel(h, itemId, channel.id);
    await queueDirect(h.db, itemId, users.map((u) => u.id));
    await h.sender({ sendRate: 1000, paidBroadcast: true }).drain();
    expect(h.api.sentTo(channel.id)[0]?.allow_paid_broadcast).toBeUndefined();
    for (const u of users) expect(h.api.sentTo(u.id)[0]?.allow_paid_broadcast).toBe(true);
    expect(h.api.breaches).toEqual([]);
  });

  it('paces to SEND_RATE with no bursts: the fake counts no breach when enforcing 30/s', async () => {
    h = await startHarness({ rateLimits: { mode: 'enforce', globalPerSecond: 30 } });
    const feedId = await seedFeed(h.db);
    const users = Array.from({ length: 90 }, () => h!.api.addUser());
    const itemId = await seedItem(h.db, feedId);
    await queueDirect(h.db, itemId, users.map((u) => u.id));
    await h.sender({ sendRate: 30 }).drain();
    expect(h.api.breaches).toEqual([]);
    expect(h.api.calls.filter((c) => c.status === 429)).toEqual([]);
    expect(await statusCounts(h.db)).toEqual({ sent: 90 });
  });
});
