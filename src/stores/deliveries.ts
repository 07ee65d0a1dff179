import type { Db } from '../db/create-db.js';
import { Lane, type DeliveryRow, type DeliveryStatus } from '../db/schema.js';

export type Delivery = DeliveryRow;

/** Queues channel posts for items, oldest first so the channel reads in order. */
export async function enqueueChannelPosts(db: Db, chatId: string, items: { id: number; publishedAt: Date }[], now: Date): Promise<number> {
  if (items.length === 0) return 0;
  const ordered = [...items].sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime());
  const rows = await db
    .insertInto('deliveries')
    .values(ordered.map((item) => ({ item_id: item.id, broadcast_id: null, chat_id: chatId, message_thread_id: null, kind: 'channel' as const, priority: Lane.channel, payload: null, next_attempt_at: now, lease_owner: null, message_id: null, sent_as: null, last_error: null, last_error_code: null })))
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .execute();
  return rows.length;
}

/**
 * Leases the next due rows, most urgent lane first. SKIP LOCKED lets another sender
 * work beside this one; the lease returns a crashed sender's rows once it lapses.
 */
export async function claimDueDeliveries(db: Db, owner: string, now: Date, leaseSeconds: number, limit: number): Promise<Delivery[]> {
  const rows = await db
    .updateTable('deliveries')
    .set({ lease_owner: owner, lease_until: new Date(now.getTime() + leaseSeconds * 1000) })
    .where('id', 'in', (qb) =>
      qb
        .selectFrom('deliveries')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
        .orderBy('priority')
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
  return rows.sort((a, b) => a.priority - b.priority || a.next_attempt_at.getTime() - b.next_attempt_at.getTime() || a.id - b.id);
}

export async function markSent(db: Db, id: number, now: Date, messageId: number | null, sentAs: string): Promise<void> {
  await db
    .updateTable('deliveries')
    .set((eb) => ({ status: 'sent', sent_at: now, message_id: messageId, sent_as: sentAs, lease_until: null, lease_owner: null, attempts: eb('attempts', '+', 1), last_error: null }))
    .where('id', '=', id)
    .execute();
}

export async function scheduleRetry(db: Db, id: number, nextAttemptAt: Date, error: string, code: number | null): Promise<void> {
  await db
    .updateTable('deliveries')
    .set((eb) => ({ next_attempt_at: nextAttemptAt, last_error: error.slice(0, 1000), last_error_code: code, lease_until: null, lease_owner: null, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Gives a claimed row back untouched (a pause, not an attempt). */
export async function releaseDelivery(db: Db, id: number, nextAttemptAt: Date): Promise<void> {
  await db.updateTable('deliveries').set({ next_attempt_at: nextAttemptAt, lease_until: null, lease_owner: null }).where('id', '=', id).execute();
}

export async function markFinal(db: Db, id: number, status: Exclude<DeliveryStatus, 'pending' | 'sent'>, error: string, code: number | null): Promise<void> {
  await db
    .updateTable('deliveries')
    .set((eb) => ({ status, last_error: error.slice(0, 1000), last_error_code: code, lease_until: null, lease_owner: null, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function countDeliveriesByStatus(db: Db): Promise<Record<string, number>> {
  const rows = await db.selectFrom('deliveries').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
