/**
 * Extraction cannot stall Herald. extractArticle (linkedom + readability) is synchronous and
 * was measured at 89 s on one 2.9 MB page; on the main thread that froze the bot, the
 * sender and the heartbeat. Pages are now extracted in a worker with a time budget, and
 * article pages are fetched with their own, smaller size cap (ARTICLE_MAX_BYTES).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExtractorPool, type ArticleExtractor } from '../../src/news/extractor-pool.js';
import { fetchFeed } from '../../src/news/fetch-feed.js';
import { createGuardedFetch, type GuardedFetch } from '../../src/news/guarded-fetch.js';
import type { FeedEntry } from '../../src/news/types.js';
import { fetchFullTexts } from '../../src/ingest/full-text.js';
import { startFakeFeedServer, type FakeFeedServer } from '../helpers/fake-feed-server.js';
import { runHeraldOnce } from '../helpers/run-herald.js';
import { createTestDb } from '../helpers/test-db.js';

const BUDGET_MS = 500;
/**
 * The real process's budget: a fresh worker's first ordinary page must fit it on a machine busy
 * with the whole suite, while the pathological page (over a minute inline) still cannot.
 */
const PROCESS_BUDGET_MS = 3_000;

/**
 * About 1 MB of small blocks full of links: readability scores every node against its
 * neighbours, and this page keeps it busy for well over a minute (85 s measured here).
 */
function pathologicalPage(): string {
  const blocks = Array.from({ length: 20_000 }, (_, i) => `<div><span>w${i}, </span><a href="#">l</a></div>`).join('');
  return `<!doctype html><html><head><title>Slow</title></head><body>${blocks}</body></html>`;
}

function normalPage(marker: string): string {
  const paragraphs = Array.from(
    { length: 4 },
    (_, i) => `<p>The ${marker} corridor carried record cargo in month ${i + 1}, officials in Baku said on Tuesday, and more traffic is expected next year.</p>`,
  ).join('');
  return `<!doctype html><html><head><title>${marker}</title></head><body><article><h1>${marker}</h1>${paragraphs}</article></body></html>`;
}

describe('the extractor pool', () => {
  let pool: ArticleExtractor;

  beforeAll(() => {
    pool = createExtractorPool({ size: 1, timeoutMs: BUDGET_MS });
  });
  afterAll(async () => {
    await pool?.close();
  });

  it('extracts a normal page in its worker', async () => {
    const outcome = await pool.extract(normalPage('Transcaspian'), 'https://news.example/a');
    expect(outcome.kind).toBe('extracted');
    if (outcome.kind === 'extracted') expect(outcome.article.text).toContain('The Transcaspian corridor carried record cargo');
  });

  it('gives up on a pathological page at the budget while the main thread stays responsive, then extracts the next page with a new worker', async () => {
    const page = pathologicalPage();
    expect(page.length).toBeGreaterThan(900_000);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    const outcome = await pool.extract(page, 'https://news.example/slow');
    const elapsed = performance.now() - started;
    delay.disable();

    expect(outcome).toEqual({ kind: 'failed', reason: expect.stringMatching(/^extraction took longer than 500 ms \(a \d+ KB page\)/) });
    expect(elapsed).toBeGreaterThanOrEqual(BUDGET_MS - 5);
    expect(elapsed).toBeLessThan(BUDGET_MS + 1000);
    // Inline, the page would have blocked the loop for over a minute.
    expect(delay.max / 1e6).toBeLessThan(200);

    const next = performance.now();
    const after = await pool.extract(normalPage('Aftermath'), 'https://news.example/b');
    expect(after.kind).toBe('extracted');
    // Includes starting the replacement worker; still far from a stalled pool.
    expect(performance.now() - next).toBeLessThan(10_000);
  });

  it('starts a worker with the first page and stops it once idle; the next page starts another', async () => {
    const events: string[] = [];
    let onStopped = () => {};
    const idle = createExtractorPool({
      size: 1,
      timeoutMs: 10_000,
      idleMs: 2_000,
      onWorker: (event) => {
        events.push(event.kind === 'started' ? 'started' : `stopped: ${event.reason}`);
        if (event.kind === 'stopped') onStopped();
      },
    });
    try {
      expect(idle.workers()).toBe(0);
      expect((await idle.extract(normalPage('First'), 'https://news.example/1')).kind).toBe('extracted');
      expect(idle.workers()).toBe(1);
      // Busy again before the countdown ends: the same worker carries on, none is started.
      expect((await idle.extract(normalPage('Second'), 'https://news.example/2')).kind).toBe('extracted');
      expect(events).toEqual(['started']);
      // Then idle: it stops by itself.
      await new Promise<void>((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`no idle stop: ${events.join(', ')}`)), 10_000);
        onStopped = () => {
          clearTimeout(deadline);
          resolve();
        };
      });
      expect(events).toEqual(['started', 'stopped: idle']);
      expect(idle.workers()).toBe(0);
      expect((await idle.extract(normalPage('Third'), 'https://news.example/3')).kind).toBe('extracted');
      expect(events).toEqual(['started', 'stopped: idle', 'started']);
      expect(idle.workers()).toBe(1);
    } finally {
      await idle.close();
    }
    expect(idle.workers()).toBe(0);
  }, 30_000);

  it('fails what is still waiting when closed, and whatever comes after', async () => {
    const closing = createExtractorPool({ size: 1, timeoutMs: BUDGET_MS });
    const waiting = closing.extract(normalPage('Late'), 'https://news.example/late');
    await closing.close();
    expect((await waiting).kind).toBe('failed');
    expect(await closing.extract(normalPage('Later'), 'https://news.example/later')).toEqual({ kind: 'failed', reason: 'the extractor is closed (Herald is stopping)' });
  });
});

describe('full text through the pool: the entry keeps its feed text and the report says why', () => {
  let outlet: FakeFeedServer;
  let guard: GuardedFetch;
  let pool: ArticleExtractor;

  beforeAll(async () => {
    outlet = await startFakeFeedServer();
    guard = createGuardedFetch({ allowPrivate: true });
    pool = createExtractorPool({ size: 1, timeoutMs: BUDGET_MS });
  });
  afterAll(async () => {
    await pool?.close();
    await guard?.close();
    await outlet?.close();
  });

  it('reads the normal page and records the slow one as a failure', async () => {
    outlet.setHtml('/slow', pathologicalPage());
    outlet.setHtml('/fine', normalPage('Transcaspian'));
    const entry = (key: string, path: string): FeedEntry => ({
      key,
      guid: key,
      url: outlet.url(path),
      canonicalUrl: outlet.url(path),
      title: key,
      author: null,
      categories: [],
      publishedAt: new Date(),
      description: 'Short teaser…',
      contentHtml: null,
      imageUrl: null,
      contentHash: key,
    });
    const limits = { guardedFetch: guard, timeoutMs: 5000, maxBytes: 1024 * 1024, userAgent: 'Herald/test' };
    const report = await fetchFullTexts(
      [entry('slow', '/slow'), entry('fine', '/fine')],
      { fetchPage: (url) => fetchFeed(url, { etag: null, lastModified: null }, limits), extract: pool.extract },
      { limit: 10, concurrency: 2 },
    );
    expect([...report.texts.keys()]).toEqual(['fine']);
    expect(report.failures).toEqual([{ url: outlet.url('/slow'), reason: expect.stringMatching(/^extraction took longer than 500 ms/) }]);
  });
});

describe('the real Herald process: ARTICLE_MAX_BYTES and EXTRACT_TIMEOUT_MS', () => {
  let outlet: FakeFeedServer;
  let env: Record<string, string>;
  let closeDb: () => Promise<void>;

  beforeAll(async () => {
    outlet = await startFakeFeedServer();
    const testDb = await createTestDb();
    closeDb = () => testDb.close();
    env = { FEEDS: outlet.url('/rss.xml'), FIRST_RUN_POSTS: '3', EXTRACT_TIMEOUT_MS: String(PROCESS_BUDGET_MS), DATABASE_URL: testDb.url };
  });
  afterAll(async () => {
    await closeDb?.();
    await outlet?.close();
  });

  it('a page over the article cap (default 1 MiB, under FETCH_MAX_BYTES) and a page past the budget keep their feed text', async () => {
    // 1.5 MB: within FETCH_MAX_BYTES (5 MiB), so only the article cap refuses it.
    outlet.setHtml('/huge', `<!doctype html><html><body><article>${'<p>Huge page text. </p>'.repeat(75_000)}</article></body></html>`);
    outlet.setHtml('/slow', pathologicalPage());
    outlet.setHtml('/fine', normalPage('Transcaspian'));
    const at = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    outlet.setFeed('/rss.xml', {
      title: 'Outlet',
      items: [
        { guid: 'huge', title: 'Huge page story', link: outlet.url('/huge'), description: 'Teaser of the huge page…', pubDate: at(1) },
        { guid: 'slow', title: 'Slow page story', link: outlet.url('/slow'), description: 'Teaser of the slow page…', pubDate: at(2) },
        { guid: 'fine', title: 'Fine page story', link: outlet.url('/fine'), description: 'Teaser of the fine page…', pubDate: at(3) },
      ],
    });
    const run = await runHeraldOnce(env);
    expect(run.code, `${run.stderr}\n${run.stdout.slice(-3000)}`).toBe(0);
    const skipped = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg?: string; url?: string; reason?: string })
      .filter((line) => line.msg === 'article page not read: the feed text is used instead');
    expect(skipped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ url: outlet.url('/huge'), reason: expect.stringMatching(/^response too large: body of \d+ bytes is over the 1048576-byte limit/) }),
        expect.objectContaining({ url: outlet.url('/slow'), reason: expect.stringMatching(new RegExp(`^extraction took longer than ${PROCESS_BUDGET_MS} ms`)) }),
      ]),
    );
    expect(skipped).toHaveLength(2);
    // Preview mode prints the posts: the two keep their teasers, the fine page is read.
    expect(run.stdout).toContain('Teaser of the huge page');
    expect(run.stdout).toContain('Teaser of the slow page');
    expect(run.stdout).toContain('The Transcaspian corridor carried record cargo');
  });
});
