/**
 * Inflected forms of an English topic keyword, so that an entry written once (clash, ally,
 * sabotage, reservist) also finds clashes, clashed, clashing, allies, allied, sabotaged,
 * reservists. Rule-based by ending, for the last word of a lowercase phrase: the plural or
 * third person, the past and the -ing form. Forms that are no English word never match
 * anything; the few real words with another sense (according from accord, tanked from tank)
 * are listed below and never generated, and a form that the taxonomy lists itself, in any
 * topic, keeps that entry's meaning only (drilling stays energy, not drill's security).
 */
const WORD = /^[a-z]+$/;
const VOWEL = /[aeiou]/;
/** Generated forms whose common sense is another one: never made. */
const OTHER_SENSE_FORMS = new Set([
  'according', 'accorded', 'tanked', 'tanking', 'courted', 'courting', 'billed', 'billing', 'matched', 'matching',
  'planted', 'planting', 'ported', 'porting', 'sided', 'siding', 'recorded', 'recording', 'dated', 'dating',
  'fielded', 'fielding', 'lawing', 'parted', 'parting', 'dayed', 'prices', 'priced', 'pricing', 'greening',
  'greens', 'watered', 'watering', 'arted', 'arming', 'cased', 'casing', 'booked', 'booking', 'flighted',
  'drafts', 'drafting', 'finals', 'golds', 'seasoned', 'seasoning', 'staged', 'staging', 'sporting', 'spaces', 'spaced',
  'spacing', 'veiled', 'veiling', 'stroked', 'stroking', 'weathered', 'weathering', 'wasted', 'wasting', 'concerted',
  'concerting', 'folks', 'contracted', 'contracting', 'records', 'days', 'drilled', 'conflicting', 'conflicted', 'combated',
  'combating', 'fueled', 'fueling', 'steeled', 'steeling', 'premiered', 'premiering', 'powered', 'powering', 'drafted',
]);

/** Ends in consonant-vowel-consonant after at most one more consonant, one syllable: ban, plan, drop, not visit. */
function doubles(word: string): boolean {
  if (word.length > 5 || /[wxy]$/.test(word)) return false;
  const m = /[^aeiou]([aeiou])([^aeiou])$/.exec(word);
  return m !== null && (word.match(/[aeiou]+/g) ?? []).length === 1;
}

/** The forms of one word: plural or third person, past, -ing. */
export function englishForms(word: string): string[] {
  if (!WORD.test(word) || word.length < 3 || /(?:s|ed|ing)$/.test(word)) return [];
  const forms: string[] = [];
  const consonantY = /[^aeiou]y$/.test(word);
  // Plural or third person.
  if (/(?:x|z|ch|sh)$/.test(word)) forms.push(`${word}es`);
  else if (consonantY) forms.push(`${word.slice(0, -1)}ies`);
  else forms.push(`${word}s`);
  // Past and -ing: nouns such as "drought" make forms nobody writes; they never match.
  if (word.endsWith('e')) {
    forms.push(`${word}d`);
    if (!word.endsWith('ee')) forms.push(`${word.slice(0, -1)}ing`);
  } else if (consonantY) {
    forms.push(`${word.slice(0, -1)}ied`, `${word}ing`);
  } else if (doubles(word)) {
    const last = word.slice(-1);
    forms.push(`${word}${last}ed`, `${word}${last}ing`);
  } else if (VOWEL.test(word)) {
    forms.push(`${word}ed`, `${word}ing`);
  }
  return forms.filter((f) => !OTHER_SENSE_FORMS.has(f));
}

/**
 * A topic list with the inflected forms of its lowercase entries added: a single word gets all
 * three forms, a phrase only its plural (peace treaty → peace treaties; a phrase is a noun).
 * Entries with a `*`, capitalised ones and forms in `listed` (every entry of the lexicon, so
 * that a listed word keeps its own topic) are left alone.
 */
export function withEnglishForms(list: string[], listed: Set<string>): string[] {
  const out = [...list];
  for (const phrase of list) {
    if (phrase.includes('*') || phrase !== phrase.toLowerCase()) continue;
    const words = phrase.split(' ');
    const last = words.at(-1)!;
    const forms = words.length === 1 ? englishForms(last) : englishForms(last).slice(0, 1);
    for (const form of forms) {
      const inflected = [...words.slice(0, -1), form].join(' ');
      if (!listed.has(inflected)) out.push(inflected);
    }
  }
  return out;
}
