import { catalog, type Catalog } from '../../i18n/index.js';
import { parseFeed } from '../../news/parse-feed.js';
import type { FetchOutcome } from '../../news/types.js';

export type FeedCheck =
  | { ok: true; url: string; title: string | null; language: string | null; entries: number }
  | { ok: false; reason: string };

/**
 * Proves an address is a feed before it is added: only http(s), fetched once, parsed.
 * An HTML page that names its feed (<link rel="alternate">) is followed to that feed once.
 * The reason of a refusal is written for the editor, in `t`'s language.
 */
export async function checkFeedAddress(input: string, fetchFeed: (url: string) => Promise<FetchOutcome>, now: Date, t: Catalog = catalog('en')): Promise<FeedCheck> {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { ok: false, reason: t.feedNotAddress(input.slice(0, 100)) };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: t.feedBadScheme(url.protocol.replace(/:$/, '')) };
  }
  let address = url.toString();
  for (let attempt = 0; attempt < 2; attempt++) {
    const fetched = await fetchFeed(address);
    if (fetched.kind === 'failed') return { ok: false, reason: t.feedFetchFailed(address, fetched.reason) };
    if (fetched.kind === 'not-modified') return { ok: false, reason: t.feedNotModified(address) };
    // Only "is it a feed?" is asked here; dates are read properly by the first poll.
    const parsed = await parseFeed(fetched.body, { feedUrl: fetched.finalUrl, now, timeZone: 'UTC', contentType: fetched.contentType });
    if (parsed.ok) return { ok: true, url: address, title: parsed.feed.title, language: parsed.feed.language, entries: parsed.feed.entries.length };
    if (attempt === 0 && parsed.alternateUrl && parsed.alternateUrl !== address) {
      address = parsed.alternateUrl;
      continue;
    }
    return { ok: false, reason: t.feedNotFeed(address, parsed.reason) };
  }
  return { ok: false, reason: t.feedNotFeedAtAll(input) };
}
