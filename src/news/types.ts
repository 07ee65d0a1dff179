/** Validators remembered from the last fetch, sent back for a conditional GET. */
export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export type FetchOutcome =
  | { kind: 'not-modified'; maxAgeSeconds: number | null }
  | {
      kind: 'fetched';
      /** Decoded text (charset honoured, BOM and forbidden control characters removed). */
      body: string;
      /** The character encoding the body was read in. */
      encoding: string;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
      finalUrl: string;
      maxAgeSeconds: number | null;
    }
  | { kind: 'failed'; reason: string; status: number | null };

/** One feed entry, normalised and keyed, ready to be stored. */
export interface FeedEntry {
  /** Stable dedupe key: guid, else canonical link, else a hash of title and date. */
  key: string;
  guid: string | null;
  url: string | null;
  canonicalUrl: string | null;
  title: string;
  author: string | null;
  categories: string[];
  publishedAt: Date;
  /** The feed's description/summary as given (may hold markup). */
  description: string;
  /** Full content (content:encoded, Atom content) when the feed carries it. */
  contentHtml: string | null;
  imageUrl: string | null;
  /** The entry's editions in other languages the feed links (hreflang alternates), canonical addresses. */
  translations?: { language: string; url: string }[];
  /** Changes when the entry's visible content changes: drives update detection. */
  contentHash: string;
}

export interface ParsedFeed {
  title: string | null;
  language: string | null;
  /** How often the feed says it changes (ttl / sy:updatePeriod), in seconds. */
  refreshSeconds: number | null;
  /** Newest first. */
  entries: FeedEntry[];
}

export type ParseOutcome = { ok: true; feed: ParsedFeed } | { ok: false; reason: string; alternateUrl?: string };
