/**
 * The item's language (issue #17): the feed's word first, else what the text tells by a
 * script, letter and word rule made for the outlet's languages (English, Russian,
 * Azerbaijani). Measured against small libraries made for this (tinyld, franc-min) on the
 * labelled headlines of tests/fixtures/languages: the rule was as good or better on every
 * language there, and costs no dependency (figures in README, "Languages and editions").
 */
import type { Language } from './types.js';

/**
 * A feed's or setting's language tag as the two-letter code items carry ('en-US', 'ru_RU',
 * 'AZ' → 'en', 'ru', 'az'); null for anything that is not a language tag.
 */
export function languageCode(tag: string | null | undefined): string | null {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return /^[a-z]{2}$/.test(primary) ? primary : null;
}

/** Letters only Azerbaijani of the three writes; ə above all (Turkish has the others but not ə). */
const SCHWA = /[əƏ]/gu;
const TURKIC_LETTERS = /[ğĞıİşŞçÇöÖüÜ]/gu;
/** Frequent Azerbaijani words that are not English words. */
const AZERBAIJANI_WORDS = new Set([
  'və', 'ilə', 'üçün', 'bu', 'bir', 'olan', 'olub', 'edib', 'ediblər', 'barədə', 'sonra', 'də', 'da', 'ki', 'isə', 'haqqında',
  'arasında', 'üzrə', 'yeni', 'daha', 'ilk', 'il', 'ildən', 'ölkə', 'nazir', 'naziri', 'prezident', 'prezidenti', 'bildirib',
  'görüşüb', 'keçirilib', 'qəbul', 'neft', 'qaz', 'xarici', 'işlər', 'rayonunda', 'yenə', 'hələ', 'artıq', 'əsas', 'ən',
]);
/** Frequent English words that are not Azerbaijani words. */
const ENGLISH_WORDS = new Set([
  'the', 'and', 'of', 'to', 'in', 'on', 'for', 'with', 'at', 'by', 'from', 'as', 'after', 'over', 'says', 'said', 'is', 'are',
  'was', 'were', 'will', 'its', 'his', 'her', 'their', 'a', 'an', 'new', 'meets', 'talks', 'against', 'amid', 'into', 'than',
  'this', 'that', 'be', 'has', 'have', 'not', 'why', 'how', 'what', 'who', 'up', 'out', 'off', 'about',
]);
/** Azerbaijani verb and case endings a word of Latin letters may carry (-ib, -ıb, -lər, -nın, -dır…). */
const AZERBAIJANI_ENDING = /(?:[ıiuü]b|l[ae]r|n[ıiuü]n|d[ıiuü]r|[ıiuü]r|y[ae]|d[ae]n|d[ae])$/u;

/** What the rule scored a text, for the bench and tests that show why. */
export interface LanguageScores {
  cyrillic: number;
  latin: number;
  az: number;
  en: number;
}

export function languageScores(text: string): LanguageScores {
  const cyrillic = text.match(/\p{Script=Cyrillic}/gu)?.length ?? 0;
  const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0;
  const words = text.toLocaleLowerCase('az').match(/\p{L}+/gu) ?? [];
  const latinWords = words.filter((w) => /^\p{Script=Latin}+$/u.test(w));
  let az = (text.match(SCHWA)?.length ?? 0) * 3 + (text.match(TURKIC_LETTERS)?.length ?? 0);
  // Letters and pairs English writes and Azerbaijani does not (it has no w, and ş for sh).
  let en = text.match(/w|th|sh|ea|ou|oo|ee|ck|gh/giu)?.length ?? 0;
  for (const word of latinWords) {
    if (AZERBAIJANI_WORDS.has(word)) az += 2;
    if (ENGLISH_WORDS.has(word)) en += 2;
    if (word.length > 4 && AZERBAIJANI_ENDING.test(word) && /[qxəıöüğşç]/u.test(word)) az += 1;
  }
  return { cyrillic, latin, az, en };
}

/**
 * The language of a text: Russian for mostly Cyrillic text; for Latin text, Azerbaijani or
 * English by their letters and words; a Latin text with no Azerbaijani sign at all and two
 * words or more is taken for English (headlines often have no function word). 'other' when
 * nothing tells (a name, a number, a mix that scores even).
 */
export function detectTextLanguage(text: string): Language {
  const s = languageScores(text);
  if (s.cyrillic === 0 && s.latin === 0) return 'other';
  if (s.cyrillic > s.latin) return 'ru';
  if (s.az > s.en && s.az >= 2) return 'az';
  if (s.en > s.az) return 'en';
  if (s.az === 0 && s.cyrillic === 0 && (text.match(/\p{Script=Latin}+/gu)?.length ?? 0) >= 2) return 'en';
  return 'other';
}

/** The feed's language when it is one the classifier knows, else the text's. */
export function detectLanguage(text: string, declared?: string | null): Language {
  const code = languageCode(declared);
  if (code === 'en' || code === 'ru' || code === 'az') return code;
  return detectTextLanguage(text);
}
