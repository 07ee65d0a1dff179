/**
 * The trained topic model: one logistic regression per topic over topic-features.ts, trained on
 * the labelled development items by `npm run train:topics` (scripts/train-topic-model.ts) and
 * shipped as taxonomy/topic-model.json. It decides an item's topics from the rules' evidence
 * and the headline's words; without the file the rules decide alone.
 */
import type { Features, Scored, TopicDecision, TopicModel } from './types.js';

export type { TopicDecision, TopicModel } from './types.js';

const MAX_TOPICS = 3;

export function topicProbabilities(model: TopicModel, features: Features): number[] {
  const sums = new Array<number>(model.topics.length).fill(0);
  for (const [name, value] of features) {
    const row = model.weights.get(name);
    if (!row) continue;
    for (let t = 0; t < sums.length; t++) sums[t]! += row[t]! * value;
  }
  return sums.map((z) => 1 / (1 + Math.exp(-z)));
}

export function decideByModel(model: TopicModel, features: Features, decision: TopicDecision = model.decision): Scored[] {
  const p = topicProbabilities(model, features);
  const ranked = model.topics
    .map((id, t) => ({ id, confidence: Math.round(p[t]! * 100) / 100, p: p[t]! }))
    .sort((a, b) => b.p - a.p || a.id.localeCompare(b.id));
  const chosen = ranked.filter((s, rank) => s.p >= (rank < 2 ? decision.accept : decision.third)).slice(0, MAX_TOPICS);
  if (chosen.length === 0 && ranked[0] && ranked[0].p >= decision.fallback) chosen.push(ranked[0]);
  return chosen.map(({ id, confidence }) => ({ id, confidence }));
}
