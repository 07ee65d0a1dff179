/**
 * A slow host holds only its own slots: with a per-host cap of 1, feeds on a hanging host
 * are fetched one after another while the feeds of a healthy host are fetched meanwhile.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/create-db.js';
import { hostOf } from '../../src/news/bounded-runner.js';
import { fetchFeed } from '../../src/news/fetch-feed.js';
import type { Validators } from '../../src/news/types.js';
import { pollDueFeeds } from '../../src/ingest/poll-feeds.js';
import { startFakeFeedServer, type FakeFeedServer } from '../helpers/fake-feed-server.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';
import { addFeed, CHANNEL, channelPostsOf, loopbackFetch, makeItems, testPreparer, USER_AGENT } from './support.js';

const NOW = new Date('2026-11-28T12:00:00Z');
let slow: FakeFeedServer;
let fast: FakeFeedServer;
let testDb: TestDb;

beforeAll(async () => {
  slow = await startFakeFeedServer();
  fast = await startFakeFeedServer();
  testDb = await createTestDb();
});
afterAll(async () => {
  await slow?.close();
  await fast?.close();
  await testDb?.close();
});

describe('global and per-host fetch caps', () => {
  it('fetches the feeds of a healthy host while a hanging host times out one feed at a time', async () => {
    const db = testDb.db as Db;
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
    // Herald's side of the wire: fetches open per host, and the order they finish in.
    const open = new Map<string, number>();
    const mostOpen = new Map<string, number>();
    let total = 0;
    let mostTotal = 0;
    const finished: string[] = [];
    const fetchCounted = async (url: string, validators: Validators) => {
      const host = hostOf(url);
      open.set(host, (open.get(host) ?? 0) + 1);
      mostOpen.set(host, Math.max(mostOpen.get(host) ?? 0, open.get(host)!));
      mostTotal = Math.max(mostTotal, ++total);
      try {
        return await fetchFeed(url, validators, { guardedFetch: loopbackFetch(), timeoutMs: 3000, maxBytes: 1024 * 1024, userAgent: USER_AGENT });
      } finally {
        open.set(host, open.get(host)! - 1);
        total--;
        finished.push(host === hostOf(slow.origin) ? 'slow' : 'fast');
      }
    };
    const reports = await pollDueFeeds(
      { db, logger: pino({ level: 'silent' }), now: () => NOW, fetchFeed: fetchCounted, prepareItem: testPreparer() },
      { channelChatId: CHANNEL, firstRunPosts: 1, backlogCap: 10, concurrency: 2, perHost: 1 },
    );

    expect(reports.filter((r) => slowIds.includes(r.feedId)).map((r) => r.error)).toEqual(Array(3).fill('timed out: no complete answer within 3000 ms'));
    for (const id of fastIds) expect((await channelPostsOf(db, id)).length).toBe(1);
    expect(mostTotal).toBe(2);
    expect(mostOpen.get(hostOf(slow.origin))).toBe(1);
    expect(mostOpen.get(hostOf(fast.origin))).toBe(1);
    // A healthy feed was done before the hanging host's first timeout, and all of them before
    // its last: a plain pool of two workers would have put both slots on the hanging host
    // and made the healthy feeds wait for its timeouts.
    expect(finished[0]).toBe('fast');
    expect(finished.at(-1)).toBe('slow');
  });
});
