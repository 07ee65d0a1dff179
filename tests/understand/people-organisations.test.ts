/**
 * People and organisations as taxonomy data: a headline naming only a head of government, a
 * minister, an alliance's leader, a parliament, an agency or a company is placed and, through
 * the office or the body, given its topic. A role that has ended still places the person's
 * country but no longer implies the office.
 */
import { describe, expect, it } from 'vitest';
import { classify, countriesOf, item, regionsOf, taxonomy, topicsOf } from './helpers.js';

const on = (day: string) => ({ publishedAt: new Date(`${day}T12:00:00Z`) });

describe('the people file', () => {
  it('lists heads of state and government, foreign and defence ministers, and leaders of international bodies', () => {
    const ids = taxonomy.people.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining(['ilham-aliyev', 'nikol-pashinyan', 'irakli-kobakhidze', 'vladimir-putin', 'sergey-lavrov', 'andrei-belousov', 'recep-tayyip-erdogan', 'hakan-fidan', 'mark-rutte', 'antonio-guterres', 'rafael-grossi', 'kaja-kallas']));
    const fidan = taxonomy.people.find((p) => p.id === 'hakan-fidan')!;
    expect(fidan.aliases.ru).toContain('Фидан');
    expect(fidan.roles.find((r) => r.to === null)).toMatchObject({ topics: ['diplomacy'], office: { en: 'Foreign Minister of Türkiye' } });
  });
});

describe('a headline that names only a person', () => {
  it('places the person\'s country and points to the office\'s topic', () => {
    const c = classify(item('Lavrov and Fidan speak by phone', '', on('2025-06-01')));
    expect(regionsOf(c)).toEqual(['russia', 'turkiye']);
    expect(topicsOf(c)).toEqual(['diplomacy']);
    expect(regionsOf(classify(item('Pashinyan rules out snap election', '', on('2025-06-01'))))).toEqual(['south-caucasus']);
    expect(regionsOf(classify({ ...item('Пашиняну предложили уйти в отставку', '', on('2025-06-01')), language: 'ru' }))).toEqual(['south-caucasus']);
  });

  it('while the role lasts: an ended office no longer implies its topic, the country stays', () => {
    // One country only: two would point to diplomacy by themselves (see classify.ts, SILENT_RELATIONS).
    const before = classify(item('Blinken arrives for a lecture', '', on('2024-06-01')));
    const after = classify(item('Blinken arrives for a lecture', '', on('2025-06-01')));
    expect(countriesOf(before)).toEqual(['US']);
    expect(topicsOf(before)).toEqual(['diplomacy']);
    expect(countriesOf(after)).toEqual(['US']);
    expect(topicsOf(after)).toEqual([]);
  });

  it('office-holders of two countries together point to diplomacy, one alone does not', () => {
    expect(topicsOf(classify(item('Tokayev and Japarov open a border market')))).toEqual(['diplomacy', 'economy-business']);
    expect(topicsOf(classify(item('Tokayev opens a border market')))).toEqual(['economy-business']);
  });

  it('two countries named together lean to diplomacy (half a keyword), one alone does not', () => {
    const lead = (who: string) => `${who} agreed to share the waters of the Silala.`;
    expect(topicsOf(classify(item('Chile and Bolivia settle glacier dispute', lead('Chile and Bolivia'))))).toEqual(['climate-environment', 'diplomacy']);
    expect(topicsOf(classify(item('Chile settles glacier dispute', lead('Chile'))))).toEqual(['climate-environment']);
  });

  it('an international office places the body, not the home country, while it lasts', () => {
    expect(regionsOf(classify(item('Rutte: allies must spend more', '', on('2025-06-01'))))).toEqual(['international-organisations']);
    expect(topicsOf(classify(item('Rutte: allies must spend more', '', on('2025-06-01'))))).toEqual(['security-defence']);
    expect(regionsOf(classify(item('Rutte: allies must spend more', '', on('2023-06-01'))))).toEqual(['europe']);
    expect(regionsOf(classify(item('Stoltenberg presents the budget', '', on('2025-06-01'))))).toEqual(['europe']);
    expect(regionsOf(classify(item('Stoltenberg presents the budget', '', on('2023-06-01'))))).toEqual(['international-organisations']);
    expect(regionsOf(classify(item('Guterres calls for restraint', '', on('2025-06-01'))))).toEqual(['international-organisations']);
  });
});

describe('a headline that names only an organisation', () => {
  it('places its country and points to its topic', () => {
    const cases: [string, string[], string[]][] = [
      ['Roscosmos postpones launch', ['russia'], ['science-technology']],
      ['Knesset votes to dissolve itself', ['middle-east'], ['politics']],
      ['Pentagon confirms new deployment', ['north-america'], ['security-defence']],
      ['SOCAR signs supply deal', ['south-caucasus'], ['energy']],
      ['Роскосмос перенёс запуск', ['russia'], ['science-technology']],
      ['Госдума приняла закон', ['russia'], ['politics']],
    ];
    for (const [title, regions, topics] of cases) {
      const c = classify({ ...item(title), language: /\p{Script=Cyrillic}/u.test(title) ? 'ru' : 'en' });
      expect(regionsOf(c), title).toEqual(regions);
      expect(topicsOf(c), title).toEqual(topics);
    }
  });

  it('places an international body in its regions', () => {
    expect(regionsOf(classify(item('UNHCR warns of funding gap')))).toEqual(['international-organisations']);
    expect(regionsOf(classify(item('NATO allies meet in Brussels')))).toEqual(expect.arrayContaining(['international-organisations']));
  });
});
