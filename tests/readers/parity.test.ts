/**
 * Each reader rule lives twice: in TypeScript (readers/, used by /latest and the quiet-hours
 * job) and in SQL (stores/reader-rules.ts, used by the fan-out and breaking news). This file
 * holds the twins together: every case runs through both, on the real database, and they
 * must agree. A case also states the answer the rule is meant to give, so agreeing on a
 * wrong answer fails too.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/create-db.js';
import { checkKeyword } from '../../src/readers/keyword-rules.js';
import { inQuietHours } from '../../src/readers/local-time.js';
import { inAudience, itemMatches } from '../../src/readers/matching.js';
import type { BroadcastAudience } from '../../src/db/schema.js';
import { countAudience } from '../../src/stores/broadcasts.js';
import { fanOutItems } from '../../src/stores/fan-out.js';
import * as rules from '../../src/stores/reader-rules.js';
import { ensureSubscriber, getSubscriber, updateSubscriber, type Subscriber, type SubscriberPatch } from '../../src/stores/subscribers.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';
import { storeClassified, type ItemSpec } from '../subscribers/support/items.js';

const NOW = new Date('2026-11-20T12:00:00Z');

let t: TestDb;
let db: Db;
beforeAll(async () => {
  t = await createTestDb();
  db = t.db as Db;
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  await t.reset();
});

/** A subscriber stored through the subscribers store; keywords go in as the bot stores them (checkKeyword). */
async function storeReader(chatId: number, patch: SubscriberPatch): Promise<Subscriber> {
  const keywords = patch.keywords?.map((k) => {
    const checked = checkKeyword(k);
    if (!checked.ok) throw new Error(`keyword ${k}: ${checked.problem}`);
    return checked.keyword;
  });
  await ensureSubscriber(db, { chatId, chatType: 'private', title: null, language: 'en' }, NOW);
  await updateSubscriber(db, chatId, { onboarded: true, ...patch, ...(keywords ? { keywords } : {}) }, NOW);
  const stored = await getSubscriber(db, chatId);
  if (!stored) throw new Error(`reader ${chatId} not stored`);
  return stored;
}

// ---------------------------------------------------------------------------------------
// Matching: readers × items.

const READERS: Record<string, SubscriberPatch> = {
  'no filters': {},
  'topic energy': { topics: ['energy'] },
  'energy in Central Asia': { topics: ['energy'], regions: ['central-asia'] },
  'South Caucasus or Kazakhstan': { regions: ['south-caucasus'], countries: ['KZ'] },
  'country AZ only': { countries: ['AZ'] },
  'sport, keyword TANAP': { topics: ['sport'], keywords: ['TANAP'] },
  'security, keyword gas': { topics: ['security-defence'], keywords: ['gas'] },
  'sport, keyword South Caucasus': { topics: ['sport'], keywords: ['South Caucasus'] },
  'sport, keyword COVID-19': { topics: ['sport'], keywords: ['COVID-19'] },
  'sport, keyword газ': { topics: ['sport'], keywords: ['Газ'] },
  'sport, keyword ёлка': { topics: ['sport'], keywords: ['ёлка'] },
  'sport, keyword oil price': { topics: ['sport'], keywords: ['oil price'] },
};

const ITEMS: Record<string, ItemSpec> = {
  'gas field': { title: 'Azerbaijan opens a gas field', topics: ['energy'], regions: ['south-caucasus'], countries: ['AZ'] },
  gasoline: { title: 'Gasoline prices climb', topics: ['economy'], regions: ['europe'], countries: ['DE'] },
  drills: { title: 'Kazakhstan army drills', topics: ['security-defence'], regions: ['central-asia'], countries: ['KZ'] },
  'budget (TANAP in summary)': { title: 'EU budget talks', summary: 'Gas via TANAP is on the agenda.', topics: ['economy'], regions: ['europe'], countries: ['FR'] },
  'solar plant': { title: 'Uzbek solar plant', topics: ['energy'], regions: ['central-asia'], countries: ['UZ'] },
  unlabelled: { title: 'Talks on the South-Caucasus corridor' },
  covid: { title: 'COVID-19 cases fall', topics: ['health'], regions: ['europe'], countries: ['IT'] },
  'газ whole word': { title: 'Цены на газ растут', topics: ['economy'], regions: ['russia'], countries: ['RU'] },
  'газ inside a word': { title: 'Новый газопровод открыт', topics: ['economy'], regions: ['russia'], countries: ['RU'] },
  'ЁЛКА with ё': { title: 'Главная ЁЛКА страны', topics: ['culture'], regions: ['russia'], countries: ['RU'] },
  'елка without ё': { title: 'Новогодняя елка в Баку', topics: ['culture'], regions: ['south-caucasus'], countries: ['AZ'] },
  'oil→price with a symbol': { title: 'Oil→price shock ☛ markets', topics: ['economy'], regions: ['europe'], countries: ['GB'] },
  'oil price in full-width letters': { title: 'ＯＩＬ ＰＲＩＣＥ rally', topics: ['economy'], regions: ['europe'], countries: ['GB'] },
};

/** The answers the matching rule is meant to give, the edge cases first; every other pair is checked for agreement only. */
const MATCH_CASES: [reader: string, item: string, matches: boolean][] = [
  ['no filters', 'unlabelled', true], // empty filters let everything through
  ['topic energy', 'unlabelled', false], // an item without topics fails a topic filter
  ['topic energy', 'solar plant', true], // no place chosen: any place
  ['energy in Central Asia', 'gas field', false], // topic passes, place does not
  ['energy in Central Asia', 'solar plant', true],
  ['South Caucasus or Kazakhstan', 'drills', true], // by country alone
  ['South Caucasus or Kazakhstan', 'gas field', true], // by region alone
  ['country AZ only', 'solar plant', false],
  ['sport, keyword TANAP', 'budget (TANAP in summary)', true], // only by keyword, found in the summary
  ['sport, keyword TANAP', 'gas field', false],
  ['security, keyword gas', 'gas field', true], // keyword as a whole word
  ['security, keyword gas', 'gasoline', false], // …never as part of a word
  ['security, keyword gas', 'drills', true], // by topic, no keyword needed
  ['sport, keyword South Caucasus', 'unlabelled', true], // two-word keyword across a hyphen
  ['sport, keyword COVID-19', 'covid', true], // punctuation inside the keyword
  ['sport, keyword газ', 'газ whole word', true], // Cyrillic, case folded
  ['sport, keyword газ', 'газ inside a word', false],
  ['sport, keyword ёлка', 'ЁЛКА with ё', true], // ё and е are one letter to readers
  ['sport, keyword ёлка', 'елка without ё', true],
  ['sport, keyword oil price', 'oil→price with a symbol', true], // symbols separate words like punctuation
  ['sport, keyword oil price', 'oil price in full-width letters', true], // NFKC: full-width letters are letters
];

describe('matching: matchesPreferences (SQL) and itemMatches (TypeScript) agree', () => {
  it('on every reader and item', async () => {
    const readerIds = new Map<string, number>();
    const readers: { name: string; subscriber: Subscriber }[] = [];
    for (const [index, [name, patch]] of Object.entries(READERS).entries()) {
      const subscriber = await storeReader(1000 + index, patch);
      readerIds.set(name, subscriber.chatId);
      readers.push({ name, subscriber });
    }
    const itemNames = Object.keys(ITEMS);
    const itemIds = await storeClassified(db, Object.values(ITEMS), NOW);
    const stored = await db.selectFrom('items').selectAll().where('id', 'in', itemIds).execute();
    const itemsById = new Map(stored.map((row) => [row.id, row]));

    const eb = rules.subscriberExpressions();
    const bySql = await sql<{ chat_id: number; item_id: number }>`
      with i as (select id, ${rules.itemTermsColumns} from items)
      select s.chat_id, i.id as item_id from subscribers s, i where ${rules.matchesPreferences(eb, rules.itemTermsOf('i'))}
    `.execute(db);
    const sqlPairs = new Set(bySql.rows.map((r) => `${Number(r.chat_id)}:${Number(r.item_id)}`));

    const tsPairs = new Set<string>();
    for (const { subscriber } of readers) {
      for (const id of itemIds) {
        if (itemMatches(subscriber, itemsById.get(id)!)) tsPairs.add(`${subscriber.chatId}:${id}`);
      }
    }
    const label = (pair: string) => {
      const [chat, item] = pair.split(':').map(Number);
      return `${readers.find((r) => r.subscriber.chatId === chat)?.name} × ${itemNames[itemIds.indexOf(item!)]}`;
    };
    expect([...sqlPairs].map(label).sort()).toEqual([...tsPairs].map(label).sort());

    for (const [reader, item, matches] of MATCH_CASES) {
      const pair = `${readerIds.get(reader)}:${itemIds[itemNames.indexOf(item)]}`;
      expect(tsPairs.has(pair), `${reader} × ${item}`).toBe(matches);
    }

    // The fan-out statement itself queues exactly those pairs (all readers instant, none quiet).
    await fanOutItems(db, itemIds, NOW);
    const queued = await db.selectFrom('deliveries').select(['chat_id', 'item_id', 'status']).execute();
    expect(queued.every((row) => row.status === 'pending')).toBe(true);
    expect(queued.map((row) => label(`${row.chat_id}:${row.item_id}`)).sort()).toEqual([...tsPairs].map(label).sort());
  });
});

// ---------------------------------------------------------------------------------------
// Quiet hours: one reader per case, one moment each.

const hm = (h: number, m = 0) => h * 60 + m;

const QUIET_CASES: { name: string; timeZone: string; quiet: [number, number] | null; at: string; quietNow: boolean }[] = [
  { name: 'no quiet hours', timeZone: 'UTC', quiet: null, at: '2026-11-20T23:00:00Z', quietNow: false },
  { name: 'start = end is no window', timeZone: 'UTC', quiet: [hm(8), hm(8)], at: '2026-11-20T08:00:00Z', quietNow: false },
  { name: 'daytime window, inside', timeZone: 'UTC', quiet: [hm(13), hm(14)], at: '2026-11-20T13:30:00Z', quietNow: true },
  { name: 'daytime window, after', timeZone: 'UTC', quiet: [hm(13), hm(14)], at: '2026-11-20T14:30:00Z', quietNow: false },
  { name: 'across midnight, before midnight', timeZone: 'UTC', quiet: [hm(22), hm(7)], at: '2026-11-20T23:30:00Z', quietNow: true },
  { name: 'across midnight, after midnight', timeZone: 'UTC', quiet: [hm(22), hm(7)], at: '2026-11-21T06:59:00Z', quietNow: true },
  { name: 'across midnight, start is inside', timeZone: 'UTC', quiet: [hm(22), hm(7)], at: '2026-11-20T22:00:00Z', quietNow: true },
  { name: 'across midnight, end is outside', timeZone: 'UTC', quiet: [hm(22), hm(7)], at: '2026-11-21T07:00:00Z', quietNow: false },
  { name: 'across midnight, midday', timeZone: 'UTC', quiet: [hm(22), hm(7)], at: '2026-11-20T12:00:00Z', quietNow: false },
  // Seconds count for nothing: a minute is in the window from its first to its last millisecond.
  { name: 'across midnight, the last second before the end', timeZone: 'UTC', quiet: [hm(22), hm(7)], at: '2026-11-21T06:59:59.900Z', quietNow: true },
  { name: 'daytime window, the last second before the start', timeZone: 'UTC', quiet: [hm(13), hm(14)], at: '2026-11-20T12:59:59.999Z', quietNow: false },
  { name: 'daytime window, the last second inside', timeZone: 'UTC', quiet: [hm(13), hm(14)], at: '2026-11-20T13:59:59.999Z', quietNow: true },
  { name: 'window from midnight, the first second', timeZone: 'UTC', quiet: [hm(0), hm(6)], at: '2026-11-20T00:00:00.001Z', quietNow: true },
  { name: 'window up to midnight, the last second', timeZone: 'UTC', quiet: [hm(20), hm(0)], at: '2026-11-20T23:59:59.999Z', quietNow: true },
  { name: 'window up to midnight, midnight itself', timeZone: 'UTC', quiet: [hm(20), hm(0)], at: '2026-11-21T00:00:00Z', quietNow: false },
  { name: '+5:30 (Kolkata), a minute before 22:00', timeZone: 'Asia/Kolkata', quiet: [hm(22), hm(7)], at: '2026-11-20T16:29:00Z', quietNow: false },
  { name: '+5:30 (Kolkata), 22:00 local', timeZone: 'Asia/Kolkata', quiet: [hm(22), hm(7)], at: '2026-11-20T16:30:00Z', quietNow: true },
  { name: '+5:30 (Kolkata), 06:59 local', timeZone: 'Asia/Kolkata', quiet: [hm(22), hm(7)], at: '2026-11-21T01:29:00Z', quietNow: true },
  { name: '+5:45 (Kathmandu), local midnight', timeZone: 'Asia/Kathmandu', quiet: [hm(0), hm(6)], at: '2026-11-20T18:15:00Z', quietNow: true },
  { name: '+5:45 (Kathmandu), 23:59 local', timeZone: 'Asia/Kathmandu', quiet: [hm(0), hm(6)], at: '2026-11-20T18:14:00Z', quietNow: false },
  { name: 'New York in summer time, 23:00 local', timeZone: 'America/New_York', quiet: [hm(22, 30), hm(6, 45)], at: '2026-07-01T03:00:00Z', quietNow: true },
  { name: 'New York in winter, 06:30 local', timeZone: 'America/New_York', quiet: [hm(22, 30), hm(6, 45)], at: '2026-01-15T11:30:00Z', quietNow: true },
  { name: 'New York in summer time, 07:30 local', timeZone: 'America/New_York', quiet: [hm(22, 30), hm(6, 45)], at: '2026-07-01T11:30:00Z', quietNow: false },
  { name: 'UTC+4 by offset (Etc/GMT-4), 23:00 local', timeZone: 'Etc/GMT-4', quiet: [hm(22), hm(7)], at: '2026-11-20T19:00:00Z', quietNow: true },
];

describe('quiet hours: inQuietHours in SQL and in TypeScript agree', () => {
  it.each(QUIET_CASES)('$name', async ({ timeZone, quiet, at, quietNow }) => {
    const reader = await storeReader(2000, { timeZone, quiet: quiet ? { start: quiet[0], end: quiet[1] } : null });
    const moment = new Date(at);
    const eb = rules.subscriberExpressions();
    const bySql = await sql<{ quiet: boolean }>`
      select ${rules.inQuietHours(eb, moment)} as quiet from subscribers s where s.chat_id = ${reader.chatId}
    `.execute(db);
    const byTs = inQuietHours(moment, reader.timeZone, reader.quietStart, reader.quietEnd);
    expect(bySql.rows[0]?.quiet).toBe(byTs);
    expect(byTs).toBe(quietNow);
  });
});

// ---------------------------------------------------------------------------------------
// Breaking-news audience: readers × audiences.

const AUDIENCES: BroadcastAudience[] = [
  {},
  { topics: [], regions: [] },
  { topics: ['energy'] },
  { regions: ['europe'] },
  { topics: ['energy', 'sport'], regions: ['central-asia'] },
  { languages: ['ru'] },
  { languages: ['en', 'az'] },
  { topics: ['energy'], languages: ['az'] },
];

describe('breaking-news audience: inAudience in SQL and in TypeScript agree', () => {
  it('on every reader and audience, and countAudience counts the same readers', async () => {
    const readers: Subscriber[] = [];
    for (const [index, patch] of Object.values(READERS).entries()) readers.push(await storeReader(3000 + index, patch));
    // A reader with regions but no topics, and one with countries only: empty on the reader's side.
    readers.push(await storeReader(3100, { regions: ['europe'] }));
    readers.push(await storeReader(3101, { topics: ['energy'], countries: ['DE'] }));
    // Languages: by the interface language alone, and chosen.
    readers.push(await storeReader(3102, { language: 'ru' }));
    readers.push(await storeReader(3103, { language: 'ru', itemLanguages: ['az', 'en'] }));
    readers.push(await storeReader(3104, { topics: ['energy'], itemLanguages: ['en', 'az'] }));
    const eb = rules.subscriberExpressions();
    for (const audience of AUDIENCES) {
      const bySql = await sql<{ chat_id: number }>`select s.chat_id from subscribers s where ${rules.inAudience(eb, audience)}`.execute(db);
      const sqlIds = bySql.rows.map((r) => Number(r.chat_id)).sort();
      const tsIds = readers.filter((r) => inAudience(r, audience)).map((r) => r.chatId).sort();
      expect(sqlIds, JSON.stringify(audience)).toEqual(tsIds);
      expect(await countAudience(db, audience), JSON.stringify(audience)).toBe(tsIds.length);
    }
    // An empty audience reaches everyone; a topic audience passes readers without a topic filter.
    expect(readers.filter((r) => inAudience(r, {})).length).toBe(readers.length);
    const english = { language: 'en', itemLanguages: [] };
    expect(inAudience({ ...english, topics: [], regions: ['europe'] }, { topics: ['energy'] })).toBe(true);
    expect(inAudience({ ...english, topics: ['sport'], regions: [] }, { topics: ['energy'] })).toBe(false);
    // Breaking news for Russian readers reaches a reader whose interface is Russian, not one who chose Azerbaijani and English.
    expect(readers.filter((r) => inAudience(r, { languages: ['ru'] })).map((r) => r.chatId)).toEqual([3102]);
  });
});

// ---------------------------------------------------------------------------------------
// Languages and editions: readers × items in several languages, one story in two.

const LANGUAGE_READERS: Record<string, SubscriberPatch> = {
  'English interface, never chose': {},
  'Russian interface, never chose': { language: 'ru' },
  'English first, then Russian': { itemLanguages: ['en', 'ru'] },
  'Russian interface, reads English and Russian': { language: 'ru', itemLanguages: ['en', 'ru'] },
  'English interface, Azerbaijani only': { itemLanguages: ['az'] },
  'Russian interface, reads Azerbaijani then English': { language: 'ru', itemLanguages: ['az', 'en'] },
};

const STORY = 'https://outlet.example/story';
const LANGUAGE_ITEMS: Record<string, ItemSpec> = {
  'English item': { title: 'Baku hosts talks', language: 'en' },
  'Russian item': { title: 'В Баку прошли переговоры', language: 'ru' },
  'Azerbaijani item': { title: 'Bakıda danışıqlar keçirildi', language: 'az' },
  'unknown language': { title: 'Baku 2026', language: null },
  'story, English edition': { title: 'Pipeline deal signed', language: 'en', alternateUrls: [`${STORY}/ru`] },
  'story, Russian edition': { title: 'Подписано соглашение о трубопроводе', language: 'ru', url: `${STORY}/ru` },
  'sent story, English edition': { title: 'Border talks resume', language: 'en', url: `${STORY}/sent-en` },
  'sent story, Russian edition': { title: 'Переговоры о границе возобновились', language: 'ru', alternateUrls: [`${STORY}/sent-en`] },
};

/** The answers the language rule is meant to give; every other pair is checked for agreement only. */
const LANGUAGE_CASES: [reader: string, item: string, matches: boolean][] = [
  ['English interface, never chose', 'English item', true], // the default: the interface language
  ['English interface, never chose', 'Russian item', false],
  ['Russian interface, never chose', 'Russian item', true],
  ['Russian interface, never chose', 'English item', false],
  ['Russian interface, never chose', 'unknown language', true], // an unknown language reaches everyone
  ['English interface, Azerbaijani only', 'Azerbaijani item', true],
  ['English interface, Azerbaijani only', 'English item', false], // a choice replaces the interface language
  ['English first, then Russian', 'Russian item', true],
  ['English first, then Russian', 'story, English edition', true], // a story once, in the first language
  ['English first, then Russian', 'story, Russian edition', false],
  ['Russian interface, reads English and Russian', 'story, Russian edition', true], // the interface language comes first
  ['Russian interface, reads English and Russian', 'story, English edition', false],
  ['Russian interface, never chose', 'story, Russian edition', true], // reads one edition only: gets it
  ['English interface, never chose', 'story, English edition', true],
  ['English first, then Russian', 'sent story, English edition', false], // the Russian edition was sent first
  ['Russian interface, reads English and Russian', 'sent story, English edition', false],
  ['English interface, never chose', 'sent story, English edition', true],
  ['Russian interface, reads Azerbaijani then English', 'story, English edition', true], // no Russian chosen: English it is
];

describe('languages and editions: the language rule in SQL and in TypeScript agree', () => {
  it('on every reader and item, and the fan-out queues exactly those', async () => {
    const readers: { name: string; subscriber: Subscriber }[] = [];
    for (const [index, [name, patch]] of Object.entries(LANGUAGE_READERS).entries()) readers.push({ name, subscriber: await storeReader(4000 + index, patch) });
    const names = Object.keys(LANGUAGE_ITEMS);
    const specs = Object.values(LANGUAGE_ITEMS);
    // The English edition names its Russian one, stored later; the second story's Russian edition names its English one, stored earlier.
    const ids = await storeClassified(db, specs.slice(0, 5), NOW);
    const [storyRu] = await storeClassified(db, [specs[5]!], NOW);
    const [sentEn] = await storeClassified(db, [specs[6]!], NOW);
    // The Russian edition of the second story came first and was already sent to the two bilingual readers.
    const [sentRu] = await storeClassified(db, [specs[7]!], NOW);
    for (const name of ['English first, then Russian', 'Russian interface, reads English and Russian']) {
      const chatId = readers.find((r) => r.name === name)!.subscriber.chatId;
      await db.insertInto('deliveries').values({ item_id: sentRu!, chat_id: String(chatId), kind: 'direct', priority: 2, status: 'sent', next_attempt_at: NOW }).execute();
    }
    ids.push(storyRu!, sentEn!, sentRu!);
    const stored = await db.selectFrom('items').selectAll().where('id', 'in', ids).execute();
    const byId = new Map(stored.map((row) => [row.id, row]));
    // The feed's hints made two stories of two editions each.
    expect(byId.get(ids[4]!)!.story_id).not.toBeNull();
    expect(byId.get(storyRu!)!.story_id).toBe(byId.get(ids[4]!)!.story_id);
    expect(byId.get(sentRu!)!.story_id).toBe(byId.get(sentEn!)!.story_id);

    const eb = rules.subscriberExpressions();
    const bySql = await sql<{ chat_id: number; item_id: number }>`
      with i as (select id, ${rules.itemTermsColumns} from items)
      select s.chat_id, i.id as item_id from subscribers s, i where ${rules.matchesPreferences(eb, rules.itemTermsOf('i'))}
    `.execute(db);
    const sqlPairs = new Set(bySql.rows.map((r) => `${Number(r.chat_id)}:${Number(r.item_id)}`));

    const sent = await db.selectFrom('deliveries').select(['chat_id', 'item_id']).execute();
    const wasSent = (chatId: number, itemId: number) => sent.some((d) => d.chat_id === String(chatId) && Number(d.item_id) === itemId);
    const tsPairs = new Set<string>();
    for (const { subscriber } of readers) {
      for (const id of ids) {
        const row = byId.get(id)!;
        const otherEditions = stored
          .filter((other) => row.story_id !== null && other.story_id === row.story_id && other.id !== id)
          .map((other) => ({ language: other.language, sentToReader: wasSent(subscriber.chatId, other.id) }));
        if (itemMatches(subscriber, { ...row, otherEditions })) tsPairs.add(`${subscriber.chatId}:${id}`);
      }
    }
    const label = (pair: string) => {
      const [chat, item] = pair.split(':').map(Number);
      return `${readers.find((r) => r.subscriber.chatId === chat)?.name} × ${names[ids.indexOf(item!)]}`;
    };
    expect([...sqlPairs].map(label).sort()).toEqual([...tsPairs].map(label).sort());
    for (const [reader, item, matches] of LANGUAGE_CASES) {
      const pair = `${readers.find((r) => r.name === reader)!.subscriber.chatId}:${ids[names.indexOf(item)]}`;
      expect(tsPairs.has(pair), `${reader} × ${item}`).toBe(matches);
    }

    // The fan-out of everything but the edition sent before queues exactly the other pairs.
    await fanOutItems(db, ids.filter((id) => id !== sentRu), NOW);
    const queued = await db.selectFrom('deliveries').select(['chat_id', 'item_id']).where('item_id', '<>', sentRu!).execute();
    expect(queued.map((row) => label(`${row.chat_id}:${row.item_id}`)).sort()).toEqual(
      [...tsPairs].filter((pair) => !pair.endsWith(`:${sentRu}`)).map(label).sort(),
    );
  });
});
