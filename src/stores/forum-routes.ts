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
