/**
 * Item language (issue #17): the feed's stated language first, else the text's, told by the
 * script, letter and word rule of news/understand/language.ts. Measured on the labelled
 * headlines of tests/fixtures/languages (written in the outlet's style: South Caucasus,
 * Central Asia, Russia, Türkiye, the Middle East), per language: at least 0.97 of the
 * headlines of 40 characters or more must be told right, and the shorter ones are shown.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectLanguage, detectTextLanguage, languageCode } from '../../src/news/understand/language.js';
import { createItemPreparer } from '../../src/ingest/prepare-item.js';
import { loadTaxonomy } from '../../src/news/understand/index.js';
import type { FeedEntry } from '../../src/news/types.js';

interface Labelled {
  en: string[];
  ru: string[];
  az: string[];
  short: { text: string; language: string }[];
}
const labelled = JSON.parse(readFileSync(new URL('../fixtures/languages/headlines.json', import.meta.url), 'utf8')) as Labelled;

describe('telling a headline’s language', () => {
  for (const language of ['en', 'ru', 'az'] as const) {
    it(`${language}: at least 0.97 of 60+ headlines of 40+ characters`, () => {
      const headlines = labelled[language].filter((h) => h.length >= 40);
      expect(headlines.length).toBeGreaterThanOrEqual(60);
      const wrong = headlines.filter((h) => detectTextLanguage(h) !== language).map((h) => `${h} → ${detectTextLanguage(h)}`);
      expect(1 - wrong.length / headlines.length, wrong.join('\n')).toBeGreaterThanOrEqual(0.97);
    });
  }

  it('short headlines: most are told, none is taken for another of the three', () => {
    const told = labelled.short.map((s) => ({ ...s, got: detectTextLanguage(s.text) }));
    expect(told.filter((s) => s.got !== s.language && s.got !== 'other'), 'a short headline taken for another language').toEqual([]);
    expect(told.filter((s) => s.got === s.language).length / told.length).toBeGreaterThanOrEqual(0.8);
  });

  it('a name, a number or nothing to go by is not guessed', () => {
    for (const text of ['2026', 'Baku', '', '— 12:30 —', 'SOCAR']) expect(detectTextLanguage(text), text).toBe('other');
  });

  it('Azerbaijani is told from Turkish-looking letters only with Azerbaijani signs; English with a Turkish name stays English', () => {
    expect(detectTextLanguage('Türkiye and Azerbaijan hold joint military exercises near Nakhchivan')).toBe('en');
    expect(detectTextLanguage('Erdoğan meets Putin in Sochi on grain exports')).toBe('en');
    expect(detectTextLanguage('Ərdoğan Putinlə Soçidə görüşüb')).toBe('az');
  });

  it('the feed’s stated language wins over the text, in any spelling of the tag', () => {
    expect(detectLanguage('Pipeline deal signed in Baku', 'ru-RU')).toBe('ru');
    expect(detectLanguage('Pipeline deal signed in Baku', 'AZ')).toBe('az');
    expect(languageCode('en_GB')).toBe('en');
    expect(languageCode('english')).toBeNull();
    expect(languageCode('  ')).toBeNull();
  });
});

describe('an item’s stored language', () => {
  const entry = (title: string): FeedEntry => ({
    key: `k:${title}`,
    guid: null,
    url: null,
    canonicalUrl: null,
    title,
    author: null,
    categories: [],
    publishedAt: new Date('2026-11-28T08:00:00Z'),
    description: '',
    contentHtml: null,
    imageUrl: null,
    contentHash: title,
  });

  it('is the feed’s language when it states one (even one Herald has no lexicon for), else the text’s, else unknown, said once per feed', () => {
    const told: string[] = [];
    const prepare = createItemPreparer(loadTaxonomy(), { onUnknownLanguage: (feedUrl) => told.push(feedUrl) });
    const feed = (language: string | null, url = 'https://outlet.example/feed.xml') => ({ section: null, language, url });
    expect(prepare(entry('Bakıda beynəlxalq enerji forumu keçirilir'), feed('en-US')).language).toBe('en');
    expect(prepare(entry('Türkiye ile Azerbaycan arasında yeni anlaşma'), feed('tr')).language).toBe('tr');
    expect(prepare(entry('Bakıda beynəlxalq enerji forumu keçirilir'), feed(null)).language).toBe('az');
    expect(prepare(entry('В Баку открылся энергетический форум'), feed(null)).language).toBe('ru');
    expect(prepare(entry('2026'), feed(null)).language).toBeNull();
    expect(prepare(entry('2027'), feed(null)).language).toBeNull();
    expect(prepare(entry('Photo: 2027'), feed(null, 'https://other.example/rss')).language).toBeNull();
    expect(told).toEqual(['https://outlet.example/feed.xml', 'https://other.example/rss']);
  });
});
