import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/create-db.js';
import { pruneDeliveries } from '../../src/stores/outbox-retention.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';
import { seedFeed, seedItem } from '../delivery/support/seed.js';

let testDb: TestDb;
let db: Db;

beforeAll(async () => {
  testDb = await createTestDb();
  db = testDb.db as Db;
});

afterAll(async () => {
  await testDb.close();
});

const DAY = 86_400_000;

describe('outbox retention', () => {
  it('removes finished private rows past the cutoff and keeps waiting rows, channel posts and recent rows', async () => {
    const now = new Date();
    const old = new Date(now.getTime() - 40 * DAY);
    const itemId = await seedItem(db, await seedFeed(db));
    const row = (chat: number, kind: 'direct' | 'channel' | 'digest', status: 'sent' | 'failed' | 'blocked' | 'pending' | 'held', createdAt: Date) => ({
      item_id: itemId, broadcast_id: null, chat_id: String(chat), message_thread_id: null, kind, priority: 2, status, payload: null,
      next_attempt_at: createdAt, created_at: createdAt, lease_owner: null, message_id: null, sent_as: null, last_error: null, last_error_code: null,
    });
    // Old rows first, as time would have written them (ids grow with time).
    await db.insertInto('deliveries').values([
      row(1, 'direct', 'sent', old), row(2, 'direct', 'failed', old), row(3, 'direct', 'blocked', old),
      row(4, 'direct', 'pending', old), row(5, 'digest', 'held', old), row(6, 'channel', 'sent', old),
    ]).execute();
    await db.insertInto('deliveries').values([row(7, 'direct', 'sent', now), row(8, 'direct', 'pending', now)]).execute();

    // A small slice size walks the ids in several steps.
    expect(await pruneDeliveries(db, new Date(now.getTime() - 30 * DAY), 2)).toBe(3);
    const left = await db.selectFrom('deliveries').select(['chat_id', 'status']).orderBy('id').execute();
    expect(left.map((r) => r.chat_id)).toEqual(['4', '5', '6', '7', '8']);
    // A second run has nothing more to do.
    expect(await pruneDeliveries(db, new Date(now.getTime() - 30 * DAY))).toBe(0);
  });

  it('an empty outbox is no work', async () => {
    await db.deleteFrom('deliveries').execute();
    expect(await pruneDeliveries(db, new Date())).toBe(0);
  });
});
