import { sql } from 'kysely';
import type { Db } from '../db/create-db.js';
import { isAdmin } from './admins.js';
import { FORGOTTEN_PERSON, forgetPersonInAudit } from './audit.js';
import { forgetAllowances } from './rate-limits.js';
import { Lane, type SubscriberMode, type SubscriberRow, type SubscriberStatus } from '../db/schema.js';

/** A reader (private chat) or a group that receives news, as the bot sees it. */
export interface Subscriber {
  chatId: number;
  chatType: string;
  title: string | null;
  language: string;
  status: SubscriberStatus;
  mode: SubscriberMode;
  digestHour: number;
  timeZone: string;
  /** Minutes after local midnight; both null means no quiet hours. */
  quietStart: number | null;
  quietEnd: number | null;
  topics: string[];
  regions: string[];
  countries: string[];
  keywords: string[];
  /** Languages of items the reader receives, preferred first; empty: their interface language (readers/item-languages.ts). */
  itemLanguages: string[];
  threadId: number | null;
  onboarded: boolean;
  lastDigestAt: Date | null;
}

export interface NewSubscriber {
  chatId: number;
  chatType: string;
  title: string | null;
  language: string;
  threadId?: number | null;
}

export type PreferenceList = 'topics' | 'regions' | 'countries';

export interface SubscriberPatch {
  language?: string;
  mode?: SubscriberMode;
  digestHour?: number;
  timeZone?: string;
  quiet?: { start: number; end: number } | null;
  topics?: string[];
  regions?: string[];
  countries?: string[];
  keywords?: string[];
  itemLanguages?: string[];
  threadId?: number | null;
  onboarded?: boolean;
  title?: string | null;
}

function toSubscriber(row: SubscriberRow): Subscriber {
  return {
    chatId: Number(row.chat_id),
    chatType: row.chat_type,
    title: row.title,
    language: row.language,
    status: row.status,
    mode: row.mode,
    digestHour: row.digest_hour,
    timeZone: row.time_zone,
    quietStart: row.quiet_start,
    quietEnd: row.quiet_end,
    topics: row.topics,
    regions: row.regions,
    countries: row.countries,
    keywords: row.keywords,
    itemLanguages: row.item_languages,
    threadId: row.message_thread_id,
    onboarded: row.onboarded,
    lastDigestAt: row.last_digest_at,
  };
}

export async function getSubscriber(db: Db, chatId: number): Promise<Subscriber | undefined> {
  const row = await db.selectFrom('subscribers').selectAll().where('chat_id', '=', chatId).executeTakeFirst();
  return row ? toSubscriber(row) : undefined;
}

/** Creates the subscriber when it is new; an existing row (and its choices) is left alone. */
export async function ensureSubscriber(db: Db, init: NewSubscriber, now: Date): Promise<{ subscriber: Subscriber; created: boolean }> {
  const inserted = await db
    .insertInto('subscribers')
    .values({
      chat_id: init.chatId,
      chat_type: init.chatType,
      title: init.title,
      language: init.language,
      quiet_start: null,
      quiet_end: null,
      message_thread_id: init.threadId ?? null,
      last_digest_at: null,
      created_at: now,
      updated_at: now,
      status_changed_at: now,
    })
    .onConflict((oc) => oc.column('chat_id').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { subscriber: toSubscriber(inserted), created: true };
  const existing = await getSubscriber(db, init.chatId);
  if (!existing) throw new Error(`subscriber ${init.chatId} vanished while being created`);
  return { subscriber: existing, created: false };
}

export async function updateSubscriber(db: Db, chatId: number, patch: SubscriberPatch, now: Date): Promise<Subscriber | undefined> {
  const row = await db
    .updateTable('subscribers')
    .set({
      updated_at: now,
      ...(patch.language !== undefined ? { language: patch.language } : {}),
      ...(patch.mode !== undefined ? { mode: patch.mode } : {}),
      ...(patch.digestHour !== undefined ? { digest_hour: patch.digestHour } : {}),
      ...(patch.timeZone !== undefined ? { time_zone: patch.timeZone } : {}),
      ...(patch.quiet !== undefined ? { quiet_start: patch.quiet?.start ?? null, quiet_end: patch.quiet?.end ?? null } : {}),
      ...(patch.topics !== undefined ? { topics: patch.topics } : {}),
      ...(patch.regions !== undefined ? { regions: patch.regions } : {}),
      ...(patch.countries !== undefined ? { countries: patch.countries } : {}),
      ...(patch.keywords !== undefined ? { keywords: patch.keywords } : {}),
      ...(patch.itemLanguages !== undefined ? { item_languages: patch.itemLanguages } : {}),
      ...(patch.threadId !== undefined ? { message_thread_id: patch.threadId } : {}),
      ...(patch.onboarded !== undefined ? { onboarded: patch.onboarded } : {}),
      ...(patch.title !== undefined ? { title: patch.title } : {}),
    })
    .where('chat_id', '=', chatId)
    .returningAll()
    .executeTakeFirst();
  return row ? toSubscriber(row) : undefined;
}

/** Adds the value when absent, removes it when present, in one statement (two taps never lose one). */
export async function toggleListValue(db: Db, chatId: number, list: PreferenceList, value: string, now: Date): Promise<Subscriber | undefined> {
  const column = sql.ref(list);
  const row = await db
    .updateTable('subscribers')
    .set({
      [list]: sql<string[]>`case when ${value} = any(${column}) then array_remove(${column}, ${value}) else array_append(${column}, ${value}) end`,
      updated_at: now,
    })
    .where('chat_id', '=', chatId)
    .returningAll()
    .executeTakeFirst();
  return row ? toSubscriber(row) : undefined;
}

/**
 * A tap on a language of items: added when absent, removed when present, in one statement
 * (two taps never lose one). A reader who never chose starts from their interface language.
 * The last language stays ('last'): a reader always reads something.
 */
export async function toggleItemLanguage(db: Db, chatId: number, language: string, now: Date): Promise<{ subscriber: Subscriber; outcome: 'changed' | 'last' } | undefined> {
  const current = sql<string[]>`(case when cardinality(item_languages) = 0 then array[language]::text[] else item_languages end)`;
  const row = await db
    .updateTable('subscribers')
    .set({
      // Exactly the interface language is stored as none chosen: it then follows the interface language.
      item_languages: sql<string[]>`(select case when l = array[language]::text[] then '{}'::text[] else l end
        from (select case when ${language} = any(${current}) then array_remove(${current}, ${language}) else array_append(${current}, ${language}) end as l) as toggled)`,
      updated_at: now,
    })
    .where('chat_id', '=', chatId)
    .where(sql<boolean>`not (${current} = array[${language}]::text[])`)
    .returningAll()
    .executeTakeFirst();
  if (row) return { subscriber: toSubscriber(row), outcome: 'changed' };
  const existing = await getSubscriber(db, chatId);
  return existing ? { subscriber: existing, outcome: 'last' } : undefined;
}

/** Adds values that are not there yet (a deep link, "all countries of a region"). */
export async function addListValues(db: Db, chatId: number, list: PreferenceList, values: string[], now: Date): Promise<Subscriber | undefined> {
  const column = sql.ref(list);
  const row = await db
    .updateTable('subscribers')
    .set({
      [list]: sql<string[]>`array(select distinct v from unnest(${column} || ${sql.val(values)}::text[]) as v order by v)`,
      updated_at: now,
    })
    .where('chat_id', '=', chatId)
    .returningAll()
    .executeTakeFirst();
  return row ? toSubscriber(row) : undefined;
}

export async function removeListValues(db: Db, chatId: number, list: PreferenceList, values: string[], now: Date): Promise<Subscriber | undefined> {
  const column = sql.ref(list);
  const row = await db
    .updateTable('subscribers')
    .set({
      [list]: sql<string[]>`array(select v from unnest(${column}) as v where not (v = any(${sql.val(values)}::text[])))`,
      updated_at: now,
    })
    .where('chat_id', '=', chatId)
    .returningAll()
    .executeTakeFirst();
  return row ? toSubscriber(row) : undefined;
}

/**
 * Adds a keyword unless the list is full or already holds it; the check and the write are
 * one statement, so two quick /keywords add cannot exceed the limit.
 */
export async function addKeyword(
  db: Db,
  chatId: number,
  keyword: string,
  max: number,
  now: Date,
): Promise<'added' | 'duplicate' | 'full' | 'missing'> {
  const row = await db
    .updateTable('subscribers')
    .set({ keywords: sql<string[]>`array_append(keywords, ${keyword})`, updated_at: now })
    .where('chat_id', '=', chatId)
    .where(sql<boolean>`not (${keyword} = any(keywords))`)
    .where(sql<boolean>`coalesce(array_length(keywords, 1), 0) < ${max}`)
    .returning('chat_id')
    .executeTakeFirst();
  if (row) return 'added';
  const current = await getSubscriber(db, chatId);
  if (!current) return 'missing';
  return current.keywords.includes(keyword) ? 'duplicate' : 'full';
}

export async function removeKeyword(db: Db, chatId: number, keyword: string, now: Date): Promise<boolean> {
  const row = await db
    .updateTable('subscribers')
    .set({ keywords: sql<string[]>`array_remove(keywords, ${keyword})`, updated_at: now })
    .where('chat_id', '=', chatId)
    .where(sql<boolean>`${keyword} = any(keywords)`)
    .returning('chat_id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Changes the status. Leaving 'active' cancels whatever still waits for the chat, so a
 * stopped or blocked reader is not written to again.
 */
export async function setSubscriberStatus(db: Db, chatId: number, status: SubscriberStatus, now: Date): Promise<Subscriber | undefined> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('subscribers')
      .set({ status, status_changed_at: now, updated_at: now })
      .where('chat_id', '=', chatId)
      .returningAll()
      .executeTakeFirst();
    if (row && status !== 'active') {
      await trx
        .updateTable('deliveries')
        .set({ status: 'cancelled', last_error: `subscriber ${status}`, lease_until: null, lease_owner: null })
        .where('chat_id', '=', String(chatId))
        .where('status', 'in', ['pending', 'held'])
        .where('kind', '!=', 'channel')
        .execute();
    }
    return row ? toSubscriber(row) : undefined;
  });
}

/** A group became a supergroup: its subscription follows it to the new chat id (unless one is there already). */
export async function moveSubscriber(db: Db, fromChatId: number, toChatId: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('subscribers')
    .set({ chat_id: toChatId, updated_at: now })
    .where('chat_id', '=', fromChatId)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('subscribers as other').select('other.chat_id').where('other.chat_id', '=', toChatId))))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface Forgotten {
  /** The chat is an editor's: their admins row, broadcasts and audit trail were kept. */
  editorRecordsKept: boolean;
}

/**
 * /forget: nothing stored keeps the chat's id. Its subscriber row, forum routes, outbox rows
 * and dialogue state go; where a row records an event that must stay (an audit entry, a
 * broadcast, who added an editor), the id is replaced by FORGOTTEN_PERSON. An editor who
 * forgets their reader data stays an editor: their admins row, their broadcasts and the
 * audit log of their editor work are the newsroom's accountability, not reader data.
 * tests/security/forget.test.ts checks every table with an id column against this.
 */
export async function forgetSubscriber(db: Db, chatId: number): Promise<Forgotten> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('deliveries').where('chat_id', '=', String(chatId)).where('kind', '!=', 'channel').execute();
    // grammY conversations' key is "conv:<chat id>".
    await trx.deleteFrom('conversations').where('key', 'like', `%:${chatId}`).execute();
    // An editor's open question (bot/admin/dialogue.ts): a dialogue, not a record, so it goes either way.
    await trx.deleteFrom('service_state').where('key', '=', `admin-dialogue:${chatId}`).execute();
    await trx.deleteFrom('forum_routes').where('chat_id', '=', chatId).execute();
    await forgetAllowances(trx, chatId);
    await trx.deleteFrom('subscribers').where('chat_id', '=', chatId).execute();
    if (await isAdmin(trx, chatId)) return { editorRecordsKept: true };
    // A former editor, or a reader an editor once added, refused, or named.
    await trx.updateTable('admins').set({ added_by: FORGOTTEN_PERSON }).where('added_by', '=', chatId).execute();
    await trx.updateTable('broadcasts').set({ author_id: FORGOTTEN_PERSON }).where('author_id', '=', chatId).execute();
    await forgetPersonInAudit(trx, chatId);
    return { editorRecordsKept: false };
  });
}

// ---------------------------------------------------------------------------------------
// What waits for a subscriber: digest rows held until the digest hour, private messages held
// through quiet hours. The fan-out writes these rows; the jobs in jobs/ (digests, quiet-hours) turn them into sends.

export interface WaitingItem {
  deliveryId: number;
  itemId: number;
  title: string;
  url: string | null;
  section: string | null;
  publishedAt: Date;
}

/** Active subscribers with at least one held digest row. */
export async function subscribersWithHeldDigests(db: Db): Promise<Subscriber[]> {
  const rows = await db
    .selectFrom('subscribers')
    .selectAll()
    .where('status', '=', 'active')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('deliveries')
          .select('deliveries.id')
          .whereRef('deliveries.chat_id', '=', sql<string>`subscribers.chat_id::text`)
          .where('deliveries.kind', '=', 'digest')
          .where('deliveries.status', '=', 'held')
          .where('deliveries.item_id', 'is not', null),
      ),
    )
    .orderBy('chat_id')
    .execute();
  return rows.map(toSubscriber);
}

/** Subscribers (any status) with private messages held through quiet hours. */
export async function subscribersWithQuietHeld(db: Db): Promise<Subscriber[]> {
  const rows = await db
    .selectFrom('subscribers')
    .selectAll()
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('deliveries')
          .select('deliveries.id')
          .whereRef('deliveries.chat_id', '=', sql<string>`subscribers.chat_id::text`)
          .where('deliveries.kind', '=', 'direct')
          .where('deliveries.status', '=', 'held'),
      ),
    )
    .orderBy('chat_id')
    .execute();
  return rows.map(toSubscriber);
}

async function heldItems(db: Db, chatId: number, kind: 'digest' | 'direct'): Promise<WaitingItem[]> {
  const rows = await db
    .selectFrom('deliveries')
    .innerJoin('items', 'items.id', 'deliveries.item_id')
    .select(['deliveries.id as deliveryId', 'items.id as itemId', 'items.title', 'items.url', 'items.section', 'items.published_at as publishedAt'])
    .where('deliveries.chat_id', '=', String(chatId))
    .where('deliveries.kind', '=', kind)
    .where('deliveries.status', '=', 'held')
    .orderBy('items.published_at')
    .orderBy('deliveries.id')
    .execute();
  return rows.map((r) => ({ ...r, deliveryId: Number(r.deliveryId), itemId: Number(r.itemId) }));
}

export function heldDigestItems(db: Db, chatId: number): Promise<WaitingItem[]> {
  return heldItems(db, chatId, 'digest');
}

export function quietHeldItems(db: Db, chatId: number): Promise<WaitingItem[]> {
  return heldItems(db, chatId, 'direct');
}

export interface SummaryMessage {
  kind: 'digest' | 'direct';
  html: string;
}

/**
 * Replaces held rows with summary messages in one transaction: the summaries are queued
 * (payload {html}), the rows they cover are marked sent as part of them, so nothing is
 * sent twice. Rows another process already took are left out (status re-checked).
 */
export async function replaceHeldWithSummaries(
  db: Db,
  subscriber: Subscriber,
  covered: number[],
  messages: SummaryMessage[],
  now: Date,
  options: { markDigestAt?: boolean } = {},
): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    const taken = await trx
      .updateTable('deliveries')
      .set({ status: 'sent', sent_at: now, sent_as: messages[0]?.kind === 'digest' ? 'digest' : 'collapsed', lease_until: null, lease_owner: null })
      .where('id', 'in', covered.length > 0 ? covered : [-1])
      .where('status', '=', 'held')
      .returning('id')
      .execute();
    if (taken.length !== covered.length) {
      // Someone else handled part of it meanwhile: undo and let the next run start afresh.
      throw new HeldRowsChanged();
    }
    const ids: number[] = [];
    for (const [index, message] of messages.entries()) {
      const row = await trx
        .insertInto('deliveries')
        .values({
          item_id: null,
          broadcast_id: null,
          chat_id: String(subscriber.chatId),
          message_thread_id: subscriber.threadId,
          kind: message.kind,
          priority: message.kind === 'digest' ? Lane.digest : Lane.instant,
          status: 'pending',
          payload: JSON.stringify({ html: message.html }),
          // Parts keep their order through the sender's (priority, next_attempt_at) order; dated a
          // few ms in the past so all are due at once.
          next_attempt_at: new Date(now.getTime() - (messages.length - index)),
          lease_owner: null,
          message_id: null,
          sent_as: null,
          last_error: null,
          last_error_code: null,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(Number(row.id));
    }
    if (options.markDigestAt) {
      await trx.updateTable('subscribers').set({ last_digest_at: now }).where('chat_id', '=', subscriber.chatId).execute();
    }
    return ids;
  });
}

export class HeldRowsChanged extends Error {
  constructor() {
    super('held rows changed while being summarised');
  }
}

export async function markDigestChecked(db: Db, chatId: number, now: Date): Promise<void> {
  await db.updateTable('subscribers').set({ last_digest_at: now }).where('chat_id', '=', chatId).execute();
}

/** Lets quiet-held rows go to the sender, oldest first (their order in the outbox follows next_attempt_at). */
export async function releaseHeldRows(db: Db, ids: number[], now: Date): Promise<number> {
  let released = 0;
  for (const [index, id] of ids.entries()) {
    const result = await db
      .updateTable('deliveries')
      .set({ status: 'pending', next_attempt_at: new Date(now.getTime() - (ids.length - index)) })
      .where('id', '=', id)
      .where('status', '=', 'held')
      .executeTakeFirst();
    released += Number(result.numUpdatedRows);
  }
  return released;
}

export async function cancelHeldRows(db: Db, chatId: number, reason: string): Promise<number> {
  const result = await db
    .updateTable('deliveries')
    .set({ status: 'cancelled', last_error: reason })
    .where('chat_id', '=', String(chatId))
    .where('status', '=', 'held')
    .where('kind', '!=', 'channel')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

