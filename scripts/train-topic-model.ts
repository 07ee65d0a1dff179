/**
 * `npm run train:topics`: trains the topic model (src/news/understand/topic-model.ts) on the
 * development split of tests/fixtures/labelled/ and writes taxonomy/topic-model.json. Held-out
 * files (holdout*.json) are never read for training. The same files always give the same model.
 *
 *   npm run train:topics            train and write the model
 *   npm run train:topics -- --check exit 1 when the shipped model is not what training gives
 *
 * How the decision thresholds are chosen: the rules' evidence is a feature, and the rules were
 * tuned on most development files, so there it looks better than it will on a new headline. The
 * rounds written after the rules were last changed (FRESH_ROUND) show the rules as a new
 * headline meets them. Each such round is labelled by a model trained on everything else, and
 * the thresholds that do best on those labels are kept; the rounds also count FRESH_WEIGHT times
 * in training, so that the model learns how far to trust the rules from them.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createReader } from '../src/news/understand/classify.js';
import { labelledInput, scoreLabels } from '../src/news/understand/evaluate.js';
import { extractArticle, loadLabelledSet, loadTaxonomy, splitName, defaultTaxonomyDir } from '../src/news/understand/index.js';
import { TOPIC_MODEL_FILE } from '../src/news/understand/load-taxonomy.js';
import { createTopicFeatures } from '../src/news/understand/topic-features.js';
import { chooseDecision, outOfFold, trainFolds, trainWeights, type TrainingExample } from '../src/news/understand/topic-training.js';

/** Rounds written after the rules' last change (issue #13's fifth pass): headlines-dev10-en.json and later. */
const FRESH_ROUND = /^headlines-dev(\d+)-[a-z]+\.json$/;
const FIRST_FRESH_ROUND = 10;
const FRESH_WEIGHT = 3;

const labelledDir = fileURLToPath(new URL('../tests/fixtures/labelled/', import.meta.url));
const taxonomyDir = defaultTaxonomyDir();
const modelPath = join(taxonomyDir, TOPIC_MODEL_FILE);

function freshRound(source: string): number | null {
  const m = FRESH_ROUND.exec(source);
  return m && Number(m[1]) >= FIRST_FRESH_ROUND ? Number(m[1]) : null;
}

const taxonomy = { ...loadTaxonomy(taxonomyDir), topicModel: null };
const read = createReader(taxonomy);
const extract = (html: string, url: string) => extractArticle(html, url, taxonomy.furniture);
const items = loadLabelledSet(labelledDir)
  .filter((item) => splitName(item.source) === 'development')
  .sort((a, b) => a.source.localeCompare(b.source) || a.id.localeCompare(b.id));
const topics = taxonomy.topics.map((t) => t.id);

const readings = items.map((item) => read(labelledInput(item, extract).input));
const topicFeatures = createTopicFeatures();
const examples: TrainingExample[] = items.map((item, i) => ({
  features: topicFeatures(readings[i]!),
  topics: item.expected.topics,
  weight: freshRound(item.source) === null ? 1 : FRESH_WEIGHT,
}));

const rounds = [...new Set(items.map((item) => freshRound(item.source)).filter((r): r is number => r !== null))].sort((a, b) => a - b);
if (rounds.length < 2) throw new Error(`need at least two rounds from headlines-dev${FIRST_FRESH_ROUND} on to choose the thresholds; found ${rounds.length}`);
const folds = trainFolds(
  examples,
  topics,
  rounds.map((round) => items.flatMap((item, i) => (freshRound(item.source) === round ? [i] : []))),
);
const { decision, f1, precision } = chooseDecision(examples, folds);
const heldOut = folds.flatMap((f) => f.test);
const rules = scoreLabels(heldOut.map((i) => ({ expected: examples[i]!.topics, predicted: readings[i]!.ruled.map((s) => s.id) }))).micro;
const model = scoreLabels(outOfFold(examples, folds, decision)).micro;

const files = [...new Set(items.map((item) => item.source))].sort();
const sha256 = createHash('sha256');
for (const file of files) sha256.update(file).update(readFileSync(join(labelledDir, file)));
sha256.update(readFileSync(fileURLToPath(new URL('../src/news/understand/topic-features.ts', import.meta.url))));
const output = {
  $comment: 'Written by `npm run train:topics` (scripts/train-topic-model.ts) from the development split of tests/fixtures/labelled/. Do not edit: change the labelled items or the taxonomy and train again.',
  trainedOn: {
    items: items.length,
    languages: [...new Set(items.map((item) => item.language))].sort(),
    files,
    sha256: sha256.digest('hex'),
  },
  topics,
  decision,
  weights: trainWeights(examples, topics),
};
/** One feature a line, so that a change of the model reads as a diff. */
function serialise(model: typeof output): string {
  const { weights, ...head } = model;
  const lines = Object.entries(weights).map(([name, row]) => `    ${JSON.stringify(name)}: ${JSON.stringify(row)}`);
  const top = JSON.stringify(head, null, 2);
  return `${top.slice(0, -2)},\n  "weights": {\n${lines.join(',\n')}\n  }\n}\n`;
}
const text = serialise(output);

const percent = (x: number) => x.toFixed(3);
console.log(
  `rounds ${rounds.join(', ')} (${heldOut.length} items), each labelled by a model that never saw it: ` +
    `model topic F1 ${percent(model.f1)} (P ${percent(model.precision)}, R ${percent(model.recall)}) against the rules' ${percent(rules.f1)} ` +
    `(P ${percent(rules.precision)}, R ${percent(rules.recall)}); thresholds ${JSON.stringify(decision)} (F1 ${percent(f1)}, P ${percent(precision)})`,
);
if (process.argv.includes('--check')) {
  let shipped = '';
  try {
    shipped = readFileSync(modelPath, 'utf8');
  } catch {
    // no model shipped: the comparison below fails
  }
  if (shipped !== text) {
    console.error(`${TOPIC_MODEL_FILE} is not what training gives: run npm run train:topics and commit the file`);
    process.exit(1);
  }
  console.log(`${TOPIC_MODEL_FILE} is what training gives (${Object.keys(output.weights).length} features)`);
} else {
  writeFileSync(modelPath, text);
  console.log(`wrote ${modelPath}: ${items.length} items, ${Object.keys(output.weights).length} features, ${Math.round(text.length / 1024)} KB`);
}
