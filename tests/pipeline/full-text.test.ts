import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/create-db.js';
import { fetchFeed, type FetchOptions } from '../../src/news/fetch-feed.js';
import { createExtractorPool, type ArticleExtractor } from '../../src/news/extractor-pool.js';
import { createGuardedFetch, type GuardedFetch } from '../../src/news/guarded-fetch.js';
import { loadTaxonomy } from '../../src/news/understand/index.js';
import { fetchFullTexts } from '../../src/ingest/full-text.js';
import { pollDueFeeds } from '../../src/ingest/poll-feeds.js';
import { createItemPreparer } from '../../src/ingest/prepare-item.js';
import { seedFeeds } from '../../src/stores/feeds.js';
import { startFakeFeedServer, type FakeFeedServer } from '../helpers/fake-feed-server.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

const ARTICLE = `<!doctype html><html><head><title>Why the Middle Corridor matters</title>
<meta name="author" content="Jane Analyst"></head><body>
<nav><a href="/">Home</a> <a href="/analytics">Analytics</a></nav>
<article><h1>Why the Middle Corridor matters</h1>
<p>The Middle Corridor links China with Europe through Kazakhstan, the Caspian Sea, Azerbaijan and Georgia, avoiding Russian territory altogether.</p>
<p>Cargo volumes on the route tripled after 2022, as shippers looked for alternatives to the northern line through Russia and Belarus.</p>
<p>Ports in Aktau and Baku are being expanded, and a new terminal at Alat is expected to double capacity by the end of the decade.</p>
<p>Read also: Baku hosts transport ministers</p>
<div class="share">Share on Facebook Share on X</div>
</article>
<aside class="latest"><h3>Latest news</h3><ul><li><a href="/n/1">Unrelated headline one</a></li><li><a href="/n/2">Unrelated headline two</a></li></ul></aside>
</body></html>`;

describe('reading the article page when the feed carries a teaser', () => {
  let outlet: FakeFeedServer;
  let testDb: TestDb;
  let db: Db;
  // The outlet is on loopback, allowed here explicitly; extraction runs in the worker pool, as in app.ts.
  let guardedFetch: GuardedFetch;
  let extractor: ArticleExtractor;
  let limits: FetchOptions;

  beforeAll(async () => {
    outlet = await startFakeFeedServer();
    testDb = await createTestDb();
    db = testDb.db;
    guardedFetch = createGuardedFetch({ allowPrivate: true });
    extractor = createExtractorPool({ size: 1, timeoutMs: 10_000, furniture: loadTaxonomy().furniture });
    limits = { guardedFetch, timeoutMs: 5000, maxBytes: 1024 * 1024, userAgent: 'Herald/test' };
  });
  afterAll(async () => {
    await extractor?.close();
    await guardedFetch?.close();
    await testDb?.close();
    await outlet?.close();
  });

  it('stores the article text length, byline and a summary from the page, without its furniture', async () => {
    outlet.setHtml('/analytics/middle-corridor', ARTICLE);
    outlet.setFeed('/rss.xml', {
      title: 'Outlet',
      items: [{ guid: 'mc', title: 'Why the Middle Corridor matters', link: outlet.url('/analytics/middle-corridor'), description: 'A new route is reshaping trade…', pubDate: new Date('2026-11-27T10:00:00Z') }],
    });
    await seedFeeds(db, [outlet.url('/rss.xml')]);
    const taxonomy = loadTaxonomy();
    const reports = await pollDueFeeds(
      {
        db,
        logger: pino({ level: 'silent' }),
        now: () => new Date(),
        prepareItem: createItemPreparer(taxonomy),
        fetchFeed: (url, validators) => fetchFeed(url, validators, limits),
        fetchFullTexts: (entries) => fetchFullTexts(entries, { fetchPage: (url) => fetchFeed(url, { etag: null, lastModified: null }, limits), extract: extractor.extract }, { limit: 10, concurrency: 2 }),
      },
      { firstRunPosts: 1, backlogCap: 10, concurrency: 2 },
    );
    expect(reports[0]?.outcome).toBe('new-items');
    expect(outlet.count('/analytics/middle-corridor')).toBe(1);
    const item = await db.selectFrom('items').selectAll().executeTakeFirstOrThrow();
    expect(item.author).toBe('Jane Analyst');
    expect(item.full_text_length).toBeGreaterThan(300);
    expect(item.summary).toMatch(/^The Middle Corridor links China with Europe/);
    expect(item.summary).not.toMatch(/Read also|Share on|Latest news|Unrelated headline/);
    expect(item.regions).toContain('south-caucasus');
  });

  it('does not fetch pages again for entries it already has', async () => {
    const before = outlet.count('/analytics/middle-corridor');
    outlet.addItem('/rss.xml', { guid: 'n2', title: 'Second item', link: outlet.url('/missing-page'), description: 'Short teaser…', pubDate: new Date('2026-11-28T10:00:00Z') });
    await db.updateTable('feeds').set({ next_fetch_at: new Date(0) }).execute();
    const taxonomy = loadTaxonomy();
    await pollDueFeeds(
      {
        db,
        logger: pino({ level: 'silent' }),
        now: () => new Date(),
        prepareItem: createItemPreparer(taxonomy),
        fetchFeed: (url, validators) => fetchFeed(url, validators, limits),
        fetchFullTexts: (entries) => fetchFullTexts(entries, { fetchPage: (url) => fetchFeed(url, { etag: null, lastModified: null }, limits), extract: extractor.extract }, { limit: 10, concurrency: 2 }),
      },
      { firstRunPosts: 1, backlogCap: 10, concurrency: 2 },
    );
    expect(outlet.count('/analytics/middle-corridor')).toBe(before);
    // The new entry's page is missing (404): the item is still stored, from its teaser.
    const second = await db.selectFrom('items').selectAll().where('guid', '=', 'n2').executeTakeFirstOrThrow();
    expect(second.summary).toContain('Short teaser');
    expect(second.full_text_length).toBeNull();
  });
});
