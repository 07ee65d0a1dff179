/**
 * A compiled phrase dictionary: add phrases once, then find them in token streams.
 * Matching is leftmost-longest and non-overlapping, so "Washington Post" beats "Washington"
 * and "North Caucasus" beats "Caucasus". Lookup is by the first token's exact folded form
 * (Russian forms are generated up front) or, for keywords ending in '*', by the first three
 * letters of the prefix. A word written with a leading '=' matches only as written.
 */
import { fold } from './normalize.js';
import { russianForms } from './russian-forms.js';
import { breaksBetween, tokenize, type Token } from './tokenize.js';

/** A capitalised word matches only capitalised text, an all-capitals one only all-capitals text. */
type CaseRule = 'any' | 'upper' | 'caps';

interface TokenPattern {
  forms: Set<string> | null;
  prefix: string | null;
  rule: CaseRule;
}

interface Entry<P> {
  tokens: TokenPattern[];
  payload: P;
}

export interface Match<P> {
  /** Token indexes, end exclusive. */
  start: number;
  end: number;
  /** Several when entries share a phrase (Congolese: both Congos). */
  payloads: P[];
}

export type PhraseLanguage = 'en' | 'ru' | 'az';

const MIN_PREFIX = 3;
const CYRILLIC = /\p{Script=Cyrillic}/u;

function caseRule(token: Token): CaseRule {
  const letters = token.text.replace(/[^\p{L}]/gu, '');
  if (letters.length >= 2 && token.caps) return 'caps';
  if (letters.length > 0 && token.upper) return 'upper';
  return 'any';
}

function compileToken(phrase: string, token: Token, lang: PhraseLanguage): TokenPattern {
  const rule = caseRule(token);
  if (phrase.charAt(token.end) === '*' && token.norm.length >= MIN_PREFIX) return { forms: null, prefix: token.norm, rule };
  // "=мина": this form only (its generated forms would include мини).
  const asWritten = token.start > 0 && phrase.charAt(token.start - 1) === '=';
  const inflect = lang === 'ru' && rule !== 'caps' && !asWritten && CYRILLIC.test(token.text);
  const forms = inflect ? russianForms(token.text).map(fold) : [token.norm];
  return { forms: new Set(forms), prefix: null, rule };
}

function caseOk(rule: CaseRule, token: Token): boolean {
  return rule === 'any' || (rule === 'caps' ? token.caps : token.upper);
}

function tokenOk(pattern: TokenPattern, token: Token): boolean {
  if (!caseOk(pattern.rule, token)) return false;
  return pattern.prefix !== null ? token.norm.startsWith(pattern.prefix) : pattern.forms!.has(token.norm);
}

export class Lexicon<P> {
  private readonly exact = new Map<string, Entry<P>[]>();
  /** Entries whose first word is a prefix (sanction*), by the prefix's first MIN_PREFIX letters. */
  private readonly prefixed = new Map<string, Entry<P>[]>();

  add(phrase: string, lang: PhraseLanguage, payload: P): void {
    const tokens = tokenize(phrase);
    if (tokens.length === 0) return;
    const entry: Entry<P> = { tokens: tokens.map((t) => compileToken(phrase, t, lang)), payload };
    const first = entry.tokens[0]!;
    if (first.prefix !== null) {
      this.push(this.prefixed, first.prefix.slice(0, MIN_PREFIX), entry);
    } else {
      for (const form of first.forms!) this.push(this.exact, form, entry);
    }
  }

  /** Adds each phrase of a {en, ru, az} list with its language's matching rules. */
  addAll(list: { en: string[]; ru: string[]; az?: string[] }, payload: P): void {
    for (const phrase of list.en) this.add(phrase, 'en', payload);
    for (const phrase of list.ru) this.add(phrase, 'ru', payload);
    for (const phrase of list.az ?? []) this.add(phrase, 'az', payload);
  }

  /** Matches in `tokens` of `text`; tokens flagged in `blocked` are never part of a match. */
  scan(text: string, tokens: Token[], blocked?: Uint8Array): Match<P>[] {
    const matches: Match<P>[] = [];
    for (let i = 0; i < tokens.length; i++) {
      if (blocked?.[i]) continue;
      const token = tokens[i]!;
      const found = { best: 0, payloads: [] as P[] };
      this.consider(this.exact.get(token.norm), text, tokens, i, blocked, found);
      // One lookup by the first letters; the entry's whole prefix is checked when it is matched.
      if (token.norm.length >= MIN_PREFIX) this.consider(this.prefixed.get(token.norm.slice(0, MIN_PREFIX)), text, tokens, i, blocked, found);
      if (found.best > 0) {
        matches.push({ start: i, end: i + found.best, payloads: found.payloads });
        i += found.best - 1;
      }
    }
    return matches;
  }

  /** Keeps the longest of the entries that match at `start`, and every entry tied with it. */
  private consider(
    entries: Entry<P>[] | undefined,
    text: string,
    tokens: Token[],
    start: number,
    blocked: Uint8Array | undefined,
    found: { best: number; payloads: P[] },
  ): void {
    if (!entries) return;
    for (const entry of entries) {
      const length = this.matchAt(entry, text, tokens, start, blocked);
      if (length > found.best) {
        found.best = length;
        found.payloads = [entry.payload];
      } else if (length === found.best && length > 0) {
        found.payloads.push(entry.payload);
      }
    }
  }

  private matchAt(entry: Entry<P>, text: string, tokens: Token[], start: number, blocked?: Uint8Array): number {
    for (let k = 0; k < entry.tokens.length; k++) {
      const token = tokens[start + k];
      if (!token || blocked?.[start + k]) return 0;
      if (k > 0 && breaksBetween(text, tokens[start + k - 1]!, token)) return 0;
      if (!tokenOk(entry.tokens[k]!, token)) return 0;
    }
    return entry.tokens.length;
  }

  private push(map: Map<string, Entry<P>[]>, key: string, entry: Entry<P>): void {
    const list = map.get(key);
    if (list) list.push(entry);
    else map.set(key, [entry]);
  }
}
