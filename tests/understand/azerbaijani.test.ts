/**
 * The classifier in Azerbaijani (issue #17): country and region names, demonyms and the main
 * topic cues (politics, diplomacy, security, energy, economy) with their case endings, judged
 * on a labelled set of Azerbaijani items of its own (tests/fixtures/labelled-az), apart from the
 * English and Russian sets. Aims: region micro-F1 ≥ 0.95, topic micro-F1 ≥ 0.80 (the set was
 * written beside the word lists, so these are development figures, not held-out ones).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { azerbaijaniForms, phraseForms, withAzerbaijani } from '../../src/news/understand/azerbaijani.js';
import { createFurnitureMatcher, evaluate, extractArticle, loadLabelledSet, summarize } from '../../src/news/understand/index.js';
import { classify, taxonomy } from './helpers.js';

const items = loadLabelledSet(fileURLToPath(new URL('../fixtures/labelled-az/', import.meta.url)));
const report = evaluate(items, {
  classify,
  summarize: (input: { title: string; text: string; language?: string }) => summarize({ ...input, furniture: taxonomy.furniture }),
  extract: (html: string, url: string) => extractArticle(html, url, taxonomy.furniture),
  furniture: createFurnitureMatcher(taxonomy.furniture),
});
const misses = (kind: 'regions' | 'topics') =>
  report.outcomes
    .filter((o) => [...o.expected[kind]].sort().join() !== o.predicted[kind].map((s) => s.id).sort().join())
    .map((o) => `${o.id}: expected ${o.expected[kind].join(',')} got ${o.predicted[kind].map((s) => s.id).join(',')}`)
    .join('\n');

describe('the classifier in Azerbaijani', () => {
  it('is measured on 40+ labelled Azerbaijani items', () => {
    expect(items.length).toBeGreaterThanOrEqual(40);
    expect(items.every((i) => i.language === 'az')).toBe(true);
  });

  it('finds the regions: micro-F1 ≥ 0.95', () => {
    expect(report.regions.micro.f1, misses('regions')).toBeGreaterThanOrEqual(0.95);
  });

  it('finds the topics: micro-F1 ≥ 0.80', () => {
    expect(report.topics.micro.f1, misses('topics')).toBeGreaterThanOrEqual(0.8);
  });

  it('reads names with their case endings and demonyms in the plural', () => {
    const place = (title: string) => classify({ title, lead: '', categories: [], language: 'az' }).countries.map((c) => c.id);
    expect(place('Bakıda beynəlxalq forum açılıb')).toContain('AZ');
    expect(place('Ermənistanın baş naziri İrəvana qayıdıb')).toContain('AM');
    expect(place('Gürcülər Tbilisidəki aksiyaya qoşulub')).toContain('GE');
    expect(place('Qazaxıstanla yeni müqavilə imzalanıb')).toEqual(['KZ']);
    // People by their Azerbaijani spelling, with endings: Erdoğan and Aliyev place the story in Türkiye and Azerbaijan.
    const regions = classify({ title: 'Ərdoğan Əliyevlə telefon danışığı aparıb', lead: '', categories: [], language: 'az' }).regions.map((r) => r.id);
    expect(regions.sort()).toEqual(['south-caucasus', 'turkiye']);
  });

  it('does not take the word for gas for the start of Kazakhstan, nor English text for Azerbaijani', () => {
    expect(classify({ title: 'Qaz qiymətləri artıb', lead: '', categories: [], language: 'az' }).countries).toEqual([]);
    const english = classify({ title: 'Roma communities protest in Paris over housing', lead: '', categories: [], language: 'en' });
    expect(english.countries.map((c) => c.id)).toEqual(['FR']);
  });

  it('makes the forms by vowel harmony, after a vowel with its buffer letter', () => {
    expect(azerbaijaniForms('Bakı')).toEqual(expect.arrayContaining(['Bakının', 'Bakıya', 'Bakıda', 'Bakıdan', 'Bakıdakı']));
    expect(azerbaijaniForms('Ermənistan')).toEqual(expect.arrayContaining(['Ermənistanın', 'Ermənistana', 'Ermənistanda', 'Ermənistanla']));
    expect(azerbaijaniForms('Gürcüstan')).toEqual(expect.arrayContaining(['Gürcüstanın', 'Gürcüstana']));
    expect(azerbaijaniForms('erməni')).toEqual(expect.arrayContaining(['ermənilər', 'ermənilərin']));
    expect(azerbaijaniForms('ABŞ')).toEqual(['ABŞ']);
    expect(phraseForms('xarici işlər naziri')).toContain('xarici işlər nazirinin');
  });

  it('refuses an entry for an unknown country, region or topic by name', () => {
    expect(() => withAzerbaijani(taxonomy, { countries: { XX: { names: ['Yoxland'] } }, regions: {}, topics: {} })).toThrow(/countries\.XX: unknown country/);
    expect(() => withAzerbaijani(taxonomy, { countries: {}, regions: {}, topics: { weather: { strong: ['hava'], keywords: [] } } })).toThrow(/topics\.weather: unknown topic/);
  });
});
