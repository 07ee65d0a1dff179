/**
 * The trained topic model: one logistic regression per topic over topic-features.ts, trained on
 * the labelled development items by `npm run train:topics` (scripts/train-topic-model.ts) and
 * shipped as taxonomy/topic-model.json. It decides an item's topics from the rules' evidence
 * and the headline's words; without the file the rules decide alone.
 */
import type { Features, Scored, TopicDecision, TopicModel } from './types.js';

export type { TopicDecision, TopicModel } from './types.js';

const MAX_TOPICS = 3;

/** A model from its file's form: feature name → one weight per topic. */
export function compileTopicModel(topics: string[], languages: string[], weights: Record<string, number[]>, decision: TopicDecision): TopicModel {
  const names = Object.keys(weights);
  const matrix = new Float64Array(names.length * topics.length);
  names.forEach((name, row) => matrix.set(weights[name]!, row * topics.length));
  return { topics, languages, rows: new Map(names.map((name, row) => [name, row])), weights: matrix, decision };
}

export function topicProbabilities(model: TopicModel, features: Features): Float64Array {
  const topics = model.topics.length;
  const sums = new Float64Array(topics);
  const { rows, weights } = model;
  features.forEach((value, name) => {
    const row = rows.get(name);
    if (row === undefined) return;
    const at = row * topics;
    for (let t = 0; t < topics; t++) sums[t]! += weights[at + t]! * value;
  });
  for (let t = 0; t < sums.length; t++) sums[t] = 1 / (1 + Math.exp(-sums[t]!));
  return sums;
}

export function decideByModel(model: TopicModel, features: Features, decision: TopicDecision = model.decision): Scored[] {
  const p = topicProbabilities(model, features);
  // Only topics above the lower of the two thresholds can be given (one to three of eleven): rank just those.
  const floor = Math.min(decision.accept, decision.third, decision.fallback);
  let best = 0;
  const candidates: number[] = [];
  for (let t = 0; t < p.length; t++) {
    if (p[t]! > p[best]!) best = t;
    if (p[t]! >= floor) candidates.push(t);
  }
  candidates.sort((a, b) => p[b]! - p[a]! || a - b);
  const chosen = candidates.filter((t, rank) => p[t]! >= (rank < 2 ? decision.accept : decision.third)).slice(0, MAX_TOPICS);
  if (chosen.length === 0 && p.length > 0 && p[best]! >= decision.fallback) chosen.push(best);
  return chosen.map((t) => ({ id: model.topics[t]!, confidence: Math.round(p[t]! * 100) / 100 }));
}
