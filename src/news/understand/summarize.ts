/**
 * Extractive summaries: two or three whole sentences of the article, in their original
 * order, within a character budget. Sentences are scored by position (news puts the point
 * first) and by how central they are (similarity to the rest of the article). Furniture,
 * questions, fragments, the headline repeated and sentences with an unclosed quote are
 * never picked; only a single sentence longer than the budget is cut, at a word, with "…".
 */
import { asText, bodyParagraphs } from './fields.js';
import { createFurnitureMatcher, type FurnitureMatcher } from './furniture.js';
import { fold } from './normalize.js';
import { splitSentences } from './sentences.js';
import type { FurnitureRules } from './types.js';

export interface SummaryInput {
  title: string;
  text: string;
  /** Characters, default 500. */
  budget?: number;
  language?: string;
  /** The outlet's furniture (taxonomy.furniture); generic patterns apply without it. */
  furniture?: FurnitureRules;
}

export const DEFAULT_BUDGET = 500;
const MAX_SENTENCES = 3;
/** Only the best few are candidates: filling the budget with the article's tail reads badly. */
const CANDIDATES = 6;
const MIN_CHARS = 40;
const MIN_WORDS = 6;
const STOPWORDS = new Set(
  (
    'the and for that with this from have has had was were are been will would could should its his her their they them ' +
    'said says also about after before into over under than then there which while who whom what when where more most ' +
    'such other some many only very just not but can may one two new year years per cent percent last first ' +
    'это как что для его она они был была были будет было также который которая которые этот эта эти при после ' +
    'или уже еще ещё так все всех только между более свой своих однако чтобы тем том году года заявил отметил'
  ).split(' '),
);

/** Sentences that lean on the one before ("It said…", "But…", "Это…") read badly out of context. */
const ANAPHORIC = /^(it|this|that|these|those|there|he|she|they|his|her|their|its|such|but|and|however|also|yet|so|meanwhile|instead|still|then|thus|therefore|moreover|besides|это|этот|эта|эти|он|она|они|его|её|ее|их|там|но|однако|также|при этом|между тем|тем не менее|кроме того|в то же время)(?!\p{L})/iu;
const ANAPHORIC_FACTOR = 0.6;

interface Candidate {
  text: string;
  index: number;
  terms: Map<string, number>;
  score: number;
}

const matchers = new WeakMap<FurnitureRules, FurnitureMatcher>();
const genericFurniture = createFurnitureMatcher();

function furnitureFor(rules?: FurnitureRules): FurnitureMatcher {
  if (!rules) return genericFurniture;
  let m = matchers.get(rules);
  if (!m) matchers.set(rules, (m = createFurnitureMatcher(rules)));
  return m;
}

/** Content words, crudely stemmed to six letters: enough to see that two sentences share a subject. */
function terms(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const word of fold(text).match(/[\p{L}\p{N}]{3,}/gu) ?? []) {
    if (STOPWORDS.has(word)) continue;
    const stem = word.slice(0, 6);
    out.set(stem, (out.get(stem) ?? 0) + 1);
  }
  return out;
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, v] of a) {
    na += v * v;
    dot += v * (b.get(k) ?? 0);
  }
  for (const v of b.values()) nb += v * v;
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Cosine between a sentence and the rest of the article (the whole minus the sentence), without copying the whole. */
function centrality(sentence: Map<string, number>, whole: Map<string, number>, wholeNorm: number): number {
  let dot = 0;
  let own = 0;
  for (const [k, v] of sentence) {
    dot += v * (whole.get(k) ?? 0);
    own += v * v;
  }
  const restDot = dot - own;
  const restNorm = wholeNorm - 2 * dot + own;
  return own === 0 || restNorm <= 0 ? 0 : restDot / Math.sqrt(own * restNorm);
}

export function quotesBalanced(text: string): boolean {
  const count = (re: RegExp) => (text.match(re) ?? []).length;
  return count(/"/g) % 2 === 0 && count(/«/g) === count(/»/g) && count(/“/g) === count(/”/g);
}

interface Title {
  key: string;
  terms: Map<string, number>;
}

function usable(sentence: string, key: string, sentenceTerms: Map<string, number>, title: Title): boolean {
  if (sentence.length < MIN_CHARS || sentence.split(/\s+/).length < MIN_WORDS) return false;
  if (!/^["«“(\p{Lu}\p{N}]/u.test(sentence)) return false; // a fragment
  if (!/[.!…]["'”»)]?$/.test(sentence)) return false; // questions, headlines, list items
  if (!quotesBalanced(sentence)) return false;
  // The headline again, or the headline with a few words added.
  if (title.key.length > 0 && (key.startsWith(title.key) || cosine(sentenceTerms, title.terms) > 0.8)) return false;
  return true;
}

/** One sentence longer than the budget: cut at a word, never inside an open quote. */
function cut(sentence: string, budget: number): string {
  let text = sentence.slice(0, Math.max(1, budget - 1));
  const space = text.lastIndexOf(' ');
  if (space > budget / 2) text = text.slice(0, space);
  text = text.replace(/[\s,;:—–-]+$/, '');
  if (!quotesBalanced(text)) {
    const open = Math.max(text.lastIndexOf('"'), text.lastIndexOf('«'), text.lastIndexOf('“'));
    text = open > budget / 3 ? text.slice(0, open).replace(/[\s,;:—–-]+$/, '') : text.replace(/["«»“”]/g, '');
  }
  return text + '…';
}

export function summarize(input: SummaryInput): string {
  const budget = input.budget ?? DEFAULT_BUDGET;
  const language = input.language ?? 'en';
  const furniture = furnitureFor(input.furniture);
  const text = asText(input.text, '\n\n');

  const title: Title = { key: fold(input.title).replace(/[.!?…]+$/, ''), terms: terms(input.title) };
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  let index = 0;
  for (const paragraph of bodyParagraphs(text, furniture)) {
    // An interviewer's question ("— Is there a future for…?") is not what the article says.
    if (/\?["'”»]?$/.test(paragraph) && (/^[—–-]/.test(paragraph) || paragraph.length < 200)) continue;
    for (const raw of splitSentences(paragraph, language)) {
      const sentence = furniture.clean(raw.replace(/^[—–-]\s*/, ''));
      const position = index++;
      const key = fold(sentence);
      if (seen.has(key) || furniture.isFurniture(sentence)) continue;
      const sentenceTerms = terms(sentence);
      if (!usable(sentence, key, sentenceTerms, title)) continue;
      seen.add(key);
      candidates.push({ text: sentence, index: position, terms: sentenceTerms, score: 0 });
    }
  }
  if (candidates.length === 0) return '';

  const whole = new Map<string, number>();
  for (const c of candidates) for (const [k, v] of c.terms) whole.set(k, (whole.get(k) ?? 0) + v);
  let wholeNorm = 0;
  for (const v of whole.values()) wholeNorm += v * v;
  for (const c of candidates) {
    const position = 1 / (1 + 0.5 * c.index);
    c.score = 0.5 * position + 0.35 * centrality(c.terms, whole, wholeNorm) + 0.15 * cosine(c.terms, title.terms);
    if (c.index > 0 && ANAPHORIC.test(c.text)) c.score *= ANAPHORIC_FACTOR;
  }

  const ranked = [...candidates].sort((a, b) => b.score - a.score || a.index - b.index).slice(0, CANDIDATES);
  const chosen: Candidate[] = [];
  let length = 0;
  for (const c of ranked) {
    const added = c.text.length + (chosen.length > 0 ? 1 : 0);
    if (length + added > budget) continue;
    chosen.push(c);
    length += added;
    if (chosen.length === MAX_SENTENCES) break;
  }
  if (chosen.length === 0) return cut(ranked[0]!.text, budget);
  return chosen
    .sort((a, b) => a.index - b.index)
    .map((c) => c.text)
    .join(' ');
}
