import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDeepLink } from '../../src/bot/features/deep-link.js';
import { queueCorrections } from '../../src/stores/deliveries.js';
import { Faults } from '../helpers/fake-bot-api.js';
import { startHarness, type Harness } from './support/harness.js';
import { queueDirect, seedFeed, seedItem } from './support/seed.js';

let h: Harness;
let feedId: number;

beforeAll(async () => {
  h = await startHarness({ rateLimits: { mode: 'count', groupPerMinute: 600 } });
  feedId = await seedFeed(h.db);
});

afterAll(async () => {
  await h.close();
});

/** Herald's sender, as createApp wires it: the taxonomy's labels, and the bot's username asked of Telegram (getMe). */
function senderWithUsername() {
  return h.sender({ channelRate: 600 });
}

async function queueChannel(itemId: number, chatId: number): Promise<void> {
  await h.db.insertInto('deliveries').values({ item_id: itemId, broadcast_id: null, chat_id: String(chatId), message_thread_id: null, kind: 'channel', priority: 1, payload: null, next_attempt_at: new Date(), lease_owner: null, message_id: null, sent_as: null, last_error: null, last_error_code: null }).execute();
}

type Button = { text: string; url?: string };
const buttonsOf = (message: { reply_markup?: unknown } | undefined): Button[] =>
  ((message?.reply_markup as { inline_keyboard?: Button[][] } | undefined)?.inline_keyboard ?? []).flat();

describe('the follow button on channel posts', () => {
  it('opens the bot on the item’s region; private messages of the same item carry no such button', async () => {
    const channel = h.api.addChannel();
    const reader = h.api.addUser();
    const itemId = await seedItem(h.db, feedId, { title: 'Astana and Tashkent sign a water deal', regions: ['central-asia'], topics: ['diplomacy'] });
    await queueChannel(itemId, channel.id);
    await queueDirect(h.db, itemId, [reader.id]);
    await senderWithUsername().drain();

    const [post] = h.api.sentTo(channel.id);
    const follow = buttonsOf(post).find((b) => b.url?.startsWith('https://t.me/'));
    expect(follow?.text).toBe('🔔 Follow Central Asia');
    const url = new URL(follow!.url!);
    expect(url.pathname).toBe(`/${h.api.bot.username}`);
    // What the button opens is exactly what /start reads back as a region to follow.
    expect(parseDeepLink(url.searchParams.get('start')!)).toEqual({ kind: 'region', id: 'central-asia' });
    expect(buttonsOf(post).map((b) => b.text)).toContain('Read more');

    const [dm] = h.api.sentTo(reader.id);
    expect(buttonsOf(dm).map((b) => b.text)).toEqual(['Read more']);
  });

  it('falls back to the item’s topic, and leaves the button out when the item has neither', async () => {
    const channel = h.api.addChannel();
    const topical = await seedItem(h.db, feedId, { title: 'Oil prices rise', topics: ['energy'] });
    const bare = await seedItem(h.db, feedId, { title: 'A notice to readers' });
    await queueChannel(topical, channel.id);
    await queueChannel(bare, channel.id);
    await senderWithUsername().drain();

    const [first, second] = h.api.sentTo(channel.id);
    const topicButton = buttonsOf(first).find((b) => b.url?.includes('start='));
    expect(topicButton?.text).toBe('🔔 Follow Energy');
    expect(new URL(topicButton!.url!).searchParams.get('start')).toBe('topic-energy');
    expect(buttonsOf(second).map((b) => b.text)).toEqual(['Read more']);
  });

  it('keeps the button when the post is corrected', async () => {
    const channel = h.api.addChannel();
    const itemId = await seedItem(h.db, feedId, { title: 'First wording', regions: ['south-caucasus'] });
    await queueChannel(itemId, channel.id);
    const sender = senderWithUsername();
    await sender.drain();
    await h.db.updateTable('items').set({ title: 'Second wording' }).where('id', '=', itemId).execute();
    const now = new Date();
    await queueCorrections(h.db, [itemId], new Date(now.getTime() - 3600_000), now);
    await sender.drain();

    const [post] = h.api.sentTo(channel.id);
    expect(post?.text).toContain('Second wording');
    expect(buttonsOf(post).find((b) => b.url?.includes('start='))?.text).toBe('🔔 Follow South Caucasus');
  });

  it('sends the post without the button while Telegram cannot say the bot’s username, and adds it once it can', async () => {
    const channel = h.api.addChannel();
    const sender = senderWithUsername();
    h.api.failNext('getMe', 1, Faults.internal());
    const early = await seedItem(h.db, feedId, { title: 'Posted while getMe fails', regions: ['russia'] });
    await queueChannel(early, channel.id);
    await sender.drain();
    const late = await seedItem(h.db, feedId, { title: 'Posted after getMe recovers', regions: ['russia'] });
    await queueChannel(late, channel.id);
    await sender.drain();

    const [first, second] = h.api.sentTo(channel.id);
    expect(first?.text).toContain('Posted while getMe fails');
    expect(buttonsOf(first).map((b) => b.text)).toEqual(['Read more']);
    expect(buttonsOf(second).map((b) => b.text)).toEqual(['Read more', '🔔 Follow Russia']);
  });
});
