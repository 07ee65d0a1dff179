/**
 * Several Herald processes on one database: no feed is fetched twice at the same time and
 * no item is stored or posted twice. Two Heralds poll at once in this test process (the app
 * world's and world.anotherHerald()), each with its own connection pool to the same PostgreSQL
 * database, which is as real as two processes for the database (separate sessions, real row locks).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeraldApp } from '../../src/app.js';
import type { Db } from '../../src/db/create-db.js';
import { claimDueFeeds } from '../../src/stores/feeds.js';
import type { AppWorld } from '../helpers/app-world.js';
import type { FakeFeedServer, FeedItem } from '../helpers/fake-feed-server.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';
import { addFeed, clockAt, startIngestWorld } from './support.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const FEEDS = 24;
const SHARED = 4;

describe('claiming due feeds (any database)', () => {
  let testDb: TestDb;
  let db: Db;
  beforeAll(async () => {
    testDb = await createTestDb();
    db = testDb.db as Db;
  });
  afterAll(async () => {
    await testDb?.close();
  });

  it('leases claimed feeds so a second claim skips them until the lease lapses', async () => {
    for (let i = 0; i < 3; i++) await addFeed(db, `https://lease.example/${i}.xml`, NOW);
    const first = await claimDueFeeds(db, NOW, 600, 2);
    const second = await claimDueFeeds(db, NOW, 600, 10);
    expect(first.length).toBe(2);
    expect(second.map((f) => f.id)).not.toContain(first[0]!.id);
    expect(second.length).toBe(1);
    expect(await claimDueFeeds(db, new Date(NOW.getTime() + 300_000), 600, 10)).toEqual([]);
    // A crashed holder's feeds come back once its lease lapses.
    const after = await claimDueFeeds(db, new Date(NOW.getTime() + 601_000), 600, 10);
    expect(after.length).toBe(3);
  });
});

describe('two Heralds polling one PostgreSQL database', () => {
  let world: AppWorld;
  let server: FakeFeedServer;
  let second: HeraldApp;

  beforeAll(async () => {
    // A Herald keeps at most 16 × FETCH_CONCURRENCY fetches open (news/bounded-runner.ts): 16 of
    // the 24 feeds here, so neither can claim them all before the other's first claim.
    world = await startIngestWorld({ firstRunPosts: 1, backlogCap: 10, concurrency: 1 });
    server = world.feeds;
    second = await world.anotherHerald();
  });
  afterAll(async () => {
    await world?.close();
  });

  const itemsFor = (i: number, round: number): FeedItem[] => [
    // Newest: an article every few feeds also carry (the same story in several sections).
    { guid: `shared-${i % SHARED}-r${round}`, link: `https://race.example/shared/${i % SHARED}/r${round}?utm_source=f${i}`, title: `Shared ${i % SHARED} round ${round}`, pubDate: new Date(NOW.getTime() + round * 3600_000 - 60_000) },
    { guid: `own-${i}-r${round}`, link: `https://race.example/own/${i}/r${round}`, title: `Own ${i} round ${round}`, pubDate: new Date(NOW.getTime() + round * 3600_000 - 120_000) },
  ];

  it('fetches each due feed once, stores each article once and queues each post once', async () => {
    const db = world.db;
    const clock = clockAt(world, NOW);
    const feedIds: number[] = [];
    for (let i = 0; i < FEEDS; i++) {
      // A short delay keeps many fetches in flight at once, so the two pollers overlap.
      server.setFeed(`/race/${i}.xml`, { title: `Feed ${i}`, items: itemsFor(i, 0) }, { delayMs: 20 });
      feedIds.push((await addFeed(db, server.url(`/race/${i}.xml`), NOW)).id);
    }
    const [a, b] = [world, second];

    for (const round of [0, 1]) {
      if (round === 1) {
        for (let i = 0; i < FEEDS; i++) for (const item of itemsFor(i, 1).reverse()) server.addItem(`/race/${i}.xml`, item);
        clock.set(new Date(NOW.getTime() + 2 * 3600_000));
      }
      const before = server.requests.length;
      const [fromA, fromB] = await Promise.all([a.poll(), b.poll()]);
      // Both took part, and no feed was handled by both.
      expect(fromA.length).toBeGreaterThan(0);
      expect(fromB.length).toBeGreaterThan(0);
      const handled = [...fromA, ...fromB].map((r) => r.feedId).sort((x, y) => x - y);
      expect(handled).toEqual([...feedIds].sort((x, y) => x - y));
      expect([...fromA, ...fromB].every((r) => r.outcome === 'new-items')).toBe(true);
      // Each feed was requested exactly once this round: never twice, let alone at once.
      const perPath = new Map<string, number>();
      for (const r of server.requests.slice(before)) perPath.set(r.path, (perPath.get(r.path) ?? 0) + 1);
      expect([...perPath.values()].every((n) => n === 1)).toBe(true);
      expect(perPath.size).toBe(FEEDS);
    }

    const items = await db.selectFrom('items').select(['id', 'canonical_url']).execute();
    // Per round: FEEDS own articles + SHARED shared ones, each stored once.
    expect(items.length).toBe(2 * (FEEDS + SHARED));
    expect(new Set(items.map((i) => i.canonical_url)).size).toBe(items.length);
    const deliveries = await db.selectFrom('deliveries').select(['item_id']).where('kind', '=', 'channel').execute();
    expect(new Set(deliveries.map((d) => d.item_id)).size).toBe(deliveries.length);
    // Round 0 posts one item per feed (its newest new one); round 1 posts every new article once.
    expect(deliveries.length).toBe(FEEDS + (FEEDS + SHARED));
  });
});
