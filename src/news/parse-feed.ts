import Parser from 'rss-parser';
import { absoluteUrl, canonicalUrl } from './canonical-url.js';
import { dedupeKeys, shortHash } from './entry-keys.js';
import { alternateFeedUrl, looksLikeHtmlPage } from './html-page.js';
import { parseFeedDate } from './parse-date.js';
import { plainText } from './plain-text.js';
import type { FeedEntry, ParseOutcome } from './types.js';

/** xml2js hands back strings, {_: text, $: attrs} objects, or arrays of those. */
type XmlValue = string | { _?: string; $?: Record<string, string | undefined> } | XmlValue[] | undefined;

type RawItem = Parser.Item & {
  creator?: XmlValue;
  author?: XmlValue;
  id?: XmlValue;
  published?: XmlValue;
  updated?: XmlValue;
  dcDate?: XmlValue;
  rawCategories?: XmlValue[];
  mediaContent?: { $?: { url?: string; medium?: string; type?: string } }[];
  mediaThumbnail?: { $?: { url?: string } }[];
  contentEncoded?: XmlValue;
  /** RSS <atom:link> and Atom <link> elements, for hreflang alternates (editions in other languages). */
  atomLinks?: XmlValue[];
  allLinks?: XmlValue[];
  'rdf:about'?: string;
};

type RawFeed = { ttl?: XmlValue; language?: XmlValue; updatePeriod?: XmlValue; updateFrequency?: XmlValue; title?: XmlValue };

export interface ParseOptions {
  feedUrl: string;
  now: Date;
  /** Zone for dates written without one (the feed's, else the configured FEED_TIME_ZONE). */
  timeZone: string;
  contentType?: string | null;
}

/** Titles longer than this are cut (with an ellipsis): no real headline is this long. */
export const MAX_TITLE_LENGTH = 1000;

function createParser() {
  const parser = new Parser<RawFeed, RawItem>({
    customFields: {
      // rss-parser accepts [from, to] pairs for feed fields too; its types only admit names.
      feed: ['ttl', 'language', ['sy:updatePeriod', 'updatePeriod'], ['sy:updateFrequency', 'updateFrequency']] as unknown as (keyof RawFeed)[],
      item: [
        ['dc:creator', 'creator'],
        ['author', 'author'],
        ['dc:date', 'dcDate'],
        'published',
        'updated',
        ['category', 'rawCategories', { keepArray: true }],
        ['media:content', 'mediaContent', { keepArray: true }],
        ['media:thumbnail', 'mediaThumbnail', { keepArray: true }],
        ['content:encoded', 'contentEncoded'],
        ['atom:link', 'atomLinks', { keepArray: true }],
        ['link', 'allLinks', { keepArray: true }],
      ],
    },
  });
  // rss-parser's Atom reader calls toISOString() on <published>/<updated> and throws on
  // an unparseable one, failing the whole feed. Hide such dates from it; we read the
  // raw text ourselves through the custom fields above.
  const internals = parser as unknown as { parseItemAtom(entry: Record<string, unknown>): RawItem };
  const parseItemAtom = internals.parseItemAtom.bind(parser);
  internals.parseItemAtom = (entry) => {
    const safe = { ...entry };
    for (const name of ['published', 'updated']) {
      const value = textOf(safe[name] as XmlValue);
      if (value !== null && Number.isNaN(new Date(value).getTime())) delete safe[name];
    }
    const item = parseItemAtom(safe);
    for (const name of ['published', 'updated'] as const) item[name] = textOf(entry[name] as XmlValue) ?? undefined;
    return item;
  };
  return parser;
}

export async function parseFeed(body: string, options: ParseOptions): Promise<ParseOutcome> {
  if (body.trim() === '') return { ok: false, reason: 'empty response: not a feed' };
  if (looksLikeHtmlPage(body, options.contentType ?? null)) {
    const alternate = alternateFeedUrl(body, options.feedUrl);
    return alternate
      ? { ok: false, reason: `not a feed: this is an HTML page; it names its feed at ${alternate}, use that URL instead`, alternateUrl: alternate }
      : { ok: false, reason: 'not a feed: this is an HTML page and it names no feed' };
  }
  let feed: Parser.Output<RawItem> & RawFeed;
  try {
    feed = await createParser().parseString(body);
  } catch (error) {
    return { ok: false, reason: `not a readable feed: ${oneLine(error instanceof Error ? error.message : String(error))}` };
  }
  const drafts = (feed.items ?? []).map((item) => toEntry(item, options));
  const keys = dedupeKeys(drafts);
  const entries = drafts.map(({ rawDate: _rawDate, ...entry }, i) => ({ ...entry, key: keys[i]! }));
  // Stable sort: entries with equal dates keep the feed's own order (newest first by convention).
  entries.sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime());
  return {
    ok: true,
    feed: {
      title: textOf(feed.title) ? plainText(textOf(feed.title)!) : null,
      language: textOf(feed.language)?.trim() || null,
      refreshSeconds: refreshSeconds(feed),
      entries,
    },
  };
}

/**
 * The entry's editions in other languages the feed names: <atom:link rel="alternate"
 * hreflang="ru" href="…"/> in RSS, <link rel="alternate" hreflang="ru" href="…"/> in Atom.
 * Links without a language, to the entry itself, or that are not web addresses are left out.
 */
function translationsOf(item: RawItem, ownUrl: string | null, feedUrl: string): { language: string; url: string }[] {
  const found: { language: string; url: string }[] = [];
  for (const link of [...(item.atomLinks ?? []), ...(item.allLinks ?? [])]) {
    const attrs = typeof link === 'object' && link !== null && !Array.isArray(link) ? link.$ : undefined;
    if (!attrs || (attrs.rel ?? 'alternate').toLowerCase() !== 'alternate' || !attrs.hreflang) continue;
    const url = canonicalUrl(absoluteUrl(attrs.href ?? null, feedUrl));
    const language = attrs.hreflang.trim().toLowerCase().split(/[-_]/)[0] ?? '';
    if (!url || !/^[a-z]{2}$/.test(language) || url === canonicalUrl(ownUrl)) continue;
    if (!found.some((f) => f.url === url)) found.push({ language, url });
  }
  return found.slice(0, 10);
}

function toEntry(item: RawItem, options: ParseOptions): FeedEntry & { rawDate: string | null } {
  const url = absoluteUrl(textOf(item.link as XmlValue), options.feedUrl);
  const title = cut(plainText(textOf(item.title as XmlValue) ?? ''), MAX_TITLE_LENGTH) || '(untitled)';
  const description = textOf(item.content as XmlValue) ?? textOf(item.summary as XmlValue) ?? textOf(item.contentSnippet as XmlValue) ?? '';
  const contentHtml = textOf(item.contentEncoded) ?? null;
  // Atom's raw <published>/<updated> come first: rss-parser's own pubDate for Atom is
  // already converted, reading zone-less dates in the server's zone. The first date that
  // reads wins; an unreadable one is still kept as text for the dedupe hash.
  const dateTexts = [item.published, item.updated, item.pubDate as XmlValue, item.dcDate].map(textOf).filter((d): d is string => !!d && d.trim() !== '');
  let published: Date | null = null;
  let rawDate: string | null = dateTexts[0] ?? null;
  for (const text of dateTexts) {
    published = parseFeedDate(text, options.timeZone);
    if (published) {
      rawDate = text;
      break;
    }
  }
  // Missing, unreadable or future dates become the time of discovery.
  const publishedAt = published && published.getTime() <= options.now.getTime() ? published : options.now;
  const guid = cut(textOf(item.guid as XmlValue) ?? textOf(item.id) ?? item['rdf:about'] ?? '', 2000).trim() || null;
  return {
    key: '',
    rawDate,
    guid,
    url,
    canonicalUrl: canonicalUrl(url),
    title,
    author: authorOf(item),
    categories: categoriesOf(item),
    publishedAt,
    description,
    contentHtml,
    imageUrl: imageOf(item, description, contentHtml, options.feedUrl),
    translations: translationsOf(item, url, options.feedUrl),
    contentHash: shortHash(`${title}\n${plainText(description)}`),
  };
}

/** The text of an xml2js value, or null: strings as they are, {_: text}, first of an array. */
export function textOf(value: XmlValue | unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.length > 0 ? textOf(value[0]) : null;
  if (value && typeof value === 'object' && typeof (value as { _?: unknown })._ === 'string') return (value as { _: string })._;
  return null;
}

function authorOf(item: RawItem): string | null {
  const text = textOf(item.creator) ?? textOf(item.author);
  if (!text) return null;
  // RSS <author> is "email (Name)": the name is what readers want.
  const named = text.match(/^\s*\S+@\S+\s*\((.+)\)\s*$/);
  return cut(plainText(named ? named[1]! : text), 200) || null;
}

function categoriesOf(item: RawItem): string[] {
  const raw = item.rawCategories ?? [];
  const names = raw.map((c) => {
    if (c && typeof c === 'object' && !Array.isArray(c) && c.$ && typeof c.$.term === 'string') return c.$.label ?? c.$.term;
    return textOf(c);
  });
  const seen = new Set<string>();
  const result: string[] = [];
  for (const name of names) {
    const clean = cut(plainText(name ?? ''), 100);
    if (clean && !seen.has(clean.toLowerCase())) {
      seen.add(clean.toLowerCase());
      result.push(clean);
    }
  }
  return result.slice(0, 20);
}

function imageOf(item: RawItem, description: string, contentHtml: string | null, base: string): string | null {
  const enclosure = item.enclosure;
  const media = Array.isArray(item.mediaContent) ? item.mediaContent : [];
  const thumbnails = Array.isArray(item.mediaThumbnail) ? item.mediaThumbnail : [];
  const candidates = [
    enclosure?.type?.startsWith('image/') || /\.(jpe?g|png|webp|gif)(\?|$)/i.test(enclosure?.url ?? '') ? enclosure?.url : undefined,
    media.find((m) => m?.$?.medium === 'image' || m?.$?.type?.startsWith('image/'))?.$?.url,
    media.find((m) => m?.$?.url && !m.$.medium && !m.$.type)?.$?.url,
    thumbnails[0]?.$?.url,
    (contentHtml ?? '').match(/<img[^>]+src=["']([^"']+)["']/i)?.[1],
    description.match(/<img[^>]+src=["']([^"']+)["']/i)?.[1],
  ];
  for (const candidate of candidates) {
    const url = absoluteUrl(typeof candidate === 'string' ? candidate : null, base);
    if (url) return url;
  }
  return null;
}

function refreshSeconds(feed: RawFeed): number | null {
  const ttl = Number(textOf(feed.ttl));
  if (Number.isFinite(ttl) && ttl > 0) return Math.round(ttl * 60);
  const period = { hourly: 3600, daily: 86400, weekly: 604800, monthly: 2592000, yearly: 31536000 }[
    String(textOf(feed.updatePeriod) ?? '').trim().toLowerCase()
  ];
  if (!period) return null;
  const frequency = Number(textOf(feed.updateFrequency) ?? 1);
  return Math.round(period / (Number.isFinite(frequency) && frequency > 0 ? frequency : 1));
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function oneLine(text: string): string {
  return cut(text.replace(/\s+/g, ' ').trim(), 300);
}
