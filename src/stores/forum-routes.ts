import { sql } from 'kysely';
import type { Db } from '../db/create-db.js';

export type RouteKind = 'topic' | 'region';

export interface ForumRoute {
  kind: RouteKind;
  /** A topic or region id of the taxonomy. */
  value: string;
  threadId: number;
}

/** Points one topic or region at a forum topic; a later choice for the same one moves it. */
export async function setForumRoute(db: Db, chatId: number, route: ForumRoute, now: Date): Promise<void> {
  await db
    .insertInto('forum_routes')
    .values({ chat_id: chatId, kind: route.kind, value: route.value, message_thread_id: route.threadId, created_at: now })
    .onConflict((oc) => oc.columns(['chat_id', 'kind', 'value']).doUpdateSet({ message_thread_id: route.threadId, created_at: now }))
    .execute();
}

/** Removes the route of one topic or region; false when there was none. */
export async function removeForumRoute(db: Db, chatId: number, kind: RouteKind, value: string): Promise<boolean> {
  const result = await db.deleteFrom('forum_routes').where('chat_id', '=', chatId).where('kind', '=', kind).where('value', '=', value).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function listForumRoutes(db: Db, chatId: number): Promise<ForumRoute[]> {
  const rows = await db
    .selectFrom('forum_routes')
    .select(['kind', 'value', 'message_thread_id'])
    .where('chat_id', '=', chatId)
    .orderBy('message_thread_id')
    .orderBy('kind', 'desc')
    .orderBy('value')
    .execute();
  return rows.map((r) => ({ kind: r.kind, value: r.value, threadId: r.message_thread_id }));
}

/**
 * The group deleted a forum topic Herald was posting into: its routes go, the group's own
 * place falls back to General when it was that topic, and the row that found it gone is
 * sent again in the group's own place (unless that place already has the item). Returns
 * whether the row was queued again.
 */
export async function forgetForumTopic(db: Db, chatId: number, threadId: number, deliveryId: number, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('forum_routes').where('chat_id', '=', chatId).where('message_thread_id', '=', threadId).execute();
    await trx.updateTable('subscribers').set({ message_thread_id: null, updated_at: now }).where('chat_id', '=', chatId).where('message_thread_id', '=', threadId).execute();
    const home = await trx.selectFrom('subscribers').select('message_thread_id').where('chat_id', '=', chatId).executeTakeFirst();
    if (!home) return false;
    const requeued = await sql`
      update deliveries d
      set message_thread_id = ${home.message_thread_id}, status = 'pending', next_attempt_at = ${now}, attempts = 0,
          lease_until = null, lease_owner = null, last_error = 'forum topic deleted: sent to the group instead'
      where d.id = ${deliveryId}
        and not exists (
          select 1 from deliveries o
          where o.chat_id = d.chat_id and o.item_id = d.item_id and coalesce(o.message_thread_id, 0) = coalesce(${home.message_thread_id}::integer, 0)
        )
    `.execute(trx);
    return Number(requeued.numAffectedRows ?? 0n) > 0;
  });
}
