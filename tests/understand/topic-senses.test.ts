/**
 * Topic words read in the sense the sentence gives them, with sentences written for these
 * tests: a Russian word is not a topic keyword because an ending rule or a prefix makes it
 * look like one (поэтому is not a poet, операция not an opera, после not an ambassador), a
 * phrase in which a keyword means something else counts for nothing (think tank, state of the
 * art, в отношении), and a headline's background clause ("…as ministers meet") does not add a
 * topic on its own.
 *
 * These are the lexicon's rules, read without the trained topic model: the model weighs their
 * evidence with the headline's words and is judged on held-out headlines (labelled-set.test.ts),
 * one item at a time it may add a topic an editor would also give ("Shares tanked" is economy).
 */
import { describe, expect, it } from 'vitest';
import { classifyByRules, item, topicsOf } from './helpers.js';

const topics = (title: string, lead = '') => topicsOf(classifyByRules(item(title, lead)));

describe('Russian words that only look like topic keywords', () => {
  it('операция is not an opera, поэтому not a poet, премьер not a premiere', () => {
    expect(topics('Минобороны: операция у границы завершена')).toEqual(['security-defence']);
    expect(topics('Цены на зерно выросли', 'Урожай оказался ниже ожиданий, поэтому экспорт сократится.')).toEqual(['economy-business']);
    expect(topics('Премьер Армении посетил Париж')).toEqual(['diplomacy']);
  });

  it('после is not a form of посол', () => {
    expect(topics('Наводнение затопило сёла после ливней')).toEqual(['climate-environment']);
  });

  it('борьба с коррупцией is not wrestling, a foreign-policy курс not an exchange rate', () => {
    expect(topics('Парламент принял закон о борьбе с коррупцией')).toContain('politics');
    expect(topics('Парламент принял закон о борьбе с коррупцией')).not.toContain('sport');
    expect(topics('Новый внешнеполитический курс Еревана')).not.toContain('economy-business');
  });

  it('a blow to the economy is not a strike, but a missile strike is', () => {
    expect(topics('Санкции ударили по экономике')).not.toContain('security-defence');
    expect(topics('Ракетные удары по энергосистеме')).toContain('security-defence');
  });

  it('finds neuter nouns in -ие in every case (прекращения огня)', () => {
    expect(topics('Стороны нарушили режим прекращения огня')).toContain('security-defence');
  });
});

describe('phrases in which a keyword means something else', () => {
  it('count for no topic', () => {
    expect(topics('Think tank report: inflation to ease next year')).toEqual(['economy-business']);
    expect(topics('State-of-the-art hospital opens in Ganja')).toEqual(['health']);
    expect(topics('Суд вынес приговор в отношении журналиста')).toEqual(['society']);
  });

  it('an English prefix does not swallow another word (important is not an import, a tanker not a tank)', () => {
    expect(topics('Parliament passes an important amendment')).toEqual(['politics']);
    expect(topics('Oil tanker seized in the Gulf')).toEqual(['energy']);
  });
});

describe('English keywords in their other forms', () => {
  it('are found as the news writes them (clashing, memorandums), not only as listed (clash, memorandum)', () => {
    expect(topics('Rival clans clashing in the north')).toEqual(['security-defence']);
    expect(topics('Ministers sign two memorandums')).toEqual(['diplomacy']);
  });

  it('but never as a word of another sense (according is no accord, tanked no tank), and a listed form keeps its own topic', () => {
    expect(topics('According to the data, prices rose in May')).toEqual([]);
    expect(topics('Shares tanked on Monday')).toEqual([]);
    // "drilling" is an energy keyword; made from the security keyword "drill" it would add security-defence.
    expect(topics('Drilling resumes at offshore block')).toEqual(['energy']);
  });
});

describe("a headline's background clause", () => {
  it('does not add a topic on one ordinary word', () => {
    expect(topics('Earthquake hits eastern Türkiye as ministers meet in Ankara')).toEqual(['society']);
  });

  it('still counts a strong word', () => {
    expect(topics('Earthquake hits eastern Türkiye as peace talks open in Ankara')).toEqual(['diplomacy', 'society']);
  });
});

describe('a phrase listed as another sense hides a keyword of its own length', () => {
  it('a club named after oil is sport, not energy (Нефтчи is not нефт*)', () => {
    expect(topics('«Нефтчи» разгромил «Зиря» в чемпионате Азербайджана')).toEqual(['sport']);
  });

  it('a verb sense of "trade" is not trade', () => {
    expect(topics('Baku, Yerevan trade accusations over border delimitation')).toEqual(['diplomacy']);
    expect(topics('Baku, Yerevan trade fire on the border')).toEqual(['security-defence']);
  });
});

describe('a capital in the headline', () => {
  const places = (title: string) => classifyByRules(item(title, '')).regions.map((r) => r.id).sort();

  it('speaks for its state when it acts (two states dealing with each other: diplomacy)', () => {
    // "roadmap" alone is a supporting word: never a topic by itself ("Armenia signs roadmap" gets none).
    expect(topics('Moscow and Baku sign roadmap')).toEqual(['diplomacy']);
    expect(topics('Анкара и Багдад подписали дорожную карту')).toEqual(['diplomacy']);
    expect(topics('Armenia signs roadmap')).toEqual([]);
  });

  it('is only a venue after "in", "at" or "в": one state signing something in another\'s capital is not two states', () => {
    // Wheat gives the item a topic, so only the two-states rule could add diplomacy beside it.
    expect(topics('Kazakhstan signs wheat roadmap in Baku')).toEqual(['economy-business']);
    expect(topics('Moscow and Baku sign wheat roadmap')).toEqual(['diplomacy', 'economy-business']);
    expect(topics('Казахстан подписал дорожную карту по пшенице в Баку')).toEqual(['economy-business']);
    expect(topics('Москва и Баку подписали дорожную карту по пшенице')).toEqual(['diplomacy', 'economy-business']);
  });

  it('places its state in Russian too (Берлин, Лондон)', () => {
    expect(places('Правящая коалиция в Берлине теряет поддержку')).toEqual(['europe']);
    expect(places('Лондон ужесточил правила для мигрантов')).toEqual(['europe']);
  });
});

describe('two sides and no topic word', () => {
  it('is read as their relations (diplomacy), one side alone is not', () => {
    expect(topics('Opinion: Has Ankara outgrown Central Asia?')).toEqual(['diplomacy']);
    expect(topics('Мнение: Чего Пекин ждёт от Южного Кавказа')).toEqual(['diplomacy']);
    expect(topics('Opinion: Has Ankara outgrown its doubts?')).toEqual([]);
  });

  it('never overrides a topic the words give', () => {
    expect(topics('Georgia beat Spain in Tbilisi rugby thriller')).not.toContain('diplomacy');
  });
});

describe('Russian партия', () => {
  it('is a party at the head of a headline or with a party word, a batch otherwise', () => {
    expect(topics('Партия Пашиняна укрепила лидерство')).toEqual(['politics']);
    expect(topics('Правящая партия Грузии сменила лидера')).toEqual(['politics']);
    expect(topics('Пакистан поставит Азербайджану вторую партию истребителей')).toEqual(['security-defence']);
  });
});
