/**
 * The parts of an item the classifier reads, each with its weight: the headline says more
 * about what an item is about than its fifth paragraph. Body paragraphs that repeat the lead
 * or are site furniture ("Read also", "Latest news" lists, timestamps) are left out.
 */
import type { FurnitureMatcher } from './furniture.js';
import { paragraphsFromMarkup } from './html-text.js';
import { fold } from './normalize.js';
import { tokenize, type Token } from './tokenize.js';
import type { ArticleInput } from './types.js';

export type FieldKind = 'title' | 'lead' | 'category' | 'body';

export interface Field {
  kind: FieldKind;
  text: string;
  tokens: Token[];
  /** How much a mention here counts. */
  weight: number;
  /** Headline Case ("Jordan Signs For Ajax"): capitals say nothing about names here. */
  titleCase: boolean;
}

export const FIELD_WEIGHT: Record<FieldKind, number> = { title: 3, lead: 2, category: 3, body: 1 };
/** Paragraphs after the first third of a long article count less. */
const LATE_BODY_WEIGHT = 0.7;

function isTitleCase(tokens: Token[]): boolean {
  const words = tokens.filter((t) => t.text.length >= 4 && /^\p{L}/u.test(t.text));
  return words.length >= 3 && words.every((t) => t.upper);
}

function field(kind: FieldKind, text: string, weight = FIELD_WEIGHT[kind]): Field {
  const tokens = tokenize(text);
  return { kind, text, tokens, weight, titleCase: kind === 'title' && isTitleCase(tokens) };
}

/** A line that reads like a link or headline rather than prose: no final punctuation, short. */
function isHeadlineLike(line: string): boolean {
  return line.length < 140 && !/[.!?…:;»"”)]$/.test(line.trim());
}

/** Body paragraphs worth reading: no furniture, no headline-like list lines, no repeat of the lead. */
export function bodyParagraphs(body: string, furniture: FurnitureMatcher, skip: string[] = []): string[] {
  const skipped = new Set(skip.map((s) => fold(s.trim())).filter((s) => s !== ''));
  const out: string[] = [];
  for (const block of body.split(/\n\s*\n/)) {
    const kept: string[] = [];
    let inList = false;
    const lines = block.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    for (const line of lines) {
      // "Latest news" / "Read also" and the headlines listed under it, up to the next real sentence.
      if (furniture.isFurniture(line)) {
        inList = true;
        continue;
      }
      if (isHeadlineLike(line) && (inList || lines.length > 1)) continue;
      inList = false;
      kept.push(line);
    }
    const paragraph = kept.join(' ');
    if (paragraph === '' || skipped.has(fold(paragraph))) continue;
    out.push(paragraph);
  }
  return out;
}

const MARKUP = /<[a-z][^>]*>/i;

/** Feeds put markup in descriptions and content: read the text, not the tags and URLs. */
export function asText(text: string, separator: string): string {
  return MARKUP.test(text) ? paragraphsFromMarkup(text).join(separator) : text;
}

export function prepareFields(input: ArticleInput, furniture: FurnitureMatcher): Field[] {
  const lead = asText(input.lead, ' ');
  const fields: Field[] = [field('title', input.title), field('lead', lead)];
  for (const category of input.categories) fields.push(field('category', category));
  if (input.body) {
    const paragraphs = bodyParagraphs(asText(input.body, '\n\n'), furniture, [lead, input.title]);
    const early = Math.max(2, Math.ceil(paragraphs.length / 3));
    paragraphs.forEach((p, i) => fields.push(field('body', p, i < early ? FIELD_WEIGHT.body : LATE_BODY_WEIGHT)));
  }
  return fields;
}
