/**
 * `npm start -- --demo`: a sample outlet on loopback, read by a preview-mode Herald with its
 * own temporary database, posts shown as text; the caller's settings and data never used.
 */
import { chmod, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { startDemo } from '../../src/demo/start-demo.js';
import { fetchFeed } from '../../src/news/fetch-feed.js';
import { createGuardedFetch } from '../../src/news/guarded-fetch.js';
import { parseFeed } from '../../src/news/parse-feed.js';
import { runHeraldOnce } from '../helpers/run-herald.js';

const CALLER = {
  BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ_demo',
  DATABASE_URL: 'postgres://herald:real-password@db.example:5432/herald',
  DATA_DIR: '/var/lib/herald-real',
  FEEDS: 'https://outlet.example/rss.xml',
  ALLOW_PRIVATE_FETCH: 'true',
  CHANNEL_ID: '@real_channel',
};

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'herald-demo-test-'));
  // Enterable by the embedded server's user when the tests run as root, as /tmp is.
  await chmod(root, 0o755);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the demo', () => {
  it("builds its own settings from nothing: none of the caller's token, database, data, feeds or private fetching", async () => {
    const demo = await startDemo({ ...CALLER, LOG_LEVEL: 'debug' }, { tmpRoot: root });
    try {
      expect(Object.keys(demo.env).sort()).toEqual(['DATA_DIR', 'FEEDS', 'FIRST_RUN_POSTS', 'HOST', 'LOG_FORMAT', 'LOG_LEVEL', 'PORT']);
      const parsed = parseConfig(demo.env);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(parsed.config.databaseUrl).toBeUndefined();
      expect(parsed.config).toMatchObject({ preview: true, allowPrivateFetch: false, dataDir: demo.dataDir, feeds: [demo.outlet.feedUrl], logLevel: 'debug', logFormat: 'pretty', host: '127.0.0.1' });
      expect(demo.dataDir.startsWith(join(root, 'herald-demo-'))).toBe(true);
      // The one address let through is the sample outlet's own.
      expect(demo.allowAddresses).toEqual(['127.0.0.1']);
      expect(demo.outlet.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await demo.close();
    }
    expect(await readdir(root)).toEqual([]);
  });

  it('serves 10 to 20 stories in the outlet style, each with a full article page and a cover, through the guarded fetcher only with its address let through', async () => {
    const demo = await startDemo({}, { tmpRoot: root });
    const opened = createGuardedFetch({ allowPrivate: false, allowAddresses: demo.allowAddresses });
    const closed = createGuardedFetch({ allowPrivate: false });
    const options = { timeoutMs: 5000, maxBytes: 1 << 20, userAgent: 'test' };
    const none = { etag: null, lastModified: null };
    try {
      // A normal run's fetcher (no address let through) refuses the sample outlet like any loopback address.
      expect(await fetchFeed(demo.outlet.feedUrl, none, { ...options, guardedFetch: closed })).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/^refused: 127\.0\.0\.1 is a loopback address/) });
      const feed = await fetchFeed(demo.outlet.feedUrl, none, { ...options, guardedFetch: opened });
      expect(feed.kind).toBe('fetched');
      if (feed.kind !== 'fetched') return;
      const parsed = await parseFeed(feed.body, { feedUrl: feed.finalUrl, now: new Date(), timeZone: 'UTC', contentType: feed.contentType });
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      const entries = parsed.feed.entries;
      expect(entries.length).toBeGreaterThanOrEqual(10);
      expect(entries.length).toBeLessThanOrEqual(20);
      expect(new Set(entries.flatMap((e) => e.categories.slice(0, 1)))).toEqual(new Set(['News', 'Analytics', 'Interview', 'Opinion']));
      expect(entries.filter((e) => e.author).length).toBeGreaterThanOrEqual(4);
      expect(feed.body).toMatch(/<pubDate>\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0400<\/pubDate>/);
      for (const entry of entries) {
        const page = await fetchFeed(entry.url!, none, { ...options, guardedFetch: opened });
        expect(page).toMatchObject({ kind: 'fetched', body: expect.stringContaining('<article>') });
        expect(entry.imageUrl).toMatch(/\/covers\/[a-z0-9-]+\.svg$/);
      }
    } finally {
      await opened.close();
      await closed.close();
      await demo.close();
    }
  });

  it('npm start -- --demo: shows every story as a readable post, uses none of the caller’s settings or data, and cleans up', async () => {
    const dataDir = join(root, 'real-data');
    await rm(dataDir, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(dataDir));
    await writeFile(join(dataDir, 'marker'), 'real data');
    const run = await runHeraldOnce(
      {
        ...CALLER,
        DATA_DIR: dataDir,
        // A database nobody answers on, and no private fetching: the demo needs neither.
        DATABASE_URL: `postgres://herald:real-password@127.0.0.1:${await closedPort()}/herald`,
        ALLOW_PRIVATE_FETCH: 'false',
        TMPDIR: root,
        LOG_LEVEL: '',
      },
      ['--demo'],
    );
    expect(run.code, run.stderr + run.stdout.slice(-3000)).toBe(0);
    const posts = run.stdout.match(/^── post \d+ to channel ─+$/gm) ?? [];
    expect(posts).toHaveLength(12);
    expect(run.stdout).toContain('📊 Analytics');
    expect(run.stdout).toContain('🎙 Interview');
    expect(run.stdout).toContain('By Leyla Hasanova');
    expect(run.stdout).toMatch(/#CentralAsia/);
    expect(run.stdout).toMatch(/\[Read more\] http:\/\/127\.0\.0\.1:\d+\/news\/caspian-ferries-night-sailings/);
    // The feed's lead is a teaser: the post's summary comes from the article page.
    expect(run.stdout).toContain('The operators said the extra sailings would cut the time');
    expect(run.stdout).not.toMatch(/<\/?b>|^\{/m);
    expect(run.stdout).toMatch(/That was the demo: 12 posts in /);
    expect(run.stdout + run.stderr).not.toContain('real-password');
    expect(await readdir(dataDir)).toEqual(['marker']);
    expect((await readdir(root)).filter((name) => name.startsWith('herald-demo-'))).toEqual([]);
  }, 120_000);
});

/** A loopback port nothing listens on: taken from the system, then let go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
