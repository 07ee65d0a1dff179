import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/create-db.js';
import { createDb } from '../../src/db/create-db.js';
import { createLogger } from '../../src/logger.js';
import { pollDueFeeds } from '../../src/ingest/poll-feeds.js';
import { FAN_OUT_PARTS, fanOutItems, fanOutOwed, finishOwedFanOuts, markFanOutOwed } from '../../src/stores/fan-out.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';
import { rowsOf, seedFeed, seedItem, seedSubscribers } from './support/seed.js';

/**
 * The poll's fan-out: owed in the poll's transaction, written after it in parts on connections
 * of their own, finished by the next poll when a part was lost.
 */

let testDb: TestDb;
let db: Db;
let feedId: number;

// Readers in private chats (positive ids) and groups (negative ids), odd and even, so every
// share of every part has some; 41 and -42 choose another topic.
const readers = [
  ...Array.from({ length: 40 }, (_, i) => ({ chatId: i + 1 })),
  ...Array.from({ length: 40 }, (_, i) => ({ chatId: -1000 - i })),
  { chatId: 41, topics: ['culture'] },
  { chatId: -42, topics: ['culture'] },
];
const matching = readers.filter((r) => !('topics' in r)).map((r) => String(r.chatId)).sort();

beforeAll(async () => {
  testDb = await createTestDb();
  db = testDb.db as Db;
  feedId = await seedFeed(db);
  // The seeded feed is not due: the poll below only finishes owed fan-outs.
  await db.updateTable('feeds').set({ next_fetch_at: new Date(Date.now() + 3600_000) }).execute();
  await seedSubscribers(db, readers);
});

afterAll(async () => {
  await testDb.close();
});

const chatsOf = async (itemId: number) => (await rowsOf(db, itemId)).map((r) => r.chat_id).sort();

describe('the fan-out in parts', () => {
  it('writes every matching reader once, across parts, and marks the item fanned out', async () => {
    expect(FAN_OUT_PARTS).toBeGreaterThan(1);
    const itemId = await seedItem(db, feedId, { topics: ['energy'] });
    const queued = await fanOutItems(db, [itemId], new Date());
    expect(await chatsOf(itemId)).toEqual(matching);
    expect(queued).toBe(matching.length);
    const item = await db.selectFrom('items').select(['fanned_out_at']).where('id', '=', itemId).executeTakeFirstOrThrow();
    expect(item.fanned_out_at).not.toBeNull();
    expect(await db.selectFrom('fan_out_parts_done').selectAll().where('item_id', '=', itemId).execute()).toEqual([]);
    // Done is done: a repeat writes nothing.
    expect(await fanOutItems(db, [itemId], new Date())).toBe(0);
  });

  it('after a part is lost with its connection, the next poll writes only that part', async () => {
    const itemId = await seedItem(db, feedId, { topics: ['energy'] });
    await markFanOutOwed(db, [itemId]);
    // Part 1 will wait behind this transaction's claim of it; its connection is then killed,
    // as a server restart or a crash of the process would end it.
    const blocker = createDb({ databaseUrl: testDb.url, poolSize: 1 });
    try {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let claimed!: () => void;
      const partClaimed = new Promise<void>((resolve) => (claimed = resolve));
      const blocking = blocker.db.transaction().execute(async (trx) => {
        await trx.insertInto('fan_out_parts_done').values({ item_id: itemId, part: 1 }).execute();
        claimed();
        await released;
        throw new Error('rolled back on purpose');
      });
      await partClaimed;
      const fanOut = fanOutOwed(db, [itemId], new Date());
      const waiting = async () =>
        (await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like '%fan_out_parts_done%'`.execute(db)).rows;
      await expect.poll(async () => (await waiting()).length).toBe(1);
      // Part 0 runs on: wait until it has committed.
      await expect.poll(async () => (await db.selectFrom('fan_out_parts_done').select('part').where('item_id', '=', itemId).execute()).map((r) => r.part)).toEqual([0]);
      const [victim] = await waiting();
      await sql`select pg_terminate_backend(${victim!.pid})`.execute(db);
      await expect(fanOut).rejects.toThrow();
      release();
      await expect(blocking).rejects.toThrow('rolled back on purpose');
    } finally {
      await blocker.close();
    }

    // Half the readers have their row, the item is still owed.
    const half = await chatsOf(itemId);
    expect(half.length).toBeGreaterThan(0);
    expect(half.length).toBeLessThan(matching.length);
    const owed = await db.selectFrom('items').select(['fanned_out_at', 'fan_out_owed_parts']).where('id', '=', itemId).executeTakeFirstOrThrow();
    expect(owed.fanned_out_at).toBeNull();

    const logger = createLogger({ level: 'silent' });
    let nudged = 0;
    await pollDueFeeds(
      {
        db,
        logger,
        now: () => new Date(),
        prepareItem: () => {
          throw new Error('no feed is due');
        },
        fetchFeed: () => {
          throw new Error('no feed is due');
        },
        onStored: () => nudged++,
      },
      { firstRunPosts: 3, backlogCap: 10, concurrency: 2 },
    );
    // Every reader exactly once, and the sender was told there is more to send.
    expect(await chatsOf(itemId)).toEqual(matching);
    expect(nudged).toBe(1);
    const done = await db.selectFrom('items').select('fanned_out_at').where('id', '=', itemId).executeTakeFirstOrThrow();
    expect(done.fanned_out_at).not.toBeNull();
    expect(await finishOwedFanOuts(db, new Date())).toBe(0);
  });

  it('two processes finishing the same owed item write each part once', async () => {
    const itemId = await seedItem(db, feedId, { topics: ['energy'] });
    await markFanOutOwed(db, [itemId]);
    const other = createDb({ databaseUrl: testDb.url, poolSize: 4 });
    try {
      const [a, b] = await Promise.all([fanOutOwed(db, [itemId], new Date()), fanOutOwed(other.db, [itemId], new Date())]);
      expect(a + b).toBe(matching.length);
      expect(await chatsOf(itemId)).toEqual(matching);
    } finally {
      await other.close();
    }
  });

  it('an item the poll did not mark owed (recorded, not posted) is never fanned out', async () => {
    const itemId = await seedItem(db, feedId, { topics: ['energy'] });
    expect(await finishOwedFanOuts(db, new Date())).toBe(0);
    expect(await fanOutOwed(db, [itemId], new Date())).toBe(0);
    expect(await chatsOf(itemId)).toEqual([]);
  });
});
