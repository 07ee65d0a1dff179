import { expressionBuilder, sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { BroadcastAudience, SubscribersTable } from '../db/schema.js';

/**
 * The SQL twins of the reader rules in readers/, each written once: the fan-out, the
 * breaking-news audience and the quiet-hours due time all build on these. The rules read a
 * subscriber row under the alias s (a CTE carrying the same columns works too), and
 * tests/readers/parity.test.ts holds each to its TypeScript twin.
 *
 * The SQL is written out rather than built with Kysely's operators so that the planner sees
 * exactly the statement bench/delivery.ts measured (one pass over subscribers, no JIT).
 */

/** The scope the rules are written in: the subscriber, aliased s. */
export interface SubscriberScope {
  s: SubscribersTable;
}
export type SubscriberExpressions = ExpressionBuilder<SubscriberScope, 's'>;

/** A builder for the rules inside a raw `sql` statement that has `subscribers s` (or a CTE like it) in scope. */
export const subscriberExpressions = (): SubscriberExpressions => expressionBuilder<SubscriberScope, 's'>();

/** An item as the matching rule reads it, each part an SQL expression. */
export interface ItemTerms {
  id: Expression<number>;
  /** Two-letter code, or null when it could not be told. */
  language: Expression<string | null>;
  /** The story the item is an edition of (items.story_id), or null. */
  story: Expression<number | null>;
  topics: Expression<string[]>;
  regions: Expression<string[]>;
  countries: Expression<string[]>;
  /** The item's words (itemWordsColumn): herald_words() of title and summary, padded with a space each side. */
  words: Expression<string>;
}

/**
 * The matching rule's columns in a select from items: words are computed here, once per item,
 * not once per subscriber. search_text is the title and summary (stores/items.ts). The select
 * carries the item's id beside them.
 */
export const itemTermsColumns = sql`topics, regions, countries, language, story_id, ' ' || herald_words(search_text) || ' ' as words`;

/** The item of a select of id and itemTermsColumns aliased `alias`. */
export function itemTermsOf(alias: string): ItemTerms {
  return {
    id: sql.ref(`${alias}.id`),
    language: sql.ref(`${alias}.language`),
    story: sql.ref(`${alias}.story_id`),
    topics: sql.ref(`${alias}.topics`),
    regions: sql.ref(`${alias}.regions`),
    countries: sql.ref(`${alias}.countries`),
    words: sql.ref(`${alias}.words`),
  };
}

/** An empty choice lets everything through; otherwise choice and values must share an entry. */
function choiceAllows(choice: Expression<readonly string[]>, values: Expression<readonly string[]>): Expression<SqlBool> {
  return sql<SqlBool>`(cardinality(${choice}) = 0 or ${choice} && ${values})`;
}

/** The languages of items the reader receives (twin of readerLanguages): the chosen ones, else the interface language. */
function readerLanguages(eb: SubscriberExpressions): Expression<string[]> {
  const chosen = eb.ref('s.item_languages');
  return sql<string[]>`(case when cardinality(${chosen}) = 0 then array[${eb.ref('s.language')}]::text[] else ${chosen} end)`;
}

/** How much the reader prefers a language, lower first (twin of languageRank): the interface language, then the chosen order. */
function languageRank(eb: SubscriberExpressions, language: Expression<string | null>): Expression<number> {
  return sql<number>`(case when ${language} = ${eb.ref('s.language')} then 0 else coalesce(array_position(${eb.ref('s.item_languages')}, ${language}), 1000) end)`;
}

/**
 * The reader reads the language (twin of readsLanguage in readers/item-languages.ts); an
 * unknown language (null) reaches every reader.
 */
export function readsLanguage(eb: SubscriberExpressions, language: Expression<string | null>): Expression<SqlBool> {
  return sql<SqlBool>`(${language} is null or ${language} = any(${readerLanguages(eb)}))`;
}

/**
 * The item is the edition of its story this reader gets (twin of firstEdition in
 * readers/item-languages.ts): no other edition is in a language the reader reads and either
 * preferred or already in the reader's outbox (queued or sent before this one came).
 * Items with no story skip the lookup.
 */
export function firstEdition(eb: SubscriberExpressions, item: Pick<ItemTerms, 'id' | 'language' | 'story'>): Expression<SqlBool> {
  return sql<SqlBool>`(${item.story} is null or not exists (
        select 1 from items e
        where e.story_id = ${item.story} and e.id <> ${item.id}
          and e.language is not null and e.language is distinct from ${item.language}
          and e.language = any(${readerLanguages(eb)})
          and (${languageRank(eb, sql.ref('e.language'))} < ${languageRank(eb, item.language)}
               or exists (select 1 from deliveries d where d.chat_id = ${eb.ref('s.chat_id')}::text and d.item_id = e.id))
      ))`;
}

/**
 * The matching rule (twin of itemMatches in readers/matching.ts): the topic filter AND the
 * place filter (an empty filter lets everything through; the place filter passes on a region
 * or a country), OR one of the subscriber's keywords occurring in the item as whole words;
 * and then the item is in a language the reader reads and is the edition of its story they
 * get (readsLanguage, firstEdition). Keywords are compared as stored normalised
 * (keyword_terms, by herald_words()) with position(), so no reader input is ever compiled
 * into a regular expression. The language tests come last: most readers of a fan-out fail
 * the choices first, and PostgreSQL stops an AND at its first false.
 */
export function matchesPreferences(eb: SubscriberExpressions, item: ItemTerms): Expression<SqlBool> {
  const s = {
    topics: eb.ref('s.topics'),
    regions: eb.ref('s.regions'),
    countries: eb.ref('s.countries'),
    keywordTerms: eb.ref('s.keyword_terms'),
  };
  return sql<SqlBool>`(
        (
          ${choiceAllows(s.topics, item.topics)}
          and (
            (cardinality(${s.regions}) = 0 and cardinality(${s.countries}) = 0)
            or ${s.regions} && ${item.regions}
            or ${s.countries} && ${item.countries}
          )
        )
        or (
          cardinality(${s.keywordTerms}) > 0
          and exists (select 1 from unnest(${s.keywordTerms}) as k(term) where position(' ' || k.term || ' ' in ${item.words}) > 0)
        )
      ) and ${readsLanguage(eb, item.language)} and ${firstEdition(eb, item)}`;
}

/**
 * The breaking-news audience (twin of inAudience in readers/matching.ts): for topics and for
 * regions alike, an empty choice on either side lets everyone through, else they must
 * overlap; named languages must include one the reader reads. Not the matching rule: an editor's audience is a filter on readers, not an item.
 */
export function inAudience(eb: SubscriberExpressions, audience: BroadcastAudience): Expression<SqlBool> {
  const topics = sql<string[]>`${audience.topics ?? []}::text[]`;
  const regions = sql<string[]>`${audience.regions ?? []}::text[]`;
  const languages = sql<string[]>`${audience.languages ?? []}::text[]`;
  return sql<SqlBool>`(cardinality(${topics}) = 0 or ${choiceAllows(eb.ref('s.topics'), topics)})
    and (cardinality(${regions}) = 0 or ${choiceAllows(eb.ref('s.regions'), regions)})
    and (cardinality(${languages}) = 0 or ${languages} && ${readerLanguages(eb)})`;
}

/** The subscriber's wall-clock time at `now`, in their own time zone (a timestamp without zone). */
function localTime(eb: SubscriberExpressions, now: Date): Expression<Date> {
  return sql<Date>`(${now}::timestamptz at time zone ${eb.ref('s.time_zone')})`;
}

/**
 * Whether the subscriber is in quiet hours at `now` (twin of inQuietHours in
 * readers/local-time.ts): quiet_start and quiet_end are minutes after local midnight, and the
 * window may wrap past midnight; start = end is no window.
 *
 * Written so that the time zone conversion runs once per row, and only for readers who have
 * quiet hours (the null checks come first and AND stops at the first false): the minute of the
 * day m is in the window [start, end) exactly when (m - start) mod 1440 < (end - start) mod 1440,
 * which covers a window wrapping past midnight with the same one comparison.
 */
export function inQuietHours(eb: SubscriberExpressions, now: Date): Expression<SqlBool> {
  const start = eb.ref('s.quiet_start');
  const end = eb.ref('s.quiet_end');
  // Seconds since local midnight, in whole minutes (floor: 06:59:59.9 is still minute 419).
  const minute = sql<number>`floor(date_part('epoch', ${localTime(eb, now)}::time) / 60)::int`;
  return sql<SqlBool>`(${start} is not null and ${end} is not null and ${start} <> ${end}
      and (${minute} - ${start} + 1440) % 1440 < (${end} - ${start} + 1440) % 1440)`;
}

/** When the subscriber is in quiet hours at `now`, the moment they end (in their own time zone); else `now`. */
export function quietHoursEndOrNow(eb: SubscriberExpressions, now: Date): Expression<Date> {
  const local = localTime(eb, now);
  const zone = eb.ref('s.time_zone');
  const endToday = sql`(date_trunc('day', ${local}) + ${eb.ref('s.quiet_end')} * interval '1 minute')`;
  const endLocal = sql`(case when ${endToday} > ${local} then ${endToday} else ${endToday} + interval '1 day' end)`;
  return sql<Date>`case when ${inQuietHours(eb, now)} then (${endLocal} at time zone ${zone}) else ${now}::timestamptz end`;
}
