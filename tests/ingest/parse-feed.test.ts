import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/news/parse-feed.js';
import type { ParsedFeed } from '../../src/news/types.js';
import { renderRss } from '../helpers/fake-feed-server.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const fixture = (name: string) => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), 'utf8');
const opts = { feedUrl: 'https://site.example/rss.xml', now: NOW, timeZone: 'Asia/Baku' };

async function parsed(body: string, extra: Partial<typeof opts> & { contentType?: string } = {}): Promise<ParsedFeed> {
  const out = await parseFeed(body, { ...opts, ...extra });
  if (!out.ok) throw new Error(`expected a feed, got: ${out.reason}`);
  return out.feed;
}

describe('parseFeed: formats', () => {
  it('reads Atom 1.0: html titles, relative links, zone-less dates, authors, categories, images', async () => {
    const feed = await parsed(fixture('atom.xml'), { feedUrl: 'https://atom.example/feed.atom' });
    expect(feed.title).toBe('Atom Analytics');
    const first = feed.entries.find((e) => e.guid === 'urn:atom-example:1')!;
    expect(first.title).toBe('Energy & the Caspian');
    expect(first.url).toBe('https://atom.example/analytics/caspian-energy?utm_source=rss#top');
    expect(first.canonicalUrl).toBe('https://atom.example/analytics/caspian-energy');
    // "2026-11-28T10:00:00" has no zone: read in Asia/Baku (UTC+4).
    expect(first.publishedAt.toISOString()).toBe('2026-11-28T06:00:00.000Z');
    expect(first.author).toBe('Leyla Aliyeva');
    expect(first.categories).toEqual(['Energy', 'caspian']);
    expect(first.imageUrl).toBe('https://atom.example/img/pipe.jpg');
    expect(first.key).toBe('guid:urn:atom-example:1');
  });

  it('keeps an Atom feed whose entry has an unparseable date (rss-parser alone throws on it)', async () => {
    const feed = await parsed(fixture('atom.xml'));
    const second = feed.entries.find((e) => e.guid === 'urn:atom-example:2')!;
    expect(second.publishedAt).toEqual(NOW);
  });

  it('reads RDF (RSS 1.0) with dc:date and dc:creator', async () => {
    const feed = await parsed(fixture('rdf.xml'));
    expect(feed.entries.map((e) => e.title)).toEqual(['Wire two', 'Wire one']);
    expect(feed.entries[1]!.author).toBe('Wire Desk');
    expect(feed.entries[1]!.publishedAt.toISOString()).toBe('2026-11-27T05:00:00.000Z');
    expect(feed.entries[1]!.guid).toBe('https://rdf.example/wire/1');
  });

  it('reads RSS 0.91 without guids or dates: keys by link, dates become the time of discovery', async () => {
    const feed = await parsed(fixture('rss091.xml'));
    expect(feed.language).toBe('en');
    expect(feed.entries.map((e) => e.key)).toEqual(['url:https://old.example/one', 'url:https://old.example/two']);
    expect(feed.entries.every((e) => e.publishedAt.getTime() === NOW.getTime())).toBe(true);
  });
});

describe('parseFeed: not feeds', () => {
  it('reports an HTML page as not a feed and names the feed it links to', async () => {
    const out = await parseFeed(fixture('html-with-alternate.html'), { ...opts, feedUrl: 'https://site.example/rss' });
    expect(out).toMatchObject({ ok: false, alternateUrl: 'https://site.example/rss.xml?lang=en&v=2' });
    expect(!out.ok && out.reason).toMatch(/not a feed: this is an HTML page.*https:\/\/site\.example\/rss\.xml\?lang=en&v=2/);
  });

  it('reports an HTML page without a feed link plainly', async () => {
    const out = await parseFeed('<html><body>hi</body></html>', opts);
    expect(out).toEqual({ ok: false, reason: 'not a feed: this is an HTML page and it names no feed' });
  });

  it.each([
    ['malformed XML', '<?xml version="1.0"?><rss version="2.0"><channel><item><title>a</item></channel>', /not a readable feed/],
    ['an empty body', '   \n', /empty response/],
    ['JSON', '{"error":"maintenance"}', /not a readable feed/],
    ['an unknown XML root', '<?xml version="1.0"?><opml><body/></opml>', /not a readable feed: Feed not recognized/],
  ])('reports %s as a failure value', async (_name, body, reason) => {
    const out = await parseFeed(body, opts);
    expect(out.ok).toBe(false);
    expect(!out.ok && out.reason).toMatch(reason);
  });
});

describe('parseFeed: normalisation', () => {
  const rss = (items: string) =>
    `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>T</title><ttl>30</ttl>${items}</channel></rss>`;

  it('decodes entities (&nbsp; and double-escaped &amp;amp;), strips markup and collapses whitespace in titles', async () => {
    const feed = await parsed(rss('<item><title>Baku&amp;nbsp;talks &amp;amp;amp; &lt;em&gt;Tbilisi&lt;/em&gt;\n\n  deal</title><link>https://s.example/a</link></item>'));
    expect(feed.entries[0]!.title).toBe('Baku talks & Tbilisi deal');
  });

  it('cuts a 5,000-character title', async () => {
    const feed = await parsed(rss(`<item><title>${'x'.repeat(5000)}</title><link>https://s.example/a</link></item>`));
    expect(feed.entries[0]!.title.length).toBeLessThanOrEqual(1000);
    expect(feed.entries[0]!.title.endsWith('…')).toBe(true);
  });

  it('canonicalises links: scheme and host lower-cased, default port, fragment, utm_* and fbclid removed', async () => {
    const feed = await parsed(rss('<item><title>a</title><link>HTTPS://News.Example:443/Path/story?b=2&amp;utm_source=x&amp;fbclid=y&amp;a=1#frag</link></item>'));
    expect(feed.entries[0]!.url).toBe('https://news.example/Path/story?b=2&utm_source=x&fbclid=y&a=1#frag');
    expect(feed.entries[0]!.canonicalUrl).toBe('https://news.example/Path/story?a=1&b=2');
  });

  it('makes relative links absolute against the feed URL and drops non-http links', async () => {
    const feed = await parsed(rss('<item><title>a</title><link>/news/1</link></item><item><title>b</title><link>javascript:alert(1)</link></item>'));
    expect(feed.entries.map((e) => e.url)).toEqual(['https://site.example/news/1', null]);
  });

  it('replaces a future date with the time of discovery and reads the feed ttl', async () => {
    const feed = await parsed(rss('<item><title>a</title><link>https://s.example/a</link><pubDate>Sat, 28 Nov 2099 10:00:00 GMT</pubDate></item>'));
    expect(feed.entries[0]!.publishedAt).toEqual(NOW);
    expect(feed.refreshSeconds).toBe(1800);
  });

  it('reads sy:updatePeriod and sy:updateFrequency as the refresh interval', async () => {
    const body = `<?xml version="1.0"?><rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel><title>T</title><sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency></channel></rss>`;
    expect((await parsed(body)).refreshSeconds).toBe(1800);
  });

  it('finds author (dc:creator, "email (Name)"), categories and images (enclosure, media:content, media:thumbnail, content)', async () => {
    const feed = await parsed(
      rss(`
      <item><title>1</title><link>https://s.example/1</link><dc:creator>Anar M.</dc:creator><category>Politics</category><category domain="x">Region</category><category>politics</category>
        <enclosure url="https://img.example/1.jpg" type="image/jpeg" length="1"/><pubDate>Sat, 28 Nov 2026 10:00:00 +0400</pubDate></item>
      <item><title>2</title><link>https://s.example/2</link><author>desk@s.example (News Desk)</author><media:content url="https://img.example/2.png" medium="image"/><pubDate>Sat, 28 Nov 2026 09:00:00 +0400</pubDate></item>
      <item><title>3</title><link>https://s.example/3</link><media:thumbnail url="https://img.example/3.webp"/><pubDate>Sat, 28 Nov 2026 08:00:00 +0400</pubDate></item>
      <item><title>4</title><link>https://s.example/4</link><description>&lt;p&gt;x &lt;img src="/4.gif"&gt;&lt;/p&gt;</description><pubDate>Sat, 28 Nov 2026 07:00:00 +0400</pubDate></item>`),
    );
    expect(feed.entries.map((e) => e.author)).toEqual(['Anar M.', 'News Desk', null, null]);
    expect(feed.entries[0]!.categories).toEqual(['Politics', 'Region']);
    expect(feed.entries.map((e) => e.imageUrl)).toEqual(['https://img.example/1.jpg', 'https://img.example/2.png', 'https://img.example/3.webp', 'https://site.example/4.gif']);
  });

  it('survives titles and guids that are elements rather than text', async () => {
    const feed = await parsed(rss('<item><title><b>x</b></title><guid isPermaLink="false"></guid><link>https://s.example/z</link></item>'));
    expect(feed.entries[0]!.title).toBe('(untitled)');
    expect(feed.entries[0]!.guid).toBeNull();
  });

  it('sorts entries newest first', async () => {
    const body = renderRss({
      title: 'x',
      items: [
        { title: 'old', link: 'https://s.example/old', pubDate: new Date('2026-11-20T00:00:00Z') },
        { title: 'new', link: 'https://s.example/new', pubDate: new Date('2026-11-27T00:00:00Z') },
      ],
    });
    expect((await parsed(body)).entries.map((e) => e.title)).toEqual(['new', 'old']);
  });
});
