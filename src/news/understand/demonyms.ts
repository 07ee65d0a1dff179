/**
 * Nationality words generated from data. English: the world-countries package gives each
 * country's demonym (Armenian, Azerbaijani); the plural for the people (Armenians) is made
 * here. Russian: adjectives are derived from the country's Russian names by the language's
 * word-formation rules (Азербайджан → азербайджанский, Казахстан → казахстанский and
 * казахский, Сирия → сирийский, Южная Корея → южнокорейский, Французская Республика →
 * французский), and the nouns for the people from the adjectives (азербайджанцы, сирийцы).
 * Every gender, number and case is matched by the lexicon (russian-forms.ts), so only the
 * dictionary form is made here. The rules over-generate a little (Армения also gives
 * "арменский", a word nobody writes, so it never matches anything); the irregular adjectives
 * the rules cannot reach (армянский, грузинский, турецкий, немецкий) are data in
 * taxonomy/countries.json.
 */

/** English plural of a demonym used as a noun: Armenian → Armenians; none for Chinese, British, French, Swiss. */
export function englishPlural(demonym: string): string | null {
  if (/(?:ese|ish|ench|utch|sh|ic|[sxyz])$/i.test(demonym)) return null;
  if (/man$/.test(demonym)) return null;
  return `${demonym}s`;
}

/** Adjectives of direction and size that form compounds (южнокорейский) but say nothing on their own. */
const GENERIC_ADJECTIVE = /^(?:южн|северн|восточн|западн|нов|центральн|экваториальн|объединенн|соединенн|демократическ|народн|исламск|арабск|федеративн|велик|независим|многонациональн|социалистическ)(?:ая|яя|ый|ий|ой|ое|ее|ые|ие)$/;
/** Nouns of official names that are not the country's own name. */
const GENERIC_NOUN = new Set(['республика', 'королевство', 'государство', 'содружество', 'федерация', 'штаты', 'эмираты', 'княжество', 'конфедерация', 'острова', 'остров', 'союз']);
const ADJECTIVE_ENDING = /(?:ая|яя|ый|ий|ой|ое|ее|ые|ие)$/;
const CYRILLIC_WORD = /^[а-яё]+$/;

/** Adjectives formed from one noun, the country's name: Иран → иранский, Казахстан → казахстанский, казахский. */
function fromNoun(noun: string): string[] {
  const n = noun.toLowerCase();
  if (!CYRILLIC_WORD.test(n) || n.length < 3) return [];
  const out: string[] = [];
  const stemForms = (s: string) => {
    out.push(`${s}ский`);
    if (s.endsWith('л')) out.push(`${s}ьский`); // Монголия → монгольский
    if (s.endsWith('к')) out.push(`${s.slice(0, -1)}цкий`); // Словакия → словацкий
    if (s.endsWith('х')) out.push(`${s.slice(0, -1)}шский`); // Чехия → чешский
    if (s.endsWith('с')) out.push(`${s}кий`); // Белоруссия → белорусский
    if (s.endsWith('ш')) out.push(`${s.slice(0, -1)}ский`); // Польша → польский
  };
  if (n.endsWith('ия')) {
    const s = n.slice(0, -2);
    out.push(`${s}ийский`); // Сирия → сирийский, Россия → российский
    stemForms(s); // Сербия → сербский
  } else if (n.endsWith('ея')) {
    out.push(`${n.slice(0, -2)}ейский`); // Корея → корейский
  } else if (n.endsWith('ика')) {
    out.push(`${n.slice(0, -1)}анский`); // Мексика → мексиканский
    stemForms(n.slice(0, -1));
  } else if (/[аяы]$/.test(n)) {
    const s = n.slice(0, -1);
    out.push(`${s}ийский`); // Мальта → мальтийский
    stemForms(s); // Канада → канадский, Нидерланды → нидерландский
  } else if (n.endsWith('ь')) {
    out.push(`${n}ский`); // Израиль → израильский
    out.push(`${n.slice(0, -1)}ский`);
  } else if (n.endsWith('стан')) {
    // Казахстан → казахстанский, казахский; Узбекистан → узбекистанский, узбекский
    out.push(`${n}ский`, `${n.slice(0, n.endsWith('истан') ? -5 : -4)}ский`);
  } else if (n.endsWith('и')) {
    out.push(`${n}йский`); // Мали → малийский, Чили → чилийский
  } else if (n.endsWith('о')) {
    out.push(`${n.slice(0, -1)}анский`, `${n.slice(0, -1)}ский`); // Марокко → марокканский, Косово → косовский
  } else if (n.endsWith('е')) {
    out.push(`${n.slice(0, -1)}ийский`, `${n.slice(0, -1)}ский`); // Зимбабве → зимбабвийский, Леоне → леонский
  } else if (n.endsWith('у')) {
    out.push(`${n}анский`); // Перу → перуанский
  } else if (/[бвгджзклмнпрстфхцчшщй]$/.test(n)) {
    out.push(`${n}ский`); // Иран → иранский, Китай → китайский
    if (n.endsWith('л')) out.push(`${n}ьский`); // Непал → непальский
  }
  return out;
}

/** The masculine dictionary form of an adjective in any form: саудовская → саудовский. */
function masculine(adjective: string): string {
  const stem = adjective.replace(ADJECTIVE_ENDING, '');
  return /[кгхжшчщ]$/.test(stem) || adjective.endsWith('ий') || adjective.endsWith('яя') ? `${stem}ий` : `${stem}ый`;
}

/** The compound prefix of a direction adjective: южная → южно, северная → северо. */
function compoundPrefix(adjective: string): string {
  const stem = adjective.replace(ADJECTIVE_ENDING, '');
  return stem.endsWith('ерн') ? `${stem.slice(0, -1)}о` : `${stem}о`;
}

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * Russian adjectives of a country, in the masculine dictionary form, from its Russian common
 * name and its other names (official names, alternative spellings).
 */
export function russianAdjectives(common: string, others: string[] = []): string[] {
  const out: string[] = [];
  const name = common.toLowerCase().replace(/ё/g, 'е');
  // "Босния и Герцеговина", "Тринидад и Тобаго": each part is a name.
  for (const part of name.split(/\s+и\s+/)) {
    const words = part.split(/\s+/);
    const hyphen = /^([а-я]+)-([а-я]+)$/.exec(words[0]!);
    if (words.length === 1 && hyphen) {
      // Шри-Ланка → шри-ланкийский, Пуэрто-Рико → пуэрто-риканский, Буркина-Фасо → буркинийский
      out.push(...fromNoun(hyphen[2]!).map((a) => `${hyphen[1]}-${a}`), ...fromNoun(hyphen[1]!).filter((a) => a.endsWith('ийский')));
    } else if (words.length === 1) {
      out.push(...fromNoun(words[0]!));
    } else if (words.length === 2 && ADJECTIVE_ENDING.test(words[0]!)) {
      const [adjective, noun] = words as [string, string];
      if (!GENERIC_NOUN.has(noun)) out.push(...fromNoun(noun).map((a) => compoundPrefix(adjective) + a)); // Южная Корея → южнокорейский
      if (!GENERIC_ADJECTIVE.test(adjective)) out.push(masculine(adjective)); // Саудовская Аравия → саудовский
    }
  }
  // An official name's adjective that shares the name's root: Французская Республика → французский;
  // another one-word name: Туркменистан → туркменский, Белоруссия → белорусский.
  if (!/\s/.test(name)) {
    for (const other of others) {
      const words = other.toLowerCase().replace(/ё/g, 'е').split(/\s+/);
      if (words.length === 1 && words[0] !== name) out.push(...fromNoun(words[0]!));
      for (const word of words) {
        if (CYRILLIC_WORD.test(word) && ADJECTIVE_ENDING.test(word) && !GENERIC_ADJECTIVE.test(word) && sharedPrefix(word, name) >= 3) out.push(masculine(word));
      }
    }
  }
  return [...new Set(out)];
}

/** Nouns for the people, from the adjectives: азербайджанский → азербайджанец, азербайджанцы; сирийский → сирийцы. */
export function russianPeople(adjectives: string[]): string[] {
  const out: string[] = [];
  for (const adjective of adjectives) {
    const m = /^(.+?)(анский|янский|инский|ийский)$/.exec(adjective);
    if (!m) continue;
    const [, stem, ending] = m as unknown as [string, string, string];
    if (ending === 'ийский') out.push(`${stem}иец`, `${stem}ийцы`);
    else out.push(`${stem}${ending.slice(0, 2)}ец`, `${stem}${ending.slice(0, 2)}цы`);
  }
  return [...new Set(out)];
}
