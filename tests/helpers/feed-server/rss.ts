/** Renders feed data as RSS 2.0 (or Atom) XML, escaping every text node. */

export interface FeedEnclosure {
  url: string;
  type?: string;
  length?: number;
}

export interface FeedItem {
  guid?: string;
  /** Renders isPermaLink="false" unless true (RSS's default is true, which few feeds mean). */
  guidIsPermaLink?: boolean;
  title?: string;
  link?: string;
  description?: string;
  /** Full HTML, as <content:encoded>. */
  content?: string;
  /** A Date is written in RFC 822 at the feed's timeZoneOffsetMinutes; a string is written as given. */
  pubDate?: Date | string;
  categories?: string[];
  /** RSS <author> (an e-mail address by the spec, a name in practice). */
  author?: string;
  /** <dc:creator>. */
  creator?: string;
  enclosure?: FeedEnclosure;
  /** <media:content> image. */
  mediaContent?: { url: string; medium?: string; type?: string };
  /** Wrap description and content in CDATA instead of escaping them. */
  cdata?: boolean;
  /** Raw XML appended inside <item>, for cases the fields do not cover. */
  extraXml?: string;
}

export interface FeedData {
  title: string;
  link?: string;
  description?: string;
  language?: string;
  lastBuildDate?: Date | string;
  ttl?: number;
  /** Offset from UTC used for Date values, e.g. 240 for Asia/Baku (default 0). */
  timeZoneOffsetMinutes?: number;
  /** Newest first, as feeds usually list them. */
  items: FeedItem[];
  extraXml?: string;
}

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** CDATA cannot contain "]]>", so that sequence is split across two sections. */
export function cdata(s: string): string {
  return `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Thu, 28 Nov 2026 19:03:00 +0400": the instant `date`, shown at the given UTC offset. */
export function rfc822(date: Date, offsetMinutes = 0): string {
  const d = new Date(date.getTime() + offsetMinutes * 60_000);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${DAYS[d.getUTCDay()]}, ${p2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${sign}${p2(Math.floor(abs / 60))}${p2(abs % 60)}`;
}

const el = (name: string, text: string | undefined): string => (text === undefined ? '' : `<${name}>${escapeXml(text)}</${name}>`);

export function renderRss(feed: FeedData, encoding = 'UTF-8'): string {
  const offset = feed.timeZoneOffsetMinutes ?? 0;
  const date = (d: Date | string | undefined): string | undefined => (d instanceof Date ? rfc822(d, offset) : d);
  const items = feed.items.map((item) => {
    const rich = (name: string, text: string | undefined): string =>
      text === undefined ? '' : item.cdata ? `<${name}>${cdata(text)}</${name}>` : el(name, text);
    const parts = [
      el('title', item.title),
      el('link', item.link),
      item.guid === undefined ? '' : `<guid isPermaLink="${item.guidIsPermaLink ? 'true' : 'false'}">${escapeXml(item.guid)}</guid>`,
      rich('description', item.description),
      rich('content:encoded', item.content),
      el('pubDate', date(item.pubDate)),
      ...(item.categories ?? []).map((c) => el('category', c)),
      el('author', item.author),
      el('dc:creator', item.creator),
      item.enclosure
        ? `<enclosure url="${escapeXml(item.enclosure.url)}" type="${escapeXml(item.enclosure.type ?? 'image/jpeg')}" length="${item.enclosure.length ?? 0}"/>`
        : '',
      item.mediaContent
        ? `<media:content url="${escapeXml(item.mediaContent.url)}" medium="${escapeXml(item.mediaContent.medium ?? 'image')}"` +
          `${item.mediaContent.type ? ` type="${escapeXml(item.mediaContent.type)}"` : ''}/>`
        : '',
      item.extraXml ?? '',
    ];
    return `    <item>\n      ${parts.filter(Boolean).join('\n      ')}\n    </item>`;
  });
  const head = [
    el('title', feed.title),
    el('link', feed.link),
    el('description', feed.description ?? feed.title),
    el('language', feed.language),
    el('lastBuildDate', date(feed.lastBuildDate)),
    feed.ttl === undefined ? '' : `<ttl>${feed.ttl}</ttl>`,
    feed.extraXml ?? '',
  ].filter(Boolean);
  return [
    `<?xml version="1.0" encoding="${encoding}"?>`,
    '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"' +
      ' xmlns:media="http://search.yahoo.com/mrss/" xmlns:atom="http://www.w3.org/2005/Atom">',
    '  <channel>',
    ...head.map((h) => `    ${h}`),
    ...items,
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}

/** A minimal Atom 1.0 rendering of the same data, for parsers that must handle both. */
export function renderAtom(feed: FeedData): string {
  const iso = (d: Date | string | undefined): string | undefined => (d instanceof Date ? d.toISOString() : d);
  const entries = feed.items.map((item) => [
    '  <entry>',
    `    ${el('title', item.title)}`,
    item.link ? `    <link href="${escapeXml(item.link)}"/>` : '',
    `    ${el('id', item.guid ?? item.link)}`,
    `    ${el('updated', iso(item.pubDate))}`,
    item.description === undefined ? '' : `    <summary type="html">${escapeXml(item.description)}</summary>`,
    item.content === undefined ? '' : `    <content type="html">${escapeXml(item.content)}</content>`,
    ...(item.categories ?? []).map((c) => `    <category term="${escapeXml(c)}"/>`),
    item.author ?? item.creator ? `    <author>${el('name', item.author ?? item.creator)}</author>` : '',
    '  </entry>',
  ].filter((l) => l.trim() !== '').join('\n'));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  ${el('title', feed.title)}`,
    feed.link ? `  <link href="${escapeXml(feed.link)}"/>` : '',
    `  ${el('id', feed.link ?? feed.title)}`,
    `  ${el('updated', iso(feed.lastBuildDate) ?? new Date(0).toISOString())}`,
    ...entries,
    '</feed>',
    '',
  ].filter((l) => l.trim() !== '').join('\n');
}
