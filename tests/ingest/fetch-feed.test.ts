import { brotliCompressSync, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeed, type FetchOptions } from '../../src/news/fetch-feed.js';
import { createGuardedFetch } from '../../src/news/guarded-fetch.js';
import { startFakeFeedServer, type FakeFeedServer } from '../helpers/fake-feed-server.js';
import { closedPort } from '../helpers/ports.js';

// The fake feed server is on loopback, which Herald refuses unless private fetching is allowed.
const guardedFetch = createGuardedFetch({ allowPrivate: true });
const OPTIONS: FetchOptions = { guardedFetch, timeoutMs: 3000, maxBytes: 1024 * 1024, userAgent: 'Herald/test (+https://example.invalid)' };
const NONE = { etag: null, lastModified: null };
let server: FakeFeedServer;

beforeAll(async () => {
  server = await startFakeFeedServer();
});
afterAll(async () => {
  await guardedFetch.close();
  await server.close();
});

const feed = (title: string) => ({ title, items: [{ guid: '1', title: `${title} item`, link: `https://x.example/${title}` }] });

describe('fetchFeed', () => {
  it('names Herald in the User-Agent, asks for compression, and answers a repeat with 304 via ETag', async () => {
    server.setFeed('/etag.xml', feed('etag'));
    const first = await fetchFeed(server.url('/etag.xml'), NONE, OPTIONS);
    expect(first.kind).toBe('fetched');
    if (first.kind !== 'fetched') return;
    const request = server.requestsTo('/etag.xml')[0]!;
    expect(request.headers['user-agent']).toMatch(/^Herald\//);
    expect(request.headers['accept-encoding']).toMatch(/gzip.*deflate.*br/);
    expect(first.etag).toBeTruthy();
    const second = await fetchFeed(server.url('/etag.xml'), { etag: first.etag, lastModified: first.lastModified }, OPTIONS);
    expect(second.kind).toBe('not-modified');
    expect(server.requestsTo('/etag.xml')[1]!.ifNoneMatch).toBe(first.etag);
  });

  it('uses If-Modified-Since when there is no ETag', async () => {
    server.setFeed('/lm.xml', feed('lm'), { etag: false });
    const first = await fetchFeed(server.url('/lm.xml'), NONE, OPTIONS);
    if (first.kind !== 'fetched') throw new Error(first.kind);
    expect(first.etag).toBeNull();
    const second = await fetchFeed(server.url('/lm.xml'), { etag: null, lastModified: first.lastModified }, OPTIONS);
    expect(second.kind).toBe('not-modified');
  });

  it('reads gzip bodies and Cache-Control max-age', async () => {
    server.setFeed('/gz.xml', feed('gzipped'), { gzip: true, headers: { 'cache-control': 'public, max-age=900' } });
    const out = await fetchFeed(server.url('/gz.xml'), NONE, OPTIONS);
    if (out.kind !== 'fetched') throw new Error(JSON.stringify(out));
    expect(out.body).toContain('gzipped item');
    expect(out.maxAgeSeconds).toBe(900);
  });

  it('reads brotli and deflate bodies', async () => {
    for (const [encoding, compress] of [['br', brotliCompressSync], ['deflate', deflateSync]] as const) {
      server.route(`/${encoding}.xml`, {
        handler: (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': encoding }).end(compress(Buffer.from(`<rss version="2.0"><channel><title>${encoding} body</title></channel></rss>`)));
        },
      });
      const out = await fetchFeed(server.url(`/${encoding}.xml`), NONE, OPTIONS);
      expect(out.kind === 'fetched' && out.body).toContain(`${encoding} body`);
    }
  });

  it('decodes windows-1251 as Cyrillic', async () => {
    server.setFeed('/cp1251.xml', { title: 'Новости', items: [{ guid: '1', title: 'Президент встретился с делегацией', link: 'https://x.example/ru/1' }] }, { encoding: 'windows-1251' });
    const out = await fetchFeed(server.url('/cp1251.xml'), NONE, OPTIONS);
    if (out.kind !== 'fetched') throw new Error(JSON.stringify(out));
    expect(out.encoding).toBe('windows-1251');
    expect(out.body).toContain('Президент встретился с делегацией');
  });

  it('cuts off a body over the cap while streaming, with or without Content-Length', async () => {
    server.route('/huge.xml', { contentType: 'application/rss+xml', oversized: { bytes: 20 * 1024 * 1024, prefix: '<?xml version="1.0"?><rss version="2.0"><channel>' } });
    server.route('/huge-declared.xml', { contentType: 'application/rss+xml', oversized: { bytes: 20 * 1024 * 1024, declareLength: true } });
    server.route('/huge-gzip.xml', { contentType: 'application/rss+xml', gzip: true, oversized: { bytes: 20 * 1024 * 1024 } });
    for (const path of ['/huge.xml', '/huge-declared.xml', '/huge-gzip.xml']) {
      const out = await fetchFeed(server.url(path), NONE, OPTIONS);
      expect(out).toMatchObject({ kind: 'failed', status: 200 });
      expect(out.kind === 'failed' && out.reason).toMatch(/response too large/);
    }
  });

  it('gives up on a body that drips one byte at a time once the deadline passes', async () => {
    server.route('/drip.xml', { contentType: 'application/rss+xml', body: '<?xml version="1.0"?>'.repeat(50), drip: { intervalMs: 1000 } });
    const started = performance.now();
    const out = await fetchFeed(server.url('/drip.xml'), NONE, { ...OPTIONS, timeoutMs: 400 });
    expect(out.kind === 'failed' && out.reason).toMatch(/timed out: no complete answer within 400 ms/);
    // Generous bound: the point is that it ends at the deadline rather than after 1,000 s.
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('follows up to five redirects and refuses the sixth', async () => {
    server.setFeed('/target.xml', feed('target'));
    server.redirectChain(['/r5/1', '/r5/2', '/r5/3', '/r5/4', '/r5/5'], '/target.xml', 301);
    const ok = await fetchFeed(server.url('/r5/1'), NONE, OPTIONS);
    expect(ok).toMatchObject({ kind: 'fetched', finalUrl: server.url('/target.xml') });
    server.redirectChain(['/r6/1', '/r6/2', '/r6/3', '/r6/4', '/r6/5', '/r6/6'], '/target.xml');
    const tooMany = await fetchFeed(server.url('/r6/1'), NONE, OPTIONS);
    expect(tooMany.kind === 'failed' && tooMany.reason).toBe('too many redirects (more than 5)');
  });

  it('detects a redirect loop and refuses non-http schemes', async () => {
    server.redirect('/loop/a', '/loop/b');
    server.redirect('/loop/b', '/loop/a');
    const loop = await fetchFeed(server.url('/loop/a'), NONE, OPTIONS);
    expect(loop.kind === 'failed' && loop.reason).toMatch(/^redirect loop/);
    server.redirect('/to-ftp', 'ftp://files.example/feed.xml');
    const ftp = await fetchFeed(server.url('/to-ftp'), NONE, OPTIONS);
    expect(ftp.kind === 'failed' && ftp.reason).toBe('refused a redirect to a ftp: URL (only http and https are fetched)');
    server.redirect('/to-file', 'file:///etc/passwd');
    const file = await fetchFeed(server.url('/to-file'), NONE, OPTIONS);
    expect(file.kind === 'failed' && file.reason).toMatch(/refused a redirect to a file: URL/);
  });

  it('reports HTTP errors and refused connections with readable reasons', async () => {
    server.route('/500', { status: 500, body: 'oops', contentType: 'text/plain' });
    expect(await fetchFeed(server.url('/missing'), NONE, OPTIONS)).toEqual({ kind: 'failed', reason: 'HTTP 404 Not Found', status: 404 });
    expect(await fetchFeed(server.url('/500'), NONE, OPTIONS)).toEqual({ kind: 'failed', reason: 'HTTP 500 Internal Server Error', status: 500 });
    const refused = await fetchFeed(`http://127.0.0.1:${await closedPort()}/feed`, NONE, OPTIONS);
    expect(refused.kind === 'failed' && refused.reason).toMatch(/ECONNREFUSED/);
  });
});
