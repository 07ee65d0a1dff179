/**
 * Reads the world-countries package (names, official names, alternative spellings, capitals,
 * English demonyms, Russian translations) into Herald's Country shape. Extra names and the
 * region membership come from taxonomy/ and are merged by load-taxonomy.ts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface PackageCountry {
  cca2: string;
  independent: boolean | null;
  name: { common: string; official: string; native?: Record<string, { common: string; official: string }> };
  altSpellings?: string[];
  capital?: string[];
  demonyms?: { eng?: { m: string; f: string } };
  translations?: Record<string, { common: string; official: string }>;
}

export interface BaseCountry {
  code: string;
  independent: boolean;
  name: { en: string; ru: string };
  names: { en: string[]; ru: string[] };
  capitals: string[];
  demonyms: string[];
}

const LATIN = /^[\p{Script=Latin}\s'’.()-]+$/u;
const CYRILLIC = /^[\p{Script=Cyrillic}\s'’.()-]+$/u;

/** Spellings useful for matching running text: no codes, no inverted "Korea, Republic of". */
function usable(spelling: string): boolean {
  return spelling.length > 2 && !spelling.includes(',');
}

function toBase(c: PackageCountry): BaseCountry {
  const rus = c.translations?.['rus'] ?? c.name.native?.['rus'];
  const alt = (c.altSpellings ?? []).filter(usable);
  const demonyms = c.demonyms?.eng ? [c.demonyms.eng.m, c.demonyms.eng.f] : [];
  return {
    code: c.cca2,
    independent: c.independent === true,
    name: { en: c.name.common, ru: rus?.common ?? c.name.common },
    names: {
      en: [c.name.common, c.name.official, ...alt.filter((s) => LATIN.test(s))],
      ru: [rus?.common, rus?.official, ...alt.filter((s) => CYRILLIC.test(s))].filter((s): s is string => !!s),
    },
    capitals: (c.capital ?? []).filter(usable),
    // "Antiguan, Barbudan" and "Kittitian or Nevisian" are two demonyms each.
    demonyms: [...new Set(demonyms.flatMap((d) => d.split(/,\s*|\s+or\s+/)).filter((d) => d.trim().length > 2))],
  };
}

let cache: BaseCountry[] | null = null;

export function readWorldCountries(): BaseCountry[] {
  if (cache) return cache;
  const require = createRequire(import.meta.url);
  const file = require.resolve('world-countries/countries.json');
  const raw = JSON.parse(readFileSync(file, 'utf8')) as PackageCountry[];
  cache = raw.map(toBase);
  return cache;
}
