/**
 * Evaluation of the classifier and summariser on a labelled set: precision, recall and F1
 * per label, micro-averaged F1, section accuracy, and the summaries' defects. Pure: the
 * caller passes the items and the functions under test.
 */
import type { FurnitureMatcher } from './furniture.js';
import { fold } from './normalize.js';
import { quotesBalanced } from './summarize.js';
import type { LabelledItem } from './labelled-set.js';
import type { ArticleInput, Classification, ExtractedArticle, SectionId } from './types.js';

export interface LabelScore {
  label: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface LabelReport {
  perLabel: LabelScore[];
  micro: LabelScore;
}

export interface ItemOutcome {
  id: string;
  expected: LabelledItem['expected'];
  predicted: Classification;
  summary: string;
  summaryProblems: string[];
  author: string | null;
}

export interface EvaluationReport {
  items: number;
  regions: LabelReport;
  topics: LabelReport;
  sectionAccuracy: number;
  sectionErrors: { id: string; expected: SectionId; predicted: SectionId }[];
  summaryDefects: { id: string; problems: string[]; summary: string }[];
  authorErrors: { id: string; expected: string; found: string | null }[];
  outcomes: ItemOutcome[];
}

export interface Subjects {
  classify: (input: ArticleInput) => Classification;
  summarize: (input: { title: string; text: string; language?: string }) => string;
  extract: (html: string, url: string) => ExtractedArticle | null;
  furniture: FurnitureMatcher;
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

function score(label: string, tp: number, fp: number, fn: number): LabelScore {
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const f1 = ratio(2 * precision * recall, precision + recall);
  return { label, tp, fp, fn, precision, recall, f1 };
}

/** Per-label and micro-averaged scores of multi-label predictions. */
export function scoreLabels(pairs: { expected: string[]; predicted: string[] }[]): LabelReport {
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const count = (label: string) => {
    let c = counts.get(label);
    if (!c) counts.set(label, (c = { tp: 0, fp: 0, fn: 0 }));
    return c;
  };
  for (const { expected, predicted } of pairs) {
    const want = new Set(expected);
    const got = new Set(predicted);
    for (const label of got) count(label)[want.has(label) ? 'tp' : 'fp']++;
    for (const label of want) if (!got.has(label)) count(label).fn++;
  }
  const perLabel = [...counts].map(([label, c]) => score(label, c.tp, c.fp, c.fn)).sort((a, b) => a.label.localeCompare(b.label));
  const total = perLabel.reduce((t, s) => ({ tp: t.tp + s.tp, fp: t.fp + s.fp, fn: t.fn + s.fn }), { tp: 0, fp: 0, fn: 0 });
  return { perLabel, micro: score('micro', total.tp, total.fp, total.fn) };
}

/** A sentence that is the headline again, give or take a few words of attribution. */
function repeatsTitle(summary: string, title: string): boolean {
  const t = fold(title).replace(/[.!?…]+$/, '').trim();
  if (t === '') return false;
  return summary.split(/(?<=[.!?…])\s+/).some((sentence) => {
    const s = fold(sentence).replace(/[.!?…]+$/, '').trim();
    return s === t || (s.startsWith(t) && s.length - t.length < 25);
  });
}

/** What is wrong with a summary: empty, furniture inside, cut mid-sentence, the title repeated, an unclosed quote. */
export function summaryProblems(summary: string, title: string, furniture: FurnitureMatcher): string[] {
  const problems: string[] = [];
  if (summary.trim() === '') return ['empty'];
  const sentences = summary.split(/(?<=[.!?…]["'”»)]?)\s+/);
  // Only a single over-long sentence may be cut, and then it ends with an ellipsis.
  const cut = sentences.length === 1 && summary.trim().endsWith('…');
  if (!cut && !/[.!?]["'”»)]?$/.test(summary.trim())) problems.push('ends mid-sentence');
  if (repeatsTitle(summary, title)) problems.push('repeats the title');
  if (!quotesBalanced(summary)) problems.push('unbalanced quotes');
  if (sentences.some((s) => furniture.isFurniture(s))) problems.push('contains furniture');
  if (/read also|subscribe|follow us|читайте также|подписывайтесь|последние новости|latest news/i.test(summary)) {
    problems.push('contains furniture');
  }
  return [...new Set(problems)];
}

/** A labelled item as Herald receives it: its saved page, when it has one, extracted first. */
export function labelledInput(
  item: LabelledItem,
  extract: (html: string, url: string) => ExtractedArticle | null,
): { input: ArticleInput; extracted: ExtractedArticle | null } {
  const extracted = item.html ? extract(item.html, item.url ?? 'https://example.invalid/') : null;
  const body = extracted?.text ?? item.body;
  const input: ArticleInput = {
    title: item.title,
    lead: item.lead,
    categories: item.categories,
    feedSection: item.feedSection ?? extracted?.section ?? null,
    language: item.language,
    ...(body !== undefined ? { body } : {}),
  };
  return { input, extracted };
}

export function evaluate(items: LabelledItem[], subjects: Subjects): EvaluationReport {
  const outcomes: ItemOutcome[] = items.map((item) => {
    const { input, extracted } = labelledInput(item, subjects.extract);
    const body = input.body;
    const predicted = subjects.classify(input);
    const text = body ?? item.lead;
    const summary = subjects.summarize({ title: item.title, text, language: item.language });
    // A headline-only item has nothing to summarise: an empty summary is right for it.
    const problems = text.trim() === '' && summary.trim() === '' ? [] : summaryProblems(summary, item.title, subjects.furniture);
    return {
      id: item.id,
      expected: item.expected,
      predicted,
      summary,
      summaryProblems: problems,
      author: extracted?.author ?? null,
    };
  });
  const regions = scoreLabels(outcomes.map((o) => ({ expected: o.expected.regions, predicted: o.predicted.regions.map((r) => r.id) })));
  const topics = scoreLabels(outcomes.map((o) => ({ expected: o.expected.topics, predicted: o.predicted.topics.map((t) => t.id) })));
  const sectionErrors = outcomes
    .filter((o) => o.expected.section !== o.predicted.section)
    .map((o) => ({ id: o.id, expected: o.expected.section, predicted: o.predicted.section }));
  return {
    items: outcomes.length,
    regions,
    topics,
    sectionAccuracy: ratio(outcomes.length - sectionErrors.length, outcomes.length),
    sectionErrors,
    summaryDefects: outcomes.filter((o) => o.summaryProblems.length > 0).map((o) => ({ id: o.id, problems: o.summaryProblems, summary: o.summary })),
    authorErrors: outcomes
      .filter((o) => o.expected.author !== undefined && o.author !== o.expected.author)
      .map((o) => ({ id: o.id, expected: o.expected.author!, found: o.author })),
    outcomes,
  };
}
