import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAdmin } from '../../src/stores/admins.js';
import { addChannel, NO_RULE, setChannelPaused } from '../../src/stores/channels.js';
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
        // The CHANNEL_ID channel, with nothing posted yet.
        'Channel posts, last 24 h',
        `#1 ${h.channelId}: 0 sent · 0 waiting`,
        '',
        'Most followed topics: energy 3, politics 1',
        'Most followed regions: central-asia 1, europe 1',
      ].join('\n'),
    );
  });
  it('counts each channel\'s posts: sent in the last 24 h and waiting now, paused channels marked, in English and Russian', async () => {
    const now = h.clock.now;
    const russian = h.api.addChannel({ username: 'outlet_ru', title: 'Outlet <Русский>' });
    const ru = (await addChannel(h.db, { chatId: String(russian.id), title: 'Outlet <Русский>', username: 'outlet_ru', rule: { ...NO_RULE, languages: ['ru'] } }, now))!;
    await setChannelPaused(h.db, ru.id, true, now);
    const post = (chat: number, status: 'sent' | 'pending' | 'held' | 'failed', at: Date) => ({
      item_id: null, broadcast_id: null, chat_id: String(chat), message_thread_id: null, kind: 'channel' as const, priority: 1, status,
      payload: null, next_attempt_at: at, created_at: at, sent_at: status === 'sent' ? at : null, lease_owner: null, message_id: null, sent_as: null, last_error: null, last_error_code: null,
    });
    const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3600_000);
    await h.db
      .insertInto('deliveries')
      .values([
        post(h.channelId, 'sent', hoursAgo(1)), post(h.channelId, 'sent', hoursAgo(23)), post(h.channelId, 'sent', hoursAgo(25)),
        post(h.channelId, 'pending', now), post(h.channelId, 'held', now), post(h.channelId, 'failed', hoursAgo(2)),
        post(russian.id, 'sent', hoursAgo(3)), post(russian.id, 'pending', hoursAgo(4)), post(russian.id, 'pending', now),
      ])
      .execute();

    const channelSection = (text: string) => text.split('\n\n').find((part) => /^(Channel posts|Посты в каналах)/.test(part));
    const stats = await h.command(h.adminId, 'stats');
    // Two sent in the last day (one 25 h ago is older), two waiting; a failed post is neither.
    expect(channelSection(stats.text ?? '')).toBe(['Channel posts, last 24 h', `#1 ${h.channelId}: 2 sent · 2 waiting`, `#${ru.id} Outlet <Русский> (paused): 1 sent · 2 waiting`].join('\n'));

    const editor = h.api.addUser({ first_name: 'Ирина', language_code: 'ru' });
    await addAdmin(h.db, editor.id, 'Ирина', h.adminId, now);
    const russianStats = await h.command(editor.id, 'stats');
    expect(channelSection(russianStats.text ?? '')).toBe(['Посты в каналах за последние 24 ч', `#1 ${h.channelId}: отправлено 2 · ждут 2`, `#${ru.id} Outlet <Русский> (на паузе): отправлено 1 · ждут 2`].join('\n'));
  });
});
