/**
 * What the trained topic model (topic-model.ts) reads of an item: the rules' evidence for each
 * topic and their decision, the places found, and the word stems of the headline and lead. The
 * rules carry the lexicon's knowledge; the stems let the model learn how editors label what the
 * lexicon weighs wrongly ("talks" with two states is diplomacy, "gas deal" energy before
 * economy). Training (scripts/train-topic-model.ts) and classification read items through this
 * one function, so the two can never disagree.
 */
import type { Field } from './fields.js';
import type { PlaceResult } from './places.js';
import type { TopicScores } from './topics.js';
import type { Features, Language, Scored } from './types.js';

export type { Features } from './types.js';

export interface FeatureInput {
  fields: Field[];
  where: PlaceResult;
  scores: TopicScores;
  /** What the rules decided. */
  ruled: Scored[];
  language: Language;
}

/** The score at which a topic's evidence is about as strong as evidence gets in a headline. */
const SCORE_SCALE = 6;
/** Word stems keep this many letters: enough to tell words apart, few enough to join a word's forms (выборы, выборов; election, elections). */
const STEM_LENGTH = 6;

export function stem(norm: string): string {
  if (isNumber(norm)) return '#';
  return norm.length <= STEM_LENGTH ? norm : norm.slice(0, STEM_LENGTH);
}

/** ASCII digits only: the tokenizer's numbers (a Unicode test here cost a fifth of the features' time). */
function isNumber(norm: string): boolean {
  for (let i = 0; i < norm.length; i++) {
    const c = norm.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return norm.length > 0;
}

/**
 * Where a feature reader puts what it finds. Word features come as stems, not names, so that
 * classifying looks them up without building a string per word (topic-model.ts); training
 * names them `w:<stem>` (createTopicFeatures below). Pairs of neighbouring words were read too
 * until the sixth pass: cross-validated on the fresh development rounds they added nothing once
 * the penalty was lowered (micro-F1 0.862 without them, 0.861 with), and they were half of the
 * lookups.
 */
export interface FeatureSink {
  /** A feature by name; each name comes once per item. */
  set(name: string, value: number): void;
  /** A word's stem (value 1; a word twice in an item is one feature). */
  word(stem: string): void;
}

/**
 * The feature reader: the one definition of what the model reads. Feature names are built once
 * per id and kept, so one reader serves many items without building them again.
 */
export function createFeatureReader(): (input: FeatureInput, sink: FeatureSink) => void {
  const names = new Map<string, Map<string, string>>();
  /** `${prefix}${id}`, the same string object every time. */
  const name = (prefix: string, id: string): string => {
    let byId = names.get(prefix);
    if (!byId) names.set(prefix, (byId = new Map()));
    let found = byId.get(id);
    if (found === undefined) byId.set(id, (found = `${prefix}${id}`));
    return found;
  };
  return ({ fields, where, scores, ruled, language }, sink) => {
    sink.set('bias', 1);
    let top = 0;
    for (const s of scores.scores) top = Math.max(top, s.score);
    for (const { id, score } of scores.scores) {
      sink.set(name('score:', id), Math.min(score, 2 * SCORE_SCALE) / SCORE_SCALE);
      if (top > 0) sink.set(name('share:', id), score / top);
    }
    for (const [topic, kinds] of scores.matched) {
      for (const [kind, count] of kinds) sink.set(name('matched:', name(`${topic}:`, kind)), Math.min(count, 2));
    }
    for (const s of ruled) sink.set(name('ruled:', s.id), 1);
    if (ruled.length === 0) sink.set('ruled:none', 1);
    if (scores.headlineOnly) sink.set('headline-only', 1);
    sink.set(name('language:', language), 1);
    sink.set(name('countries:', String(Math.min(where.countries.length, 3))), 1);
    sink.set(name('regions:', String(Math.min(where.regions.length, 3))), 1);
    for (const region of where.regions) sink.set(name('region:', region.id), 1);
    // Several people or organisations may point to one topic: one feature.
    const hinted = new Set<string>();
    for (const hint of where.hints) {
      if (hinted.has(hint.topic)) continue;
      hinted.add(hint.topic);
      sink.set(name('hint:', hint.topic), 1);
    }

    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      if (field.kind !== 'title' && field.kind !== 'lead') continue;
      const mask = where.masks[i];
      for (let k = 0; k < field.tokens.length; k++) {
        // A place name is told by the region features; its words would only teach the model the writers' favourite places.
        if (mask?.[k]) continue;
        sink.word(stem(field.tokens[k]!.norm));
      }
    }
  };
}

/** The features of an item by name, as training reads them. */
export function createTopicFeatures(): (input: FeatureInput) => Features {
  const read = createFeatureReader();
  return (input) => {
    const features: Features = new Map();
    read(input, {
      set: (name, value) => features.set(name, value),
      word: (s) => features.set(`w:${s}`, 1),
    });
    return features;
  };
}
