/** createClassifier: compiles the taxonomy once, then classifies items cheaply. */
import { prepareFields } from './fields.js';
import { createFurnitureMatcher } from './furniture.js';
import { detectLanguage } from './language.js';
import { createPlaceMatcher } from './places.js';
import { createSectionDetector } from './section.js';
import { createTopicMatcher } from './topics.js';
import type { ArticleInput, Classification, Taxonomy } from './types.js';

export function createClassifier(taxonomy: Taxonomy): (input: ArticleInput) => Classification {
  const furniture = createFurnitureMatcher(taxonomy.furniture);
  const places = createPlaceMatcher(taxonomy);
  const topics = createTopicMatcher(taxonomy);
  const section = createSectionDetector(taxonomy.sections);
  return (input) => {
    const fields = prepareFields(input, furniture);
    const where = places.classify(fields, input.publishedAt ? input.publishedAt.getTime() : Date.now());
    return {
      section: section(input),
      topics: topics.classify(fields, where.masks, input.categories, where.hints),
      countries: where.countries,
      regions: where.regions,
      language: detectLanguage(`${input.title} ${input.lead}`, input.language),
    };
  };
}
