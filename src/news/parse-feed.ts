import { createHash } from 'node:crypto';
import Parser from 'rss-parser';
import { absoluteUrl, canonicalUrl } from './canonical-url.js';
import { plainText } from './plain-text.js';
import type { FeedEntry, ParseOutcome } from './types.js';

type RawItem = Parser.Item & {
  creator?: string;
  author?: string;
  mediaContent?: { $?: { url?: string; medium?: string; type?: string } }[];
  mediaThumbnail?: { $?: { url?: string } }[];
  contentEncoded?: string;
};

type RawFeed = { ttl?: string; language?: string; updatePeriod?: string; updateFrequency?: string };

export interface ParseOptions {
  feedUrl: string;
  now: Date;
}

function createParser() {
  return new Parser<RawFeed, RawItem>({
    customFields: {
      // rss-parser accepts [from, to] pairs for feed fields too; its types only admit names.
      feed: ['ttl', 'language', ['sy:updatePeriod', 'updatePeriod'], ['sy:updateFrequency', 'updateFrequency']] as unknown as (keyof RawFeed)[],
      item: [
        ['dc:creator', 'creator'],
        ['author', 'author'],
        ['media:content', 'mediaContent', { keepArray: true }],
        ['media:thumbnail', 'mediaThumbnail', { keepArray: true }],
        ['content:encoded', 'contentEncoded'],
      ],
    },
  });
}

export async function parseFeed(body: string, options: ParseOptions): Promise<ParseOutcome> {
  if (body.trim() === '') return { ok: false, reason: 'empty response: not a feed' };
  let feed: Parser.Output<RawItem> & RawFeed;
  try {
    feed = await createParser().parseString(body);
  } catch (error) {
    return { ok: false, reason: `not a readable feed: ${error instanceof Error ? error.message : String(error)}` };
  }
  const entries = (feed.items ?? []).map((item) => toEntry(item, options));
  assignKeys(entries);
  entries.sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime());
  return {
    ok: true,
    feed: {
      title: feed.title ? plainText(feed.title) : null,
      language: typeof feed.language === 'string' ? feed.language.trim() : null,
      refreshSeconds: refreshSeconds(feed),
      entries,
    },
  };
}

function toEntry(item: RawItem, options: ParseOptions): FeedEntry & { rawGuid: string | null } {
  const url = absoluteUrl(item.link, options.feedUrl);
  const title = plainText(item.title ?? '') || '(untitled)';
  const description = item.content ?? item.summary ?? item.contentSnippet ?? '';
  const contentHtml = item.contentEncoded ?? null;
  const published = item.isoDate ? new Date(item.isoDate) : null;
  const publishedAt = published && !Number.isNaN(published.getTime()) && published <= options.now ? published : options.now;
  const rawGuid = typeof item.guid === 'string' && item.guid.trim() ? item.guid.trim() : null;
  return {
    key: '',
    rawGuid,
    guid: rawGuid,
    url,
    canonicalUrl: canonicalUrl(url),
    title,
    author: (item.creator ?? item.author ?? '').trim() || null,
    categories: (item.categories ?? []).map((c) => (typeof c === 'string' ? c : String((c as { _?: string })._ ?? ''))).map((c) => plainText(c)).filter(Boolean),
    publishedAt,
    description,
    contentHtml,
    imageUrl: imageOf(item, options.feedUrl),
    contentHash: createHash('sha256').update(`${title}\n${plainText(description)}`).digest('hex').slice(0, 32),
  };
}

/** Guids only when the feed gives every entry a distinct one; else links; else title and date. */
function assignKeys(entries: (FeedEntry & { rawGuid: string | null })[]): void {
  const guids = entries.map((e) => e.rawGuid);
  const guidsUsable = guids.every((g) => g !== null) && new Set(guids).size === guids.length;
  for (const entry of entries) {
    if (guidsUsable && entry.rawGuid) entry.key = `guid:${entry.rawGuid}`;
    else if (entry.canonicalUrl) entry.key = `url:${entry.canonicalUrl}`;
    else entry.key = `hash:${createHash('sha256').update(`${entry.title}\n${entry.publishedAt.toISOString()}`).digest('hex').slice(0, 32)}`;
  }
}

function imageOf(item: RawItem, base: string): string | null {
  const candidates = [
    item.enclosure?.type?.startsWith('image/') || /\.(jpe?g|png|webp|gif)(\?|$)/i.test(item.enclosure?.url ?? '') ? item.enclosure?.url : undefined,
    item.mediaContent?.find((m) => m.$?.medium === 'image' || m.$?.type?.startsWith('image/') || m.$?.url)?.$?.url,
    item.mediaThumbnail?.[0]?.$?.url,
    (item.contentEncoded ?? item.content ?? '').match(/<img[^>]+src=["']([^"']+)["']/i)?.[1],
  ];
  for (const candidate of candidates) {
    const url = absoluteUrl(candidate, base);
    if (url) return url;
  }
  return null;
}

function refreshSeconds(feed: RawFeed): number | null {
  const ttl = Number(feed.ttl);
  if (Number.isFinite(ttl) && ttl > 0) return ttl * 60;
  const period = { hourly: 3600, daily: 86400, weekly: 604800, monthly: 2592000, yearly: 31536000 }[
    String(feed.updatePeriod ?? '').trim().toLowerCase()
  ];
  if (!period) return null;
  const frequency = Number(feed.updateFrequency ?? 1);
  return Math.round(period / (Number.isFinite(frequency) && frequency > 0 ? frequency : 1));
}
