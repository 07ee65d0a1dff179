/**
 * Word tokens with their offsets and case. Dotted abbreviations (U.S., D.C.) stay one token;
 * hyphens and apostrophes split (Nagorno-Karabakh, Russia's), the same way for aliases and text.
 */
import { fold } from './normalize.js';

export interface Token {
  /** As written. */
  text: string;
  /** Folded, dots removed: what matching compares. */
  norm: string;
  start: number;
  end: number;
  /** First letter is a capital (or the token has no letters to judge by). */
  upper: boolean;
  /** Every letter is a capital (NATO, U.S., ОДКБ). */
  caps: boolean;
}

const TOKEN = /(?:\p{L}\.){2,}|[\p{L}\p{N}]+\+?/gu;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const raw = m[0];
    const lower = raw.toLowerCase();
    const upperRaw = raw.toUpperCase();
    const hasLetters = lower !== upperRaw;
    // The first letter decides capitalisation ("5G" looks at the G).
    const first = /^\p{L}/u.test(raw) ? raw[0]! : (/\p{L}/u.exec(raw)?.[0] ?? '');
    tokens.push({
      text: raw,
      norm: fold(raw.includes('.') ? raw.replace(/\./g, '') : raw),
      start: m.index,
      end: m.index + raw.length,
      upper: first === '' || first !== first.toLowerCase(),
      caps: hasLetters && raw === upperRaw,
    });
  }
  return tokens;
}

/** True when the text between two tokens ends a sentence or a line. */
export function breaksBetween(text: string, left: Token, right: Token): boolean {
  return /[.!?\n]/.test(text.slice(left.end, right.start));
}

/** True when only spaces separate two tokens (no comma, dash or quote). */
export function adjacent(text: string, left: Token, right: Token): boolean {
  return /^[ \u00a0]+$/.test(text.slice(left.end, right.start));
}
