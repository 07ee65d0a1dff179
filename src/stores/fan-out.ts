import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/create-db.js';
import { Lane } from '../db/schema.js';

/**
 * Word boundaries for keyword matching: whitespace and punctuation become one space.
 * The pattern is a constant; subscriber keywords are only ever data compared with
 * position(), so no user input is compiled into a regular expression.
 */
const wordsOf = (text: RawBuilder<unknown>) =>
  sql`btrim(regexp_replace(lower(${text}), '[[:space:][:punct:]«»“”„‘’‹›—–…·]+', ' ', 'g'))`;

/**
 * Whether the subscriber is in quiet hours now, in their own time zone (minutes after
 * local midnight; the window may wrap past midnight).
 */
function inQuietHours(now: Date) {
  const local = sql`(${now}::timestamptz at time zone s.time_zone)`;
  const minute = sql`(extract(hour from ${local}) * 60 + extract(minute from ${local}))`;
  return sql`(s.quiet_start is not null and s.quiet_end is not null and s.quiet_start <> s.quiet_end and (
      (s.quiet_start < s.quiet_end and ${minute} >= s.quiet_start and ${minute} < s.quiet_end)
      or (s.quiet_start > s.quiet_end and (${minute} >= s.quiet_start or ${minute} < s.quiet_end))))`;
}

/**
 * Expands stored items into private-message rows for every active subscriber whose
 * preferences match, in one INSERT … SELECT: no subscriber is loaded into memory.
 *
 * Matching (DESIGN.md): topic filter AND place filter (an empty filter lets everything
 * through; the place filter passes on a region or a country), OR a keyword occurring in
 * the title or summary as a whole word. Instant subscribers get pending 'direct' rows,
 * or 'held' ones while in quiet hours (the subscribers' quiet-hours job releases them);
 * digest subscribers get 'held' rows in the digest lane for the digest job to collect.
 * Rows already there (a repeated fan-out) are left alone.
 */
export async function fanOutItems(db: Db, itemIds: number[], now: Date): Promise<number> {
  if (itemIds.length === 0) return 0;
  const result = await sql`
    insert into deliveries (item_id, chat_id, message_thread_id, kind, priority, status, next_attempt_at)
    select i.id, s.chat_id::text, s.message_thread_id,
           case when s.mode = 'digest' then 'digest' else 'direct' end,
           case when s.mode = 'digest' then ${Lane.digest}::smallint else ${Lane.instant}::smallint end,
           case when s.mode = 'digest' or ${inQuietHours(now)} then 'held' else 'pending' end,
           ${now}
    from (
      select id, topics, regions, countries, ' ' || ${wordsOf(sql.ref('search_text'))} || ' ' as words
      from items where id = any(${sql.val(itemIds)}::bigint[])
    ) i
    join subscribers s on s.status = 'active' and (
      (
        (cardinality(s.topics) = 0 or s.topics && i.topics)
        and (
          (cardinality(s.regions) = 0 and cardinality(s.countries) = 0)
          or s.regions && i.regions
          or s.countries && i.countries
        )
      )
      or (
        cardinality(s.keywords) > 0
        and exists (
          select 1 from unnest(s.keywords) as k(word)
          where ${wordsOf(sql.ref('k.word'))} <> ''
            and position(' ' || ${wordsOf(sql.ref('k.word'))} || ' ' in i.words) > 0
        )
      )
    )
    on conflict do nothing
  `.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}
