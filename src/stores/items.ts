import { sql } from 'kysely';
import { normalizeWords } from '../readers/keyword-rules.js';
import type { Db } from '../db/create-db.js';
import type { ItemClassification, ItemRow } from '../db/schema.js';

/** An item as ingest prepared it, before it has an id. */
export interface ItemDraft {
  dedupeKey: string;
  guid: string | null;
  url: string | null;
  canonicalUrl: string | null;
  title: string;
  author: string | null;
  section: string | null;
  language: string | null;
  publishedAt: Date;
  summary: string;
  imageUrl: string | null;
  categories: string[];
  topics: string[];
  regions: string[];
  countries: string[];
  classification: ItemClassification;
  fullTextLength: number | null;
  contentHash: string;
  /** Translations the feed named (hreflang alternate links), canonical form: editions of this story. */
  alternateUrls?: string[];
  /** The outlet's article number (news/editions.ts): the same story in its other language feeds. */
  editionKey?: string | null;
}

/** A stored item: its draft as last written, and what storing it added. */
export interface Item extends ItemDraft {
  id: number;
  feedId: number;
  discoveredAt: Date;
  /** Counts content changes; 1 for an item never corrected. */
  version: number;
  /** When the content last changed; null for an item never corrected. */
  updatedAt: Date | null;
  /** Shared by the editions of one story in different languages; null: no known translation. */
  storyId: number | null;
}

/** The one place an items row becomes an Item (search_text is the SQL keyword rule's, not the item's). */
function toItem(row: ItemRow): Item {
  return {
    id: row.id,
    feedId: row.feed_id,
    dedupeKey: row.dedupe_key,
    guid: row.guid,
    url: row.url,
    canonicalUrl: row.canonical_url,
    title: row.title,
    author: row.author,
    section: row.section,
    language: row.language,
    publishedAt: row.published_at,
    discoveredAt: row.discovered_at,
    summary: row.summary,
    imageUrl: row.image_url,
    categories: row.categories,
    topics: row.topics,
    regions: row.regions,
    countries: row.countries,
    classification: row.classification,
    fullTextLength: row.full_text_length,
    contentHash: row.content_hash,
    version: row.version,
    updatedAt: row.updated_at,
    alternateUrls: row.alternate_urls,
    editionKey: row.edition_key,
    storyId: row.story_id === null ? null : Number(row.story_id),
  };
}

export interface StoreResult {
  /** Ids of items seen for the first time, in the order given (newest first). */
  inserted: { id: number; publishedAt: Date }[];
  /** Ids of known items whose content changed. */
  updated: number[];
}

const CHUNK = 500;

/**
 * Stores what is new and notes what changed. Known entries are found by their key in
 * this feed or by their canonical link in any feed (the same article in two feeds is
 * one item; a feed whose guids change on every fetch still maps to the same link).
 */
export async function storeItems(db: Db, feedId: number, drafts: ItemDraft[], now: Date): Promise<StoreResult> {
  const result: StoreResult = { inserted: [], updated: [] };
  for (let start = 0; start < drafts.length; start += CHUNK) {
    const chunk = uniqueDrafts(drafts.slice(start, start + CHUNK));
    const known = await lookUpEntries(db, feedId, chunk.map((d) => ({ key: d.dedupeKey, canonicalUrl: d.canonicalUrl })));
    const fresh: ItemDraft[] = [];
    for (const draft of chunk) {
      const existing = known.get(draft.dedupeKey);
      if (!existing) fresh.push(draft);
      else if (existing.contentHash !== draft.contentHash && existing.feedId === feedId) {
        await updateContent(db, existing.id, draft, now);
        result.updated.push(existing.id);
      }
    }
    if (fresh.length === 0) continue;
    // ON CONFLICT DO NOTHING: another process may have stored the same entry a moment ago.
    const rows = await db
      .insertInto('items')
      .values(fresh.map((d) => toRow(feedId, d, now)))
      .onConflict((oc) => oc.doNothing())
      .returning(['id', 'dedupe_key', 'published_at'])
      .execute();
    const idByKey = new Map(rows.map((r) => [r.dedupe_key, r]));
    for (const draft of fresh) {
      const row = idByKey.get(draft.dedupeKey);
      if (row) result.inserted.push({ id: row.id, publishedAt: row.published_at });
    }
    await linkNewEditions(db, rows.map((r) => r.id));
  }
  return result;
}

/** The conditions under which p is another edition of n (see linkEditions). */
const editionOf = sql`p.id <> n.id
      and p.language is not null and n.language is not null and p.language <> n.language
      and (
        p.canonical_url = any(n.alternate_urls)
        or (n.canonical_url is not null and cardinality(p.alternate_urls) > 0 and p.alternate_urls @> array[n.canonical_url])
        -- The same article number in another feed, published within two days: an outlet that
        -- numbers each language apart would otherwise pair unrelated stories.
        or (n.edition_key is not null and p.edition_key = n.edition_key and p.feed_id <> n.feed_id
            and p.published_at between n.published_at - interval '2 days' and n.published_at + interval '2 days')
      )`;

/** Links each new item that has another edition stored (one look for the whole batch, then one item at a time). */
async function linkNewEditions(db: Db, itemIds: number[]): Promise<void> {
  if (itemIds.length === 0) return;
  const linked = await sql<{ id: number }>`
    select distinct n.id from items n join items p on ${editionOf}
    where n.id = any(${sql.val(itemIds)}::bigint[]) order by n.id
  `.execute(db);
  for (const row of linked.rows) await linkEditions(db, Number(row.id));
}

/**
 * Records a new item's other editions (the same story in other languages): an item it names
 * as a translation, an item naming it, or an item of another feed with the same article
 * number. All of them, and any they were already linked with, share one story_id: the
 * smallest story or item id among them. Two items in one language are never editions.
 */
async function linkEditions(db: Db, itemId: number): Promise<void> {
  const partners = await sql<{ id: number; story_id: number | null }>`
    select p.id, p.story_id
    from items n join items p on ${editionOf}
    where n.id = ${itemId}
  `.execute(db);
  if (partners.rows.length === 0) return;
  const story = Math.min(itemId, ...partners.rows.map((p) => Number(p.story_id ?? p.id)));
  const stories = partners.rows.flatMap((p) => (p.story_id === null ? [] : [Number(p.story_id)]));
  await sql`
    update items set story_id = ${story}
    where id = any(${sql.val([itemId, ...partners.rows.map((p) => Number(p.id))])}::bigint[])
       or story_id = any(${sql.val(stories)}::bigint[])
  `.execute(db);
}

/** What is already stored of an entry: enough to tell new, unchanged and changed apart. */
export interface KnownEntry {
  id: number;
  feedId: number;
  contentHash: string;
}

/**
 * The stored items matching each entry, by its key in this feed or its canonical link in
 * any feed, keyed by the entry's key. Entries not in the map are new.
 */
export async function knownEntries(db: Db, feedId: number, entries: { key: string; canonicalUrl: string | null }[]): Promise<Map<string, KnownEntry>> {
  const found = new Map<string, KnownEntry>();
  for (let start = 0; start < entries.length; start += CHUNK) {
    for (const [key, entry] of await lookUpEntries(db, feedId, entries.slice(start, start + CHUNK))) found.set(key, entry);
  }
  return found;
}

async function lookUpEntries(db: Db, feedId: number, entries: { key: string; canonicalUrl: string | null }[]): Promise<Map<string, KnownEntry>> {
  if (entries.length === 0) return new Map();
  const keys = entries.map((e) => e.key);
  const links = entries.map((e) => e.canonicalUrl).filter((u): u is string => u !== null);
  const rows = await db
    .selectFrom('items')
    .select(['id', 'feed_id', 'dedupe_key', 'canonical_url', 'content_hash'])
    .where((eb) =>
      eb.or([eb.and([eb('feed_id', '=', feedId), eb('dedupe_key', 'in', keys)]), ...(links.length > 0 ? [eb('canonical_url', 'in', links)] : [])]),
    )
    .execute();
  const byKey = new Map(rows.filter((r) => r.feed_id === feedId).map((r) => [r.dedupe_key, r]));
  const byLink = new Map(rows.filter((r) => r.canonical_url).map((r) => [r.canonical_url as string, r]));
  const found = new Map<string, KnownEntry>();
  for (const entry of entries) {
    const row = byKey.get(entry.key) ?? (entry.canonicalUrl ? byLink.get(entry.canonicalUrl) : undefined);
    if (row) found.set(entry.key, { id: row.id, feedId: row.feed_id, contentHash: row.content_hash });
  }
  return found;
}

/** One entry per key and per link within a batch: the first (newest) wins. */
function uniqueDrafts(drafts: ItemDraft[]): ItemDraft[] {
  const keys = new Set<string>();
  const links = new Set<string>();
  return drafts.filter((d) => {
    if (keys.has(d.dedupeKey) || (d.canonicalUrl && links.has(d.canonicalUrl))) return false;
    keys.add(d.dedupeKey);
    if (d.canonicalUrl) links.add(d.canonicalUrl);
    return true;
  });
}

/** The columns an entry's content decides: written on insert and again when it changes. */
function contentColumns(d: ItemDraft) {
  return {
    title: d.title,
    summary: d.summary,
    author: d.author,
    image_url: d.imageUrl,
    categories: d.categories,
    topics: d.topics,
    regions: d.regions,
    countries: d.countries,
    classification: JSON.stringify(d.classification),
    // Already in the readers' word form (NFKC, lower case, ё as е, words of letters and digits),
    // so the SQL keyword rule (herald_words, stores/reader-rules.ts) sees what readers/ sees.
    search_text: normalizeWords(`${d.title}\n${d.summary}`),
    full_text_length: d.fullTextLength,
    content_hash: d.contentHash,
  };
}

function toRow(feedId: number, d: ItemDraft, now: Date) {
  return {
    ...contentColumns(d),
    feed_id: feedId,
    dedupe_key: d.dedupeKey,
    guid: d.guid,
    url: d.url,
    canonical_url: d.canonicalUrl,
    section: d.section,
    language: d.language,
    published_at: d.publishedAt,
    discovered_at: now,
    alternate_urls: d.alternateUrls ?? [],
    edition_key: d.editionKey ?? null,
  };
}

async function updateContent(db: Db, id: number, d: ItemDraft, now: Date): Promise<void> {
  await db
    .updateTable('items')
    .set((eb) => ({ ...contentColumns(d), version: eb('version', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .execute();
}

export async function getItem(db: Db, id: number): Promise<Item | undefined> {
  const row = await db.selectFrom('items').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toItem(row) : undefined;
}

export async function getItems(db: Db, ids: number[]): Promise<Item[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('items').selectAll().where('id', 'in', ids).execute();
  return rows.map(toItem);
}

export interface RecentItemQuery {
  since: Date;
  limit: number;
}

/** Recent items, newest first: the candidates /latest filters by a reader's choices. */
export async function recentItems(db: Db, query: RecentItemQuery): Promise<Item[]> {
  const rows = await db
    .selectFrom('items')
    .selectAll()
    .where('published_at', '>=', query.since)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit)
    .execute();
  return rows.map(toItem);
}
