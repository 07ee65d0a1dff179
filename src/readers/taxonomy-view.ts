import type { Lang } from '../i18n/index.js';

/**
 * The part of the taxonomy the subscriber features need: ids, labels and each region's
 * countries. The real taxonomy (taxonomy/ loaded by loadTaxonomy) satisfies it; tests pass a small one.
 */
export interface TaxonomyView {
  topics: readonly TaxonomyEntry[];
  regions: readonly RegionEntry[];
}

export interface TaxonomyEntry {
  id: string;
  label: Readonly<Record<Lang, string>>;
}

export interface RegionEntry extends TaxonomyEntry {
  /** ISO 3166-1 alpha-2 codes, upper case. */
  countries: readonly string[];
}

export function topicLabel(taxonomy: TaxonomyView, id: string, lang: Lang): string {
  return taxonomy.topics.find((t) => t.id === id)?.label[lang] ?? id;
}

export function regionLabel(taxonomy: TaxonomyView, id: string, lang: Lang): string {
  return taxonomy.regions.find((r) => r.id === id)?.label[lang] ?? id;
}

/** Country names come from the runtime's CLDR data, so the taxonomy need not carry them. */
export function countryLabel(code: string, lang: Lang): string {
  try {
    return new Intl.DisplayNames([lang], { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}
