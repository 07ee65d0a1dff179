/**
 * Azerbaijani for the classifier (issue #17): the names, demonyms and topic cues of
 * taxonomy/azerbaijani.json, with the case endings Azerbaijani writes on them, joined to the
 * taxonomy's entries as their `az` lists. Azerbaijani is written in Latin letters and adds its
 * endings to the word (Bakı → Bakıda, Ermənistanın, ermənilər), so each word's forms are made
 * here, once, by vowel harmony, and matched as written (no prefix guessing, which would take
 * "qaz" for the start of Qazaxıstan).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { fold } from './normalize.js';
import type { LocalizedList, Taxonomy } from './types.js';

const words = z.array(z.string().min(1).max(200));
const countryEntry = z.object({ names: words, demonyms: words.optional(), places: words.optional(), metonyms: words.optional() }).strict();
const regionEntry = z.object({ keywords: words, weakKeywords: words.optional() }).strict();
const topicEntry = z.object({ strong: words, keywords: words, supporting: words.optional() }).strict();
export const azerbaijaniFile = z
  .object({
    $comment: z.string().optional(),
    countries: z.record(z.string(), countryEntry),
    regions: z.record(z.string(), regionEntry),
    topics: z.record(z.string(), topicEntry),
    /** People's names as Azerbaijani writes them (Əliyev, Ərdoğan, Paşinyan), by the id of people.json. */
    people: z.record(z.string(), words).optional(),
  })
  .strict();
export type AzerbaijaniData = z.infer<typeof azerbaijaniFile>;

const VOWELS = 'aıoueəiöü';
/** Four-way harmony (ı i u ü) by the word's last vowel. */
const FOUR: Record<string, string> = { a: 'ı', ı: 'ı', o: 'u', u: 'u', e: 'i', ə: 'i', i: 'i', ö: 'ü', ü: 'ü' };
/** Two-way harmony (a ə): back vowels take a. */
const TWO: Record<string, string> = { a: 'a', ı: 'a', o: 'a', u: 'a', e: 'ə', ə: 'ə', i: 'ə', ö: 'ə', ü: 'ə' };

/** An abbreviation (ABŞ, XİN, ÜDM): Azerbaijani joins its endings with a hyphen, so the word itself is matched. */
const isAbbreviation = (word: string) => word.length <= 5 && word === word.toLocaleUpperCase('az') && /\p{L}{2}/u.test(word);

/**
 * A word with the endings Azerbaijani adds to names and nouns: the six cases (genitive,
 * accusative, dative, locative, ablative, instrumental), -dakı, and the plural with its cases.
 * After a vowel the endings take their buffer letter (Bakının, Bakıya); a word ending in a
 * possessive vowel also takes -n- (nazirinə, kəmərində). Over-generation is harmless: a form
 * that is no word is never met.
 */
export function azerbaijaniForms(word: string): string[] {
  if (isAbbreviation(word) || /\d/.test(word)) return [word];
  const lower = word.toLocaleLowerCase('az');
  const last = [...lower].reverse().find((c) => VOWELS.includes(c));
  if (!last) return [word];
  const i4 = FOUR[last]!;
  const a2 = TWO[last]!;
  const vowelEnd = VOWELS.includes(lower.at(-1)!);
  const endings = vowelEnd
    ? [`n${i4}n`, `n${i4}`, `y${a2}`, `d${a2}`, `d${a2}n`, `yl${a2}`, `n${a2}`, `nd${a2}`, `nd${a2}n`, `d${a2}k${a2 === 'a' ? 'ı' : 'i'}`]
    : [`${i4}n`, i4, a2, `d${a2}`, `d${a2}n`, `l${a2}`, `d${a2}k${a2 === 'a' ? 'ı' : 'i'}`];
  // The possessive (delimitasiyası, kəməri) and its cases: sərhədin delimitasiyasının, Bakı limanında.
  const possessive = vowelEnd ? `s${i4}` : i4;
  const possessiveForms = [possessive, `${possessive}n${i4}n`, `${possessive}n${i4}`, `${possessive}n${a2}`, `${possessive}nd${a2}`, `${possessive}nd${a2}n`];
  const plural = `l${a2}r`;
  const pluralForms = [plural, `${plural}${a2 === 'a' ? 'ın' : 'in'}`, `${plural}${a2 === 'a' ? 'ı' : 'i'}`, `${plural}${a2}`, `${plural}d${a2}`, `${plural}d${a2}n`];
  return [...new Set([word, ...[...endings, ...possessiveForms, ...pluralForms].map((e) => word + e)])];
}

/** Every form of a phrase: its last word takes the endings (xarici işlər naziri → … nazirinin, nazirinə). */
export function phraseForms(phrase: string): string[] {
  const parts = phrase.split(' ');
  const last = parts.pop()!;
  return azerbaijaniForms(last).map((form) => [...parts, form].join(' '));
}

/** The forms of a list's phrases, minus those another language's list already spells the same (Tehran, Paris). */
function formsOf(phrases: string[] | undefined, existing: LocalizedList): string[] {
  const taken = new Set([...existing.en, ...existing.ru].map(fold));
  const out: string[] = [];
  for (const form of (phrases ?? []).flatMap(phraseForms)) {
    const key = fold(form);
    if (taken.has(key)) continue;
    taken.add(key);
    out.push(form);
  }
  return out;
}

export class AzerbaijaniError extends Error {
  override name = 'AzerbaijaniError';
}

/** Reads taxonomy/azerbaijani.json when the folder has one (a taxonomy of its own may leave it out). */
export function readAzerbaijani(dir: string): AzerbaijaniData | null {
  const path = join(dir, 'azerbaijani.json');
  if (!existsSync(path)) return null;
  const parsed = azerbaijaniFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
    throw new AzerbaijaniError(`taxonomy/azerbaijani.json: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** The taxonomy with each entry's Azerbaijani list; an unknown country, region or topic is refused by name. */
export function withAzerbaijani(taxonomy: Taxonomy, data: AzerbaijaniData): Taxonomy {
  const known = (field: string, what: string, ids: Set<string>, record: Record<string, unknown>) => {
    for (const id of Object.keys(record)) if (!ids.has(id)) throw new AzerbaijaniError(`taxonomy/azerbaijani.json: ${field}.${id}: unknown ${what}`);
  };
  known('countries', 'country', new Set(taxonomy.countries.map((c) => c.code)), data.countries);
  known('regions', 'region', new Set(taxonomy.regions.map((r) => r.id)), data.regions);
  known('topics', 'topic', new Set(taxonomy.topics.map((t) => t.id)), data.topics);
  known('people', 'person', new Set(taxonomy.people.map((p) => p.id)), data.people ?? {});
  const withAz = (list: LocalizedList, phrases: string[] | undefined): LocalizedList => ({ ...list, az: formsOf(phrases, list) });
  return {
    ...taxonomy,
    countries: taxonomy.countries.map((country) => {
      const az = data.countries[country.code];
      if (!az) return country;
      return {
        ...country,
        names: withAz(country.names, az.names),
        demonyms: withAz(country.demonyms, az.demonyms),
        places: withAz(country.places, az.places),
        metonyms: withAz(country.metonyms, az.metonyms),
      };
    }),
    regions: taxonomy.regions.map((region) => {
      const az = data.regions[region.id];
      return az ? { ...region, keywords: withAz(region.keywords, az.keywords), weakKeywords: withAz(region.weakKeywords, az.weakKeywords) } : region;
    }),
    people: taxonomy.people.map((person) => {
      const az = data.people?.[person.id];
      return az ? { ...person, aliases: withAz(person.aliases, az) } : person;
    }),
    topics: taxonomy.topics.map((topic) => {
      const az = data.topics[topic.id];
      return az ? { ...topic, strong: withAz(topic.strong, az.strong), keywords: withAz(topic.keywords, az.keywords), supporting: withAz(topic.supporting, az.supporting) } : topic;
    }),
  };
}
