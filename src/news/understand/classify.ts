/** createClassifier: compiles the taxonomy once, then classifies items cheaply. */
import { prepareFields, type Field } from './fields.js';
import { createFurnitureMatcher } from './furniture.js';
import { detectLanguage } from './language.js';
import { createPlaceMatcher, RELATIONS_TOPIC, type PlaceResult } from './places.js';
import { createSectionDetector } from './section.js';
import { createModelDecider } from './topic-model.js';
import { createTopicMatcher, type TopicScores } from './topics.js';
import type { ArticleInput, Classification, Language, Scored, Taxonomy } from './types.js';

/**
 * An item that names two countries, or places in two regions, and has no word of any topic is
 * about their relations ("Is Moscow losing its grip on the South Caucasus?", "Why Brussels is
 * late to the region"): on the development files every such item was diplomacy (10 of 10, no
 * wrong tag). Low confidence: it is a guess from the places alone.
 */
const SILENT_RELATIONS: Scored = { id: RELATIONS_TOPIC, confidence: 0.3 };

/** What the rules read of an item, before the topic model (if any) decides its topics. */
export interface Reading {
  fields: Field[];
  where: PlaceResult;
  scores: TopicScores;
  /** The rules' topics. */
  ruled: Scored[];
  language: Language;
}

/** Reads items with the rules alone: the classifier's first step, and what the topic model is trained on. */
export function createReader(taxonomy: Taxonomy): (input: ArticleInput) => Reading {
  const furniture = createFurnitureMatcher(taxonomy.furniture);
  const places = createPlaceMatcher(taxonomy);
  const topics = createTopicMatcher(taxonomy);
  const relations = taxonomy.topics.some((t) => t.id === RELATIONS_TOPIC);
  return (input) => {
    const fields = prepareFields(input, furniture);
    const where = places.classify(fields, input.publishedAt ? input.publishedAt.getTime() : Date.now());
    const scores = topics.score(fields, where.masks, input.categories, where.hints);
    const found = topics.decide(scores);
    const twoSides = where.countries.length >= 2 || where.regions.length >= 2;
    return {
      fields,
      where,
      scores,
      ruled: found.length === 0 && twoSides && relations ? [SILENT_RELATIONS] : found,
      language: detectLanguage(`${input.title} ${input.lead}`, input.language),
    };
  };
}

export function createClassifier(taxonomy: Taxonomy): (input: ArticleInput) => Classification {
  const read = createReader(taxonomy);
  const section = createSectionDetector(taxonomy.sections);
  const model = taxonomy.topicModel ? { decide: createModelDecider(taxonomy.topicModel), languages: taxonomy.topicModel.languages } : null;
  return (input) => {
    const reading = read(input);
    return {
      section: section(input),
      topics: model && model.languages.includes(reading.language) ? model.decide(reading) : reading.ruled,
      countries: reading.where.countries,
      regions: reading.where.regions,
      language: reading.language,
    };
  };
}
