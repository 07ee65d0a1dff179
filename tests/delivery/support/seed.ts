/** Rows the delivery tests need, written straight into the tables. */
import { normalizeWords } from '../../../src/readers/keyword-rules.js';
import { sql } from 'kysely';
import type { Db } from '../../../src/db/create-db.js';

let feedSeq = 0;

export async function seedFeed(db: Db): Promise<number> {
  const row = await db
    .insertInto('feeds')
    .values({ url: `https://feeds.example/${++feedSeq}-${Math.random().toString(36).slice(2)}.xml`, title: null, section: 'news', time_zone: null, language: 'en', etag: null, last_modified: null, fetch_interval_seconds: null, last_error: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface SeedItem {
  title?: string;
  summary?: string;
  section?: string;
  topics?: string[];
  regions?: string[];
  countries?: string[];
  imageUrl?: string | null;
  url?: string;
}

export async function seedItem(db: Db, feedId: number, init: SeedItem = {}): Promise<number> {
  const title = init.title ?? 'A headline';
  const summary = init.summary ?? 'A summary.';
  const key = Math.random().toString(36).slice(2);
  const row = await db
    .insertInto('items')
    .values({
      feed_id: feedId,
      dedupe_key: key,
      guid: key,
      url: init.url ?? `https://outlet.example/${key}`,
      canonical_url: null,
      title,
      author: 'Author',
      section: init.section ?? 'news',
      language: 'en',
      published_at: new Date(),
      summary,
      image_url: init.imageUrl ?? null,
      topics: init.topics ?? [],
      regions: init.regions ?? [],
      countries: init.countries ?? [],
      classification: JSON.stringify({}),
      search_text: normalizeWords(`${title}\n${summary}`),
      full_text_length: null,
      content_hash: key,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface SeedSubscriber {
  chatId: number;
  mode?: 'instant' | 'digest';
  status?: 'active' | 'stopped' | 'blocked';
  topics?: string[];
  regions?: string[];
  countries?: string[];
  keywords?: string[];
  quiet?: [number, number];
}

export async function seedSubscribers(db: Db, subs: SeedSubscriber[]): Promise<void> {
  for (let i = 0; i < subs.length; i += 1000) {
    await db
      .insertInto('subscribers')
      .values(
        subs.slice(i, i + 1000).map((s) => ({
          chat_id: s.chatId,
          title: null,
          status: s.status ?? 'active',
          mode: s.mode ?? 'instant',
          topics: s.topics ?? [],
          regions: s.regions ?? [],
          countries: s.countries ?? [],
          keywords: s.keywords ?? [],
          quiet_start: s.quiet?.[0] ?? null,
          quiet_end: s.quiet?.[1] ?? null,
          message_thread_id: null,
          last_digest_at: null,
        })),
      )
      .execute();
  }
}

/** Queues one direct row per chat for an item, as the fan-out would. */
export async function queueDirect(db: Db, itemId: number, chatIds: (number | string)[], priority = 2): Promise<void> {
  for (let i = 0; i < chatIds.length; i += 1000) {
    await db
      .insertInto('deliveries')
      .values(chatIds.slice(i, i + 1000).map((chatId) => ({ item_id: itemId, broadcast_id: null, chat_id: String(chatId), message_thread_id: null, kind: 'direct' as const, priority, payload: null, next_attempt_at: new Date(), lease_owner: null, message_id: null, sent_as: null, last_error: null, last_error_code: null })))
      .execute();
  }
}

export async function rowsOf(db: Db, itemId?: number) {
  let q = db.selectFrom('deliveries').selectAll().orderBy('id');
  if (itemId !== undefined) q = q.where('item_id', '=', itemId);
  return q.execute();
}

export async function statusCounts(db: Db): Promise<Record<string, number>> {
  const rows = await sql<{ status: string; n: number }>`select status, count(*)::int as n from deliveries group by status`.execute(db);
  return Object.fromEntries(rows.rows.map((r) => [r.status, Number(r.n)]));
}
