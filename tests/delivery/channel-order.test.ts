/**
 * The channel reads in publication order: an older item found after a newer one (by a later
 * poll, or by another feed) still goes out first while the newer one waits its turn, and a
 * send-out interrupted by Telegram's 429 keeps its order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAllFeedsDue, seedFeeds } from '../../src/stores/feeds.js';
import { startAppWorld, type AppWorld } from '../helpers/app-world.js';
import { Faults } from '../helpers/fake-bot-api.js';

describe('channel posts in publication order', () => {
  let world: AppWorld;
  const minutesAgo = (minutes: number) => new Date(world.clock.ms() - minutes * 60_000);
  const story = (id: string, minutes: number) => ({ guid: id, title: `Story ${id}`, link: `https://outlet.example/${id}`, description: `${id}.`, pubDate: minutesAgo(minutes) });
  const channelTitles = () => world.api.sentTo(world.channel.id).map((m) => (m.text ?? m.caption ?? '').split('\n').find((line) => line.startsWith('Story')));

  beforeAll(async () => {
    world = await startAppWorld({ editor: false, sender: false, feeds: ['/first.xml'], env: { FIRST_RUN_POSTS: '10' } });
    await world.start();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('sends an older item found by a later poll before the newer ones still waiting', async () => {
    world.feeds.setFeed('/first.xml', { title: 'First', items: [story('B', 20), story('D', 5)] });
    await world.poll();
    // Another feed, polled after the first one's posts were queued, brings older news and one in between.
    world.feeds.setFeed('/second.xml', { title: 'Second', items: [story('C', 10), story('A', 30)] });
    await seedFeeds(world.db, [world.feeds.url('/second.xml')]);
    await makeAllFeedsDue(world.db, world.clock.now());
    await world.poll();
    await world.drain();
    expect(channelTitles()).toEqual(['Story A', 'Story B', 'Story C', 'Story D']);
  });

  it('keeps that order when Telegram answers 429 in the middle of the send-out', async () => {
    const before = channelTitles().length;
    world.feeds.addItem('/first.xml', story('F', 2));
    world.feeds.addItem('/second.xml', story('E', 3));
    await makeAllFeedsDue(world.db, world.clock.now());
    await world.poll();
    world.feeds.addItem('/first.xml', story('G', 1));
    world.api.failNext('sendMessage', 1, Faults.tooManyRequests(1), (call) => String(call.params.chat_id) === String(world.channel.id));
    await makeAllFeedsDue(world.db, world.clock.now());
    await world.poll();
    await world.drain();
    expect(channelTitles().slice(before)).toEqual(['Story E', 'Story F', 'Story G']);
  });
});
