/**
 * Reads and validates taxonomy/ (sections, topics, regions, countries, organisations, people,
 * false friends, furniture) and merges the countries with the world-countries package.
 * Editors change the JSON files; nothing here needs touching for that.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { readAzerbaijani, withAzerbaijani } from './azerbaijani.js';
import { englishPlural, russianAdjectives, russianPeople } from './demonyms.js';
import { fold } from './normalize.js';
import {
  countriesFile,
  falseFriendsFile,
  furnitureFile,
  organisationsFile,
  peopleFile,
  regionsFile,
  sectionsFile,
  topicModelFile,
  topicsFile,
  type CountryExtra,
} from './taxonomy-schema.js';
import { compileTopicModel, type TopicModel } from './topic-model.js';
import type { Country, LocalizedList, Organisation, Person, Taxonomy } from './types.js';
import { readWorldCountries, type BaseCountry } from './world-countries.js';

export const TOPIC_MODEL_FILE = 'topic-model.json';

export class TaxonomyError extends Error {
  override name = 'TaxonomyError';
}

/** The top-level taxonomy/ folder: found by walking up, so it works from src/ (tsx) and dist/src/. */
export function defaultTaxonomyDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'taxonomy');
    if (existsSync(join(candidate, 'topics.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new TaxonomyError('taxonomy/ folder not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

function readFile<S extends z.ZodType>(dir: string, name: string, schema: S): z.infer<S> {
  const path = join(dir, name);
  const shown = relative(process.cwd(), path) || path;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TaxonomyError(`${shown}: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
    throw new TaxonomyError(`${shown}: ${problems.join('; ')}`);
  }
  return parsed.data;
}

function fail(file: string, field: string, message: string): never {
  throw new TaxonomyError(`taxonomy/${file}: ${field}: ${message}`);
}

function uniqueIds(file: string, key: string, ids: string[]): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) fail(file, `${key}[${i}].id`, `duplicate id "${id}"`);
    seen.add(id);
  });
}

/** Merged, de-duplicated (by folded form), minus the excluded aliases. */
function merge(exclude: Set<string>, ...lists: string[][]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const word of lists.flat()) {
    const key = fold(word);
    if (seen.has(key) || exclude.has(key)) continue;
    seen.add(key);
    out.push(word);
  }
  return out;
}

const plurals = (words: string[]): string[] => words.map(englishPlural).filter((w): w is string => w !== null);

/**
 * A country: the package's names, capitals and English demonyms, the taxonomy's additions, and
 * the nationality words generated from them (English plurals; Russian adjectives from the
 * Russian names, and the nouns for the people from the adjectives).
 */
function buildCountry(base: BaseCountry, extra: CountryExtra | undefined, regions: string[]): Country {
  const exclude = new Set((extra?.exclude ?? []).map(fold));
  const list = (key: keyof Omit<CountryExtra, 'exclude'>, lang: 'en' | 'ru'): string[] => extra?.[key]?.[lang] ?? [];
  const both = (key: keyof Omit<CountryExtra, 'exclude'>, en: string[] = [], ru: string[] = []): LocalizedList => ({
    en: merge(exclude, en, list(key, 'en')),
    ru: merge(exclude, ru, list(key, 'ru')),
  });
  const englishDemonyms = [...base.demonyms, ...list('demonyms', 'en')];
  const adjectives = [...list('demonyms', 'ru').filter((w) => /(?:ий|ый|ой)$/.test(w)), ...russianAdjectives(base.name.ru, base.names.ru)];
  return {
    code: base.code,
    name: base.name,
    names: both('names', base.names.en, base.names.ru),
    demonyms: {
      en: merge(exclude, englishDemonyms, plurals(englishDemonyms)),
      ru: merge(exclude, list('demonyms', 'ru'), adjectives, russianPeople(adjectives)),
    },
    places: both('places', base.capitals),
    metonyms: both('metonyms'),
    regions,
  };
}

/**
 * The trained topic model when taxonomy/ has one; its topics must be the taxonomy's, one weight
 * each. Its weights (some 90,000 numbers) are checked by hand while they are copied into the
 * model: through zod they cost a deep copy and most of the time Herald's start spent on the file.
 */
function readTopicModel(root: string, topicIds: Set<string>): TopicModel | null {
  if (!existsSync(join(root, TOPIC_MODEL_FILE))) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(root, TOPIC_MODEL_FILE), 'utf8'));
  } catch (error) {
    fail(TOPIC_MODEL_FILE, '(root)', (error as Error).message);
  }
  const weights = (raw as { weights?: unknown } | null)?.weights;
  const parsed = topicModelFile.safeParse({ ...(raw as object), weights: {} });
  if (!parsed.success) {
    const problem = parsed.error.issues[0]!;
    fail(TOPIC_MODEL_FILE, problem.path.map(String).join('.') || '(root)', problem.message);
  }
  const model = parsed.data;
  model.topics.forEach((id, i) => {
    if (!topicIds.has(id)) fail(TOPIC_MODEL_FILE, `topics[${i}]`, `unknown topic "${id}" (train it again: npm run train:topics)`);
  });
  if (typeof weights !== 'object' || weights === null || Array.isArray(weights)) fail(TOPIC_MODEL_FILE, 'weights', 'must be an object of feature name → weights');
  const topics = model.topics.length;
  for (const [name, row] of Object.entries(weights)) {
    if (!Array.isArray(row) || row.length !== topics) fail(TOPIC_MODEL_FILE, `weights.${name}`, `${Array.isArray(row) ? row.length : 'no'} weights for ${topics} topics`);
    if (!row.every((w) => typeof w === 'number' && Number.isFinite(w))) fail(TOPIC_MODEL_FILE, `weights.${name}`, 'weights must be numbers');
  }
  return compileTopicModel(model.topics, model.trainedOn.languages, weights as Record<string, number[]>, model.decision);
}

export function loadTaxonomy(dir?: string): Taxonomy {
  const root = resolve(dir ?? defaultTaxonomyDir());
  const sections = readFile(root, 'sections.json', sectionsFile).sections;
  const topicData = readFile(root, 'topics.json', topicsFile);
  const topics = topicData.topics.map((t) => ({
    ...t,
    supporting: t.supporting ?? { en: [], ru: [] },
    subsumes: t.subsumes ?? {},
  }));
  const regions = readFile(root, 'regions.json', regionsFile).regions;
  const countryData = readFile(root, 'countries.json', countriesFile);
  const organisationData = readFile(root, 'organisations.json', organisationsFile).organisations;
  const peopleData = readFile(root, 'people.json', peopleFile).people;
  const { $comment: _ff, ...falseFriends } = readFile(root, 'false-friends.json', falseFriendsFile);
  const { $comment: _fu, ...furniture } = readFile(root, 'furniture.json', furnitureFile);

  uniqueIds('sections.json', 'sections', sections.map((s) => s.id));
  if (!sections.some((s) => s.id === 'news')) fail('sections.json', 'sections', 'the "news" section is required (it is the default)');
  uniqueIds('topics.json', 'topics', topics.map((t) => t.id));
  uniqueIds('regions.json', 'regions', regions.map((r) => r.id));
  uniqueIds('organisations.json', 'organisations', organisationData.map((o) => o.id));
  uniqueIds('people.json', 'people', peopleData.map((p) => p.id));

  const base = readWorldCountries();
  const byCode = new Map(base.map((c) => [c.code, c]));
  const include = new Set(countryData.include);
  countryData.include.forEach((code, i) => {
    if (!byCode.has(code)) fail('countries.json', `include[${i}]`, `unknown country code "${code}"`);
  });
  for (const code of Object.keys(countryData.countries)) {
    if (!byCode.has(code)) fail('countries.json', `countries.${code}`, `unknown country code "${code}"`);
  }
  const kept = base.filter((c) => c.independent || include.has(c.code));
  const keptCodes = new Set(kept.map((c) => c.code));

  const regionsOf = new Map<string, string[]>();
  regions.forEach((region, r) =>
    region.countries.forEach((code, i) => {
      if (!keptCodes.has(code)) fail('regions.json', `regions[${r}].countries[${i}]`, `unknown or excluded country code "${code}"`);
      regionsOf.set(code, [...(regionsOf.get(code) ?? []), region.id]);
    }),
  );
  const regionIds = new Set(regions.map((r) => r.id));
  const topicIds = new Set(topics.map((t) => t.id));
  topics.forEach((topic, t) =>
    Object.keys(topic.subsumes).forEach((id) => {
      if (!topicIds.has(id) || id === topic.id) fail('topics.json', `topics[${t}].subsumes.${id}`, `unknown or same topic "${id}"`);
    }),
  );
  const checkTopics = (file: string, field: string, ids: string[] = []) =>
    ids.forEach((id, i) => {
      if (!topicIds.has(id)) fail(file, `${field}.topics[${i}]`, `unknown topic "${id}"`);
    });
  const organisations: Organisation[] = organisationData.map((org, o) => {
    const field = `organisations[${o}]`;
    (org.regions ?? []).forEach((id, i) => {
      if (!regionIds.has(id)) fail('organisations.json', `${field}.regions[${i}]`, `unknown region "${id}"`);
    });
    if (org.country !== undefined && !keptCodes.has(org.country)) fail('organisations.json', `${field}.country`, `unknown country code "${org.country}"`);
    checkTopics('organisations.json', field, org.topics);
    return {
      id: org.id,
      name: org.name,
      aliases: org.aliases,
      country: org.country ?? null,
      regions: org.regions ?? (org.country ? (regionsOf.get(org.country) ?? []) : []),
      topics: org.topics ?? [],
    };
  });
  const organisationIds = new Set(organisations.map((o) => o.id));
  const people: Person[] = peopleData.map((person, p) => {
    const field = `people[${p}]`;
    if (!keptCodes.has(person.country)) fail('people.json', `${field}.country`, `unknown country code "${person.country}"`);
    return {
      id: person.id,
      name: person.name,
      aliases: person.aliases,
      country: person.country,
      roles: person.roles.map((role, r) => {
        const at = `${field}.roles[${r}]`;
        if (role.country !== undefined && !keptCodes.has(role.country)) fail('people.json', `${at}.country`, `unknown country code "${role.country}"`);
        if (role.organisation !== undefined && !organisationIds.has(role.organisation)) fail('people.json', `${at}.organisation`, `unknown organisation "${role.organisation}"`);
        if (role.to && role.to < role.from) fail('people.json', `${at}.to`, `ends (${role.to}) before it starts (${role.from})`);
        checkTopics('people.json', at, role.topics);
        return { office: role.office, country: role.country ?? null, organisation: role.organisation ?? null, from: role.from, to: role.to ?? null, topics: role.topics ?? [] };
      }),
    };
  });
  countryData.ambiguous.forEach((rule, i) => {
    if (!keptCodes.has(rule.country)) fail('countries.json', `ambiguous[${i}].country`, `unknown country code "${rule.country}"`);
  });

  const taxonomy: Taxonomy = {
    sections,
    topics,
    otherSenses: topicData.otherSenses ?? { en: [], ru: [] },
    regions,
    countries: kept.map((c) => buildCountry(c, countryData.countries[c.code], regionsOf.get(c.code) ?? [])),
    organisations,
    people,
    ambiguous: countryData.ambiguous.map((rule) => ({
      country: rule.country,
      alias: rule.alias,
      nameCheck: rule.nameCheck ?? false,
      requireSupport: rule.requireSupport ?? false,
      against: rule.against,
      for: rule.for,
      notBefore: rule.notBefore ?? [],
    })),
    falseFriends,
    furniture,
    topicModel: readTopicModel(root, new Set(topics.map((t) => t.id))),
  };
  // Azerbaijani names and cues (issue #17), with their case forms, on top of the entries above.
  const azerbaijani = readAzerbaijani(root);
  return azerbaijani ? withAzerbaijani(taxonomy, azerbaijani) : taxonomy;
}
