import { sql } from 'kysely';
import type { Db } from '../db/create-db.js';
import { Lane } from '../db/schema.js';
import { inQuietHours, itemTermsColumns, itemTermsOf, matchesPreferences, subscriberExpressions } from './reader-rules.js';

/** A forum route (r) takes an item (i) when the item has the route's topic or region. */
const routeMatches = sql`((r.kind = 'topic' and r.value = any(i.topics)) or (r.kind = 'region' and r.value = any(i.regions)))`;

/**
 * Expands stored items into private-message rows for every active subscriber whose
 * preferences match, in one INSERT … SELECT: no subscriber is loaded into memory.
 *
 * Matching and quiet hours are the reader rules of stores/reader-rules.ts (matchesPreferences,
 * inQuietHours), the SQL twins of readers/. Instant subscribers get pending 'direct' rows,
 * or 'held' ones while in quiet hours (the subscribers' quiet-hours job releases them);
 * digest subscribers get 'held' rows in the digest lane for the digest job to collect.
 *
 * Each item is fanned out once: the item's fanned_out_at is set in the same transaction as its
 * rows, and setting it locks the item's row, so a second fan-out of the item (a repeat, or a
 * concurrent one, which waits for the first to commit) finds it set and adds nothing. Rows go
 * in without ON CONFLICT, which would cost a speculative insertion per row (about a third of a
 * million-subscriber fan-out). The unique (chat, item, forum topic) index stays as the safety
 * net: should a row be there already (an item fanned out before fanned_out_at existed, the
 * channel post of an item into a chat that also subscribes), the insert is undone to a
 * savepoint and made again skipping the rows that are there, as before, never failing the
 * caller's transaction.
 *
 * Forum groups may point topics and regions at forum topics (forum_routes): an item goes to
 * every forum topic whose route it matches (once, however many of its routes point there), and
 * to the group's own thread only when no route took it, so a forum never gets the same item
 * twice in its general flow.
 */
export async function fanOutItems(db: Db, itemIds: number[], now: Date): Promise<number> {
  if (itemIds.length === 0) return 0;
  if (!db.isTransaction) return db.transaction().execute((trx) => fanOutItems(trx, itemIds, now));
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
  await sql`savepoint herald_fan_out`.execute(db);
  try {
    const queued = await insertRows(db, ids, now, 'plain');
    await sql`release savepoint herald_fan_out`.execute(db);
    return queued;
  } catch (error) {
    if (!isOutboxKeyViolation(error)) throw error;
    await sql`rollback to savepoint herald_fan_out`.execute(db);
    await sql`release savepoint herald_fan_out`.execute(db);
    return insertRows(db, ids, now, 'skipping rows already there');
  }
}

/** The unique (chat, item, forum topic) index of the outbox refused a row (SQLSTATE 23505). */
function isOutboxKeyViolation(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown } | null;
  return e?.code === '23505' && e.constraint === 'deliveries_chat_item';
}

/** The fan-out statement for items just claimed: plain, or (the safety net) skipping rows already there. */
async function insertRows(db: Db, itemIds: number[], now: Date, mode: 'plain' | 'skipping rows already there'): Promise<number> {
  const eb = subscriberExpressions();
  const result = await sql`
    with i as materialized (
      -- Materialised: each item's words are computed once, not once per subscriber.
      select id, ${itemTermsColumns}
      from items where id = any(${sql.val(itemIds)}::bigint[])
    ),
    matched as (
      -- Subscribers whose own choices match, in their own chat or forum topic…
      select i.id as item_id, s.chat_id, s.message_thread_id, s.mode, s.time_zone, s.quiet_start, s.quiet_end
      from i join subscribers s on s.status = 'active' and ${matchesPreferences(eb, itemTermsOf('i'))}
      -- …unless a forum topic of theirs is set to receive this item's topic or region.
      and not (s.chat_type <> 'private' and exists (select 1 from forum_routes r where r.chat_id = s.chat_id and ${routeMatches}))
      union all
      -- Forum groups: each forum topic set to receive one of the item's topics or regions, once
      -- (two routes into one forum topic make one row).
      select distinct i.id, s.chat_id, r.message_thread_id, s.mode, s.time_zone, s.quiet_start, s.quiet_end
      from i
      join forum_routes r on ${routeMatches}
      join subscribers s on s.chat_id = r.chat_id and s.status = 'active'
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
