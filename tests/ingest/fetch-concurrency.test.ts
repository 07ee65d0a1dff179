/**
 * A slow host holds only its own slots: with a per-host cap of 1, feeds on a hanging host
 * are fetched one after another while the feeds of a healthy host are fetched meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppWorld } from '../helpers/app-world.js';
import { startFakeFeedServer, type FakeFeedServer, type RequestLog } from '../helpers/fake-feed-server.js';
import { addFeed, channelPostsOf, clockAt, makeItems, startIngestWorld } from './support.js';

const NOW = new Date('2026-11-28T12:00:00Z');
let world: AppWorld;
let slow: FakeFeedServer;
let fast: FakeFeedServer;

beforeAll(async () => {
  world = await startIngestWorld({ concurrency: 2, perHost: 1, timeoutMs: 3000, maxBytes: 1024 * 1024 });
  clockAt(world, NOW);
  slow = await startFakeFeedServer();
  fast = world.feeds;
});
afterAll(async () => {
  await slow?.close();
  await world?.close();
});

/** The most requests open at one moment, from their arrival to their end. */
function mostAtOnce(requests: RequestLog[]): number {
  const moments = requests.flatMap((r) => [
    { at: r.at, change: 1 },
    { at: r.endedAt!, change: -1 },
  ]);
  // At the same moment an end comes before an arrival: one request after another is not two at once.
  moments.sort((x, y) => x.at - y.at || x.change - y.change);
  let open = 0;
  let most = 0;
  for (const m of moments) most = Math.max(most, (open += m.change));
  return most;
}

describe('global and per-host fetch caps', () => {
  it('fetches the feeds of a healthy host while a hanging host times out one feed at a time', async () => {
    const { db } = world;
    const slowIds: number[] = [];
    const fastIds: number[] = [];
    for (let i = 0; i < 3; i++) {
      slow.route(`/slow/${i}.xml`, { hang: true });
      slowIds.push((await addFeed(db, slow.url(`/slow/${i}.xml`), NOW)).id);
    }
    for (let i = 0; i < 4; i++) {
      fast.setFeed(`/fast/${i}.xml`, { title: 'fast', items: makeItems(`fast${i}`, 1, new Date(NOW.getTime() - 60_000)) });
      fastIds.push((await addFeed(db, fast.url(`/fast/${i}.xml`), NOW)).id);
    }
    const reports = await world.poll();

    expect(reports.filter((r) => slowIds.includes(r.feedId)).map((r) => r.error)).toEqual(Array(3).fill('timed out: no complete answer within 3000 ms'));
    for (const id of fastIds) expect((await channelPostsOf(db, id)).length).toBe(1);
    // The wire as the two hosts saw it: requests open at once, overall and per host, and the order they ended in.
    await slow.waitForIdle();
    await fast.waitForIdle();
    const exchanges = [...slow.requests.map((r) => ({ host: 'slow', r })), ...fast.requests.map((r) => ({ host: 'fast', r }))];
    const finished = exchanges.sort((x, y) => x.r.endedAt! - y.r.endedAt!).map((e) => e.host);
    expect(mostAtOnce(exchanges.map((e) => e.r))).toBe(2);
    expect(mostAtOnce([...slow.requests])).toBe(1);
    expect(mostAtOnce([...fast.requests])).toBe(1);
    // A healthy feed was done before the hanging host's first timeout, and all of them before
    // its last: a plain pool of two workers would have put both slots on the hanging host
    // and made the healthy feeds wait for its timeouts.
    expect(finished[0]).toBe('fast');
    expect(finished.at(-1)).toBe('slow');
  });
});
