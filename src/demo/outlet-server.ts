import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { escapeAttribute, escapeHtml } from '../html.js';

export interface SampleOutlet {
  title: string;
  description: string;
  language: string;
  /** Minutes east of UTC its dates are written in. */
  offsetMinutes: number;
}

export interface SampleStoryData {
  slug: string;
  title: string;
  /** Feed categories: the first names the section (News, Analytics, Interview, Opinion). */
  categories: string[];
  /** The byline (analytics, interviews, opinion). */
  author?: string;
  /** The feed's lead: a teaser, so the article page is fetched, unless `inFeed`. */
  lead: string;
  /** The article's paragraphs, on its page (and in the feed itself when `inFeed`). */
  body: string[];
  /** Minutes before the demo starts that it was published. */
  minutesAgo: number;
  /** The feed carries the whole text (content:encoded), so no page needs fetching. */
  inFeed?: boolean;
  /** Cover colour. */
  color: string;
}

export interface OutletServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** The address it listens on (the demo lets the guarded fetcher through to it, and only to it). */
  address: string;
  feedUrl: string;
  close(): Promise<void>;
}

/**
 * Serves a sample outlet on loopback: an RSS feed (dates in the outlet's zone, categories,
 * covers, authors), an article page per story and a cover image per story. Knows nothing of
 * what the stories say.
 */
export async function startOutletServer(outlet: SampleOutlet, stories: readonly SampleStoryData[], now: Date = new Date()): Promise<OutletServer> {
  let origin = '';
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://outlet').pathname;
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
      res.end(body);
    };
    if (path === '/rss.xml') return send(200, 'application/rss+xml; charset=utf-8', rss(outlet, stories, origin, now));
    const article = path.match(/^\/news\/([a-z0-9-]+)$/);
    const cover = path.match(/^\/covers\/([a-z0-9-]+)\.svg$/);
    const story = stories.find((s) => s.slug === (article?.[1] ?? cover?.[1]));
    if (story && article) return send(200, 'text/html; charset=utf-8', page(outlet, story, origin, now));
    if (story && cover) return send(200, 'image/svg+xml', coverImage(story));
    if (path === '/') return send(200, 'text/html; charset=utf-8', `<!doctype html><title>${escapeHtml(outlet.title)}</title><link rel="alternate" type="application/rss+xml" href="/rss.xml"><p>${escapeHtml(outlet.description)}</p>`);
    return send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    address,
    feedUrl: `${origin}/rss.xml`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function rss(outlet: SampleOutlet, stories: readonly SampleStoryData[], origin: string, now: Date): string {
  const items = stories.map((story) => {
    const link = `${origin}/news/${story.slug}`;
    const lines = [
      `<title>${escapeHtml(story.title)}</title>`,
      `<link>${escapeHtml(link)}</link>`,
      `<guid isPermaLink="false">sample-${story.slug}</guid>`,
      `<pubDate>${rfc822(published(story, now), outlet.offsetMinutes)}</pubDate>`,
      ...story.categories.map((c) => `<category>${escapeHtml(c)}</category>`),
      ...(story.author ? [`<dc:creator>${escapeHtml(story.author)}</dc:creator>`] : []),
      `<description>${escapeHtml(story.lead)}</description>`,
      ...(story.inFeed ? [`<content:encoded><![CDATA[${story.body.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}]]></content:encoded>`] : []),
      `<enclosure url="${escapeAttribute(`${origin}/covers/${story.slug}.svg`)}" type="image/svg+xml" length="0"/>`,
    ];
    return `<item>${lines.join('')}</item>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
    `<channel><title>${escapeHtml(outlet.title)}</title><link>${origin}/</link><description>${escapeHtml(outlet.description)}</description>`,
    `<language>${escapeHtml(outlet.language)}</language><ttl>5</ttl>`,
    ...items,
    '</channel></rss>',
  ].join('\n');
}

/** An article page as outlets build them: site furniture around one article. */
function page(outlet: SampleOutlet, story: SampleStoryData, origin: string, now: Date): string {
  const date = published(story, now).toISOString();
  return `<!doctype html>
<html lang="${escapeAttribute(outlet.language)}"><head><meta charset="utf-8"><title>${escapeHtml(story.title)} | ${escapeHtml(outlet.title)}</title>
<meta property="og:title" content="${escapeAttribute(story.title)}"><meta property="og:image" content="${escapeAttribute(`${origin}/covers/${story.slug}.svg`)}">
${story.author ? `<meta name="author" content="${escapeAttribute(story.author)}">` : ''}</head>
<body><header><nav><a href="/">${escapeHtml(outlet.title)}</a> · <a href="/">News</a> · <a href="/">Analytics</a> · <a href="/">Interviews</a></nav></header>
<main><article><h1>${escapeHtml(story.title)}</h1>
<p class="meta"><time datetime="${date}">${date.slice(0, 10)}</time>${story.author ? ` · <span class="author">${escapeHtml(story.author)}</span>` : ''}</p>
${story.body.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
</article></main>
<aside><h2>Most read</h2><ul><li><a href="/">Another story</a></li><li><a href="/">And another</a></li></ul></aside>
<footer><p>${escapeHtml(outlet.description)}</p></footer></body></html>`;
}

function coverImage(story: SampleStoryData): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="450" viewBox="0 0 800 450"><rect width="800" height="450" fill="${escapeAttribute(story.color)}"/><text x="40" y="400" font-family="sans-serif" font-size="28" fill="#fff">${escapeHtml(story.categories[0] ?? '')}</text></svg>`;
}

function published(story: SampleStoryData, now: Date): Date {
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000 - story.minutesAgo * 60_000);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Sat, 28 Nov 2026 14:05:00 +0400": the instant written in the outlet's zone. */
function rfc822(date: Date, offsetMinutes: number): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${DAYS[local.getUTCDay()]}, ${pad(local.getUTCDate())} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())} ${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}
