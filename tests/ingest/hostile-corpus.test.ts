/**
 * Every hostile case is polled in one cycle beside a healthy feed: the case reaches its
 * expected outcome (a recorded failure with a readable reason, or exactly the items it
 * holds, no duplicates or phantoms), nothing crashes, and the healthy feed still posts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/create-db.js';
import { makeFeedDue } from '../../src/stores/feeds.js';
import { HOSTILE_CASES, type CaseContext } from '../fixtures/feeds/hostile-corpus.js';
import type { AppWorld } from '../helpers/app-world.js';
import type { FakeFeedServer } from '../helpers/fake-feed-server.js';
import { addFeed, channelPostsOf, clockAt, createPoller, feedRow, itemsOf, makeItems, startIngestWorld, type PollSettings, type Poller } from './support.js';

const NOW = new Date('2026-11-28T12:00:00Z');
/** Short, so the drip and hang cases end quickly; still ample for a loopback answer on a busy machine. */
const TIMEOUT_MS = 3000;
const SETTINGS: PollSettings = { firstRunPosts: 1, flagAfter: 5, timeoutMs: TIMEOUT_MS, maxBytes: 5 * 1024 * 1024 };

let world: AppWorld;
let server: FakeFeedServer;
let db: Db;
let poller: Poller;

beforeAll(async () => {
  world = await startIngestWorld(SETTINGS);
  server = world.feeds;
  db = world.db;
  clockAt(world, NOW);
  poller = createPoller(world, SETTINGS);
});
afterAll(async () => {
  await world?.close();
});

describe('hostile-feed corpus', () => {
  it('has at least 25 cases with distinct ids', () => {
    expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(25);
    expect(new Set(HOSTILE_CASES.map((c) => c.id)).size).toBe(HOSTILE_CASES.length);
  });

  for (const hostile of HOSTILE_CASES) {
    it(`${hostile.id}: ${hostile.what}`, async () => {
      const ctx: CaseContext = { now: NOW, site: `https://hostile.example/${hostile.id}` };
      const path = `/hostile/${hostile.id}`;
      const healthyPath = `/healthy/${hostile.id}`;
      hostile.serve(server, path, ctx);
      server.setFeed(healthyPath, { title: 'Healthy', items: makeItems(`healthy-${hostile.id}`, 2, new Date(NOW.getTime() - 600_000)) });
      const feed = await addFeed(db, server.url(path), NOW);
      const healthy = await addFeed(db, server.url(healthyPath), NOW);

      const reports = await poller.poll();
      expect(reports.map((r) => r.feedId).sort()).toEqual([feed.id, healthy.id].sort());

      // The healthy feed in the same cycle still produces its post row.
      const healthyReport = reports.find((r) => r.feedId === healthy.id);
      expect(healthyReport?.error).toBeUndefined();
      expect(healthyReport).toMatchObject({ outcome: 'new-items', inserted: 2, queued: 1 });
      expect((await channelPostsOf(db, healthy.id)).map((p) => p.title)).toEqual([`healthy-${hostile.id} story 2`]);

      const report = reports.find((r) => r.feedId === feed.id)!;
      const row = await feedRow(db, feed.id);
      const stored = await itemsOf(db, feed.id);
      const expected = hostile.expected;
      if (expected.kind === 'failed') {
        expect(report.outcome).toBe('failed');
        expect(report.error).toMatch(expected.reason);
        // Recorded on the feed for admins, with a back-off, and nothing phantom stored.
        expect(row.last_error).toMatch(expected.reason);
        expect(row.consecutive_failures).toBe(1);
        expect(row.last_error_at).toEqual(NOW);
        expect(row.next_fetch_at.getTime()).toBeGreaterThan(NOW.getTime());
        expect(row.initialized).toBe(false);
        expect(stored).toEqual([]);
        return;
      }
      expect(report.error).toBeUndefined();
      expect(report.outcome).toBe(expected.items > 0 ? 'new-items' : 'no-change');
      expect(row.last_error).toBeNull();
      expect(row.last_success_at).toEqual(NOW);
      expect(stored.length).toBe(expected.items);
      expect(new Set(stored.map((s) => s.dedupe_key)).size).toBe(stored.length);
      const links = stored.map((s) => s.canonical_url).filter((u) => u !== null);
      expect(new Set(links).size).toBe(links.length);
      expect((await channelPostsOf(db, feed.id)).length).toBe(expected.posts ?? (expected.items > 0 ? 1 : 0));
      expect(expected.check?.(stored, ctx) ?? null).toBeNull();

      if (hostile.change) {
        // A later fetch of the changed feed: the same entries are never stored or posted again.
        hostile.change(server, path, ctx);
        await makeFeedDue(db, feed.id, NOW);
        const [again] = await poller.poll();
        expect(again).toMatchObject({ feedId: feed.id, inserted: expected.newAfterChange ?? 0 });
        expect((await itemsOf(db, feed.id)).length).toBe(expected.items + (expected.newAfterChange ?? 0));
        expect((await channelPostsOf(db, feed.id)).length).toBe(expected.posts ?? (expected.items > 0 ? 1 : 0));
      }
    }, 90_000);
  }
});
