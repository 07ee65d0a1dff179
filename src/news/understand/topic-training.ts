/**
 * Training the topic model (topic-model.ts): one L2-regularised logistic regression per topic,
 * fitted by full-batch gradient descent with AdaGrad steps. No randomness and a fixed order, so
 * the same items give the same model on every machine (`npm run train:topics` twice writes the
 * same file), and the decision thresholds are chosen on out-of-fold probabilities.
 */
import { scoreLabels } from './evaluate.js';
import type { Features } from './topic-features.js';
import { compileTopicModel, decideByModel, type TopicDecision, type TopicModel } from './topic-model.js';

export interface TrainingExample {
  features: Features;
  /** The topics an editor gave the item. */
  topics: string[];
  /** How much the item counts in training (default 1). */
  weight?: number;
}

export interface TrainingOptions {
  /** L2 penalty per weight (the bias is not penalised). */
  l2: number;
  iterations: number;
  /** A word feature must occur in this many items to get a weight: rarer ones only memorise. */
  minCount: number;
  learningRate: number;
}

/**
 * The penalty was chosen by cross-validation over the fresh rounds, one round a fold (sixth pass,
 * topic micro-F1): with word pairs 0.004 gave 0.852, 0.002 0.857 and 0.001 0.861; with words
 * alone 0.001 gave 0.860 and 0.0005 0.862 (600 iterations instead of 300: the same).
 */
export const TRAINING: TrainingOptions = { l2: 0.0005, iterations: 300, minCount: 2, learningRate: 0.3 };

/** Weights below this are dropped from the shipped file: they change no probability by more than a rounding. */
const NEGLIGIBLE = 0.0005;

function isWordFeature(name: string): boolean {
  return name.startsWith('w:');
}

export function trainWeights(examples: TrainingExample[], topics: string[], options: TrainingOptions = TRAINING): Record<string, number[]> {
  const counts = new Map<string, number>();
  for (const e of examples) for (const name of e.features.keys()) counts.set(name, (counts.get(name) ?? 0) + 1);
  const names = [...counts.keys()].filter((n) => !isWordFeature(n) || counts.get(n)! >= options.minCount).sort();
  const index = new Map(names.map((n, i) => [n, i]));
  const T = topics.length;
  const F = names.length;
  const rows = examples.map((e) => {
    const idx: number[] = [];
    const val: number[] = [];
    for (const [name, value] of e.features) {
      const i = index.get(name);
      if (i !== undefined) {
        idx.push(i);
        val.push(value);
      }
    }
    const y = topics.map((t) => (e.topics.includes(t) ? 1 : 0));
    return { idx, val, y, weight: e.weight ?? 1 };
  });
  const bias = index.get('bias');
  const w = new Float64Array(F * T);
  const g2 = new Float64Array(F * T);
  const grad = new Float64Array(F * T);
  const n = Math.max(1, rows.reduce((sum, r) => sum + r.weight, 0));
  for (let it = 0; it < options.iterations; it++) {
    grad.fill(0);
    for (const { idx, val, y, weight } of rows) {
      for (let t = 0; t < T; t++) {
        let z = 0;
        for (let k = 0; k < idx.length; k++) z += w[idx[k]! * T + t]! * val[k]!;
        const err = ((1 / (1 + Math.exp(-z)) - y[t]!) * weight) / n;
        for (let k = 0; k < idx.length; k++) grad[idx[k]! * T + t]! += err * val[k]!;
      }
    }
    for (let f = 0; f < F; f++) {
      for (let t = 0; t < T; t++) {
        const j = f * T + t;
        const g = grad[j]! + (f === bias ? 0 : options.l2 * w[j]!);
        if (g === 0) continue;
        g2[j]! += g * g;
        w[j]! -= (options.learningRate * g) / (Math.sqrt(g2[j]!) + 1e-8);
      }
    }
  }
  const weights: Record<string, number[]> = {};
  names.forEach((name, f) => {
    const row = topics.map((_, t) => Math.round(w[f * T + t]! * 10_000) / 10_000);
    if (row.some((x) => Math.abs(x) >= NEGLIGIBLE)) weights[name] = row;
  });
  return weights;
}

const ACCEPTS = [0.25, 0.3, 0.35, 0.4, 0.45, 0.5];
const THIRDS = [0.5, 0.6, 0.7, 0.8];
const FALLBACKS = [0.05, 0.1, 0.15, 0.2, 1];

export interface FoldResult {
  /** Indices of the examples this fold's model never saw. */
  test: number[];
  model: TopicModel;
}

/** One model per fold, each trained on every example outside its fold. */
export function trainFolds(examples: TrainingExample[], topics: string[], folds: number[][], options: TrainingOptions = TRAINING): FoldResult[] {
  return folds.map((test) => {
    const held = new Set(test);
    const train = examples.filter((_, i) => !held.has(i));
    return { test, model: compileTopicModel(topics, [], trainWeights(train, topics, options), { accept: 0.5, third: 0.5, fallback: 1 }) };
  });
}

/** Each fold's examples as its model labels them under `decision`. */
export function outOfFold(examples: TrainingExample[], folds: FoldResult[], decision: TopicDecision): { expected: string[]; predicted: string[] }[] {
  return folds.flatMap(({ model, test }) =>
    test.map((i) => ({ expected: examples[i]!.topics, predicted: decideByModel(model, examples[i]!.features, decision).map((s) => s.id) })),
  );
}

/**
 * Decisions whose micro-F1 is within this of the best count as equally good: 0.001 is about five
 * of the 4,600 topics editors gave the fresh rounds, while the accept thresholds from 0.3 to 0.45
 * all come within 0.002 of one another there.
 */
const F1_TIE = 0.001;

/**
 * The thresholds for examples their models never saw: the best micro-F1, and among decisions as
 * good as it (F1_TIE) the most precise. F1 is nearly flat across the accept thresholds; where it
 * is, fewer wrong topics is the better product, since a wrong topic sends subscribers an item
 * they did not ask for while a missing second topic only keeps it from a few.
 */
export function chooseDecision(examples: TrainingExample[], folds: FoldResult[]): { decision: TopicDecision; f1: number; precision: number } {
  const tried: { decision: TopicDecision; f1: number; precision: number }[] = [];
  for (const accept of ACCEPTS) {
    for (const third of THIRDS.filter((x) => x >= accept)) {
      for (const fallback of FALLBACKS.filter((x) => x <= accept || x === 1)) {
        const decision = { accept, third, fallback };
        const { f1, precision } = scoreLabels(outOfFold(examples, folds, decision)).micro;
        tried.push({ decision, f1, precision });
      }
    }
  }
  const bestF1 = Math.max(...tried.map((t) => t.f1));
  // The grid's order breaks exact ties, so the choice is the same on every machine.
  return tried.filter((t) => t.f1 >= bestF1 - F1_TIE).reduce((best, t) => (t.precision > best.precision + 1e-9 ? t : best));
}
