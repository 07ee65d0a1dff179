/** The item's language: the feed's word first, else the script and a few function words. */
import type { Language } from './types.js';

const ENGLISH_WORDS = /\b(the|and|of|to|in|is|on|for|with|has|said)\b/i;

export function detectLanguage(text: string, declared?: string | null): Language {
  const code = declared?.trim().toLowerCase().slice(0, 2);
  if (code === 'en' || code === 'ru') return code;
  const cyrillic = text.match(/\p{Script=Cyrillic}/gu)?.length ?? 0;
  const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0;
  if (cyrillic > latin) return 'ru';
  if (latin > 0 && ENGLISH_WORDS.test(text)) return 'en';
  return 'other';
}
