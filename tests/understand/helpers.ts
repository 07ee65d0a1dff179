/** Shared set-up for the understanding tests: the real taxonomy, compiled once per file. */
import { fileURLToPath } from 'node:url';
import { createClassifier, loadTaxonomy, type ArticleInput, type Classification } from '../../src/news/understand/index.js';

export const taxonomy = loadTaxonomy();
export const classify = createClassifier(taxonomy);
/** The lexicon's rules alone, without the trained topic model (taxonomy/topic-model.json). */
export const classifyByRules = createClassifier({ ...taxonomy, topicModel: null });
export const labelledDir = fileURLToPath(new URL('../fixtures/labelled/', import.meta.url));

export function item(title: string, lead = '', extra: Partial<ArticleInput> = {}): ArticleInput {
  return { title, lead, categories: [], ...extra };
}

export const ids = (scored: { id: string }[]): string[] => scored.map((s) => s.id).sort();
export const regionsOf = (c: Classification): string[] => ids(c.regions);
export const countriesOf = (c: Classification): string[] => ids(c.countries);
export const topicsOf = (c: Classification): string[] => ids(c.topics);
