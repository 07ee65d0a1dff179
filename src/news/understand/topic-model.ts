/**
 * The trained topic model: one logistic regression per topic over topic-features.ts, trained on
 * the labelled development items by `npm run train:topics` (scripts/train-topic-model.ts) and
 * shipped as taxonomy/topic-model.json. It decides an item's topics from the rules' evidence
 * and the headline's words; without the file the rules decide alone.
 */
import { createFeatureReader, type FeatureInput, type FeatureSink } from './topic-features.js';
import type { Features, Scored, TopicDecision, TopicModel } from './types.js';

export type { TopicDecision, TopicModel } from './types.js';

const MAX_TOPICS = 3;

/** A model from its file's form: feature name → one weight per topic. */
export function compileTopicModel(topics: string[], languages: string[], weights: Record<string, number[]>, decision: TopicDecision): TopicModel {
  const names = Object.keys(weights);
  const matrix = new Float64Array(names.length * topics.length);
  const words: TopicModel['words'] = new Map();
  names.forEach((name, row) => {
    matrix.set(weights[name]!, row * topics.length);
    if (name.startsWith('w:')) words.set(name.slice(2), row);
  });
  return { topics, languages, rows: new Map(names.map((name, row) => [name, row])), weights: matrix, words, decision };
}

/**
 * Sums of weights for one item's features, taken straight from the feature reader: each row is
 * looked up as its feature is found, and a word found twice counts once, as in training. One
 * per decider, reset for each item (a sink of fresh closures per item cost more than the sums).
 */
class WeightSums implements FeatureSink {
  readonly sums: Float64Array;
  /** The item each row was last counted for: a row counts once per item without a set to clear. */
  private readonly countedFor: Uint32Array;
  private item = 0;

  constructor(private readonly model: TopicModel) {
    this.sums = new Float64Array(model.topics.length);
    this.countedFor = new Uint32Array(model.rows.size);
  }

  reset(): void {
    this.sums.fill(0);
    this.item++;
    if (this.item === 0xffffffff) {
      this.countedFor.fill(0);
      this.item = 1;
    }
  }

  set(name: string, value: number): void {
    this.add(this.model.rows.get(name), value);
  }

  word(stem: string): void {
    this.add(this.model.words.get(stem), 1);
  }

  private add(row: number | undefined, value: number): void {
    if (row === undefined || this.countedFor[row] === this.item) return;
    this.countedFor[row] = this.item;
    const topics = this.sums.length;
    const at = row * topics;
    for (let t = 0; t < topics; t++) this.sums[t]! += this.model.weights[at + t]! * value;
  }
}

/** The model's probability of each topic for features by name (training's form). */
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
  return logistic(sums);
}

function logistic(sums: Float64Array): Float64Array {
  for (let t = 0; t < sums.length; t++) sums[t] = 1 / (1 + Math.exp(-sums[t]!));
  return sums;
}

/** Classifying: an item's topics straight from what the rules read of it. */
export function createModelDecider(model: TopicModel): (input: FeatureInput) => Scored[] {
  const read = createFeatureReader();
  const sink = new WeightSums(model);
  return (input) => {
    sink.reset();
    read(input, sink);
    return decide(model, logistic(sink.sums), model.decision);
  };
}

/** Training's form: the topics for features by name. */
export function decideByModel(model: TopicModel, features: Features, decision: TopicDecision = model.decision): Scored[] {
  return decide(model, topicProbabilities(model, features), decision);
}

function decide(model: TopicModel, p: Float64Array, decision: TopicDecision): Scored[] {
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
