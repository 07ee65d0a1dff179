import type { ExtractOutcome } from '../news/extractor-pool.js';
import type { FeedEntry, FetchOutcome } from '../news/types.js';
import { needsFullText } from '../news/understand/full-text.js';
import type { FullText } from './prepare-item.js';

/** Fetches one article page (guarded, with the article size cap, timeout and redirects). */
export type PageFetcher = (url: string) => Promise<FetchOutcome>;

/** Extracts a page's article off the main thread, within a time budget (news/extractor-pool.ts). */
export type PageExtractor = (html: string, url: string) => Promise<ExtractOutcome>;

export interface FullTextDeps {
  fetchPage: PageFetcher;
  extract: PageExtractor;
}

export interface FullTextOptions {
  /** Pages fetched per feed per poll at most: a new feed of 10,000 teasers must not mean 10,000 requests. */
  limit: number;
  concurrency: number;
}

export interface FullTextReport {
  texts: Map<string, FullText>;
  failures: { url: string; reason: string }[];
}

/**
 * For entries whose feed text is only a teaser, fetches the article page and extracts its
 * main text and byline. A page that fails, overruns its extraction budget or holds no
 * article leaves the entry as it was.
 */
export async function fetchFullTexts(entries: FeedEntry[], deps: FullTextDeps, options: FullTextOptions): Promise<FullTextReport> {
  const wanted = entries.filter((e) => e.url && needsFullText(e.contentHtml || e.description)).slice(0, options.limit);
  const report: FullTextReport = { texts: new Map(), failures: [] };
  let next = 0;
  const worker = async () => {
    while (next < wanted.length) {
      const entry = wanted[next++]!;
      const url = entry.url!;
      const page = await deps.fetchPage(url);
      if (page.kind !== 'fetched') {
        report.failures.push({ url, reason: page.kind === 'failed' ? page.reason : 'page unchanged (304) without a copy' });
        continue;
      }
      const extracted = await deps.extract(page.body, page.finalUrl);
      if (extracted.kind !== 'extracted') {
        report.failures.push({ url, reason: extracted.kind === 'failed' ? extracted.reason : 'no article text found on the page' });
        continue;
      }
      const { article } = extracted;
      report.texts.set(entry.key, { text: article.text, author: article.author, section: article.section });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, wanted.length)) }, worker));
  return report;
}
