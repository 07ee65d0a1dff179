import { beforeAll, describe, expect, it } from 'vitest';
import type { FeedEntry } from '../../src/news/types.js';
import { loadTaxonomy } from '../../src/news/understand/index.js';
import { createItemPreparer, type ItemPreparer } from '../../src/ingest/prepare-item.js';

const entry = (over: Partial<FeedEntry>): FeedEntry => ({
  key: 'guid:1',
  guid: '1',
  url: 'https://outlet.example/en/1',
  canonicalUrl: 'https://outlet.example/en/1',
  title: 'Untitled',
  author: null,
  categories: [],
  publishedAt: new Date('2026-11-28T08:00:00Z'),
  description: '',
  contentHtml: null,
  imageUrl: null,
  contentHash: 'h',
  ...over,
});

describe('preparing an item for storage', () => {
  let prepare: ItemPreparer;
  beforeAll(() => {
    prepare = createItemPreparer(loadTaxonomy());
  });

  it('stores the topics, countries and regions a reader filters on, with confidences', () => {
    const draft = prepare(
      entry({
        title: 'Azerbaijan and Kazakhstan agree to expand Caspian gas exports',
        description: '<p>Baku and Astana signed a memorandum on gas supplies via the Trans-Caspian route on Friday.</p>',
        categories: ['Energy'],
      }),
      { section: null, language: 'en' },
    );
    expect(draft.topics).toContain('energy');
    expect(draft.countries).toEqual(expect.arrayContaining(['AZ', 'KZ']));
    expect(draft.regions).toEqual(expect.arrayContaining(['south-caucasus', 'central-asia']));
    expect(draft.classification.regions?.['south-caucasus']).toBeGreaterThan(0);
    expect(draft.summary).toContain('memorandum');
    expect(draft.summary).not.toMatch(/<p>/);
  });

  it('uses the fetched article text for the summary and the byline when the feed had a teaser', () => {
    const draft = prepare(
      entry({ title: 'Why the Zangezur corridor matters', description: 'A new analysis…', categories: ['Analytics'] }),
      { section: 'analytics', language: 'en' },
      {
        text: 'The Zangezur corridor would link mainland Azerbaijan with Nakhchivan through Armenia. Its opening has been discussed since the 2020 ceasefire. Türkiye sees it as a direct route to Central Asia.',
        author: 'Jane Analyst',
        section: 'Analytics',
      },
    );
    expect(draft.author).toBe('Jane Analyst');
    expect(draft.section).toBe('analytics');
    expect(draft.summary).toMatch(/^The Zangezur corridor would link/);
    expect(draft.fullTextLength).toBeGreaterThan(100);
    expect(draft.regions).toContain('south-caucasus');
  });
});
