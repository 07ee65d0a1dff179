/**
 * Each channel is held to its own CHANNEL_RATE (issue #17): the sender paces posts per chat,
 * so two channels with rules each get up to CHANNEL_RATE posts a minute, side by side, and a
 * long backlog in one does not hold the other's posts back. The fake Bot API enforces
 * Telegram's per-channel minute exactly (a 429 for one post too many).
 *
 * The sender paces by real time (its limiter reads a monotonic clock, not Herald's), so this test
 * runs a little over a minute: the (RATE + 1)th post of a channel is the first that a minute's
 * window can refuse. It waits for conditions (posts seen by the fake), never for a fixed time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addChannel, NO_RULE, setChannelPaused } from '../../src/stores/channels.js';
import { makeAllFeedsDue } from '../../src/stores/feeds.js';
import type { FakeChat } from '../helpers/fake-bot-api.js';
import { startAppWorld, type AppWorld } from '../helpers/app-world.js';

/** Posts a minute into one channel: CHANNEL_RATE, and the fake's exact window. */
const RATE = 6;
const MINUTE = 60_000;

describe('each channel at its own CHANNEL_RATE', () => {
  let world: AppWorld;
  let english: FakeChat;
  let russian: FakeChat;
  const minutesAgo = (minutes: number) => new Date(world.clock.ms() - minutes * MINUTE);
  const story = (lang: 'en' | 'ru', n: number, minutes: number) => ({
    guid: `${lang}-${n}`,
    title: lang === 'en' ? `EN-${n}: Talks on the pipeline go on in Baku, round ${n}` : `RU-${n}: Переговоры о трубопроводе продолжаются в Баку, раунд ${n}`,
    link: `https://outlet.example/${lang}/${n}`,
    pubDate: minutesAgo(minutes),
  });
  /** The channel's posts, with when each reached Telegram (the fake's clock). */
  const posts = (chat: FakeChat) =>
    world.api.sentTo(chat.id).map((m) => ({ text: m.text ?? '', at: world.api.calls.find((c) => c.seq === m.callSeq)!.at }));
  const refusedIn = (chat: FakeChat) => world.api.calls.filter((c) => c.status === 429 && String(c.params.chat_id) === String(chat.id));

  beforeAll(async () => {
    world = await startAppWorld({
      feeds: ['/en.xml', '/ru.xml'],
      env: { CHANNEL_RATE: String(RATE), FIRST_RUN_POSTS: '0' },
      botApi: { rateLimits: { mode: 'enforce', groupPerMinute: RATE } },
      // Small batches: the first ones the sender claims hold English posts only.
      senderTuning: { batchSize: 8, idleMs: 100 },
    });
    english = world.api.addChannel({ title: 'Outlet English', username: 'outlet_en' });
    russian = world.api.addChannel({ title: 'Outlet Русский', username: 'outlet_ru' });
    await world.start();
    const at = world.clock.now();
    await addChannel(world.db, { chatId: String(english.id), title: english.title ?? null, username: 'outlet_en', rule: { ...NO_RULE, languages: ['en'] } }, at);
    await addChannel(world.db, { chatId: String(russian.id), title: russian.title ?? null, username: 'outlet_ru', rule: { ...NO_RULE, languages: ['ru'] } }, at);
    // The CHANNEL_ID channel would take every item: paused, the two channels with rules are what is measured.
    const configChannel = (await world.db.selectFrom('channels').select('id').where('from_config', '=', true).executeTakeFirstOrThrow()).id;
    await setChannelPaused(world.db, configChannel, true, at);
    // The feeds' first poll finds them empty: what comes next is new.
    world.feeds.setFeed('/en.xml', { title: 'Outlet (English)', language: 'en', items: [] });
    world.feeds.setFeed('/ru.xml', { title: 'Outlet (Русский)', language: 'ru', items: [] });
    await world.poll();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('two channels each get RATE posts a minute side by side, with no 429, whatever the other has waiting', { timeout: 150_000 }, async () => {
    // A poll queues at most ten new posts per feed: ten each, four more than a minute allows.
    const count = RATE + 4;
    // Every English story is older, so the English channel's whole backlog is queued ahead.
    world.feeds.setFeed('/en.xml', { title: 'Outlet (English)', language: 'en', items: Array.from({ length: count }, (_, i) => story('en', i + 1, 90 - i)) });
    world.feeds.setFeed('/ru.xml', { title: 'Outlet (Русский)', language: 'ru', items: Array.from({ length: count }, (_, i) => story('ru', i + 1, 30 - i)) });
    await makeAllFeedsDue(world.db, world.clock.now());
    const reports = await world.poll();
    expect(reports.map((r) => r.outcome)).not.toContain('failed');

    // Until both channels have gone past one minute's allowance.
    const past = (chat: FakeChat) => world.api.waitFor(() => world.api.sentTo(chat.id).length > RATE, { timeoutMs: 120_000, message: `post ${RATE + 1} in ${chat.title}` });
    await Promise.all([past(english), past(russian)]);

    const en = posts(english);
    const ru = posts(russian);
    // Each took its own items only.
    expect(en.every((p) => p.text.includes('EN-'))).toBe(true);
    expect(ru.every((p) => p.text.includes('RU-'))).toBe(true);
    // Telegram refused nothing in either channel and counted no breach of its minute.
    expect(refusedIn(english)).toEqual([]);
    expect(refusedIn(russian)).toEqual([]);
    expect(world.api.breaches.filter((b) => b.chat_id === english.id || b.chat_id === russian.id)).toEqual([]);
    // Each channel's own pace: no minute holds more than RATE of its posts, and the (RATE + 1)th
    // went out only once the first had left the window.
    for (const sent of [en, ru]) {
      expect(sent[RATE]!.at - sent[0]!.at).toBeGreaterThanOrEqual(MINUTE);
      for (let i = RATE; i < sent.length; i++) expect(sent[i]!.at - sent[i - RATE]!.at).toBeGreaterThanOrEqual(MINUTE);
    }
    // Side by side: the Russian channel, queued behind the whole English backlog, had its first
    // post before the English channel's second, and a full minute's allowance within the first minute.
    expect(ru[0]!.at).toBeLessThan(en[1]!.at);
    const firstMinute = (sent: typeof en) => sent.filter((c) => c.at < en[0]!.at + MINUTE).length;
    expect(firstMinute(en)).toBe(RATE);
    expect(firstMinute(ru)).toBe(RATE);
  });
});
