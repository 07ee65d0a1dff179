/**
 * Nationality coverage: for every country of the taxonomy (the world-countries package's
 * independent states and the territories it keeps), headlines are generated that name the
 * country only by a nationality word — each English demonym, and each Russian adjective in two
 * forms the dictionary form never shows (feminine nominative, genitive plural) — and the
 * classifier must find the country and its regions in each. Used by the test and the bench.
 */
import type { ArticleInput, Classification, Country, Taxonomy } from './types.js';

export interface CoverageMiss {
  country: string;
  sentence: string;
}

export interface CoverageReport {
  countries: number;
  /** Countries whose every English demonym is found. */
  english: number;
  /** Countries that have a Russian adjective and whose every Russian adjective is found in both forms. */
  russian: number;
  misses: CoverageMiss[];
}

const ADJECTIVE = /(?:ий|ый|ой)$/;

/** A Russian adjective in the feminine nominative or the genitive plural: армянский → армянская, армянских. */
export function russianAdjectiveForm(adjective: string, form: 'feminine' | 'genitive-plural'): string {
  const stem = adjective.slice(0, -2);
  const soft = adjective.endsWith('ий') && !/[кгхжшчщц]$/.test(stem);
  if (form === 'feminine') return stem + (soft ? 'яя' : 'ая');
  return stem + (adjective.endsWith('ый') || (adjective.endsWith('ой') && !/[кгхжшчщ]$/.test(stem)) ? 'ых' : 'их');
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The headlines that name `country` only by its nationality words. */
export function nationalitySentences(country: Country): { english: string[]; russian: string[] } {
  const english = country.demonyms.en.map((d) => `${d} government announces new economic measures`);
  const russian = country.demonyms.ru
    .filter((w) => ADJECTIVE.test(w))
    .flatMap((a) => [
      `${capitalise(russianAdjectiveForm(a, 'feminine'))} делегация прибыла с официальным визитом`,
      `Власти пообещали поддержку для ${russianAdjectiveForm(a, 'genitive-plural')} компаний`,
    ]);
  return { english, russian };
}

export function nationalityCoverage(taxonomy: Taxonomy, classify: (input: ArticleInput) => Classification): CoverageReport {
  const misses: CoverageMiss[] = [];
  let english = 0;
  let russian = 0;
  for (const country of taxonomy.countries) {
    const found = (sentence: string, language: 'en' | 'ru') => {
      const c = classify({ title: sentence, lead: '', categories: [], language });
      const ok = c.countries.some((x) => x.id === country.code) && country.regions.every((r) => c.regions.some((x) => x.id === r));
      if (!ok) misses.push({ country: country.code, sentence });
      return ok;
    };
    const sentences = nationalitySentences(country);
    if (sentences.english.length > 0 && sentences.english.map((s) => found(s, 'en')).every(Boolean)) english++;
    if (sentences.russian.length > 0 && sentences.russian.map((s) => found(s, 'ru')).every(Boolean)) russian++;
    if (sentences.russian.length === 0) misses.push({ country: country.code, sentence: '(no Russian adjective)' });
  }
  return { countries: taxonomy.countries.length, english, russian, misses };
}
