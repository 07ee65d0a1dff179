import { sql, type SqlBool } from 'kysely';
import type { Db } from '../db/create-db.js';
import { Lane, type BroadcastAudience, type BroadcastRow } from '../db/schema.js';
import { activeChannelChats } from './channels.js';
import { inAudience, quietHoursEndOrNow, subscriberExpressions } from './reader-rules.js';

/**
 * A broadcast's life: 'draft' while the editor composes it, 'sending' once confirmed,
 * 'done' when nothing is left to send, 'cancelled' when an editor stopped it, 'discarded'
 * when the draft was abandoned.
 */
export type BroadcastStatus = 'draft' | 'sending' | 'done' | 'cancelled' | 'discarded';

/** Breaking news from an editor, from draft to done. */
export interface Broadcast {
  id: number;
  authorId: number;
  /** The exact Telegram HTML readers receive: the sender sends it as it is. */
  text: string;
  /** A Telegram file_id or URL, sent as it is; null for a text message. */
  photo: string | null;
  audience: BroadcastAudience;
  /** Readers in quiet hours get it at once instead of when their quiet hours end. */
  passQuietHours: boolean;
  /** Hours the channel post stays pinned; null for no pin. */
  pinHours: number | null;
  /** The channels it is for (channels.id); null: every active channel when it is sent. */
  channelIds: number[] | null;
  status: BroadcastStatus;
  createdAt: Date;
  finishedAt: Date | null;
  pinnedMessageId: number | null;
  pinnedAt: Date | null;
  unpinnedAt: Date | null;
}

/** The one place a broadcasts row becomes a Broadcast (status is only ever written from BroadcastStatus). */
function toBroadcast(row: BroadcastRow): Broadcast {
  return {
    id: row.id,
    authorId: row.author_id,
    text: row.text,
    photo: row.photo,
    audience: row.audience,
    passQuietHours: row.pass_quiet_hours,
    pinHours: row.pin_hours,
    channelIds: row.channel_ids,
    status: row.status as BroadcastStatus,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    pinnedMessageId: row.pinned_message_id,
    pinnedAt: row.pinned_at,
    unpinnedAt: row.unpinned_at,
  };
}

export async function createDraft(db: Db, draft: { authorId: number; html: string; photo: string | null }, now: Date): Promise<number> {
  const row = await db
    .insertInto('broadcasts')
    .values({ author_id: draft.authorId, text: draft.html, photo: draft.photo, audience: JSON.stringify({}), status: 'draft', created_at: now, pin_hours: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function getBroadcast(db: Db, id: number): Promise<Broadcast | undefined> {
  const row = await db.selectFrom('broadcasts').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toBroadcast(row) : undefined;
}

export interface DraftChoices {
  audience?: BroadcastAudience;
  passQuietHours?: boolean;
  pinHours?: number | null;
  /** null: every active channel. */
  channelIds?: number[] | null;
}

/** Changes a draft's options; false when it is no longer a draft (already sent or discarded). */
export async function updateDraft(db: Db, id: number, choices: DraftChoices): Promise<boolean> {
  const result = await db
    .updateTable('broadcasts')
    .set({
      ...(choices.audience ? { audience: JSON.stringify(choices.audience) } : {}),
      ...(choices.passQuietHours !== undefined ? { pass_quiet_hours: choices.passQuietHours } : {}),
      ...(choices.pinHours !== undefined ? { pin_hours: choices.pinHours } : {}),
      ...(choices.channelIds !== undefined ? { channel_ids: choices.channelIds } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function discardDraft(db: Db, id: number, now: Date): Promise<boolean> {
  const result = await db.updateTable('broadcasts').set({ status: 'discarded', finished_at: now }).where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export type QueueResult = { ok: true; channel: number; readers: number } | { ok: false; reason: 'not-a-draft' };

/**
 * Confirms a draft: in one transaction the broadcast becomes 'sending' and the outbox gets
 * one row per chosen channel (every active one when the editor chose none in particular; a
 * channel paused since is left out) and one row per matching active subscriber (INSERT …
 * SELECT, so no subscriber list is held in memory). Readers in quiet hours get their row due
 * when their quiet hours end, unless the editor chose to pass quiet hours.
 */
export async function queueBroadcast(db: Db, id: number, now: Date): Promise<QueueResult> {
  return db.transaction().execute(async (trx) => {
    const broadcast = await trx
      .updateTable('broadcasts')
      .set({ status: 'sending' })
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .returningAll()
      .executeTakeFirst();
    if (!broadcast) return { ok: false as const, reason: 'not-a-draft' as const };
    const channelChats = await activeChannelChats(trx, broadcast.channel_ids);
    let channel = 0;
    if (channelChats.length > 0) {
      const rows = await trx
        .insertInto('deliveries')
        .values(channelChats.map((chatId) => ({ broadcast_id: id, item_id: null, chat_id: chatId, message_thread_id: null, kind: 'broadcast' as const, priority: Lane.breaking, payload: JSON.stringify({ target: 'channel' }), next_attempt_at: now, lease_owner: null, message_id: null, sent_as: null, last_error: null, last_error_code: null })))
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .execute();
      channel = rows.length;
    }
    const dueAt = broadcast.pass_quiet_hours ? sql`${now}::timestamptz` : quietHoursEndOrNow(subscriberExpressions(), now);
    const inserted = await sql<{ id: number }>`
      insert into deliveries (broadcast_id, chat_id, message_thread_id, kind, priority, next_attempt_at)
      select ${id}, s.chat_id::text, s.message_thread_id, 'broadcast', ${Lane.breaking}, ${dueAt}
      from subscribers s
      where ${activeInAudience(broadcast.audience)} and s.chat_id::text <> all(${sql.val(channelChats)}::text[])
      on conflict do nothing
      returning id
    `.execute(trx);
    return { ok: true as const, channel, readers: inserted.rows.length };
  });
}

/** Active subscribers (alias s) in the audience (stores/reader-rules.ts). */
function activeInAudience(audience: BroadcastAudience) {
  return sql<SqlBool>`s.status = 'active' and ${inAudience(subscriberExpressions(), audience)}`;
}

export interface BroadcastProgress {
  id: number;
  status: string;
  createdAt: Date;
  preview: string;
  sent: number;
  failed: number;
  waiting: number;
  cancelled: number;
  /** Sends in the last five minutes, for the rate estimate. */
  sentRecently: number;
}

/** The latest broadcasts (drafts left out) with their delivery counts. */
export async function broadcastProgress(db: Db, now: Date, limit = 10): Promise<BroadcastProgress[]> {
  const since = new Date(now.getTime() - 5 * 60_000);
  const rows = await db
    .selectFrom('broadcasts as b')
    .leftJoin('deliveries as d', 'd.broadcast_id', 'b.id')
    .select((eb) => [
      'b.id',
      'b.status',
      'b.created_at',
      'b.text',
      eb.fn.count<number>('d.id').filterWhere('d.status', '=', 'sent').as('sent'),
      eb.fn.count<number>('d.id').filterWhere('d.status', 'in', ['failed', 'blocked', 'skipped']).as('failed'),
      eb.fn.count<number>('d.id').filterWhere('d.status', 'in', ['pending', 'held']).as('waiting'),
      eb.fn.count<number>('d.id').filterWhere('d.status', '=', 'cancelled').as('cancelled'),
      eb.fn.count<number>('d.id').filterWhere((w) => w.and([w('d.status', '=', 'sent'), w('d.sent_at', '>=', since)])).as('sent_recently'),
    ])
    .where('b.status', 'not in', ['draft', 'discarded'])
    .groupBy('b.id')
    .orderBy('b.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    createdAt: r.created_at,
    preview: r.text,
    sent: Number(r.sent),
    failed: Number(r.failed),
    waiting: Number(r.waiting),
    cancelled: Number(r.cancelled),
    sentRecently: Number(r.sent_recently),
  }));
}

export type CancelResult = { kind: 'unknown' } | { kind: 'finished'; status: string } | { kind: 'cancelled'; stopped: number };

/** Stops what is not yet sent; rows already leased by a sender finish their send. */
export async function cancelBroadcast(db: Db, id: number, now: Date): Promise<CancelResult> {
  return db.transaction().execute(async (trx) => {
    const broadcast = await trx.selectFrom('broadcasts').select(['id', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!broadcast || broadcast.status === 'draft' || broadcast.status === 'discarded') return { kind: 'unknown' as const };
    if (broadcast.status !== 'sending') return { kind: 'finished' as const, status: broadcast.status };
    const stopped = await trx
      .updateTable('deliveries')
      .set({ status: 'cancelled', last_error: 'cancelled by an editor' })
      .where('broadcast_id', '=', id)
      .where('status', 'in', ['pending', 'held'])
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .executeTakeFirst();
    await trx.updateTable('broadcasts').set({ status: 'cancelled', finished_at: now }).where('id', '=', id).execute();
    return { kind: 'cancelled' as const, stopped: Number(stopped.numUpdatedRows) };
  });
}

/** Marks sending broadcasts with nothing left waiting as done; returns their ids. */
export async function finishCompletedBroadcasts(db: Db, now: Date): Promise<number[]> {
  const rows = await db
    .updateTable('broadcasts as b')
    .set({ status: 'done', finished_at: now })
    .where('b.status', '=', 'sending')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('deliveries as d').select('d.id').whereRef('d.broadcast_id', '=', 'b.id').where('d.status', 'in', ['pending', 'held']))),
    )
    .returning('b.id')
    .execute();
  return rows.map((r) => r.id);
}

export interface PinTask {
  broadcastId: number;
  /** The channel row (deliveries.id) whose post is pinned: each channel's post is pinned and unpinned on its own. */
  deliveryId: number;
  chatId: string;
  messageId: number;
}

/**
 * Each channel's pin lives on that channel's row (payload pinnedAt, unpinnedAt), since the
 * message ids differ per channel. A broadcast pinned before channels had rules kept its one pin
 * on the broadcast (pinned_message_id): that channel row counts as pinned by it.
 */
const channelRow = sql<boolean>`d.payload->>'target' = 'channel'`;
const pinnedByBroadcast = sql<boolean>`(b.pinned_message_id is not null and b.pinned_message_id = d.message_id)`;

/** Channel posts of broadcasts the editor wanted pinned, sent and not yet pinned. */
export async function broadcastsToPin(db: Db): Promise<PinTask[]> {
  const rows = await db
    .selectFrom('broadcasts as b')
    .innerJoin('deliveries as d', 'd.broadcast_id', 'b.id')
    .select(['b.id', 'd.id as delivery_id', 'd.chat_id', 'd.message_id'])
    .where('b.pin_hours', 'is not', null)
    .where('d.status', '=', 'sent')
    .where('d.message_id', 'is not', null)
    .where(channelRow)
    .where(sql<boolean>`d.payload->>'pinnedAt' is null and not ${pinnedByBroadcast}`)
    .orderBy('d.id')
    .execute();
  return rows.map((r) => ({ broadcastId: r.id, deliveryId: r.delivery_id, chatId: r.chat_id, messageId: r.message_id as number }));
}

/** Claims the pin of one channel's post (so one process pins it); false when another process already did. */
export async function markPinned(db: Db, task: PinTask, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const claimed = await sql`
      update deliveries set payload = coalesce(payload, '{}'::jsonb) || jsonb_build_object('pinnedAt', ${now.toISOString()}::text)
      where id = ${task.deliveryId} and payload->>'pinnedAt' is null
    `.execute(trx);
    if (Number(claimed.numAffectedRows ?? 0n) === 0) return false;
    // The broadcast's own pinned_at: when its first post was pinned (the dashboard's "pinned").
    await trx.updateTable('broadcasts').set({ pinned_at: now }).where('id', '=', task.broadcastId).where('pinned_at', 'is', null).execute();
    return true;
  });
}

/** Pinned channel posts whose chosen hours have passed. */
export async function broadcastsToUnpin(db: Db, now: Date): Promise<PinTask[]> {
  const rows = await db
    .selectFrom('broadcasts as b')
    .innerJoin('deliveries as d', 'd.broadcast_id', 'b.id')
    .select(['b.id', 'd.id as delivery_id', 'd.chat_id', 'd.message_id'])
    .where(channelRow)
    .where('d.message_id', 'is not', null)
    .where(
      sql<boolean>`(
        (d.payload->>'pinnedAt' is not null and d.payload->>'unpinnedAt' is null
          and (d.payload->>'pinnedAt')::timestamptz + b.pin_hours * interval '1 hour' <= ${now})
        or (${pinnedByBroadcast} and b.unpinned_at is null and b.pinned_at + b.pin_hours * interval '1 hour' <= ${now})
      )`,
    )
    .orderBy('d.id')
    .execute();
  return rows.map((r) => ({ broadcastId: r.id, deliveryId: r.delivery_id, chatId: r.chat_id, messageId: r.message_id as number }));
}

/** Claims the unpin of one channel's post; false when another process already did. */
export async function markUnpinned(db: Db, task: PinTask, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const claimed = await sql`
      update deliveries d set payload = coalesce(d.payload, '{}'::jsonb) || jsonb_build_object('unpinnedAt', ${now.toISOString()}::text)
      from broadcasts b
      where d.id = ${task.deliveryId} and b.id = d.broadcast_id and d.payload->>'unpinnedAt' is null
        and (d.payload->>'pinnedAt' is not null or (${pinnedByBroadcast} and b.unpinned_at is null))
    `.execute(trx);
    if (Number(claimed.numAffectedRows ?? 0n) === 0) return false;
    // When no post of the broadcast is pinned any longer, the broadcast is unpinned.
    await sql`
      update broadcasts b set unpinned_at = ${now}
      where b.id = ${task.broadcastId} and b.unpinned_at is null
        and not exists (
          select 1 from deliveries d where d.broadcast_id = b.id and ${channelRow}
            and d.payload->>'pinnedAt' is not null and d.payload->>'unpinnedAt' is null
        )
    `.execute(trx);
    return true;
  });
}

/** How many active readers an audience reaches now (the editor sees it before confirming). */
export async function countAudience(db: Db, audience: BroadcastAudience): Promise<number> {
  const result = await sql<{ n: number }>`select count(*)::int as n from subscribers s where ${activeInAudience(audience)}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/** The topics and regions active readers follow: the audience choices worth offering. */
export async function followedChoices(db: Db, limit = 24): Promise<{ topics: string[]; regions: string[] }> {
  const pick = async (column: 'topics' | 'regions') => {
    const result = await sql<{ name: string }>`
      select t.name from subscribers s, unnest(s.${sql.ref(column)}) as t(name)
      where s.status = 'active' group by t.name order by count(*) desc, t.name limit ${limit}
    `.execute(db);
    return result.rows.map((r) => r.name).sort();
  };
  return { topics: await pick('topics'), regions: await pick('regions') };
}
