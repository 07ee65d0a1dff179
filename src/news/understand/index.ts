/**
 * Understanding the news: taxonomy, classification (section, topics, countries, regions),
 * extractive summaries, and article extraction from a page. Pure: no Telegram, no database,
 * no network (the caller fetches pages).
 */
export type {
  AmbiguityRule,
  ArticleInput,
  Classification,
  Country,
  ExtractedArticle,
  FalseFriends,
  FurnitureRules,
  Language,
  Localized,
  LocalizedList,
  Organisation,
  Person,
  Region,
  Role,
  Scored,
  Section,
  SectionId,
  Taxonomy,
  Topic,
} from './types.js';
export { loadTaxonomy, defaultTaxonomyDir, TaxonomyError } from './load-taxonomy.js';
export { createClassifier } from './classify.js';
export { summarize, DEFAULT_BUDGET, type SummaryInput } from './summarize.js';
export { extractArticle } from './extract-article.js';
export { needsFullText } from './full-text.js';
export { htmlToText } from './html-text.js';
export { splitSentences } from './sentences.js';
export { createFurnitureMatcher, type FurnitureMatcher } from './furniture.js';
export { evaluate, scoreLabels, summaryProblems, type EvaluationReport, type LabelReport, type LabelScore } from './evaluate.js';
export { headlineOnly, labelledSplits, loadLabelledSet, splitName, type LabelledItem, type LabelledSplit } from './labelled-set.js';
export { nationalityCoverage, nationalitySentences, russianAdjectiveForm, type CoverageReport } from './coverage.js';
export { englishPlural, russianAdjectives, russianPeople } from './demonyms.js';
