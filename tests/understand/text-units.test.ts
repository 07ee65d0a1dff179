/** Building blocks: Russian forms, the phrase dictionary, sentence splitting, markup to text. */
import { describe, expect, it } from 'vitest';
import { Lexicon } from '../../src/news/understand/lexicon.js';
import { russianForms } from '../../src/news/understand/russian-forms.js';
import { tokenize } from '../../src/news/understand/tokenize.js';
import { htmlToText, needsFullText, splitSentences } from '../../src/news/understand/index.js';

describe('russianForms', () => {
  it('declines nouns by their ending', () => {
    expect(russianForms('Азербайджан')).toEqual(expect.arrayContaining(['азербайджан', 'азербайджана', 'азербайджану', 'азербайджаном', 'азербайджане']));
    expect(russianForms('Турция')).toEqual(expect.arrayContaining(['турция', 'турции', 'турцию', 'турцией']));
    expect(russianForms('Москва')).toEqual(expect.arrayContaining(['москвы', 'москве', 'москву', 'москвой']));
    expect(russianForms('Израиль')).toEqual(expect.arrayContaining(['израиля', 'израилю', 'израилем']));
    expect(russianForms('Китай')).toEqual(expect.arrayContaining(['китая', 'китаю', 'китаем', 'китае']));
  });

  it('declines adjectives and plural nouns', () => {
    expect(russianForms('азербайджанский')).toEqual(expect.arrayContaining(['азербайджанского', 'азербайджанской', 'азербайджанских', 'азербайджанскую']));
    expect(russianForms('талибы')).toEqual(expect.arrayContaining(['талибов', 'талибам']));
    expect(russianForms('армяне')).toEqual(expect.arrayContaining(['армян', 'армянам']));
  });

  it('declines neuter nouns in -ие, unlike plural adjectives', () => {
    expect(russianForms('соглашение')).toEqual(expect.arrayContaining(['соглашения', 'соглашению', 'соглашением', 'соглашении', 'соглашений', 'соглашениях']));
    expect(russianForms('перемирие')).toEqual(expect.arrayContaining(['перемирия', 'перемирии']));
    expect(russianForms('последние')).toEqual(expect.arrayContaining(['последних', 'последним']));
    expect(russianForms('армянские')).toEqual(expect.arrayContaining(['армянских', 'армянскую']));
  });

  it('declines nouns in the plural cases too', () => {
    expect(russianForms('ракета')).toEqual(expect.arrayContaining(['ракетам', 'ракетами', 'ракетах']));
    expect(russianForms('партия')).toEqual(expect.arrayContaining(['партий', 'партиям', 'партиях']));
  });

  it('never turns a word into a function word, and gives a named institution its singular only', () => {
    expect(russianForms('посла')).not.toContain('после');
    expect(russianForms('сталь')).not.toContain('стали');
    expect(russianForms('Газа')).not.toContain('газ');
    expect(russianForms('школа', 'singular')).toEqual(expect.arrayContaining(['школы', 'школе', 'школой']));
    expect(russianForms('школа', 'singular')).not.toContain('школах');
  });

  it('leaves indeclinable names alone and never shortens a stem', () => {
    expect(russianForms('Тбилиси')).toEqual(['тбилиси']);
    expect(russianForms('Баку')).toEqual(['баку']);
    expect(russianForms('Мали')).toEqual(['мали']);
  });
});

describe('Lexicon', () => {
  const lexicon = new Lexicon<string>();
  lexicon.add('Washington', 'en', 'US');
  lexicon.add('Washington Post', 'en', 'paper');
  lexicon.add('NATO', 'en', 'nato');
  lexicon.add('sanction*', 'en', 'sanctions');
  lexicon.add('Южный Кавказ', 'ru', 'sc');
  const find = (text: string) => lexicon.scan(text, tokenize(text)).flatMap((m) => m.payloads);

  it('prefers the longest phrase', () => {
    expect(find('The Washington Post said Washington agreed')).toEqual(['paper', 'US']);
  });

  it('respects case: acronyms need capitals, names need a capital', () => {
    expect(find('nato and washington')).toEqual([]);
    expect(find('NATO')).toEqual(['nato']);
  });

  it('matches prefixes and inflected Russian phrases', () => {
    expect(find('new sanctions were sanctioned')).toEqual(['sanctions', 'sanctions']);
    expect(find('на Южном Кавказе и Южного Кавказа')).toEqual(['sc', 'sc']);
  });

  it('does not match across a sentence break', () => {
    expect(find('Южный. Кавказ')).toEqual([]);
  });
});

describe('splitSentences', () => {
  it('keeps abbreviations inside sentences', () => {
    expect(splitSentences('The U.S. Army said Mr. Smith met Dr. Jones on Jan. 5 in Washington, D.C. on Friday. He left.')).toEqual([
      'The U.S. Army said Mr. Smith met Dr. Jones on Jan. 5 in Washington, D.C. on Friday.',
      'He left.',
    ]);
  });

  it('keeps initials and still splits after an acronym that ends a sentence', () => {
    expect(splitSentences('The deal was signed by J. R. Smith. Sanctions were lifted by the U.S. The Kremlin welcomed it.')).toEqual([
      'The deal was signed by J. R. Smith.',
      'Sanctions were lifted by the U.S.',
      'The Kremlin welcomed it.',
    ]);
  });

  it('handles Russian initials and т.е.', () => {
    expect(splitSentences('Президент США Д. Трамп заявил, что т.е. всё готово. Переговоры продолжатся.', 'ru')).toEqual([
      'Президент США Д. Трамп заявил, что т.е. всё готово.',
      'Переговоры продолжатся.',
    ]);
  });
});

describe('htmlToText', () => {
  it('strips markup, decodes entities, collapses whitespace, drops script/style/iframe contents', () => {
    const html = '<p>Baku &amp; Tbilisi&nbsp;agree &laquo;in&nbsp;principle&raquo;</p>\n<script>var x = "<p>no</p>";</script><style>p{}</style><iframe>ad</iframe><p>Second&#8212;para &#x2014; end</p>';
    expect(htmlToText(html)).toBe('Baku & Tbilisi agree «in principle» Second—para — end');
  });

  it('passes plain text through', () => {
    expect(htmlToText('  plain   text ')).toBe('plain text');
  });
});

describe('needsFullText', () => {
  it('is true for a teaser and false for a full lead', () => {
    expect(needsFullText('Ports on the Caspian are expanding fast, but not fast enough.')).toBe(true);
    expect(needsFullText('<p>The port handled a record volume last year…</p>')).toBe(true);
    const full = 'The port of Baku at Alat handled a record 7.2 million tonnes of cargo last year. '.repeat(5);
    expect(needsFullText(full)).toBe(false);
    expect(needsFullText(full + 'Read more')).toBe(true);
  });
});
