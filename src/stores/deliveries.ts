import { sql } from 'kysely';
import type { Db } from '../db/create-db.js';
import { Lane, type DeliveryKind, type DeliveryRow, type DeliveryStatus } from '../db/schema.js';
import { channelsTaking } from './channels.js';

/** One outbox row: a message for one chat (an item, a breaking-news broadcast or a rendered summary). */
export interface Delivery {
  id: number;
  itemId: number | null;
  broadcastId: number | null;
  chatId: string;
  threadId: number | null;
  kind: DeliveryKind;
  /** Its lane (Lane): lower is sent first. */
  priority: number;
  status: DeliveryStatus;
  payload: DeliveryPayload;
  attempts: number;
  nextAttemptAt: Date;
  leaseUntil: Date | null;
  leaseOwner: string | null;
  /** Telegram's id of the message once sent; what an edit changes. */
  messageId: number | null;
  /** 'photo' or 'text': an edit must keep the shape the message was sent in. */
  sentAs: string | null;
  lastError: string | null;
  lastErrorCode: number | null;
  createdAt: Date;
  sentAt: Date | null;
  editedAt: Date | null;
}

/** What a row's payload may carry besides a plain send. */
export interface DeliveryPayload {
  /** Set when the item changed after this row was sent: edit the message instead of sending. */
  edit?: { requestedAt: string };
  /** The item changed while this row was in flight: once recorded as sent, it is edited again. */
  recompose?: true;
  /** Telegram HTML rendered by another part (digests, quiet-hours summaries), sent as is. */
  html?: string;
  photoUrl?: string | null;
  previewUrl?: string | null;
  buttons?: { text: string; url: string }[][];
  /**
   * An item a reader asked for (/latest), formatted at send time like every post. The row's
   * item_id stays empty: the reader may ask again for a story they already received.
   */
  requestedItemId?: number;
}

/** The one place a deliveries row becomes a Delivery. */
function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    itemId: row.item_id,
    broadcastId: row.broadcast_id,
    chatId: row.chat_id,
    threadId: row.message_thread_id,
    kind: row.kind,
    priority: row.priority,
    status: row.status,
    payload: payloadFrom(row.payload),
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    leaseUntil: row.lease_until,
    leaseOwner: row.lease_owner,
    messageId: row.message_id,
    sentAs: row.sent_as,
    lastError: row.last_error,
    lastErrorCode: row.last_error_code,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    editedAt: row.edited_at,
  };
}

/** No payload is an empty one; a payload that is not JSON (never written by Herald) is ignored. */
function payloadFrom(raw: unknown): DeliveryPayload {
  if (raw === null || raw === undefined) return {};
  if (typeof raw === 'string') {
    try {
      return JSON.parse(raw) as DeliveryPayload;
    } catch {
      return {};
    }
  }
  return raw as DeliveryPayload;
}

/** Queues items a reader asked for, in the order given, for one chat (and forum topic). */
export async function enqueueRequestedItems(db: Db, chat: { chatId: string; threadId: number | null }, itemIds: number[], now: Date): Promise<void> {
  if (itemIds.length === 0) return;
  await db
    .insertInto('deliveries')
    .values(
      itemIds.map((itemId) => ({
        item_id: null,
        broadcast_id: null,
        chat_id: chat.chatId,
        message_thread_id: chat.threadId,
        kind: 'direct' as const,
        // The top lane: a handful of rows the reader is waiting for right now.
        priority: Lane.breaking,
        payload: JSON.stringify({ requestedItemId: itemId }),
        next_attempt_at: now,
        lease_owner: null,
        message_id: null,
        sent_as: null,
        last_error: null,
        last_error_code: null,
      })),
    )
    .execute();
}

/**
 * Queues channel posts for items: one row per item and active channel whose rule takes it
 * (stores/channels.ts). Each channel reads in publication order: each row is due from its
 * item's publication time (never later than now), and the sender takes due rows in that order,
 * so items found by different feeds of one poll, by a later poll, or left to another instance
 * after a failover still go out oldest first in every channel.
 */
export async function enqueueChannelPosts(db: Db, items: { id: number; publishedAt: Date }[], now: Date): Promise<number> {
  if (items.length === 0) return 0;
  const pairs = await channelsTaking(db, items.map((item) => item.id));
  if (pairs.length === 0) return 0;
  const dueFrom = (publishedAt: Date) => new Date(Math.min(publishedAt.getTime(), now.getTime()));
  const rows = await db
    .insertInto('deliveries')
    .values(pairs.map((pair) => ({ item_id: pair.itemId, broadcast_id: null, chat_id: pair.chatId, message_thread_id: null, kind: 'channel' as const, priority: Lane.channel, payload: null, next_attempt_at: dueFrom(pair.publishedAt), lease_owner: null, message_id: null, sent_as: null, last_error: null, last_error_code: null })))
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .execute();
  return rows.length;
}

/**
 * Leases the next due rows, most urgent lane first. SKIP LOCKED lets another sender
 * work beside this one; the lease returns a crashed sender's rows once it lapses.
 */
export async function claimDueDeliveries(db: Db, owner: string, now: Date, leaseSeconds: number, limit: number, exclude: readonly number[] = []): Promise<Delivery[]> {
  const rows = await db
    .updateTable('deliveries')
    .set({ lease_owner: owner, lease_until: new Date(now.getTime() + leaseSeconds * 1000) })
    .where('id', 'in', (qb) =>
      qb
        .selectFrom('deliveries')
        .select('id')
        .where('status', '=', 'pending')
        // Due by the clock: rows are also written due in the future on purpose (breaking news for
        // a reader in quiet hours waits for their end). The sender passes the latest time it has
        // seen, so a clock set back does not hold up what was already due.
        .where('next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
        // The caller's own sends still in flight: a clock set forward lapses their leases, and
        // claiming them again would send them twice.
        .$if(exclude.length > 0, (q) => q.where('id', 'not in', [...exclude]))
        .orderBy('priority')
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
  return rows.map(toDelivery).sort((a, b) => a.priority - b.priority || a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id);
}

export async function scheduleRetry(db: Db, id: number, nextAttemptAt: Date, error: string, code: number | null): Promise<void> {
  await db
    .updateTable('deliveries')
    .set((eb) => ({ next_attempt_at: nextAttemptAt, last_error: error.slice(0, 1000), last_error_code: code, lease_until: null, lease_owner: null, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Gives a claimed row back untouched (a pause, not an attempt). */
/**
 * Holds a row back until `until` without moving it in the queue: its due time, and with it its
 * place among the due rows (the channel's publication order), stays; only the lease keeps it
 * from being claimed meanwhile. For waits that are the chat's or Telegram's, not the row's.
 */
export async function holdDelivery(db: Db, id: number, until: Date): Promise<void> {
  await db.updateTable('deliveries').set({ lease_until: until, lease_owner: null }).where('id', '=', id).execute();
}

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

/**
 * The item changed while this row's message was in flight (queueCorrections flagged it):
 * what went out may be the old text, so the row comes back at once as an edit.
 */
const recompose = sql<boolean>`(d.payload ->> 'recompose') is not null`;

function editPayload(now: Date): string {
  const payload: DeliveryPayload = { edit: { requestedAt: now.toISOString() } };
  return JSON.stringify(payload);
}

/** An edit went through: the row is sent again, with the time of the correction. */
export async function markEdited(db: Db, id: number, now: Date): Promise<void> {
  await sql`
    update deliveries d
    set status = case when ${recompose} then 'pending' else 'sent' end,
        payload = case when ${recompose} then ${editPayload(now)}::jsonb else null end,
        next_attempt_at = case when ${recompose} then ${now} else d.next_attempt_at end,
        edited_at = ${now}, lease_until = null, lease_owner = null, last_error = null, last_error_code = null
    where d.id = ${id}
  `.execute(db);
}

/** Telegram refused an edit: the message stays as sent; the refusal is recorded, never retried. */
export async function markEditRefused(db: Db, id: number, error: string, code: number | null): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({ status: 'sent', payload: null, lease_until: null, lease_owner: null, last_error: `edit refused: ${error}`.slice(0, 1000), last_error_code: code })
    .where('id', '=', id)
    .execute();
}

/** Gives back every row this sender still holds (graceful stop). */
export async function releaseLeasesOf(db: Db, owner: string, except: readonly number[] = []): Promise<number> {
  const result = await db
    .updateTable('deliveries')
    .set({ lease_until: null, lease_owner: null })
    .where('lease_owner', '=', owner)
    .where('status', '=', 'pending')
    .$if(except.length > 0, (q) => q.where('id', 'not in', [...except]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Frees the leases of senders that are gone. Only the elected sender calls this, at the
 * moment it is elected: whoever held those leases no longer sends.
 */
export async function releaseStaleLeases(db: Db, owner: string): Promise<number> {
  const result = await db
    .updateTable('deliveries')
    .set({ lease_until: null, lease_owner: null })
    .where('status', '=', 'pending')
    .where('lease_owner', 'is not', null)
    .where('lease_owner', '<>', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * The user blocked the bot (403): the subscriber is marked blocked and its other rows
 * are skipped, so nothing more is written to a chat that refuses it.
 */
export async function blockChat(db: Db, chatId: string, now: Date, error: string): Promise<number> {
  if (/^-?\d+$/.test(chatId)) {
    await db
      .updateTable('subscribers')
      .set({ status: 'blocked', status_changed_at: now, updated_at: now })
      .where('chat_id', '=', Number(chatId))
      .where('status', '<>', 'blocked')
      .execute();
  }
  const result = await db
    .updateTable('deliveries')
    .set({ status: 'skipped', last_error: `subscriber blocked the bot: ${error}`.slice(0, 1000), last_error_code: 403, lease_until: null, lease_owner: null })
    .where('chat_id', '=', chatId)
    .where('kind', '<>', 'channel')
    .where('status', 'in', ['pending', 'held'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * A group became a supergroup (migrate_to_chat_id): the subscriber and its waiting rows
 * follow it, and the row at hand is due again at once.
 */
export async function moveChat(db: Db, deliveryId: number, fromChatId: string, toChatId: string, now: Date, error: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (/^-?\d+$/.test(fromChatId) && /^-?\d+$/.test(toChatId)) {
      await trx
        .updateTable('subscribers')
        .set({ chat_id: Number(toChatId), updated_at: now })
        .where('chat_id', '=', Number(fromChatId))
        .where((eb) => eb.not(eb.exists(eb.selectFrom('subscribers as s2').select('s2.chat_id').where('s2.chat_id', '=', Number(toChatId)))))
        .execute();
    }
    await trx
      .updateTable('deliveries as d')
      .set({ chat_id: toChatId })
      .where('d.chat_id', '=', fromChatId)
      .where((eb) => eb.or([eb('d.status', 'in', ['pending', 'held']), eb('d.id', '=', deliveryId)]))
      // The unique (item, chat) index: a row the new chat already has is not duplicated.
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('deliveries as other')
              .select('other.id')
              .where('other.chat_id', '=', toChatId)
              .where((o) => o.or([o('other.item_id', '=', o.ref('d.item_id')), o('other.broadcast_id', '=', o.ref('d.broadcast_id'))])),
          ),
        ),
      )
      .execute();
    await trx
      .updateTable('deliveries')
      .set({ next_attempt_at: now, lease_until: null, lease_owner: null, last_error: error.slice(0, 1000), last_error_code: 400 })
      .where('id', '=', deliveryId)
      .where('status', '=', 'pending')
      .execute();
    // The new chat already had this item queued: the old row has nothing left to do.
    await trx
      .updateTable('deliveries')
      .set({ status: 'skipped', last_error: `chat moved to ${toChatId}, which already has this message`, lease_until: null, lease_owner: null })
      .where('id', '=', deliveryId)
      .where('chat_id', '=', fromChatId)
      .execute();
  });
}

/**
 * An item changed after it was posted: its channel post and private messages sent in the
 * last `since` window become due again as edits. Rows not yet claimed need nothing: they
 * are formatted when sent, from the item as it is then; rows in flight are flagged below.
 */
export async function queueCorrections(db: Db, itemIds: number[], since: Date, now: Date): Promise<number> {
  if (itemIds.length === 0) return 0;
  const result = await db
    .updateTable('deliveries')
    .set({ status: 'pending', payload: editPayload(now), next_attempt_at: now, attempts: 0, lease_until: null, lease_owner: null })
    .where('item_id', 'in', itemIds)
    .where('status', '=', 'sent')
    .where('message_id', 'is not', null)
    .where('sent_at', '>=', since)
    .executeTakeFirst();
  // Rows claimed by a sender right now may already carry the old text: flag them, and
  // recording their send turns them into an edit (markSentMany, markEdited).
  const inFlight = await sql`
    update deliveries
    set payload = coalesce(payload, '{}'::jsonb) || '{"recompose": true}'::jsonb
    where item_id = any(${sql.val(itemIds)}::bigint[]) and status = 'pending' and lease_until > ${now}
      and (payload ->> 'html') is null
  `.execute(db);
  return Number(result.numUpdatedRows) + Number(inFlight.numAffectedRows ?? 0n);
}

/** When the earliest waiting row becomes due; null when nothing waits. */
export async function nextDueAt(db: Db): Promise<Date | null> {
  const row = await db
    .selectFrom('deliveries')
    // A held or leased row can be claimed only once its lease ends.
    .select(sql<Date | null>`min(greatest(next_attempt_at, coalesce(lease_until, next_attempt_at)))`.as('next'))
    .where('status', '=', 'pending')
    .executeTakeFirst();
  const next = row?.next as Date | string | null | undefined;
  return next ? new Date(next) : null;
}

/** What a breaking-news row sends when it carries no rendered message of its own. */
export async function getBroadcastTexts(db: Db, ids: number[]): Promise<{ id: number; text: string; photo: string | null }[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('broadcasts').select(['id', 'text', 'photo']).where('id', 'in', ids).execute();
}

export interface SentRecord {
  id: number;
  messageId: number;
  sentAs: string;
}

/** Records many sends in one statement (the sender's group commit); see `recompose`. */
export async function markSentMany(db: Db, sent: SentRecord[], now: Date): Promise<void> {
  if (sent.length === 0) return;
  await sql`
    update deliveries d
    set status = case when ${recompose} then 'pending' else 'sent' end,
        payload = case when ${recompose} then ${editPayload(now)}::jsonb else d.payload end,
        next_attempt_at = case when ${recompose} then ${now} else d.next_attempt_at end,
        sent_at = ${now}, message_id = v.message_id, sent_as = v.sent_as,
        lease_until = null, lease_owner = null, attempts = case when ${recompose} then 0 else d.attempts + 1 end, last_error = null
    from (
      select unnest(${sql.val(sent.map((s) => s.id))}::bigint[]) as id,
             unnest(${sql.val(sent.map((s) => s.messageId))}::bigint[]) as message_id,
             unnest(${sql.val(sent.map((s) => s.sentAs))}::text[]) as sent_as
    ) v
    where d.id = v.id
  `.execute(db);
}
