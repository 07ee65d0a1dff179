/**
 * Many due feeds on one slow host (issue #15): a Herald claims of one host only what it can start
 * soon, its FETCH_PER_HOST fetches open and as many again waiting (stores/feeds.ts claimDueFeeds,
 * ingest/poll-feeds.ts), not every due feed of that host. Otherwise a thousand feeds of a host
 * fetched two at a time with a 15 s timeout would sit claimed for two hours under a 10-minute
 * lease, and another process would fetch them again. Two Heralds on one database, as in
 * two-processes.test.ts: the second claims feeds the first left alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeraldApp } from '../../src/app.js';
import type { FeedReport } from '../../src/ingest/poll-feeds.js';
import type { AppWorld } from '../helpers/app-world.js';
import { addFeed, clockAt, startIngestWorld } from './support.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const FEEDS = 40;
const PER_HOST = 2;
// What one Herald may hold of one host: its open fetches and as many again waiting.
const HOLD = 2 * PER_HOST;

describe('many due feeds on one slow host', () => {
  let world: AppWorld;
  let second: HeraldApp;

  beforeAll(async () => {
    // The fetch timeout is far off: the host's answers hang until the test ends them.
    world = await startIngestWorld({ perHost: PER_HOST, concurrency: 2, timeoutMs: 120_000 });
    second = await world.anotherHerald();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('are not all claimed by the first Herald to poll: it holds a few, the second claims others', async () => {
    const { db, feeds } = world;
    clockAt(world, NOW);
    const ids: number[] = [];
    for (let i = 0; i < FEEDS; i++) {
      feeds.setFeed(`/slow/${i}.xml`, { title: `Slow ${i}`, items: [] }, { hang: true });
      ids.push((await addFeed(db, feeds.url(`/slow/${i}.xml`), NOW)).id);
    }
    const claimed = async () => (await db.selectFrom('feeds').select('id').where('lease_until', '>', NOW).execute()).map((r) => r.id);
    const requested = () => feeds.requests.map((r) => r.path);

    const first = world.poll();
    first.catch(() => undefined);
    // Its fetches are open (two, FETCH_PER_HOST) and hang: the first poll is under way.
    await feeds.waitForRequest(() => requested().length >= PER_HOST, { message: 'the first Herald to open its fetches' });
    // Of the 40 due feeds of this host it holds the two it fetches and two to start next.
    const byFirst = await claimed();
    expect(byFirst).toHaveLength(HOLD);

    const next = second.poll();
    next.catch(() => undefined);
    await feeds.waitForRequest(() => requested().length >= 2 * PER_HOST, { message: 'the second Herald to open its fetches' });
    // The second Herald claimed feeds of the same host that the first left alone.
    const byBoth = await claimed();
    expect(byBoth).toHaveLength(2 * HOLD);
    expect(byBoth.filter((id) => !byFirst.includes(id))).toHaveLength(HOLD);
    expect(new Set(requested()).size).toBe(2 * PER_HOST);

    // The host goes away: the hanging answers end, every other fetch fails at once, both polls end.
    await feeds.close();
    const [fromFirst, fromSecond] = (await Promise.all([first, next])) as [FeedReport[], FeedReport[]];
    // Between them every due feed was polled, each by one Herald only.
    const handled = [...fromFirst, ...fromSecond].map((r) => r.feedId).sort((a, b) => a - b);
    expect(handled).toEqual([...ids].sort((a, b) => a - b));
    expect(fromSecond.length).toBeGreaterThanOrEqual(HOLD);
  }, 60_000);
});
