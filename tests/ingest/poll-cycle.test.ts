import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/create-db.js';
import type { AppWorld } from '../helpers/app-world.js';
import type { FakeFeedServer } from '../helpers/fake-feed-server.js';
import { addFeed, channelPostsOf, clockAt, createPoller, feedRow, itemsOf, makeItems, startIngestWorld } from './support.js';

const START = new Date('2026-11-28T12:00:00Z');
let world: AppWorld;
let server: FakeFeedServer;
let db: Db;
let n = 0;
let path = '';

beforeAll(async () => {
  world = await startIngestWorld();
  server = world.feeds;
  db = world.db;
});
afterAll(async () => {
  await world?.close();
});
beforeEach(() => {
  path = `/feed-${++n}.xml`;
});
afterEach(async () => {
  server.remove(path);
  // Each test sees only its own feeds: earlier ones would fall due as the clock moves on.
  await db.updateTable('feeds').set({ enabled: false }).execute();
});

describe('first run and later runs', () => {
  it('records every item of a first fetch and posts only the newest; a later fetch posts what is new', async () => {
    const clock = clockAt(world, START);
    const poller = createPoller(world);
    server.setFeed(path, { title: 'News', items: makeItems('first', 5, new Date(START.getTime() - 3600_000)) });
    const feed = await addFeed(db, server.url(path), clock.now());
    const [report] = await poller.poll();
    expect(report).toMatchObject({ feedId: feed.id, outcome: 'new-items', inserted: 5, queued: 1 });
    expect((await itemsOf(db, feed.id)).length).toBe(5);
    expect((await channelPostsOf(db, feed.id)).map((p) => p.title)).toEqual(['first story 5']);

    // Unchanged: a conditional GET answered 304, nothing parsed, nothing new.
    clock.advance(60_000);
    const [unchanged] = await poller.poll();
    expect(unchanged).toMatchObject({ outcome: 'no-change', inserted: 0, queued: 0 });
    expect(server.requestsTo(path).at(-1)!.status).toBe(304);

    server.addItem(path, { guid: 'first-6', link: 'https://news.example/first/6', title: 'first story 6', pubDate: new Date(START.getTime() - 60_000) });
    clock.advance(60_000);
    const [later] = await poller.poll();
    expect(later).toMatchObject({ outcome: 'new-items', inserted: 1, queued: 1 });
    expect((await channelPostsOf(db, feed.id)).map((p) => p.title)).toEqual(['first story 5', 'first story 6']);
  });

  it('takes the number of first-run posts from its options', async () => {
    const clock = clockAt(world, START);
    server.setFeed(path, { title: 'News', items: makeItems('three', 6, new Date(START.getTime() - 3600_000)) });
    const feed = await addFeed(db, server.url(path), clock.now());
    await createPoller(world, { firstRunPosts: 3 }).poll();
    // Queued oldest first so the channel reads in order.
    expect((await channelPostsOf(db, feed.id)).map((p) => p.title)).toEqual(['three story 4', 'three story 5', 'three story 6']);
  });
});

describe('outage, back-off, flag and recovery', () => {
  it('backs off, keeps the error and last success, flags after N failures, then posts what is new since, capped', async () => {
    const clock = clockAt(world, START);
    const poller = createPoller(world, { flagAfter: 3, backlogCap: 10 });
    const lastSeen = new Date(START.getTime() - 3600_000);
    server.setFeed(path, { title: 'News', items: makeItems('outage', 3, lastSeen) });
    const feed = await addFeed(db, server.url(path), clock.now());
    await poller.poll();
    const healthy = await feedRow(db, feed.id);
    expect(healthy.last_success_at).toEqual(START);

    server.update(path, { status: 500, body: 'Internal error', contentType: 'text/plain' });
    const gaps: number[] = [];
    const alerts: (string | undefined)[] = [];
    for (let i = 0; i < 5; i++) {
      const before = await feedRow(db, feed.id);
      clock.set(before.next_fetch_at);
      const [report] = await poller.poll();
      expect(report).toMatchObject({ outcome: 'failed', error: 'HTTP 500 Internal Server Error', failures: i + 1 });
      alerts.push(report!.alert);
      const after = await feedRow(db, feed.id);
      gaps.push((after.next_fetch_at.getTime() - clock.now().getTime()) / 1000);
    }
    // Doubling from the one-minute minimum (less the tick slack of 5 s).
    expect(gaps).toEqual([55, 115, 235, 475, 955]);
    expect(alerts).toEqual([undefined, undefined, 'failing', undefined, undefined]);
    const failing = await feedRow(db, feed.id);
    expect(failing).toMatchObject({ consecutive_failures: 5, last_error: 'HTTP 500 Internal Server Error', last_success_at: START });
    expect(failing.flagged_at).not.toBeNull();

    // Back after a long outage: 25 new items and one old, back-dated one nobody had seen.
    const back = new Date(START.getTime() + 3 * 86_400_000);
    const fresh = makeItems('outage-new', 25, new Date(back.getTime() - 60_000));
    const backdated = { guid: 'outage-old', link: 'https://news.example/outage/old', title: 'archive piece', pubDate: new Date(START.getTime() - 10 * 86_400_000) };
    server.setFeed(path, { title: 'News', items: [...fresh, ...makeItems('outage', 3, lastSeen), backdated] });
    clock.set(back);
    const [report] = await poller.poll();
    expect(report).toMatchObject({ outcome: 'new-items', inserted: 26, queued: 10, alert: 'recovered' });
    const posts = await channelPostsOf(db, feed.id);
    expect(posts.length).toBe(11);
    expect(posts.slice(1).map((p) => p.title).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `outage-new story ${16 + i}`).sort());
    expect((await itemsOf(db, feed.id)).length).toBe(29);
    const recovered = await feedRow(db, feed.id);
    expect(recovered).toMatchObject({ consecutive_failures: 0, flagged_at: null, recovered_at: back, last_success_at: back });

    // Under the cap, an old item the feed only now exposes is recorded but is not news.
    server.addItem(path, { guid: 'outage-latest', link: 'https://news.example/outage/latest', title: 'latest', pubDate: new Date(back.getTime() + 30_000) });
    server.addItem(path, { guid: 'outage-old-2', link: 'https://news.example/outage/old-2', title: 'another archive piece', pubDate: new Date(START.getTime() - 5 * 86_400_000) }, { append: true });
    clock.set(new Date(back.getTime() + 3_600_000));
    const [later] = await poller.poll();
    expect(later).toMatchObject({ inserted: 2, queued: 1 });
    expect((await channelPostsOf(db, feed.id)).at(-1)!.title).toBe('latest');
  });
});

describe('deduplication in the database', () => {
  it('stores and posts an article reached through two feeds once', async () => {
    const clock = clockAt(world, START);
    const poller = createPoller(world, { firstRunPosts: 5 });
    const when = new Date(START.getTime() - 600_000);
    server.setFeed(`${path}-news`, { title: 'News', items: [{ guid: 'n-1', link: 'https://news.example/shared/story?utm_source=news', title: 'Shared story', pubDate: when }] });
    server.setFeed(`${path}-analytics`, {
      title: 'Analytics',
      items: [
        { guid: 'a-1', link: 'https://NEWS.example:443/shared/story?utm_medium=analytics#more', title: 'Shared story', pubDate: when },
        { guid: 'a-2', link: 'https://news.example/analytics/own', title: 'Own analysis', pubDate: when },
      ],
    });
    const news = await addFeed(db, server.url(`${path}-news`), clock.now());
    const analytics = await addFeed(db, server.url(`${path}-analytics`), clock.now());
    await poller.poll();
    const stored = await db.selectFrom('items').select(['feed_id', 'title']).where('feed_id', 'in', [news.id, analytics.id]).execute();
    expect(stored.filter((s) => s.title === 'Shared story').length).toBe(1);
    const posts = [...(await channelPostsOf(db, news.id)), ...(await channelPostsOf(db, analytics.id))].map((p) => p.title).sort();
    expect(posts).toEqual(['Own analysis', 'Shared story']);
    server.remove(`${path}-news`);
    server.remove(`${path}-analytics`);
  });

  it('recognises changed content under the same key as an update, not a new item', async () => {
    const clock = clockAt(world, START);
    const poller = createPoller(world);
    const items = makeItems('update', 2, new Date(START.getTime() - 600_000));
    server.setFeed(path, { title: 'News', items });
    const feed = await addFeed(db, server.url(path), clock.now());
    await poller.poll();
    const before = (await itemsOf(db, feed.id)).find((i) => i.guid === 'update-2')!;
    server.setFeed(path, { title: 'News', items: [{ ...items[0]!, title: 'update story 2 (corrected)', description: 'Now with the facts right.' }, items[1]!] });
    clock.advance(60_000);
    const [report] = await poller.poll();
    expect(report).toMatchObject({ inserted: 0, updated: 1, queued: 0 });
    const after = (await itemsOf(db, feed.id)).find((i) => i.guid === 'update-2')!;
    expect(after.id).toBe(before.id);
    expect(after.title).toBe('update story 2 (corrected)');
    expect(after.content_hash).not.toBe(before.content_hash);
    expect(after.version).toBe(2);
    expect((await channelPostsOf(db, feed.id)).length).toBe(1);
  });
});

describe('scheduling', () => {
  it("honours a feed's ttl and a 304's Cache-Control max-age within the bounds", async () => {
    const clock = clockAt(world, START);
    const poller = createPoller(world, { schedule: { minSeconds: 60, maxSeconds: 3600, maxBackoffSeconds: 21_600 } });
    server.setFeed(path, { title: 'News', ttl: 30, items: makeItems('ttl', 1, START) });
    const feed = await addFeed(db, server.url(path), clock.now());
    await poller.poll();
    expect((await feedRow(db, feed.id)).next_fetch_at.getTime() - START.getTime()).toBe((1800 - 5) * 1000);

    // Nothing is due before then: the next cycle fetches nothing.
    clock.advance(60_000);
    expect(await poller.poll()).toEqual([]);

    server.update(path, { headers: { 'cache-control': 'max-age=86400' } });
    clock.set((await feedRow(db, feed.id)).next_fetch_at);
    const [report] = await poller.poll();
    expect(report!.outcome).toBe('no-change');
    // A day asked for, an hour allowed.
    expect((await feedRow(db, feed.id)).next_fetch_at.getTime() - clock.now().getTime()).toBe((3600 - 5) * 1000);
  });
});
