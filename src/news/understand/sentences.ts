/**
 * Sentence splitting with Intl.Segmenter, plus the repairs ICU's rules need: ICU breaks after
 * every "Mr." and "U.S." followed by a capital, so segments ending in a known abbreviation,
 * an initial (J. Smith, Д. Трамп) or a dotted acronym before a non-sentence-starting word are
 * joined back.
 */

/** Abbreviations that never end a sentence in news copy (lowercase, without the final dot). */
const TITLES = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'gen', 'col', 'lt', 'sgt', 'capt', 'adm', 'gov', 'sen', 'rep', 'st', 'no', 'nos',
  'vs', 'fig', 'approx', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'al',
  'e.g', 'i.e', 'cf', 'vol', 'pp',
  'им', 'ул', 'пр', 'просп', 'пл', 'обл', 'св', 'проф', 'акад', 'ген', 'ст', 'см', 'стр', 'рис', 'напр', 'зам', 'т.е', 'т.к', 'т.н', 'т.д', 'т.п',
]);

/** Words that start sentences: after "U.S." one of these means a new sentence did begin. */
const STARTERS = new Set([
  'the', 'a', 'an', 'it', 'he', 'she', 'they', 'we', 'i', 'you', 'this', 'that', 'these', 'those', 'there', 'in', 'on',
  'at', 'but', 'and', 'or', 'however', 'meanwhile', 'also', 'according', 'as', 'after', 'before', 'since', 'while',
  'when', 'if', 'his', 'her', 'their', 'its', 'our', 'for', 'with', 'by', 'from', 'to', 'earlier', 'later', 'today',
  'yesterday', 'separately', 'moreover', 'still', 'yet', 'so', 'some', 'many', 'most', 'all', 'both', 'such', 'what',
  'why', 'how', 'who', 'where', 'one', 'no', 'not', 'officials', 'critics', 'analysts', 'experts', 'now', 'then', 'last',
  'next', 'during', 'under', 'despite', 'although', 'though', 'instead', 'nevertheless', 'indeed', 'thus',
]);

const segmenters = new Map<string, Intl.Segmenter>();

function segmenter(language: string): Intl.Segmenter {
  const locale = language === 'ru' ? 'ru' : 'en';
  let s = segmenters.get(locale);
  if (!s) {
    s = new Intl.Segmenter(locale, { granularity: 'sentence' });
    segmenters.set(locale, s);
  }
  return s;
}

/** The word before the segment's final dot, as written ("Mr", "U.S", "J"), or null. */
function wordBeforeDot(segment: string): string | null {
  const m = /(?:^|[\s(«"“])((?:\p{L}+\.)*\p{L}+)\.$/u.exec(segment.trimEnd());
  return m ? m[1]! : null;
}

function firstWord(segment: string): string {
  return /[\p{L}\p{N}]+/u.exec(segment)?.[0] ?? '';
}

function joinsNext(segment: string, next: string): boolean {
  const word = wordBeforeDot(segment);
  if (word === null) return false;
  const lower = word.toLowerCase();
  if (TITLES.has(lower)) return true;
  if (/^\p{Lu}$/u.test(word)) return true; // an initial
  if (word.includes('.')) {
    const following = firstWord(next);
    return following !== '' && !STARTERS.has(following.toLowerCase());
  }
  return false;
}

/** Sentences of one paragraph, trimmed, in order. */
export function splitSentences(text: string, language = 'en'): string[] {
  const raw = [...segmenter(language).segment(text)].map((s) => s.segment);
  const out: string[] = [];
  let pending = '';
  raw.forEach((segment, i) => {
    pending += segment;
    const next = raw[i + 1];
    if (next !== undefined && joinsNext(pending, next)) return;
    if (pending.trim() !== '') out.push(pending.trim());
    pending = '';
  });
  if (pending.trim() !== '') out.push(pending.trim());
  return out;
}
