/**
 * Benchmark of the understanding layer on the labelled set (tests/fixtures/labelled):
 * per-label precision/recall/F1 for regions and topics; each split (development, every
 * held-out file) beside its aims; the headline-only slice of the held-out sets; nationality
 * coverage (every country's demonyms, English and Russian, found in generated sentences);
 * classify+summarise throughput on one core. Every figure is printed with its aim and a
 * missed aim exits non-zero. Run: npx tsx bench/understand.ts
 */
import { fileURLToPath } from 'node:url';
import {
  createClassifier,
  createFurnitureMatcher,
  evaluate,
  extractArticle,
  headlineOnly,
  labelledSplits,
  loadLabelledSet,
  loadTaxonomy,
  nationalityCoverage,
  summarize,
  type ArticleInput,
  type EvaluationReport,
  type LabelledItem,
  type LabelReport,
} from '../src/news/understand/index.js';
import { createFigures } from './support/figures.js';

const AIMS = {
  development: { regionF1: 0.9, topicF1: 0.85 },
  heldOut: { regionF1: 0.93, topicF1: 0.85, topicRecall: 0.8 },
  headlineOnlyTopicF1: 0.8,
  sectionAccuracy: 0.95,
  summaryDefects: 0,
  // Issue #13 asked for the figure unchanged within 20% and at least 2,000/s; the classifier of
  // #13 ran at 0.82–1.01× its predecessor on the same items on the same (busy) machine. The
  // figure is the best of five short rounds, so a busy machine lowers it less.
  feedItemsPerSecond: 2000,
  /** "Throughput unchanged within 20%": the classifier with its topic model against the rules alone, on the same items. */
  feedRateAgainstRules: 0.8,
  articlesPerSecond: 20,
};
const ROUNDS = 5;
const ROUND_MS = 400;

const dir = fileURLToPath(new URL('../tests/fixtures/labelled/', import.meta.url));
const taxonomy = loadTaxonomy();
const compileStart = performance.now();
const classify = createClassifier(taxonomy);
const compileMs = performance.now() - compileStart;
const furniture = createFurnitureMatcher(taxonomy.furniture);
const subjects = {
  classify,
  summarize: (input: { title: string; text: string; language?: string }) => summarize({ ...input, furniture: taxonomy.furniture }),
  extract: (html: string, url: string) => extractArticle(html, url, taxonomy.furniture),
  furniture,
};

/** The lexicon's rules without the trained topic model: printed beside the model's figures to show what the model adds. */
const byRules = { ...subjects, classify: createClassifier({ ...taxonomy, topicModel: null }) };

const items = loadLabelledSet(dir);
const splits = labelledSplits(items);

const pct = (x: number) => x.toFixed(2);

function labelTable(title: string, report: LabelReport): void {
  console.log(`\n${title}`);
  console.log(`  ${'label'.padEnd(28)} ${'P'.padStart(5)} ${'R'.padStart(5)} ${'F1'.padStart(5)}   tp  fp  fn`);
  for (const s of [...report.perLabel, report.micro]) {
    const name = s.label === 'micro' ? 'micro (all labels)' : s.label;
    console.log(`  ${name.padEnd(28)} ${pct(s.precision).padStart(5)} ${pct(s.recall).padStart(5)} ${pct(s.f1).padStart(5)} ${String(s.tp).padStart(4)}${String(s.fp).padStart(4)}${String(s.fn).padStart(4)}`);
  }
}

/** Best of a few short rounds: the figure of an idle core, not of whatever else shares the machine. */
function throughput<T>(inputs: T[], work: (input: T) => void): number {
  for (const input of inputs) work(input);
  let best = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let done = 0;
    const start = performance.now();
    while (performance.now() - start < ROUND_MS) {
      for (const input of inputs) work(input);
      done += inputs.length;
    }
    best = Math.max(best, done / ((performance.now() - start) / 1000));
  }
  return best;
}

function articleText(item: LabelledItem): string | undefined {
  return item.html ? extractArticle(item.html, item.url ?? 'https://example.invalid/', taxonomy.furniture)?.text : item.body;
}

const report = evaluate(items, subjects);
console.log(`Herald understanding benchmark — ${items.length} labelled items (${items.filter((i) => i.language === 'en').length} en, ${items.filter((i) => i.language === 'ru').length} ru), ${items.filter((i) => i.body || i.html).length} with full text, ${items.filter(headlineOnly).length} headline only`);
labelTable('Regions (all items)', report.regions);
labelTable('Topics (all items)', report.topics);

// Azerbaijani (issue #17): its own labelled set, judged apart from the English and Russian ones above.
const azItems = loadLabelledSet(fileURLToPath(new URL('../tests/fixtures/labelled-az/', import.meta.url)));
const azReport = evaluate(azItems, subjects);
console.log(`\nAzerbaijani — ${azItems.length} labelled items (tests/fixtures/labelled-az; aims: region micro-F1 ≥ 0.95, topic micro-F1 ≥ 0.80)`);
labelTable('Regions (Azerbaijani)', azReport.regions);
labelTable('Topics (Azerbaijani)', azReport.topics);

const figures = createFigures();
const at = (x: number) => `≥ ${x}`;
const perSplit: [string, EvaluationReport][] = splits.map((s) => [s.name, evaluate(s.items, subjects)]);
for (const [name, r] of perSplit) {
  const heldOut = name !== 'development';
  const aims = heldOut ? AIMS.heldOut : AIMS.development;
  const n = `${name} (${r.items})`;
  figures.add(`${n}: region micro-F1`, pct(r.regions.micro.f1), at(aims.regionF1), r.regions.micro.f1 >= aims.regionF1);
  figures.add(`${n}: topic micro-F1`, pct(r.topics.micro.f1), at(aims.topicF1), r.topics.micro.f1 >= aims.topicF1);
  if (heldOut) {
    figures.add(`${n}: topic recall`, pct(r.topics.micro.recall), at(AIMS.heldOut.topicRecall), r.topics.micro.recall >= AIMS.heldOut.topicRecall);
    const rules = evaluate(splits.find((s) => s.name === name)!.items, byRules).topics.micro;
    figures.add(`${n}: topic micro-F1 of the rules alone (P, R)`, `${pct(rules.f1)} (${pct(rules.precision)}, ${pct(rules.recall)})`, '(none)');
  } else figures.add(`${n}: topic recall`, pct(r.topics.micro.recall), '(none)');
  figures.add(`${n}: section accuracy`, pct(r.sectionAccuracy), at(AIMS.sectionAccuracy), r.sectionAccuracy >= AIMS.sectionAccuracy);
}
const headlines = splits.filter((s) => s.heldOut).flatMap((s) => s.items.filter(headlineOnly));
if (headlines.length > 0) {
  const r = evaluate(headlines, subjects);
  figures.add(`held-out headline-only slice (${r.items}): topic micro-F1`, pct(r.topics.micro.f1), at(AIMS.headlineOnlyTopicF1), r.topics.micro.f1 >= AIMS.headlineOnlyTopicF1);
  figures.add(`held-out headline-only slice (${r.items}): region micro-F1`, pct(r.regions.micro.f1), '(none)');
}
const coverage = nationalityCoverage(taxonomy, classify);
const all = `${coverage.countries}/${coverage.countries}`;
figures.add('nationality coverage, English (countries found by every demonym)', `${coverage.english}/${coverage.countries}`, `= ${all}`, coverage.english === coverage.countries);
figures.add('nationality coverage, Russian (countries found by every adjective, 2 forms)', `${coverage.russian}/${coverage.countries}`, `= ${all}`, coverage.russian === coverage.countries);
for (const m of coverage.misses.slice(0, 10)) console.log(`  nationality not found: ${m.country}: ${m.sentence}`);
figures.add('summary defects (all items)', String(report.summaryDefects.length), `= ${AIMS.summaryDefects}`, report.summaryDefects.length <= AIMS.summaryDefects);

// Feed-sized: a headline and its lead, as most feed items come (headline-only items would flatter the figure).
const feedInputs: ArticleInput[] = items
  .filter((i) => i.lead.trim() !== '')
  .map((i) => ({ title: i.title, lead: i.lead, categories: i.categories, language: i.language }));
const articleInputs: ArticleInput[] = items
  .map((i) => ({ item: i, body: articleText(i) }))
  .filter((x): x is { item: LabelledItem; body: string } => x.body !== undefined)
  .map(({ item, body }) => ({ title: item.title, lead: item.lead, body, categories: item.categories, language: item.language }));
const pages = items.filter((i) => i.html);

const feedWork = (classifier: typeof classify) => (i: ArticleInput) => {
  classifier(i);
  summarize({ title: i.title, text: i.lead, language: i.language ?? 'en', furniture: taxonomy.furniture });
};
const feedRate = throughput(feedInputs, feedWork(classify));
// The same work with the rules alone (the classifier before the topic model), measured right after: the ratio is the model's cost.
const feedRateRules = throughput(feedInputs, feedWork(byRules.classify));
const articleRate = throughput(articleInputs, (i) => {
  classify(i);
  summarize({ title: i.title, text: i.body!, language: i.language ?? 'en', furniture: taxonomy.furniture });
});
const pageRate = throughput(pages, (i) => extractArticle(i.html!, i.url ?? 'https://example.invalid/', taxonomy.furniture));
const avg = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));

figures.add(`feed-sized items/s, one core (title + lead, ~${avg(feedInputs.map((i) => i.title.length + i.lead.length))} chars)`, feedRate.toFixed(0), at(AIMS.feedItemsPerSecond), feedRate >= AIMS.feedItemsPerSecond);
figures.add(
  'feed-sized items/s against the rules alone (the topic model’s cost)',
  `${(feedRate / feedRateRules).toFixed(2)}× of ${feedRateRules.toFixed(0)}`,
  `≥ ${AIMS.feedRateAgainstRules}×`,
  feedRate / feedRateRules >= AIMS.feedRateAgainstRules,
);
figures.add(`full articles/s, one core (~${avg(articleInputs.map((i) => i.body!.length))} chars of body)`, articleRate.toFixed(0), at(AIMS.articlesPerSecond), articleRate >= AIMS.articlesPerSecond);
figures.add('article pages extracted/s (readability)', pageRate.toFixed(0), '(bounded by fetching)');
figures.add('taxonomy compilation, ms (once at start)', compileMs.toFixed(0), '(none)');

for (const d of report.summaryDefects) console.log(`  summary defect ${d.id}: ${d.problems.join(', ')}: ${d.summary}`);
console.log('\nFigures against the aims');
figures.print();
