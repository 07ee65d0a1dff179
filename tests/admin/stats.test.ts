import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToCounter } from '../../src/stores/service-state.js';
import { rateLimitBucketKey } from '../../src/stores/stats.js';
import { addReaders, startAdminHarness, type AdminHarness } from './harness.js';

describe('/stats', () => {
  let h: AdminHarness;
  beforeAll(async () => {
    h = await startAdminHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('shows readers and growth, the last day’s deliveries by outcome, 429 waits and the most followed choices', async () => {
    const now = h.clock.now;
    const old = new Date(now.getTime() - 30 * 24 * 3600_000);
    await addReaders(h.db, [
      { chatId: 1, topics: ['energy', 'politics'], regions: ['central-asia'], createdAt: old },
      { chatId: 2, topics: ['energy'], regions: ['europe'], createdAt: old },
      { chatId: 3, topics: ['energy'], createdAt: new Date(now.getTime() - 3600_000) },
      { chatId: 4, status: 'stopped', topics: ['sport'], createdAt: new Date(now.getTime() - 2 * 24 * 3600_000) },
      { chatId: 5, status: 'blocked', createdAt: old },
    ]);
    const row = (status: 'sent' | 'failed' | 'pending', at: Date) => ({
      item_id: null, broadcast_id: null, chat_id: String(Math.random()), message_thread_id: null, kind: 'direct' as const, priority: 2, status,
      payload: null, next_attempt_at: at, created_at: at, lease_owner: null, message_id: null, sent_as: null, last_error: null, last_error_code: null,
    });
    await h.db.insertInto('deliveries').values([row('sent', now), row('sent', now), row('failed', now), row('pending', now), row('sent', old)]).execute();
    await addToCounter(h.db, rateLimitBucketKey(now), 7, now);
    await addToCounter(h.db, rateLimitBucketKey(now), 5.5, now);
    await addToCounter(h.db, rateLimitBucketKey(old), 100, old);

    const stats = await h.command(h.adminId, 'stats');
    expect(stats.text).toBe(
      [
        'Readers',
        'active 3 · stopped 1 · blocked 1',
        'new: 1 today, 2 this week · left this week: 1',
        '',
        'Deliveries, last 24 h',
        'failed 1 · pending 1 · sent 2',
        'waiting on Telegram’s rate limit (429): 13 s',
        '',
        'Most followed topics: energy 3, politics 1',
        'Most followed regions: central-asia 1, europe 1',
      ].join('\n'),
    );
  });
});
