/**
 * Server-side request forgery: a feed (or an editor's /feeds add) names the URLs Herald
 * fetches, so without a guard it could be pointed at Herald's own machine, the cloud
 * metadata service or the office network. Every refusal here must happen before a
 * connection is made; the non-loopback cases also block any socket the test sees, so even a
 * broken guard sends nothing off this machine.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import http from 'node:http';
import type { LookupFunction, Socket } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFeedAddress } from '../../src/bot/admin/feed-check.js';
import type { Db } from '../../src/db/create-db.js';
import { blockedAddress } from '../../src/news/address-policy.js';
import { createExtractorPool, type ArticleExtractor } from '../../src/news/extractor-pool.js';
import { fetchFeed, type FetchOptions } from '../../src/news/fetch-feed.js';
import { createGuardedFetch, type GuardedFetch } from '../../src/news/guarded-fetch.js';
import { loadTaxonomy } from '../../src/news/understand/index.js';
import { fetchFullTexts } from '../../src/ingest/full-text.js';
import { pollDueFeeds } from '../../src/ingest/poll-feeds.js';
import { createItemPreparer } from '../../src/ingest/prepare-item.js';
import { syncConfigChannel } from '../../src/stores/channels.js';
import { seedFeeds } from '../../src/stores/feeds.js';
import { startHarness, type Harness } from '../delivery/support/harness.js';
import { startFakeFeedServer, type FakeFeedServer } from '../helpers/fake-feed-server.js';
import { runHeraldOnce } from '../helpers/run-herald.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

const NONE = { etag: null, lastModified: null };
const HINT = '(set ALLOW_PRIVATE_FETCH=true to allow private addresses)';
const SECRET = 'SECRET-7f3a9c: internal admin panel, database password hunter2';
const SECRET_WORD = 'Secret7f3a9c';

/** Whether this machine can listen on the address (IPv6 loopback, a second IPv4 loopback address). */
async function canListen(host: string): Promise<boolean> {
  const server = http.createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(0, host, () => server.close(() => resolve(true)));
  });
}
const IPV6_LOOPBACK = await canListen('::1');
const SECOND_LOOPBACK = await canListen('127.0.0.2');

/**
 * Client sockets Node creates while `task` runs. With `block`, each is destroyed before it
 * can connect: a regression then fails the test instead of sending a packet.
 */
async function watchSockets<T>(task: () => Promise<T>, opts: { block: boolean }): Promise<{ result: T; sockets: number }> {
  let sockets = 0;
  const onSocket = (message: unknown) => {
    sockets++;
    if (!opts.block) return;
    const { socket } = message as { socket: Socket };
    socket.connect = function (this: Socket) {
      this.destroy(new Error('blocked by the test: the guard let a non-loopback connection through'));
      return this;
    } as Socket['connect'];
  };
  subscribe('net.client.socket', onSocket);
  try {
    return { result: await task(), sockets };
  } finally {
    unsubscribe('net.client.socket', onSocket);
  }
}

function pageOptions(guardedFetch: GuardedFetch): FetchOptions {
  return { guardedFetch, timeoutMs: 3000, maxBytes: 1024 * 1024, userAgent: 'Herald/test' };
}

describe('the address rule (no network)', () => {
  it.each([
    ['8.8.8.8'], ['172.32.0.1'], ['100.128.0.1'], ['169.253.255.255'], ['2606:4700::1111'], ['::ffff:8.8.8.8'], ['64:ff9b::8.8.8.8'],
  ])('lets the public address %s through', (address) => {
    expect(blockedAddress(address)).toBeNull();
  });

  it.each([
    ['172.31.255.255', 'a private address'],
    ['100.127.255.255', 'a carrier-grade NAT address'],
    ['239.255.255.250', 'a multicast address'],
    ['240.0.0.1', 'a reserved address'],
    ['::', 'the unspecified address'],
    ['ff02::1', 'a multicast address'],
    ['::ffff:10.1.2.3', 'an IPv4-mapped form of 10.1.2.3, a private address'],
    ['::127.0.0.1', 'an IPv4-compatible form of 127.0.0.1, a loopback address'],
  ])('refuses %s as %s', (address, what) => {
    expect(blockedAddress(address)).toBe(what);
  });
});

describe('the guarded fetcher refuses private addresses (ALLOW_PRIVATE_FETCH unset)', () => {
  let inside: FakeFeedServer;
  let inside6: FakeFeedServer | null = null;
  let guard: GuardedFetch;
  let port: string;

  beforeAll(async () => {
    inside = await startFakeFeedServer();
    inside.setHtml('/secret', `<html><body><p>${SECRET}</p></body></html>`);
    port = new URL(inside.origin).port;
    if (IPV6_LOOPBACK) {
      inside6 = await startFakeFeedServer({ host: '::1' });
      inside6.setHtml('/secret', `<html><body><p>${SECRET}</p></body></html>`);
    }
    guard = createGuardedFetch({ allowPrivate: false });
  });
  afterAll(async () => {
    await guard?.close();
    await inside?.close();
    await inside6?.close();
  });

  // WHATWG URL parsing turns every IPv4 spelling into dotted decimal, and the guard checks
  // the address it connects to, so each spelling is refused as what it really is.
  it.each([
    ['127.0.0.1', `refused: 127.0.0.1 is a loopback address ${HINT}`],
    ['2130706433', `refused: 127.0.0.1 is a loopback address ${HINT}`],
    ['0x7f000001', `refused: 127.0.0.1 is a loopback address ${HINT}`],
    ['0177.0.0.1', `refused: 127.0.0.1 is a loopback address ${HINT}`],
    ['127.1', `refused: 127.0.0.1 is a loopback address ${HINT}`],
    ['[::ffff:127.0.0.1]', `refused: ::ffff:7f00:1 is an IPv4-mapped form of 127.0.0.1, a loopback address ${HINT}`],
    ['[::ffff:7f00:1]', `refused: ::ffff:7f00:1 is an IPv4-mapped form of 127.0.0.1, a loopback address ${HINT}`],
    ['[64:ff9b::127.0.0.1]', `refused: 64:ff9b::7f00:1 is a NAT64 form of 127.0.0.1, a loopback address ${HINT}`],
    // On Linux a connection to 0.0.0.0 reaches the local machine.
    ['0.0.0.0', `refused: 0.0.0.0 is a "this network" address ${HINT}`],
  ])('http://%s:PORT/secret is refused before any socket is opened, and the loopback server sees nothing', async (host, reason) => {
    const before = inside.count('/secret');
    const { result, sockets } = await watchSockets(() => fetchFeed(`http://${host}:${port}/secret`, NONE, pageOptions(guard)), { block: false });
    expect(result).toEqual({ kind: 'failed', reason, status: null });
    expect(sockets).toBe(0);
    expect(inside.count('/secret')).toBe(before);
  });

  it.skipIf(!IPV6_LOOPBACK)('http://[::1]:PORT/secret is refused and the IPv6 loopback server sees nothing (skipped when this machine has no IPv6 loopback)', async () => {
    const { result, sockets } = await watchSockets(() => fetchFeed(inside6!.url('/secret'), NONE, pageOptions(guard)), { block: false });
    expect(result).toEqual({ kind: 'failed', reason: `refused: ::1 is a loopback address ${HINT}`, status: null });
    expect(sockets).toBe(0);
    expect(inside6!.count('/secret')).toBe(0);
  });

  it('a host name is checked on what it resolves to, when connecting: localhost is refused', async () => {
    const before = inside.count('/secret');
    const result = await fetchFeed(`http://localhost:${port}/secret`, NONE, pageOptions(guard));
    expect(result).toMatchObject({ kind: 'failed', status: null });
    expect(result.kind === 'failed' && result.reason).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address \(set ALLOW_PRIVATE_FETCH=true/);
    expect(inside.count('/secret')).toBe(before);
  });

  it.each([
    ['169.254.169.254', '/latest/meta-data/iam/security-credentials/', `refused: 169.254.169.254 is a link-local address ${HINT}`],
    ['10.0.0.1', '/', `refused: 10.0.0.1 is a private address ${HINT}`],
    ['172.16.5.4', '/', `refused: 172.16.5.4 is a private address ${HINT}`],
    ['192.168.1.1', '/', `refused: 192.168.1.1 is a private address ${HINT}`],
    ['100.64.0.1', '/', `refused: 100.64.0.1 is a carrier-grade NAT address ${HINT}`],
    ['224.0.0.1', '/', `refused: 224.0.0.1 is a multicast address ${HINT}`],
    ['255.255.255.255', '/', `refused: 255.255.255.255 is the broadcast address ${HINT}`],
    ['[fe80::1]', '/', `refused: fe80::1 is a link-local address ${HINT}`],
    ['[fd00::1]', '/', `refused: fd00::1 is a unique-local (private) address ${HINT}`],
    ['[::ffff:a9fe:a9fe]', '/', `refused: ::ffff:a9fe:a9fe is an IPv4-mapped form of 169.254.169.254, a link-local address ${HINT}`],
  ])('http://%s%s is refused at once, without any connection attempt', async (host, path, reason) => {
    const started = performance.now();
    const { result, sockets } = await watchSockets(() => fetchFeed(`http://${host}${path}`, NONE, pageOptions(guard)), { block: true });
    const elapsed = performance.now() - started;
    expect(result).toEqual({ kind: 'failed', reason, status: null });
    expect(sockets).toBe(0);
    // No connection, no timeout: a refusal is immediate (the fetch timeout here is 3000 ms).
    expect(elapsed).toBeLessThan(250);
  });
});

describe.skipIf(!SECOND_LOOPBACK)('redirects and DNS rebinding (127.0.0.2 stands in for a public host; skipped where it cannot be bound)', () => {
  let outside: FakeFeedServer;
  let inside: FakeFeedServer;

  beforeAll(async () => {
    outside = await startFakeFeedServer({ host: '127.0.0.2' });
    inside = await startFakeFeedServer();
    inside.setHtml('/secret', `<html><body><p>${SECRET}</p></body></html>`);
  });
  afterAll(async () => {
    await outside?.close();
    await inside?.close();
  });

  it('follows a redirect from an allowed host only until it points at a private one', async () => {
    const guard = createGuardedFetch({ allowPrivate: false, allowAddresses: ['127.0.0.2'] });
    try {
      outside.redirect('/feed.xml', inside.url('/secret'));
      const result = await fetchFeed(outside.url('/feed.xml'), NONE, pageOptions(guard));
      expect(result).toEqual({ kind: 'failed', reason: `redirect to ${inside.url('/secret')} refused: 127.0.0.1 is a loopback address ${HINT}`, status: null });
      expect(outside.count('/feed.xml')).toBe(1);
      expect(inside.count('/secret')).toBe(0);
    } finally {
      await guard.close();
    }
  });

  it('/feeds add: the feed an HTML page names (<link rel="alternate">) is fetched through the guard too', async () => {
    const guard = createGuardedFetch({ allowPrivate: false, allowAddresses: ['127.0.0.2'] });
    try {
      inside.setFeed('/internal.xml', { title: 'Internal', items: [{ guid: 'x', title: SECRET, link: 'https://news.example/x' }] });
      outside.setHtml('/home', `<html><head><title>Home</title><link rel="alternate" type="application/rss+xml" href="${inside.url('/internal.xml')}"></head><body>Hi</body></html>`);
      // As app.ts wires the editors' /feeds add.
      const check = await checkFeedAddress(outside.url('/home'), (url) => fetchFeed(url, NONE, pageOptions(guard)), new Date());
      expect(check).toEqual({ ok: false, reason: `Could not fetch ${inside.url('/internal.xml')}: refused: 127.0.0.1 is a loopback address ${HINT}` });
      expect(outside.count('/home')).toBe(1);
      expect(inside.count('/internal.xml')).toBe(0);
    } finally {
      await guard.close();
    }
  });

  it('a name that resolved to an allowed address and then resolves to loopback is refused on the next connection', async () => {
    let answer = '127.0.0.2';
    // A resolver under the test's control: there is no DNS server to rebind on loopback.
    const lookup: LookupFunction = (_hostname, options, callback) => {
      if (options.all) callback(null, [{ address: answer, family: 4 }]);
      else callback(null, answer, 4);
    };
    const guard = createGuardedFetch({ allowPrivate: false, allowAddresses: ['127.0.0.2'], lookup });
    try {
      // Connection: close, so the second fetch needs a new connection (and a new lookup).
      outside.setFeed('/rebind.xml', { title: 'Rebind', items: [{ guid: 'r1', title: 'One', link: 'https://news.example/r1' }] }, { headers: { connection: 'close' } });
      const url = `http://news.rebind.test:${new URL(outside.origin).port}/rebind.xml`;
      expect((await fetchFeed(url, NONE, pageOptions(guard))).kind).toBe('fetched');
      answer = '127.0.0.1';
      expect(await fetchFeed(url, NONE, pageOptions(guard))).toEqual({
        kind: 'failed',
        reason: `refused: news.rebind.test resolves to 127.0.0.1, a loopback address ${HINT}`,
        status: null,
      });
      expect(outside.count('/rebind.xml')).toBe(1);
    } finally {
      await guard.close();
    }
  });
});

describe.skipIf(!SECOND_LOOPBACK)('the attack from the issue: a feed item that links to an internal page', () => {
  let outside: FakeFeedServer;
  let inside: FakeFeedServer;
  let h: Harness;
  let guard: GuardedFetch;
  let extractor: ArticleExtractor;

  beforeAll(async () => {
    outside = await startFakeFeedServer({ host: '127.0.0.2' });
    inside = await startFakeFeedServer();
    h = await startHarness({ rateLimits: false });
    h.api.addChannel({ username: 'outlet_news' });
    // The production guard, except that 127.0.0.2 plays the outlet's public host.
    guard = createGuardedFetch({ allowPrivate: false, allowAddresses: ['127.0.0.2'] });
    extractor = createExtractorPool({ size: 1, timeoutMs: 10_000 });
  });
  afterAll(async () => {
    await extractor?.close();
    await guard?.close();
    await h?.close();
    await outside?.close();
    await inside?.close();
  });

  it('never requests the internal page, never posts its text, and records why', async () => {
    // Every sentence of a page carries its marker word, so whatever the summary picks shows where it came from.
    const article = (title: string, marker: string) =>
      `<!doctype html><html><head><title>${title}</title></head><body><article><h1>${title}</h1>${Array.from(
        { length: 4 },
        (_, i) => `<p>The ${marker} corridor carried record cargo in month ${i + 1}, officials in Baku said on Tuesday, and more traffic is expected next year.</p>`,
      ).join('')}</article></body></html>`;
    inside.setHtml('/secret', article('Internal', SECRET_WORD));
    // A control on the allowed host: its page is read, so the wiring does use article pages.
    outside.setHtml('/story', article('Public story', 'Transcaspian'));
    outside.setFeed('/rss.xml', {
      title: 'Outlet',
      items: [
        { guid: 'attack', title: 'Ordinary looking headline', link: inside.url('/secret'), description: 'Short teaser…', pubDate: new Date(Date.now() - 60_000) },
        { guid: 'control', title: 'Public story', link: outside.url('/story'), description: 'Another teaser…', pubDate: new Date(Date.now() - 120_000) },
      ],
    });
    await seedFeeds(h.db, [outside.url('/rss.xml')]);
    await syncConfigChannel(h.db as Db, '@outlet_news', new Date());
    const logged: string[] = [];
    const logger = pino({ level: 'warn' }, new Writable({ write: (chunk, _enc, done) => (logged.push(String(chunk)), done()) }));
    const limits = pageOptions(guard);
    const taxonomy = loadTaxonomy();
    // As app.ts wires the poll: the same guarded fetcher for the feed and the pages, pages through the extractor pool.
    const reports = await pollDueFeeds(
      {
        db: h.db as Db,
        logger,
        now: () => new Date(),
        prepareItem: createItemPreparer(taxonomy),
        fetchFeed: (url, validators) => fetchFeed(url, validators, limits),
        fetchFullTexts: (entries) => fetchFullTexts(entries, { fetchPage: (url) => fetchFeed(url, NONE, limits), extract: extractor.extract }, { limit: 10, concurrency: 2 }),
      },
      { firstRunPosts: 2, backlogCap: 10, concurrency: 2 },
    );
    expect(reports.map((r) => r.outcome)).toEqual(['new-items']);
    await h.sender().drain();

    expect(inside.count('/secret')).toBe(0);
    expect(outside.count('/story')).toBe(1);
    const posts = h.api.sentTo('@outlet_news');
    expect(posts).toHaveLength(2);
    const everything = JSON.stringify(h.api.calls);
    expect(everything).not.toContain(SECRET_WORD);
    expect(posts.find((p) => p.text?.includes('Public story'))?.text).toContain('The Transcaspian corridor carried record cargo');
    expect(posts.find((p) => p.text?.includes('Ordinary looking headline'))?.text).toContain('Short teaser');
    const warning = logged.map((line) => JSON.parse(line) as { msg: string; url?: string; reason?: string }).find((l) => l.url === inside.url('/secret'));
    expect(warning).toMatchObject({ msg: 'article page not read: the feed text is used instead', reason: `refused: 127.0.0.1 is a loopback address ${HINT}` });
  });
});

describe('ALLOW_PRIVATE_FETCH in the real Herald process', () => {
  let outlet: FakeFeedServer;
  let env: Record<string, string>;
  let testDb: TestDb;

  beforeAll(async () => {
    outlet = await startFakeFeedServer();
    outlet.setFeed('/rss.xml', { title: 'Intranet', items: [{ guid: 'i1', title: 'Intranet headline', link: 'https://intranet.example/1', description: 'Body.', pubDate: new Date(Date.now() - 60_000) }] });
    testDb = await createTestDb();
    env = { FEEDS: outlet.url('/rss.xml'), PORT: '0', DATABASE_URL: testDb.url };
  });
  afterAll(async () => {
    await testDb?.close();
    await outlet?.close();
  });

  it('unset (the default): a loopback feed is refused and recorded as the feed failure; true: it is fetched', async () => {
    const refused = await runHeraldOnce({ ...env, ALLOW_PRIVATE_FETCH: undefined });
    expect(refused.code, refused.stderr).toBe(0);
    expect(outlet.count('/rss.xml')).toBe(0);
    expect(refused.stdout).toContain(`refused: 127.0.0.1 is a loopback address ${HINT}`);
    expect(refused.stdout).not.toContain('Intranet headline');
    const feed = await testDb.db.selectFrom('feeds').select(['last_error', 'consecutive_failures']).executeTakeFirstOrThrow();
    expect(feed).toEqual({ last_error: `refused: 127.0.0.1 is a loopback address ${HINT}`, consecutive_failures: 1 });

    const allowed = await runHeraldOnce({ ...env, ALLOW_PRIVATE_FETCH: 'true' });
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(outlet.count('/rss.xml')).toBe(1);
    // Preview mode (no BOT_TOKEN) prints the post.
    expect(allowed.stdout).toContain('Intranet headline');
  });
});
