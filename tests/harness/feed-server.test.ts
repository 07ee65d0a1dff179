import { gunzipSync } from 'node:zlib';
import Parser from 'rss-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeSingleByte, rfc822, startFakeFeedServer, type FakeFeedServer } from '../helpers/fake-feed-server.js';

let feeds: FakeFeedServer;
beforeEach(async () => {
  feeds = await startFakeFeedServer();
});
afterEach(async () => {
  await feeds.close();
});

const baku = 240;

function sampleFeed() {
  return {
    title: 'Caliber.Az',
    link: 'https://caliber.az',
    language: 'en',
    timeZoneOffsetMinutes: baku,
    items: [
      {
        guid: 'https://caliber.az/post/1',
        title: 'Talks & "progress" <live>',
        link: 'https://caliber.az/post/1',
        description: '<p>Lead with <b>markup</b> & an ampersand</p>',
        pubDate: new Date('2026-11-28T11:00:00Z'),
        categories: ['Politics', 'South Caucasus'],
        creator: 'Staff',
        enclosure: { url: 'https://caliber.az/img/1.jpg', type: 'image/jpeg', length: 1234 },
      },
    ],
  };
}

describe('fake feed server', () => {
  it('renders RSS that a real parser reads back intact', async () => {
    feeds.setFeed('/rss.xml', sampleFeed());
    const res = await fetch(feeds.url('/rss.xml'));
    expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const parsed = await new Parser().parseString(await res.text());
    expect(parsed.title).toBe('Caliber.Az');
    const item = parsed.items[0];
    expect(item?.title).toBe('Talks & "progress" <live>');
    expect(item?.content).toBe('<p>Lead with <b>markup</b> & an ampersand</p>');
    expect(item?.categories).toEqual(['Politics', 'South Caucasus']);
    expect(item?.pubDate).toBe('Sat, 28 Nov 2026 15:00:00 +0400');
    expect(item?.enclosure).toMatchObject({ url: 'https://caliber.az/img/1.jpg' });
    expect(rfc822(new Date('2026-01-05T00:30:00Z'), -90)).toBe('Sun, 04 Jan 2026 23:00:00 -0130');
  });

  it('answers 304 to a matching If-None-Match or If-Modified-Since, and 200 once an item is added', async () => {
    feeds.setFeed('/rss.xml', sampleFeed());
    const first = await fetch(feeds.url('/rss.xml'));
    await first.arrayBuffer();
    const etag = first.headers.get('etag');
    const lastModified = first.headers.get('last-modified');
    expect(etag).toMatch(/^"[0-9a-f]{16}"$/);
    expect(lastModified).toBeTruthy();

    const again = await fetch(feeds.url('/rss.xml'), { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    const byDate = await fetch(feeds.url('/rss.xml'), { headers: { 'if-modified-since': lastModified! } });
    expect(byDate.status).toBe(304);

    feeds.addItem('/rss.xml', { guid: 'g2', title: 'Second', link: 'https://caliber.az/post/2' });
    const changed = await fetch(feeds.url('/rss.xml'), { headers: { 'if-none-match': etag! } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(Date.parse(changed.headers.get('last-modified')!)).toBeGreaterThan(Date.parse(lastModified!));
    const parsed = await new Parser().parseString(await changed.text());
    expect(parsed.items.map((i) => i.title)).toEqual(['Second', 'Talks & "progress" <live>']);
    const byOldDate = await fetch(feeds.url('/rss.xml'), { headers: { 'if-modified-since': lastModified! } });
    expect(byOldDate.status).toBe(200);
    await byOldDate.arrayBuffer();

    expect(feeds.count('/rss.xml')).toBe(5);
    expect(feeds.requestsTo('/rss.xml')[1]).toMatchObject({ ifNoneMatch: etag, status: 304 });
  });

  it('serves statuses, HTML pages, broken bodies and 404s', async () => {
    feeds.route('/down', { status: 503, body: 'maintenance', contentType: 'text/plain' });
    feeds.setHtml('/article/1', '<html><body><article><p>Body</p></article></body></html>');
    feeds.broken('/rss', 'html');
    feeds.broken('/bad.xml', 'malformed-xml');
    feeds.broken('/empty.xml', 'empty');
    expect((await fetch(feeds.url('/down'))).status).toBe(503);
    expect(await (await fetch(feeds.url('/article/1'))).text()).toContain('<article>');
    expect((await fetch(feeds.url('/rss'))).headers.get('content-type')).toContain('text/html');
    await expect(new Parser().parseString(await (await fetch(feeds.url('/bad.xml'))).text())).rejects.toThrow();
    expect(await (await fetch(feeds.url('/empty.xml'))).text()).toBe('');
    expect((await fetch(feeds.url('/en/rss'))).status).toBe(404);
  });

  it('encodes feeds in legacy charsets', async () => {
    const feed = { title: 'Новости', items: [{ guid: '1', title: 'Ёлка в Баку' }] };
    feeds.setFeed('/cp1251.xml', feed, { encoding: 'windows-1251' });
    feeds.setFeed('/koi8.xml', feed, { encoding: 'koi8-r', omitCharsetHeader: true });
    const cp = Buffer.from(await (await fetch(feeds.url('/cp1251.xml'))).arrayBuffer());
    expect(cp.includes(Buffer.from([0xa8, 0xeb, 0xea, 0xe0]))).toBe(true); // "Ёлка"
    expect(new TextDecoder('windows-1251').decode(cp)).toContain('<title>Ёлка в Баку</title>');
    expect(cp.toString('latin1')).toContain('encoding="windows-1251"');
    const koi = await fetch(feeds.url('/koi8.xml'));
    expect(koi.headers.get('content-type')).toBe('application/rss+xml');
    expect(new TextDecoder('koi8-r').decode(await koi.arrayBuffer())).toContain('Новости');
    expect(() => encodeSingleByte('日本', 'windows-1251')).toThrow(/no byte/);
  });

  it('gzips when asked', async () => {
    feeds.setFeed('/rss.xml', sampleFeed(), { gzip: true });
    const res = await fetch(feeds.url('/rss.xml'));
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(await res.text()).toContain('<title>Caliber.Az</title>');
    feeds.update('/rss.xml', { gzip: 'always' });
    const raw = await new Promise<Buffer>((resolve, reject) => {
      import('node:http').then(({ get }) =>
        get(feeds.url('/rss.xml'), (r) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => resolve(Buffer.concat(chunks)));
        }).on('error', reject),
      );
    });
    expect(gunzipSync(raw).toString()).toContain('<rss version="2.0"');
  });

  it('redirects: chains, loops and non-http targets', async () => {
    feeds.setFeed('/feed', sampleFeed());
    feeds.redirectChain(['/a', '/b'], '/feed', 301);
    const followed = await fetch(feeds.url('/a'));
    expect(followed.status).toBe(200);
    expect(followed.url).toBe(feeds.url('/feed'));
    await followed.arrayBuffer();
    feeds.redirect('/loop1', '/loop2');
    feeds.redirect('/loop2', '/loop1');
    await expect(fetch(feeds.url('/loop1'))).rejects.toThrow();
    feeds.redirect('/ftp', 'ftp://files.example/rss.xml');
    const manual = await fetch(feeds.url('/ftp'), { redirect: 'manual' });
    expect(manual.status).toBe(302);
    expect(manual.headers.get('location')).toBe('ftp://files.example/rss.xml');
  });

  it('a dripping body can be abandoned by the client, and ends when the server closes', async () => {
    feeds.setFeed('/slow.xml', sampleFeed(), { drip: { intervalMs: 5, endless: true } });
    const abort = new AbortController();
    const res = await fetch(feeds.url('/slow.xml'), { signal: abort.signal });
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(first.value?.byteLength).toBeGreaterThan(0);
    abort.abort();
    await expect(reader.read()).rejects.toThrow();

    const res2 = await fetch(feeds.url('/slow.xml'));
    const reader2 = res2.body!.getReader();
    await reader2.read();
    const closing = feeds.close();
    await expect(
      (async () => {
        for (;;) if ((await reader2.read()).done) return;
      })(),
    ).rejects.toThrow();
    await closing;
  });

  it('streams an oversized body lazily; the client can stop reading at its cap', async () => {
    feeds.route('/huge.xml', {
      contentType: 'application/rss+xml',
      oversized: { bytes: 200 * 1024 * 1024, prefix: '<?xml version="1.0"?><rss version="2.0"><channel>' },
    });
    const res = await fetch(feeds.url('/huge.xml'));
    expect(res.headers.get('content-length')).toBeNull();
    const reader = res.body!.getReader();
    let total = 0;
    while (total < 1024 * 1024) {
      const { value, done } = await reader.read();
      if (done) break;
      total += value.byteLength;
    }
    await reader.cancel();
    expect(total).toBeGreaterThanOrEqual(1024 * 1024);
    feeds.route('/declared.xml', { oversized: { bytes: 10 * 1024 * 1024, declareLength: true } });
    const declared = await fetch(feeds.url('/declared.xml'));
    expect(declared.headers.get('content-length')).toBe(String(10 * 1024 * 1024));
    await declared.body?.cancel();
  });

  it('delays and hangs are cut short by the client or by close()', async () => {
    feeds.setFeed('/late.xml', sampleFeed(), { delayMs: 60_000 });
    feeds.route('/hang', { hang: true });
    const abort = new AbortController();
    const late = fetch(feeds.url('/late.xml'), { signal: abort.signal });
    await feeds.waitForRequest('/late.xml');
    abort.abort();
    await expect(late).rejects.toThrow();
    const hang = fetch(feeds.url('/hang'));
    await feeds.waitForRequest('/hang');
    await feeds.close();
    await expect(hang).rejects.toThrow();
  });

  it('logs requests with their conditional headers', async () => {
    feeds.setFeed('/rss.xml', sampleFeed());
    await (await fetch(feeds.url('/rss.xml?x=1'), { headers: { 'user-agent': 'HeraldTest/1', 'if-modified-since': 'x' } })).text();
    const [log] = feeds.requestsTo('/rss.xml');
    expect(log).toMatchObject({ method: 'GET', path: '/rss.xml?x=1', ifModifiedSince: 'x', status: 200 });
    expect(log?.headers['user-agent']).toBe('HeraldTest/1');
    await expect(feeds.waitForRequest('/never', { timeoutMs: 30 })).rejects.toThrow(/#1 GET \/rss.xml\?x=1 → 200/);
  });
});
