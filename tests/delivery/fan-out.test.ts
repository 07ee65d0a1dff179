import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/create-db.js';
import { fanOutItems } from '../../src/stores/fan-out.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';
import { createDb } from '../../src/db/create-db.js';
import { rowsOf, seedFeed, seedItem, seedSubscribers } from './support/seed.js';

let testDb: TestDb;
let db: Db;
let feedId: number;

beforeAll(async () => {
  testDb = await createTestDb();
  db = testDb.db as Db;
  feedId = await seedFeed(db);
  await seedSubscribers(db, [
    { chatId: 1 }, // no filters: everything
    { chatId: 2, topics: ['energy'] },
    { chatId: 3, topics: ['security'] },
    { chatId: 4, regions: ['south-caucasus'] },
    { chatId: 5, regions: ['europe'] },
    { chatId: 6, topics: ['energy'], regions: ['europe'] }, // topic passes, place fails
    { chatId: 7, topics: ['security'], keywords: ['pipeline'] }, // filters fail, keyword matches
    { chatId: 8, regions: ['europe'], keywords: ['pipe'] }, // not a whole word
    { chatId: 9, keywords: ['TANAP'] }, // case-insensitive
    { chatId: 10, mode: 'digest' },
    { chatId: 11, status: 'stopped' },
    { chatId: 12, status: 'blocked' },
    { chatId: 13, countries: ['az'] }, // the place filter passes on a country
    { chatId: 14, regions: ['europe'], keywords: ['.*', '(a+)+$', "'; drop table items; --", '%', '_'] }, // hostile keywords are literal
    { chatId: 15, regions: ['europe'], keywords: ['baku-tbilisi'] }, // punctuation is a word boundary
    { chatId: 16, regions: ['europe'], keywords: ['нефть'] }, // non-Latin words
  ]);
});

afterAll(async () => {
  await testDb.close();
});

describe('fanOutItems', () => {
  it('queues one row per matching active subscriber in one statement', async () => {
    const itemId = await seedItem(db, feedId, {
      title: 'TANAP pipeline: Baku-Tbilisi talks',
      summary: 'Нефть and gas flows.',
      topics: ['energy'],
      regions: ['south-caucasus'],
      countries: ['az'],
    });
    const queued = await fanOutItems(db, [itemId], new Date());
    const rows = await rowsOf(db, itemId);
    const chats = rows.map((r) => Number(r.chat_id)).sort((a, b) => a - b);
    expect(chats).toEqual([1, 2, 4, 7, 9, 10, 13, 15, 16]);
    expect(queued).toBe(9);
    const digest = rows.find((r) => r.chat_id === '10')!;
    expect([digest.status, digest.kind, digest.priority]).toEqual(['held', 'digest', 3]);
    const direct = rows.find((r) => r.chat_id === '1')!;
    expect([direct.status, direct.kind, direct.priority]).toEqual(['pending', 'direct', 2]);
    expect(await db.selectFrom('items').select('id').where('id', '=', itemId).executeTakeFirst()).toBeDefined();
  });

  it('does not queue a subscriber twice when the fan-out repeats', async () => {
    const itemId = await seedItem(db, feedId, { topics: ['energy'] });
    const first = await fanOutItems(db, [itemId], new Date());
    const second = await fanOutItems(db, [itemId], new Date());
    expect(first).toBeGreaterThan(0);
    expect(second).toBe(0);
  });

  it('fans an item out once: a repeat adds nothing, even for a reader who subscribed since', async () => {
    const itemId = await seedItem(db, feedId, { topics: ['energy'] });
    const first = await fanOutItems(db, [itemId], new Date());
    await seedSubscribers(db, [{ chatId: 200 }]);
    expect(await fanOutItems(db, [itemId], new Date())).toBe(0);
    const rows = await rowsOf(db, itemId);
    expect(rows).toHaveLength(first);
    expect(rows.some((r) => r.chat_id === '200')).toBe(false);
    const item = await db.selectFrom('items').select('fanned_out_at').where('id', '=', itemId).executeTakeFirstOrThrow();
    expect(item.fanned_out_at).not.toBeNull();
    await db.deleteFrom('subscribers').where('chat_id', '=', 200).execute();
  });

  it('queues an item once when two fan-outs of it run at the same time', async () => {
    const itemId = await seedItem(db, feedId, { topics: ['energy'] });
    // A second pool: the two fan-outs run on connections of their own, as two processes would.
    const other = createDb({ databaseUrl: testDb.url, poolSize: 2 });
    try {
      let claimed!: () => void;
      const firstClaimed = new Promise<void>((resolve) => (claimed = resolve));
      let commit!: () => void;
      const mayCommit = new Promise<void>((resolve) => (commit = resolve));
      const first = db.transaction().execute(async (trx) => {
        const queued = await fanOutItems(trx, [itemId], new Date());
        claimed();
        await mayCommit;
        return queued;
      });
      await firstClaimed;
      const second = fanOutItems(other.db, [itemId], new Date());
      // The second waits on the item's row lock until the first commits, then finds the item fanned out.
      await expect.poll(async () => {
        const waiting = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
        return Number(waiting.rows[0]?.n);
      }).toBe(1);
      commit();
      const [a, b] = await Promise.all([first, second]);
      expect(a).toBeGreaterThan(0);
      expect(b).toBe(0);
      expect(await rowsOf(db, itemId)).toHaveLength(a);
    } finally {
      await other.close();
    }
  });

  it('skips a row already there instead of failing the caller’s transaction (the unique index is the safety net)', async () => {
    const itemId = await seedItem(db, feedId, { topics: ['energy'] });
    let queued = 0;
    await db.transaction().execute(async (trx) => {
      // The item's channel post goes into a chat that also subscribes: same chat, item and thread.
      await trx.insertInto('deliveries').values({ item_id: itemId, broadcast_id: null, chat_id: '1', message_thread_id: null, kind: 'channel', priority: 1, payload: null, next_attempt_at: new Date(), lease_owner: null, message_id: null, sent_as: null, last_error: null, last_error_code: null }).execute();
      queued = await fanOutItems(trx, [itemId], new Date());
      // The transaction is still usable after the fan-out met the existing row.
      await trx.updateTable('feeds').set({ last_error: null }).where('id', '=', feedId).execute();
    });
    const rows = await rowsOf(db, itemId);
    expect(rows.filter((r) => r.chat_id === '1').map((r) => r.kind)).toEqual(['channel']);
    expect(queued).toBe(rows.length - 1);
    expect(new Set(rows.map((r) => r.chat_id)).size).toBe(rows.length);
    expect(rows.map((r) => Number(r.chat_id)).sort((a, b) => a - b)).toEqual([1, 2, 9, 10, 14]);
  });

  it('sends an item to a forum topic once when two of its routes point there', async () => {
    await seedSubscribers(db, [{ chatId: -1001 }]);
    await db.updateTable('subscribers').set({ chat_type: 'supergroup' }).where('chat_id', '=', -1001).execute();
    await db
      .insertInto('forum_routes')
      .values([
        { chat_id: -1001, kind: 'topic', value: 'energy', message_thread_id: 7 },
        { chat_id: -1001, kind: 'region', value: 'south-caucasus', message_thread_id: 7 },
        { chat_id: -1001, kind: 'region', value: 'europe', message_thread_id: 9 },
      ])
      .execute();
    const itemId = await seedItem(db, feedId, { topics: ['energy'], regions: ['south-caucasus', 'europe'] });
    await fanOutItems(db, [itemId], new Date());
    const forum = (await rowsOf(db, itemId)).filter((r) => r.chat_id === '-1001');
    expect(forum.map((r) => r.message_thread_id).sort()).toEqual([7, 9]);
    await db.deleteFrom('subscribers').where('chat_id', '=', -1001).execute();
  });

  it('sends a forum topic only the languages its group reads', async () => {
    await seedSubscribers(db, [{ chatId: -1002 }, { chatId: -1003 }]);
    await db.updateTable('subscribers').set({ chat_type: 'supergroup' }).where('chat_id', 'in', [-1002, -1003]).execute();
    // One group reads Russian news only, the other its interface language (English).
    await db.updateTable('subscribers').set({ item_languages: ['ru'] }).where('chat_id', '=', -1002).execute();
    await db
      .insertInto('forum_routes')
      .values([
        { chat_id: -1002, kind: 'topic', value: 'energy', message_thread_id: 3 },
        { chat_id: -1003, kind: 'topic', value: 'energy', message_thread_id: 4 },
      ])
      .execute();
    const itemId = await seedItem(db, feedId, { topics: ['energy'] }); // an English item
    await fanOutItems(db, [itemId], new Date());
    const forums = (await rowsOf(db, itemId)).filter((r) => r.chat_id === '-1002' || r.chat_id === '-1003');
    expect(forums.map((r) => [r.chat_id, r.message_thread_id])).toEqual([['-1003', 4]]);
    await db.deleteFrom('subscribers').where('chat_id', 'in', [-1002, -1003]).execute();
  });

  it('holds instant rows for a subscriber in quiet hours', async () => {
    const now = new Date('2026-11-28T23:30:00Z');
    await seedSubscribers(db, [{ chatId: 100, quiet: [22 * 60, 7 * 60] }, { chatId: 101, quiet: [8 * 60, 9 * 60] }]);
    const itemId = await seedItem(db, feedId, { topics: ['culture'] });
    await fanOutItems(db, [itemId], now);
    const rows = await rowsOf(db, itemId);
    expect(rows.find((r) => r.chat_id === '100')?.status).toBe('held');
    expect(rows.find((r) => r.chat_id === '101')?.status).toBe('pending');
  });
});
