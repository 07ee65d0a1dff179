/**
 * Nationalities from data: English demonyms from world-countries (and their plurals), Russian
 * adjectives derived from the Russian names and matched in every gender, number and case;
 * ambiguous ones resolved by context; every country found in a generated sentence.
 */
import { describe, expect, it } from 'vitest';
import { englishPlural, nationalityCoverage, russianAdjectiveForm, russianAdjectives, russianPeople } from '../../src/news/understand/index.js';
import { classify, countriesOf, item, regionsOf, taxonomy } from './helpers.js';

const ru = (title: string) => item(title, '', { language: 'ru' });

describe('generating nationality words', () => {
  it('makes English plurals for the people, none for adjectives only', () => {
    expect(englishPlural('Armenian')).toBe('Armenians');
    expect(englishPlural('Azerbaijani')).toBe('Azerbaijanis');
    expect(englishPlural('Czech')).toBe('Czechs');
    for (const d of ['Chinese', 'British', 'French', 'Dutch', 'Swiss', 'Welsh']) expect(englishPlural(d), d).toBeNull();
  });

  it('derives Russian adjectives from the names by word formation', () => {
    expect(russianAdjectives('Азербайджан')).toContain('азербайджанский');
    expect(russianAdjectives('Казахстан')).toEqual(expect.arrayContaining(['казахстанский', 'казахский']));
    expect(russianAdjectives('Узбекистан')).toEqual(expect.arrayContaining(['узбекистанский', 'узбекский']));
    expect(russianAdjectives('Сирия')).toContain('сирийский');
    expect(russianAdjectives('Россия')).toContain('российский');
    expect(russianAdjectives('Сербия')).toContain('сербский');
    expect(russianAdjectives('Словакия')).toContain('словацкий');
    expect(russianAdjectives('Монголия')).toContain('монгольский');
    expect(russianAdjectives('Китай')).toContain('китайский');
    expect(russianAdjectives('Израиль')).toContain('израильский');
    expect(russianAdjectives('Мексика')).toContain('мексиканский');
    expect(russianAdjectives('Перу')).toContain('перуанский');
    expect(russianAdjectives('Южная Корея')).toEqual(['южнокорейский']);
    expect(russianAdjectives('Саудовская Аравия')).toContain('саудовский');
    expect(russianAdjectives('Шри-Ланка')).toContain('шри-ланкийский');
    // From the official name when it shares the root; from another one-word name.
    expect(russianAdjectives('Франция', ['Французская Республика'])).toContain('французский');
    expect(russianAdjectives('Иран', ['Исламская Республика Иран'])).toEqual(['иранский']);
    expect(russianAdjectives('Беларусь', ['Белоруссия'])).toContain('белорусский');
    expect(russianPeople(['азербайджанский', 'сирийский'])).toEqual(['азербайджанец', 'азербайджанцы', 'сириец', 'сирийцы']);
  });

  it('puts the generated words into the taxonomy, irregular ones from data', () => {
    const az = taxonomy.countries.find((c) => c.code === 'AZ')!;
    expect(az.demonyms.en).toEqual(expect.arrayContaining(['Azerbaijani', 'Azerbaijanis', 'Azeri']));
    expect(az.demonyms.ru).toEqual(expect.arrayContaining(['азербайджанский', 'азербайджанец', 'азербайджанцы']));
    expect(taxonomy.countries.find((c) => c.code === 'AM')!.demonyms.ru).toEqual(expect.arrayContaining(['армянский', 'армяне']));
    expect(taxonomy.countries.find((c) => c.code === 'TR')!.demonyms.ru).toContain('турецкий');
  });

  it('forms the feminine and the genitive plural', () => {
    expect(russianAdjectiveForm('армянский', 'feminine')).toBe('армянская');
    expect(russianAdjectiveForm('армянский', 'genitive-plural')).toBe('армянских');
    expect(russianAdjectiveForm('турецкий', 'feminine')).toBe('турецкая');
    expect(russianAdjectiveForm('малийский', 'genitive-plural')).toBe('малийских');
  });
});

describe('a headline that names a country only by a nationality', () => {
  it('places English demonyms (a nationality in the headline is enough on its own)', () => {
    expect(regionsOf(classify(item('Armenian PM says the text is ready')))).toEqual(['south-caucasus']);
    expect(regionsOf(classify(item('Azerbaijani oil exports rise 6% in first quarter')))).toEqual(['south-caucasus']);
    expect(regionsOf(classify(item('Turkish troops to stay, ministry says')))).toEqual(['turkiye']);
    expect(countriesOf(classify(item('Kazakhs vote in local elections')))).toEqual(['KZ']);
  });

  it('places Russian adjectives in every gender, number and case, and the nouns for the people', () => {
    for (const title of [
      'Армянский премьер заявил о готовности',
      'Армянская делегация прибыла в Брюссель',
      'Армянские военные провели учения',
      'Заявление армянского МИД',
      'Против армянских компаний ввели меры',
      'Армяне отметили праздник',
    ]) {
      expect(countriesOf(classify(ru(title))), title).toContain('AM');
    }
    expect(countriesOf(classify(ru('Казахстанские фермеры получат субсидии')))).toEqual(['KZ']);
    expect(countriesOf(classify(ru('Сирийцы возвращаются домой')))).toEqual(['SY']);
    expect(countriesOf(classify(ru('Азербайджанцы Грузии примут участие в выборах')))).toEqual(['AZ', 'GE']);
  });

  it('counts little a nationality that only says where someone comes from', () => {
    // A coach's passport does not put a football story in Portugal, next to the club's own country.
    expect(regionsOf(classify(item('Neftchi of Baku appoint Portuguese coach')))).toEqual(['south-caucasus']);
    expect(regionsOf(classify(item('Russian-made drones shot down over Sudan')))).toEqual(['africa']);
  });
});

describe('ambiguous nationalities', () => {
  it('"Georgian" is the country unless the item is about the US state or the architecture', () => {
    expect(countriesOf(classify(item('Georgian parliament passes broadcasting law')))).toEqual(['GE']);
    expect(countriesOf(classify(item('Georgian voters line up in Atlanta for Senate runoff')))).toEqual(['US']);
    expect(countriesOf(classify(item('Georgian Republicans pick a nominee', 'The race for Fulton County is tight.')))).toEqual([]);
    expect(countriesOf(classify(item('Restoring a Georgian townhouse in Bath')))).toEqual([]);
    expect(countriesOf(classify(item('Georgian architecture draws tourists to London')))).toEqual(['GB']);
  });

  it('"Turkish" naming a language counts only when nothing else places the item', () => {
    expect(countriesOf(classify(item('Azerbaijani schools add Turkish language classes')))).toEqual(['AZ']);
    expect(countriesOf(classify(item('Turkish language festival opens')))).toEqual(['TR']);
    expect(countriesOf(classify(ru('Казахский язык станет обязательным в госорганах')))).toEqual(['KZ']);
    expect(countriesOf(classify(ru('В узбекских школах начнут преподавать казахский язык')))).toEqual(['UZ']);
    expect(countriesOf(classify(item('Turkish Airlines adds flights to Tashkent')))).toEqual(['TR', 'UZ']);
    // …and cuisine: a Turkish restaurant in Baku is a story about Baku.
    expect(countriesOf(classify(item('Turkish restaurant chain opens in Baku')))).toEqual(['AZ']);
    expect(countriesOf(classify(ru('В Ташкенте открылся турецкий ресторан')))).toEqual(['UZ']);
  });
});

describe('nationality coverage', () => {
  it('finds every country, with its regions, by each English demonym and each Russian adjective in two forms', () => {
    const report = nationalityCoverage(taxonomy, classify);
    expect(report.countries).toBeGreaterThan(190);
    expect(report.misses).toEqual([]);
    expect(report.english).toBe(report.countries);
    expect(report.russian).toBe(report.countries);
  });
});
