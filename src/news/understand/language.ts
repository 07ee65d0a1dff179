/** The item's language: the feed's word first, else the script and a few function words. */
import type { Language } from './types.js';

const ENGLISH_WORDS = /\b(the|and|of|to|in|is|on|for|with|has|said)\b/i;

/**
 * A feed's or setting's language tag as the two-letter code items carry ('en-US', 'ru_RU',
 * 'AZ' → 'en', 'ru', 'az'); null for anything that is not a language tag.
 */
export function languageCode(tag: string | null | undefined): string | null {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return /^[a-z]{2}$/.test(primary) ? primary : null;
}

export function detectLanguage(text: string, declared?: string | null): Language {
  const code = languageCode(declared);
  if (code === 'en' || code === 'ru' || code === 'az') return code;
  const cyrillic = text.match(/\p{Script=Cyrillic}/gu)?.length ?? 0;
  const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0;
  if (cyrillic > latin) return 'ru';
  if (latin > 0 && ENGLISH_WORDS.test(text)) return 'en';
  return 'other';
}
