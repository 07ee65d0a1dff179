/**
 * The hard cases, pinned with sentences written for these tests (not taken from the
 * labelled set): ambiguous names, demonyms in organisation names, passing mentions,
 * Russian inflection, metonyms, and items whose region cannot be told.
 */
import { describe, expect, it } from 'vitest';
import { bodyParagraphs } from '../../src/news/understand/fields.js';
import { createFurnitureMatcher } from '../../src/news/understand/index.js';
import { classify, countriesOf, item, regionsOf, taxonomy, topicsOf } from './helpers.js';

describe('Georgia: the country or the US state', () => {
  it('is the country with Tbilisi in the text', () => {
    const c = classify(item('Georgia hosts Black Sea security conference', 'Defence officials from twelve countries gathered in Tbilisi on Thursday.'));
    expect(countriesOf(c)).toContain('GE');
    expect(regionsOf(c)).toEqual(['south-caucasus']);
  });

  it('is the country on its own, with nothing pointing to the US', () => {
    const c = classify(item("Georgia's parliament approves new cabinet", 'Lawmakers backed the prime minister’s team by 84 votes to 10.'));
    expect(regionsOf(c)).toEqual(['south-caucasus']);
  });

  it('is the US state next to Atlanta', () => {
    const c = classify(item('Storms leave 200,000 without power in Georgia', 'Utility crews from Atlanta to Savannah worked overnight after the storm.'));
    expect(countriesOf(c)).not.toContain('GE');
    expect(regionsOf(c)).toEqual(['north-america']);
  });

  it('is the US state when the text says so', () => {
    const c = classify(item('Georgia governor signs voting bill', 'The U.S. state of Georgia will require new identification for absentee ballots.'));
    expect(regionsOf(c)).toEqual(['north-america']);
  });

  it('in Russian: Грузия is the country, Джорджия the state', () => {
    expect(regionsOf(classify(item('Грузия и Армения обсудили транзит грузов', '')))).toEqual(['south-caucasus']);
    expect(regionsOf(classify(item('Ураган обесточил тысячи домов в Джорджии', 'Жители штата остались без света.')))).toEqual(['north-america']);
  });
});

describe('Turkey: the country or the bird', () => {
  it('is the bird around Thanksgiving', () => {
    const c = classify(item('Turkey shortage hits supermarkets before Thanksgiving', 'Shoppers in Ohio found empty shelves as poultry farms struggled.'));
    expect(countriesOf(c)).not.toContain('TR');
    expect(regionsOf(c)).toEqual(['north-america']);
  });

  it('is the country under its old English name', () => {
    const c = classify(item('Turkey raises interest rates again', 'The central bank in Ankara lifted its key rate to 46 per cent.'));
    expect(regionsOf(c)).toEqual(['turkiye']);
  });

  it('is the country as Türkiye and in Russian', () => {
    expect(regionsOf(classify(item('Türkiye opens new consulate', '')))).toEqual(['turkiye']);
    expect(regionsOf(classify(item('Турция увеличила закупки газа', '')))).toEqual(['turkiye']);
  });

  it('a lowercase turkey is never the country', () => {
    expect(regionsOf(classify(item('How to roast a turkey', 'A whole turkey needs about four hours in the oven.')))).toEqual([]);
  });
});

describe('Jordan: the country or a person', () => {
  it('is a person with a surname next to it', () => {
    const c = classify(item('Michael Jordan buys stake in racing team', 'The basketball legend said he had always loved motorsport.'));
    expect(countriesOf(c)).not.toContain('JO');
    expect(regionsOf(c)).not.toContain('middle-east');
  });

  it('stays a person for the rest of the item', () => {
    const c = classify(item('Jordan Peterson to speak in London', 'Jordan will give two lectures next month, organisers said.'));
    expect(countriesOf(c)).not.toContain('JO');
  });

  it('is the country', () => {
    const c = classify(item('Jordan and Egypt call for Gaza ceasefire', 'The foreign ministers met in Amman on Sunday.'));
    expect(countriesOf(c)).toContain('JO');
    expect(regionsOf(c)).toEqual(['middle-east']);
  });
});

describe('demonyms inside organisation names', () => {
  it('the German Marshall Fund is not about Germany', () => {
    const c = classify(item('Expert: Central Asia needs its own water deal', 'A fellow at the German Marshall Fund said the five states should update the 1992 agreement.'));
    expect(countriesOf(c)).not.toContain('DE');
    expect(regionsOf(c)).toEqual(['central-asia']);
  });

  it('an American university in Yerevan is about Armenia', () => {
    const c = classify(item('American University of Armenia opens AI lab', 'The lab in Yerevan will train 200 engineers a year.'));
    expect(countriesOf(c)).toEqual(['AM']);
  });

  it('a newspaper cited as a source is not a place', () => {
    const c = classify(item('Kremlin denies talks on prisoner swap', 'Moscow rejected a report in The Washington Post about a planned exchange.'));
    expect(regionsOf(c)).toEqual(['russia']);
  });
});

describe('passing mentions', () => {
  const paragraphs = [
    'Kazakhstan plans to triple its wind and solar capacity by 2030, the energy ministry said in its new strategy.',
    'The plan foresees twelve new wind farms in the steppe regions of Kazakhstan, mostly financed by foreign investors.',
    'Officials in Astana say the grid must be rebuilt to carry power from the windy north to the industrial south.',
    'Kazakh engineers have studied storage projects abroad, including one in Chile, before choosing a battery design.',
    'The ministry expects the share of renewables in Kazakhstan to reach 15 per cent of generation by the end of the decade.',
  ];

  it('one mention deep in a long article does not add its region', () => {
    const c = classify(item('Kazakhstan bets on the wind', 'Astana wants renewables to supply 15 per cent of its power by 2030.', { body: paragraphs.join('\n\n') }));
    expect(countriesOf(c)).toEqual(['KZ']);
    expect(regionsOf(c)).toEqual(['central-asia']);
  });

  it('the same country in the headline does count', () => {
    const c = classify(item('Kazakhstan and Chile sign renewables memorandum', 'Astana and Santiago agreed to share battery storage know-how.'));
    expect(regionsOf(c)).toEqual(['central-asia', 'latin-america']);
  });
});

describe('Russian text', () => {
  it('finds inflected country names', () => {
    for (const title of ['Азербайджан и Казахстан подписали соглашение', 'Делегация Азербайджана прибыла в Астану', 'Азербайджану передали партию вакцин', 'В Азербайджане открылся новый завод']) {
      expect(countriesOf(classify(item(title))), title).toContain('AZ');
    }
  });

  it('finds demonyms, cities and metonyms in their cases', () => {
    const c = classify(item('В Кремле прокомментировали заявление азербайджанского МИД', 'Песков ответил на вопрос о переговорах в Баку.'));
    expect(countriesOf(c)).toEqual(['AZ', 'RU']);
  });

  it('tags topics in Russian', () => {
    const c = classify(item('Казахстан увеличил экспорт нефти', 'Поставки нефти через КТК выросли на 8%.', { categories: ['Экономика'] }));
    expect(topicsOf(c)).toContain('energy');
  });
});

describe('places the taxonomy adds', () => {
  it('Karabakh places are Azerbaijan', () => {
    for (const name of ['Khankendi', 'Shusha', 'Zangilan', 'Kalbajar', 'Lachin', 'Nakhchivan', 'Zangezur', 'Karabakh']) {
      expect(countriesOf(classify(item(`New school opens in ${name}`))), name).toEqual(['AZ']);
    }
  });

  it('Chechnya and the North Caucasus are Russia, not the South Caucasus', () => {
    const c = classify(item('Floods in Chechnya and across the North Caucasus'));
    expect(regionsOf(c)).toEqual(['russia']);
  });

  it('Gaza and the West Bank are the Middle East', () => {
    expect(regionsOf(classify(item('Aid convoy reaches Gaza')))).toEqual(['middle-east']);
    expect(regionsOf(classify(item('New settlements approved in the West Bank')))).toEqual(['middle-east']);
  });

  it('metonyms stand for their states', () => {
    expect(countriesOf(classify(item('The Kremlin and the Pentagon trade accusations')))).toEqual(['RU', 'US']);
    expect(countriesOf(classify(item('Downing Street rejects Knesset criticism')))).toEqual(['GB', 'IL']);
    expect(countriesOf(classify(item('Taliban reopen girls’ primary schools')))).toEqual(['AF']);
  });

  it('organisations count for international organisations', () => {
    expect(regionsOf(classify(item('NATO and OSCE envoys meet in Vienna', 'The two organisations discussed arms control.')))).toContain('international-organisations');
  });
});

describe('no region rather than a wrong one', () => {
  it('an item with no place has no region', () => {
    const c = classify(item('Scientists find new way to recycle lithium batteries', 'The method recovers 95 per cent of the metal at room temperature.'));
    expect(c.regions).toEqual([]);
    expect(c.countries).toEqual([]);
  });

  it('a capitalised common word at the start of a sentence is not a country', () => {
    const c = classify(item('Chad Smith joins new band', 'The drummer said he was excited.'));
    expect(countriesOf(c)).not.toContain('TD');
  });
});

describe('feed categories count first', () => {
  it('a category decides the topic when the text only hints at it', () => {
    const c = classify(item('Neftchi part ways with coach', 'The Baku club thanked him for three seasons.', { categories: ['Sport'] }));
    expect(topicsOf(c)).toEqual(['sport']);
  });

  it('sections come from categories and headline markers', () => {
    expect(classify(item('Why the corridor matters', '', { categories: ['Analytics'] })).section).toBe('analytics');
    expect(classify(item('Interview: Minister on the new budget', '')).section).toBe('interview');
    expect(classify(item('Мнение: время для мира', '')).section).toBe('opinion');
    expect(classify(item('BREAKING: Earthquake hits Baku', '')).section).toBe('breaking');
    expect(classify(item('Breaking the deadlock in Geneva', '')).section).toBe('news');
    expect(classify(item('Talks resume', '', { feedSection: 'Interview' })).section).toBe('interview');
  });
});

describe('language and confidence', () => {
  it('tells English from Russian, or trusts the feed', () => {
    expect(classify(item('Talks in Baku', 'The ministers met.')).language).toBe('en');
    expect(classify(item('Переговоры в Баку', 'Министры встретились.')).language).toBe('ru');
    expect(classify(item('x', '', { language: 'ru-RU' })).language).toBe('ru');
  });

  it('confidence is 0..1 and higher for the headline subject', () => {
    const c = classify(item('Armenia and Iran sign gas deal', 'The agreement was signed in Yerevan; Russia’s Gazprom will supply part of the volumes.'));
    for (const s of [...c.countries, ...c.regions, ...c.topics]) expect(s.confidence).toBeGreaterThan(0), expect(s.confidence).toBeLessThanOrEqual(1);
    const am = c.countries.find((s) => s.id === 'AM')!;
    const ru = c.countries.find((s) => s.id === 'RU');
    expect(ru === undefined || ru.confidence < am.confidence).toBe(true);
  });
});

describe('markup in feed fields', () => {
  it('reads the text of an HTML lead, not its tags or links', () => {
    const c = classify(item('Ministers meet', '<p>The ministers of <b>Azerbaijan</b> and Kazakhstan met in <a href="https://example.com/georgia-usa">Aktau</a>.</p>'));
    expect(countriesOf(c)).toEqual(['AZ', 'KZ']);
  });
});

describe('furniture in a body', () => {
  const body = [
    'Photo: the port at Alat',
    'The ferry line between Alat and Aktau will double its sailings from May, the operator said on Monday.',
    'Latest news',
    'Iran rial falls to record low',
    'Iran and Iraq sign gas deal',
    'Tehran hosts Caspian summit',
    'The operator also ordered two new vessels for the route, to be delivered next year.',
  ].join('\n');

  it('drops a "Latest news" list and its headlines, keeps the article around it', () => {
    expect(bodyParagraphs(body, createFurnitureMatcher(taxonomy.furniture))).toEqual([
      'The ferry line between Alat and Aktau will double its sailings from May, the operator said on Monday. The operator also ordered two new vessels for the route, to be delivered next year.',
    ]);
    const c = classify(item('Caspian ferry line doubles sailings', 'More ferries will link Azerbaijan and Kazakhstan.', { body }));
    expect(countriesOf(c)).toEqual(['AZ', 'KZ']);
  });
});
