/** createClassifier: compiles the taxonomy once, then classifies items cheaply. */
import { prepareFields } from './fields.js';
import { createFurnitureMatcher } from './furniture.js';
import { detectLanguage } from './language.js';
import { createPlaceMatcher, RELATIONS_TOPIC } from './places.js';
import { createSectionDetector } from './section.js';
import { createTopicMatcher } from './topics.js';
import type { ArticleInput, Classification, Scored, Taxonomy } from './types.js';

/**
 * An item that names two countries, or places in two regions, and has no word of any topic is
 * about their relations ("Is Moscow losing its grip on the South Caucasus?", "Why Brussels is
 * late to the region"): on the development files every such item was diplomacy (10 of 10, no
 * wrong tag). Low confidence: it is a guess from the places alone.
 */
const SILENT_RELATIONS: Scored = { id: RELATIONS_TOPIC, confidence: 0.3 };

export function createClassifier(taxonomy: Taxonomy): (input: ArticleInput) => Classification {
  const furniture = createFurnitureMatcher(taxonomy.furniture);
  const places = createPlaceMatcher(taxonomy);
  const topics = createTopicMatcher(taxonomy);
  const section = createSectionDetector(taxonomy.sections);
  const relations = taxonomy.topics.some((t) => t.id === RELATIONS_TOPIC);
  return (input) => {
    const fields = prepareFields(input, furniture);
    const where = places.classify(fields, input.publishedAt ? input.publishedAt.getTime() : Date.now());
    const found = topics.classify(fields, where.masks, input.categories, where.hints);
    const twoSides = where.countries.length >= 2 || where.regions.length >= 2;
    return {
      section: section(input),
      topics: found.length === 0 && twoSides && relations ? [SILENT_RELATIONS] : found,
      countries: where.countries,
      regions: where.regions,
      language: detectLanguage(`${input.title} ${input.lead}`, input.language),
    };
  };
}
