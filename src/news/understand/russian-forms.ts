/**
 * Inflected forms of a Russian word, so that a taxonomy entry written in the dictionary form
 * (Азербайджан, Турция, азербайджанский) matches Азербайджану, Турции, азербайджанских.
 * Rule-based by ending: enough for place names, demonyms and keywords, and it never guesses
 * a stem shorter than the word's own (a loose stem would turn Мали into Малая).
 * A word with a fleeting vowel (Египет, Египта) is listed in both forms in the taxonomy.
 */
const ADJECTIVE = ['ый', 'ий', 'ой', 'ая', 'яя', 'ое', 'ее', 'ые', 'ие'];
const ADJECTIVE_FORMS = [...ADJECTIVE, 'ого', 'его', 'ому', 'ему', 'ым', 'им', 'ом', 'ем', 'ую', 'юю', 'ых', 'их', 'ыми', 'ими', 'ою', 'ею', 'ей'];
const HARD_NOUN = ['', 'а', 'у', 'ом', 'е', 'ы', 'ов', 'ам', 'ами', 'ах', 'ем', 'и'];
const SURNAME_EXTRA = ['ым', 'ой', 'у']; // Путиным, Алиевой
const CYRILLIC_WORD = /^[а-яё]+$/;

function withEndings(stem: string, endings: string[]): string[] {
  return endings.map((e) => stem + e);
}

function formsOfWord(lower: string): string[] {
  if (!CYRILLIC_WORD.test(lower) || lower.length <= 2) return [lower];
  const last = lower.slice(-1);
  const last2 = lower.slice(-2);
  if (lower.length >= 5 && ADJECTIVE.includes(last2)) return withEndings(lower.slice(0, -2), ADJECTIVE_FORMS);
  if (last2 === 'ия') return withEndings(lower.slice(0, -1), ['я', 'и', 'ю', 'ей', 'ею']);
  if (last2 === 'ье') return withEndings(lower.slice(0, -1), ['е', 'я', 'ю', 'ем']);
  if (last2 === 'не' && /[ая]не$/.test(lower)) return withEndings(lower.slice(0, -1), ['е', '', 'ам', 'ами', 'ах']); // армяне, армян
  if (last === 'а') return withEndings(lower.slice(0, -1), ['а', 'ы', 'и', 'е', 'у', 'ой', 'ою']);
  if (last === 'я') return withEndings(lower.slice(0, -1), ['я', 'и', 'е', 'ю', 'ей', 'ею']);
  if (last === 'ь') return withEndings(lower.slice(0, -1), ['ь', 'я', 'ю', 'ем', 'е', 'и', 'ей', 'ью']);
  if (last === 'й') return withEndings(lower.slice(0, -1), ['й', 'я', 'ю', 'ем', 'е', 'и', 'ев']);
  if (last2 === 'цы') return withEndings(lower.slice(0, -1), ['ы', 'ев', 'ам', 'ами', 'ах']); // азербайджанцы, азербайджанцев
  if (last === 'ы') return withEndings(lower.slice(0, -1), ['ы', 'ов', 'ам', 'ами', 'ах', '']);
  // A fleeting vowel: азербайджанец, азербайджанца; борец, борца.
  if (lower.length >= 5 && last2 === 'ец' && !/[аеиоуыэюя]ец$/.test(lower)) {
    return [lower, ...withEndings(lower.slice(0, -2), ['ца', 'цу', 'цом', 'цем', 'це', 'цы', 'цев', 'цам', 'цами', 'цах'])];
  }
  if (/[кгхжшчщ]и$/.test(lower)) return withEndings(lower.slice(0, -1), ['и', 'ов', 'ам', 'ами', 'ах', '']); // казахи
  if (/[иоуеэю]$/.test(lower)) return [lower]; // Тбилиси, Баку, Душанбе: not declined
  const forms = withEndings(lower, HARD_NOUN);
  if (/(ов|ев|ин|ын)$/.test(lower)) forms.push(...withEndings(lower, SURNAME_EXTRA));
  return forms;
}

/** All forms of one word of an alias (lowercase, not yet folded). */
export function russianForms(word: string): string[] {
  return [...new Set(formsOfWord(word.toLowerCase()))];
}
