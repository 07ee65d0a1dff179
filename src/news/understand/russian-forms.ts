/**
 * Inflected forms of a Russian word, so that a taxonomy entry written in the dictionary form
 * (Азербайджан, Турция, азербайджанский) matches Азербайджану, Турции, азербайджанских.
 * Rule-based by ending: enough for place names, demonyms and keywords, and it never guesses
 * a stem shorter than the word's own (a loose stem would turn Мали into Малая).
 * A word with a fleeting vowel (Египет, Египта) is listed in both forms in the taxonomy.
 * Nouns are declined in the plural too (ракетам, партиях), except the genitive plural of
 * -а/-я nouns, whose bare stem would turn Газа into газ.
 */
const ADJECTIVE = ['ый', 'ий', 'ой', 'ая', 'яя', 'ое', 'ее', 'ые', 'ие'];
const ADJECTIVE_FORMS = [...ADJECTIVE, 'ого', 'его', 'ому', 'ему', 'ым', 'им', 'ом', 'ем', 'ую', 'юю', 'ых', 'их', 'ыми', 'ими', 'ою', 'ею', 'ей'];
const CYRILLIC_WORD = /^[а-яё]+$/;
/**
 * Function words that an ending rule can produce from a real word (посла → после, сталь →
 * стали): a generated form is never one of these, or every "после" would be an ambassador.
 */
const FUNCTION_WORDS = new Set([
  'после', 'перед', 'при', 'для', 'или', 'как', 'так', 'уже', 'ещё', 'еще', 'тоже', 'также', 'чтобы', 'более', 'менее',
  'стал', 'стала', 'стали', 'стало', 'был', 'была', 'были', 'было', 'будет', 'будут', 'того', 'этого', 'тому', 'чем', 'тем',
  'всем', 'всех', 'них', 'ним', 'ими', 'она', 'они', 'оно', 'его', 'её', 'ее', 'под', 'над', 'без', 'про', 'через', 'около',
  'между', 'среди', 'кроме', 'ради',
]);

/**
 * A neuter noun in -ие (соглашение, прекращение, перемирие, развитие), not a plural adjective
 * (армянские, военные, последние): deverbal nouns have a vowel before -ние, soft adjectives a
 * consonant (последние, внутренние), and adjectives never end in -тие, -рие, -вие and the like.
 */
const NEUTER_IE = /(?:[аеёояу]ни|[^кгхжшчщнаеёиоуыэюяь]и)е$/;

/** A declension: the stem, then the endings of the singular and of the plural. */
type Paradigm = [stem: string, singular: string[], plural: string[]];
/** Not declined (Тбилиси, Баку, a Latin word). */
const FIXED: Paradigm = ['', [], []];

function paradigm(lower: string): Paradigm {
  if (!CYRILLIC_WORD.test(lower) || lower.length <= 2) return FIXED;
  const last = lower.slice(-1);
  const last2 = lower.slice(-2);
  const cut = (n: number) => lower.slice(0, -n);
  if (lower.length >= 5 && NEUTER_IE.test(lower)) return [cut(1), ['е', 'я', 'ю', 'ем', 'и'], ['я', 'й', 'ям', 'ями', 'ях']];
  if (lower.length >= 5 && ADJECTIVE.includes(last2)) return [cut(2), ADJECTIVE_FORMS, []];
  if (last2 === 'ия') return [cut(1), ['я', 'и', 'ю', 'ей', 'ею'], ['и', 'й', 'ям', 'ями', 'ях']];
  if (last2 === 'ье') return [cut(1), ['е', 'я', 'ю', 'ем'], []];
  if (last2 === 'не' && /[ая]не$/.test(lower)) return [cut(1), [], ['е', '', 'ам', 'ами', 'ах']]; // армяне, армян
  if (last === 'а') return [cut(1), ['а', 'ы', 'и', 'е', 'у', 'ой', 'ою'], ['ы', 'и', 'ам', 'ами', 'ах']];
  if (last === 'я') return [cut(1), ['я', 'и', 'е', 'ю', 'ей', 'ею'], ['и', 'ям', 'ями', 'ях']];
  if (last === 'ь') return [cut(1), ['ь', 'я', 'ю', 'ем', 'е', 'и', 'ью'], ['и', 'ей', 'ям', 'ями', 'ях']];
  if (last === 'й') return [cut(1), ['й', 'я', 'ю', 'ем', 'е'], ['и', 'ев', 'ям', 'ями', 'ях']];
  if (last2 === 'цы') return [cut(1), [], ['ы', 'ев', 'ам', 'ами', 'ах']]; // азербайджанцы, азербайджанцев
  if (last === 'ы') return [cut(1), [], ['ы', 'ов', 'ам', 'ами', 'ах', '']];
  // A fleeting vowel: азербайджанец, азербайджанца; борец, борца.
  if (lower.length >= 5 && last2 === 'ец' && !/[аеиоуыэюя]ец$/.test(lower)) {
    return [cut(2), ['ец', 'ца', 'цу', 'цом', 'цем', 'це'], ['цы', 'цев', 'цам', 'цами', 'цах']];
  }
  if (/[кгхжшчщ]и$/.test(lower)) return [cut(1), [], ['и', 'ов', 'ам', 'ами', 'ах', '']]; // казахи
  if (/[иоуеэю]$/.test(lower)) return FIXED; // Тбилиси, Баку, Душанбе: not declined
  // Surnames in -ов, -ин take adjective endings in some cases: Путиным, Алиевой.
  const surname = /(ов|ев|ин|ын)$/.test(lower) ? ['ым', 'ой'] : [];
  return [lower, ['', 'а', 'у', 'ом', 'е', 'ем', ...surname], ['ы', 'и', 'ов', 'ам', 'ами', 'ах']];
}

/**
 * All forms of one word of an alias (lowercase, not yet folded); with `singular`, only the
 * singular ones of a noun (a named institution is one: Американский университет, not в
 * узбекских школах).
 */
export function russianForms(word: string, number: 'any' | 'singular' = 'any'): string[] {
  const lower = word.toLowerCase();
  const [stem, singular, plural] = paradigm(lower);
  const forms = [lower, ...[...singular, ...(number === 'any' ? plural : [])].map((ending) => stem + ending)];
  return [...new Set(forms)].filter((form) => form === lower || !FUNCTION_WORDS.has(form));
}
