import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/create-db.js';
import { fanOutItems } from '../../src/stores/fan-out.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';
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
