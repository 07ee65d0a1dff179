import type { Db } from '../db/create-db.js';
import { toFeed, type Feed } from './feeds.js';

// Editors' changes to the feed list (/feeds). Polling state stays in stores/feeds.ts.

export type AddFeedResult = { kind: 'added'; feed: Feed } | { kind: 'exists'; feed: Feed };

export async function addFeed(db: Db, feed: { url: string; title: string | null; section: string | null; language: string | null }, now: Date): Promise<AddFeedResult> {
  const inserted = await db
    .insertInto('feeds')
    .values({ url: feed.url, title: feed.title, section: feed.section, language: feed.language, time_zone: null, etag: null, last_modified: null, fetch_interval_seconds: null, last_error: null, next_fetch_at: now, created_at: now })
    .onConflict((oc) => oc.column('url').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { kind: 'added', feed: toFeed(inserted) };
  const existing = await db.selectFrom('feeds').selectAll().where('url', '=', feed.url).executeTakeFirstOrThrow();
  return { kind: 'exists', feed: toFeed(existing) };
}

/** Pauses or resumes; a resumed feed is due at once. Undefined when there is no such feed. */
export async function setFeedEnabled(db: Db, id: number, enabled: boolean, now: Date): Promise<Feed | undefined> {
  const row = await db
    .updateTable('feeds')
    .set(enabled ? { enabled, next_fetch_at: now } : { enabled })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row ? toFeed(row) : undefined;
}

export async function setFeedSection(db: Db, id: number, section: string): Promise<Feed | undefined> {
  const row = await db.updateTable('feeds').set({ section }).where('id', '=', id).returningAll().executeTakeFirst();
  return row ? toFeed(row) : undefined;
}

/**
 * Removes the feed and (by cascade) its items. The outbox has no foreign keys (fan-out
 * speed, see migration 0500), so the items' waiting rows are cancelled here; rows already
 * sent stay as history.
 */
export async function removeFeed(db: Db, id: number): Promise<Feed | undefined> {
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('deliveries')
      .set({ status: 'cancelled', last_error: 'feed removed', lease_until: null, lease_owner: null })
      .where('item_id', 'in', trx.selectFrom('items').select('id').where('feed_id', '=', id))
      .where('status', 'in', ['pending', 'held'])
      .execute();
    const row = await trx.deleteFrom('feeds').where('id', '=', id).returningAll().executeTakeFirst();
    return row ? toFeed(row) : undefined;
  });
}
