/**
 * Long work says how far it is: done / total, percent and the time left, at most once per
 * interval, nothing at all when it is short. Clocks are moved by hand; no test waits on time.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { progressLine } from '../../src/bot/admin/broadcasts.js';
import { createBroadcastProgressLog } from '../../src/delivery/broadcast-progress.js';
import { catalog } from '../../src/i18n/index.js';
import { createItemPreparer } from '../../src/ingest/prepare-item.js';
import { pollDueFeeds } from '../../src/ingest/poll-feeds.js';
import { createLogger } from '../../src/logger.js';
import { loadTaxonomy } from '../../src/news/understand/index.js';
import { createProgress, duration } from '../../src/progress.js';
import { broadcastProgress, createDraft, queueBroadcast } from '../../src/stores/broadcasts.js';
import { syncConfigChannel } from '../../src/stores/channels.js';
import { seedFeeds } from '../../src/stores/feeds.js';
import { captureLog } from '../helpers/log-capture.js';
import { createTestDb, migrateToLatest, type TestDb } from '../helpers/test-db.js';
import { renderRss } from '../helpers/fake-feed-server.js';

/** A clock the test moves: milliseconds. */
function handClock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('createProgress', () => {
  it('writes nothing for work that ends within the first interval', () => {
    const log = captureLog();
    const clock = handClock();
    const progress = createProgress({ logger: createLogger({ level: 'info', destination: log.destination }), what: 'polling feeds', total: 3, clock: clock.now });
    progress.advance();
    clock.advance(1000);
    progress.advance(2);
    progress.finish();
    expect(log.raw).toEqual([]);
  });

  it('long work: done of total, percent and time left, at most once per interval, then how long it took', () => {
    const log = captureLog();
    const clock = handClock();
    const progress = createProgress({ logger: createLogger({ level: 'info', destination: log.destination }), what: 'polling feeds', total: 500, clock: clock.now, fields: { run: 1 } });
    clock.advance(5000);
    progress.advance(100);
    clock.advance(2000);
    progress.advance(40); // within the interval: no line
    clock.advance(3000);
    progress.advance(60);
    clock.advance(20_000);
    progress.advance(300);
    progress.finish({ failed: 2 });
    expect(log.lines().map((l) => l.msg)).toEqual([
      'polling feeds: 100 of 500 (20%), about 20 s left',
      'polling feeds: 200 of 500 (40%), about 15 s left',
      'polling feeds: 500 of 500 (100%), about 0 s left',
      'polling feeds: finished, 500 of 500 in 30 s',
    ]);
    expect(log.lines()[0]).toMatchObject({ run: 1, progress: '100/500', done: 100, total: 500, percent: 20, etaSeconds: 20, elapsedSeconds: 5 });
    expect(log.lines()[3]).toMatchObject({ failed: 2, done: 500, etaSeconds: 0 });
  });

  it('says durations as a person would', () => {
    expect([duration(42), duration(150), duration(3600), duration(7260)]).toEqual(['42 s', '2 min 30 s', '1 h', '2 h 1 min']);
  });
});

describe('progress of real work', () => {
  let testDb: TestDb;
  beforeAll(async () => {
    testDb = await createTestDb();
  });
  afterAll(async () => {
    await testDb?.close();
  });
  beforeEach(async () => {
    await testDb.reset();
  });

  it('migrations tell each step: done of total', async () => {
    const empty = await createTestDb({ migrate: false });
    try {
      const steps: [number, number][] = [];
      const outcome = await migrateToLatest(empty.db, { onProgress: (done, total) => steps.push([done, total]) });
      expect(outcome.ok).toBe(true);
      const total = outcome.applied.length;
      expect(total).toBeGreaterThan(3);
      expect(steps).toEqual(Array.from({ length: total }, (_, i) => [i + 1, total]));
    } finally {
      await empty.close();
    }
  });

  it('a poll of many feeds logs its progress by feed; a feed’s archive (a backfill) by entry', async () => {
    const now = new Date('2026-12-01T10:00:00Z');
    const urls = Array.from({ length: 6 }, (_, i) => `https://outlet${i}.example/rss.xml`);
    await seedFeeds(testDb.db, urls);
    await sql`update feeds set next_fetch_at = ${now}`.execute(testDb.db);
    const archive = renderRss({
      title: 'Outlet',
      items: Array.from({ length: 25 }, (_, i) => ({ guid: `g${i}`, title: `Story ${i}`, link: `https://outlet.example/${i}`, description: 'A lead long enough to stand for the whole story. '.repeat(8), pubDate: new Date(now.getTime() - (i + 1) * 60_000) })),
    });
    const log = captureLog();
    // An interval of 0: every step is a line, so the test sees them all without waiting.
    const reports = await pollDueFeeds(
      {
        db: testDb.db,
        logger: createLogger({ level: 'info', destination: log.destination }),
        now: () => now,
        prepareItem: createItemPreparer(loadTaxonomy()),
        fetchFeed: async (url) =>
          url === urls[0]
            ? { kind: 'fetched', body: archive, encoding: 'utf-8', contentType: 'application/rss+xml', etag: null, lastModified: null, finalUrl: url, maxAgeSeconds: null }
            : { kind: 'failed', reason: 'fetch failed: getaddrinfo ENOTFOUND', status: null },
        progress: { intervalMs: 0 },
      },
      { firstRunPosts: 1, backlogCap: 10, concurrency: 2 },
    );
    expect(reports).toHaveLength(6);
    const messages = log.lines().map((l) => l.msg ?? '');
    const steps = messages.map((m) => m.match(/^polling feeds: (\d+) of 6 \((\d+)%\)/)).filter((m) => m !== null);
    expect(steps.map((m) => [Number(m[1]), Number(m[2])])).toEqual([[1, 16], [2, 33], [3, 50], [4, 66], [5, 83], [6, 100]]);
    expect(log.lines().find((l) => /^polling feeds: finished, 6 of 6 in \d+ s$/.test(l.msg ?? ''))).toMatchObject({ failed: 5, newItems: 25 });
    const reading = log.lines().filter((l) => typeof l.msg === 'string' && l.msg.startsWith('reading new entries: ') && !l.msg.includes('finished'));
    expect(reading).toHaveLength(25);
    expect(reading.at(-1)).toMatchObject({ feedUrl: urls[0], done: 25, total: 25, percent: 100 });
  });

  it('breaking news to many readers: progress in the log, and done of total in /broadcasts', async () => {
    const now = new Date('2026-12-01T10:00:00Z');
    const id = await createDraft(testDb.db, { authorId: 7, html: '🚨 BREAKING Pipeline deal signed', photo: null }, now);
    await syncConfigChannel(testDb.db, '-1001', now);
    await queueBroadcast(testDb.db, id, now);
    // Nine readers besides the channel.
    for (let chat = 1; chat <= 9; chat++) {
      await sql`insert into deliveries (broadcast_id, chat_id, kind, priority, next_attempt_at) values (${id}, ${String(chat)}, 'broadcast', 0, ${now})`.execute(testDb.db);
    }
    const send = (chats: string[]) => sql`update deliveries set status = 'sent', sent_at = ${now} where broadcast_id = ${id} and chat_id in (${sql.join(chats)})`.execute(testDb.db);
    const log = captureLog();
    const clock = handClock();
    const progress = createBroadcastProgressLog({ db: testDb.db, logger: createLogger({ level: 'info', destination: log.destination }), now: () => now, progress: { intervalMs: 1000, clock: clock.now } });

    await send(['-1001']);
    progress.outcome();
    await progress.idle();
    expect(log.raw).toEqual([]);

    await send(['1', '2', '3']);
    clock.advance(1000);
    progress.outcome();
    await progress.idle();
    expect(log.lines().map((l) => l.msg)).toEqual([`broadcast #${id}: 4 of 10 (40%), about 2 s left`]);
    expect(log.lines()[0]).toMatchObject({ broadcastId: id, done: 4, total: 10 });

    const [listed] = await broadcastProgress(testDb.db, now);
    expect(progressLine(catalog('en'), listed!, now)).toContain('4 of 10 done (40%) · sent 4 · failed 0 · waiting 6');
    expect(progressLine(catalog('ru'), listed!, now)).toContain('готово 4 из 10 (40%)');

    await send(['4', '5', '6', '7', '8', '9']);
    clock.advance(2000);
    progress.outcome();
    await progress.idle();
    expect(log.lines().map((l) => l.msg)).toEqual([
      `broadcast #${id}: 4 of 10 (40%), about 2 s left`,
      `broadcast #${id}: 10 of 10 (100%), about 0 s left`,
      `broadcast #${id}: finished, 10 of 10 in 3 s`,
    ]);
    expect(log.lines()[2]).toMatchObject({ sent: 10, failed: 0, cancelled: 0 });
  });
});
