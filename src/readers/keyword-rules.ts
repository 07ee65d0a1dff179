/**
 * Keywords are literal: a reader's words are compared as whole words, never compiled into
 * a pattern, so no input can make matching slow. Text and keyword are both reduced to
 * lower-case words of letters and digits separated by single spaces, then compared with
 * a plain substring search padded by spaces.
 */
export const MAX_KEYWORDS = 20;
export const MAX_KEYWORD_LENGTH = 40;

export type KeywordProblem = 'too-long' | 'too-short' | 'control-characters' | 'markup';

export type KeywordCheck = { ok: true; keyword: string } | { ok: false; problem: KeywordProblem };

/** Lower-case words of letters and digits joined by single spaces (ё folded into е). */
export function normalizeWords(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Validates a reader's keyword and returns the form it is stored and matched in. */
export function checkKeyword(input: string): KeywordCheck {
  const trimmed = input.trim();
  // Control characters (line breaks included) and HTML are refused outright rather than cleaned,
  // so the reader sees exactly what Herald stores.
  if (/\p{Cc}|\p{Cf}/u.test(trimmed)) return { ok: false, problem: 'control-characters' };
  if (/[<>]/.test(trimmed)) return { ok: false, problem: 'markup' };
  if ([...trimmed].length > MAX_KEYWORD_LENGTH) return { ok: false, problem: 'too-long' };
  const keyword = normalizeWords(trimmed);
  if ([...keyword.replace(/ /g, '')].length < 2) return { ok: false, problem: 'too-short' };
  return { ok: true, keyword };
}

/** Whether the (normalised) keyword occurs as whole words in already-normalised text. */
export function containsKeyword(normalizedText: string, keyword: string): boolean {
  return ` ${normalizedText} `.includes(` ${keyword} `);
}
