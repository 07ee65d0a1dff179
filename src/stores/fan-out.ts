import { sql } from 'kysely';
import type { Db } from '../db/create-db.js';
import { Lane } from '../db/schema.js';
import { firstEdition, inQuietHours, itemTermsColumns, itemTermsOf, matchesPreferences, readsLanguage, subscriberExpressions } from './reader-rules.js';

/** A forum route (r) takes an item (i) when the item has the route's topic or region. */
const routeMatches = sql`((r.kind = 'topic' and r.value = any(i.topics)) or (r.kind = 'region' and r.value = any(i.regions)))`;

/**
 * How many parts a fan-out is written in, each a transaction on its own connection. One
 * INSERT … SELECT runs on one server process, so one core: two parts take about two thirds of
 * the time of one on two cores (a million-subscriber fan-out). The number is stored with each
 * owed item, so a crash recovery writes the same shares even if this changes between versions.
 */
export const FAN_OUT_PARTS = 2;

/**
 * Expands stored items into private-message rows for every active subscriber whose
 * preferences match, with INSERT … SELECT: no subscriber is loaded into memory.
 *
 * Matching and quiet hours are the reader rules of stores/reader-rules.ts (matchesPreferences,
 * inQuietHours), the SQL twins of readers/. Instant subscribers get pending 'direct' rows,
 * or 'held' ones while in quiet hours (the subscribers' quiet-hours job releases them);
 * digest subscribers get 'held' rows in the digest lane for the digest job to collect.
 *
 * Outside a transaction (the poll's way) the items are marked owed, then written in
 * FAN_OUT_PARTS parts at once (fanOutOwed). Inside the caller's transaction they are written
 * in one statement there (fanOutInTransaction).
 */
export async function fanOutItems(db: Db, itemIds: number[], now: Date): Promise<number> {
  if (itemIds.length === 0) return 0;
  if (db.isTransaction) return fanOutInTransaction(db, itemIds, now);
  await markFanOutOwed(db, itemIds);
  return fanOutOwed(db, itemIds, now);
}

/**
 * Records, in the caller's transaction (the poll's, storing the items), that these items'
 * fan-outs are owed. Once that commits, the fan-out is done by fanOutOwed, or after a crash by
 * finishOwedFanOuts: nothing stored goes without its private messages.
 */
export async function markFanOutOwed(db: Db, itemIds: number[], parts = FAN_OUT_PARTS): Promise<void> {
  if (itemIds.length === 0) return;
  await db
    .updateTable('items')
    .set({ fan_out_owed_parts: parts })
    .where('id', 'in', itemIds)
    .where('fanned_out_at', 'is', null)
    .where('fan_out_owed_parts', 'is', null)
    .execute();
}

/**
 * Writes the owed fan-outs of these items, each part in a transaction of its own, all parts at
 * once, then marks the items whose every part is written as fanned out. A part records itself
 * (fan_out_parts_done) in its own transaction, and that row's key is the claim: a part written
 * already, or being written by another process (whose claim this one waits for), is skipped.
 * So after a crash between parts only the missing ones are written, and two processes
 * finishing the same item write each part once. Returns the rows queued.
 */
export async function fanOutOwed(db: Db, itemIds: number[], now: Date): Promise<number> {
  if (itemIds.length === 0) return 0;
  const owed = await db
    .selectFrom('items')
    .select(['id', 'fan_out_owed_parts'])
    .where('id', 'in', itemIds)
    .where('fanned_out_at', 'is', null)
    .where('fan_out_owed_parts', 'is not', null)
    .execute();
  if (owed.length === 0) return 0;
  const parts = Math.max(...owed.map((item) => item.fan_out_owed_parts ?? 1));
  const ids = owed.map((item) => Number(item.id));
  const written = await Promise.all(
    Array.from({ length: parts }, (_, part) => db.transaction().execute((trx) => writePart(trx, ids, part, now))),
  );
  await db.transaction().execute(async (trx) => {
    const finished = await sql<{ id: number }>`
      update items set fanned_out_at = ${now}
      where id = any(${sql.val(ids)}::bigint[]) and fanned_out_at is null
        and fan_out_owed_parts <= (select count(*) from fan_out_parts_done d where d.item_id = items.id)
      returning id
    `.execute(trx);
    const done = finished.rows.map((row) => Number(row.id));
    if (done.length > 0) await trx.deleteFrom('fan_out_parts_done').where('item_id', 'in', done).execute();
  });
  return written.reduce((sum, n) => sum + n, 0);
}

/**
 * Finishes fan-outs left owed (a crash or a lost connection after the poll stored the items):
 * the poll runs this at the start of every cycle. Oldest first, a bounded batch per cycle.
 */
export async function finishOwedFanOuts(db: Db, now: Date, limit = 20): Promise<number> {
  const owed = await db
    .selectFrom('items')
    .select('id')
    .where('fan_out_owed_parts', 'is not', null)
    .where('fanned_out_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute();
  return fanOutOwed(db, owed.map((item) => Number(item.id)), now);
}

/** Part `part` of the owed items' fan-outs: the subscribers whose chat id falls in that share. */
async function writePart(db: Db, itemIds: number[], part: number, now: Date): Promise<number> {
  await sql`set local jit = off`.execute(db);
  const claimed = await sql<{ item_id: number }>`
    insert into fan_out_parts_done (item_id, part)
    select id, ${part}::smallint from items
    where id = any(${sql.val(itemIds)}::bigint[]) and fanned_out_at is null and fan_out_owed_parts > ${part}
    on conflict do nothing
    returning item_id
  `.execute(db);
  const ids = claimed.rows.map((row) => Number(row.item_id));
  if (ids.length === 0) return 0;
  return insertBehindSafetyNet(db, ids, now, part);
}

/**
 * The fan-out in the caller's transaction, in one statement. Each item is fanned out once: the
 * item's fanned_out_at is set in the same transaction as its rows, and setting it locks the
 * item's row, so a second fan-out of the item (a repeat, or a concurrent one, which waits for
 * the first to commit) finds it set and adds nothing.
 */
async function fanOutInTransaction(db: Db, itemIds: number[], now: Date): Promise<number> {
  // The planner's estimate for this statement is high enough to switch on JIT with inlining
  // and optimisation, which costs more than half a second and gains nothing on a plain scan.
  await sql`set local jit = off`.execute(db);
  const claimed = await sql<{ id: number }>`
    update items set fanned_out_at = ${now}
    where id = any(${sql.val(itemIds)}::bigint[]) and fanned_out_at is null
    returning id
  `.execute(db);
  const ids = claimed.rows.map((row) => Number(row.id));
  if (ids.length === 0) return 0;
  // Parts an owed fan-out had written already are met by the safety net below.
  await db.deleteFrom('fan_out_parts_done').where('item_id', 'in', ids).execute();
  return insertBehindSafetyNet(db, ids, now, null);
}

/**
 * Rows go in without ON CONFLICT, which would cost a speculative insertion per row (about a
 * third of a million-subscriber fan-out). The unique (chat, item, forum topic) index is the
 * safety net: should a row be there already (an item fanned out before fanned_out_at existed,
 * the channel post of an item into a chat that also subscribes), the insert is undone to a
 * savepoint and made again skipping the rows that are there, never failing the transaction.
 */
async function insertBehindSafetyNet(db: Db, itemIds: number[], now: Date, part: number | null): Promise<number> {
  await sql`savepoint herald_fan_out`.execute(db);
  try {
    const queued = await insertRows(db, itemIds, now, part, 'plain');
    await sql`release savepoint herald_fan_out`.execute(db);
    return queued;
  } catch (error) {
    if (!isOutboxKeyViolation(error)) throw error;
    await sql`rollback to savepoint herald_fan_out`.execute(db);
    await sql`release savepoint herald_fan_out`.execute(db);
    return insertRows(db, itemIds, now, part, 'skipping rows already there');
  }
}

/** The unique (chat, item, forum topic) index of the outbox refused a row (SQLSTATE 23505). */
function isOutboxKeyViolation(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown } | null;
  return e?.code === '23505' && e.constraint === 'deliveries_chat_item';
}

/**
 * The fan-out statement for items just claimed: plain, or (the safety net) skipping rows
 * already there; for every subscriber, or (part k) for those whose chat id is k modulo the
 * item's parts. Forum groups may point topics and regions at forum topics (forum_routes): an
 * item goes to every forum topic whose route it matches (once, however many of its routes
 * point there), and to the group's own thread only when no route took it, so a forum never
 * gets the same item twice in its general flow.
 */
async function insertRows(db: Db, itemIds: number[], now: Date, part: number | null, mode: 'plain' | 'skipping rows already there'): Promise<number> {
  const eb = subscriberExpressions();
  // The share test is cheap and the planner runs it before the matching rule's array tests.
  const inShare = part === null ? sql`true` : sql`mod(abs(s.chat_id), i.parts) = ${part}`;
  const result = await sql`
    with i as materialized (
      -- Materialised: each item's words are computed once, not once per subscriber.
      select id, coalesce(fan_out_owed_parts, 1) as parts, ${itemTermsColumns}
      from items where id = any(${sql.val(itemIds)}::bigint[])
    ),
    matched as (
      -- Subscribers whose own choices match, in their own chat or forum topic…
      select i.id as item_id, s.chat_id, s.message_thread_id, s.mode, s.time_zone, s.quiet_start, s.quiet_end
      from i join subscribers s on ${inShare} and s.status = 'active' and ${matchesPreferences(eb, itemTermsOf('i'))}
      -- …unless a forum topic of theirs is set to receive this item's topic or region.
      and not (s.chat_type <> 'private' and exists (select 1 from forum_routes r where r.chat_id = s.chat_id and ${routeMatches}))
      union all
      -- Forum groups: each forum topic set to receive one of the item's topics or regions, once
      -- (two routes into one forum topic make one row).
      select distinct i.id, s.chat_id, r.message_thread_id, s.mode, s.time_zone, s.quiet_start, s.quiet_end
      from i
      join forum_routes r on ${routeMatches}
      join subscribers s on s.chat_id = r.chat_id and ${inShare} and s.status = 'active'
        -- A forum group reads the languages it chose, as a reader does.
        and ${readsLanguage(eb, itemTermsOf('i').language)} and ${firstEdition(eb, itemTermsOf('i'))}
    )
    -- matched carries the subscriber's time_zone and quiet hours as s, which inQuietHours reads.
    insert into deliveries (item_id, chat_id, message_thread_id, kind, priority, status, next_attempt_at)
    select s.item_id, s.chat_id::text, s.message_thread_id,
           case when s.mode = 'digest' then 'digest' else 'direct' end,
           case when s.mode = 'digest' then ${Lane.digest}::smallint else ${Lane.instant}::smallint end,
           case when s.mode = 'digest' or ${inQuietHours(eb, now)} then 'held' else 'pending' end,
           ${now}
    from matched s
    ${mode === 'plain' ? sql`` : sql`on conflict do nothing`}
  `.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}
