import type { Db } from '../db/create-db.js';

/** Rows whose work is over; waiting rows ('pending', 'held') are never pruned, however old. */
const FINISHED = ['sent', 'failed', 'blocked', 'skipped', 'cancelled'] as const;

/**
 * Deletes finished outbox rows created before `olderThan`, a slice of ids at a time so no
 * statement holds locks for long. Channel posts stay: one row per item, the record of what
 * the channel carried. Ids grow with time, so the old rows have the lowest ids and the walk
 * ends at the first row created after the cutoff.
 */
export async function pruneDeliveries(db: Db, olderThan: Date, sliceSize = 10_000): Promise<number> {
  const bounds = await db
    .selectFrom('deliveries')
    .select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')])
    .executeTakeFirst();
  if (bounds?.lo === null || bounds?.lo === undefined || bounds.hi === null) return 0;
  const firstKept = await db.selectFrom('deliveries').select('id').where('created_at', '>=', olderThan).orderBy('id').limit(1).executeTakeFirst();
  const end = firstKept ? Number(firstKept.id) : Number(bounds.hi) + 1;
  let deleted = 0;
  for (let from = Number(bounds.lo); from < end; from += sliceSize) {
    const result = await db
      .deleteFrom('deliveries')
      .where('id', '>=', from)
      .where('id', '<', Math.min(from + sliceSize, end))
      .where('created_at', '<', olderThan)
      .where('status', 'in', [...FINISHED])
      .where('kind', '<>', 'channel')
      .executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
  return deleted;
}
