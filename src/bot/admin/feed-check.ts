import { parseFeed } from '../../news/parse-feed.js';
import type { FetchOutcome } from '../../news/types.js';

export type FeedCheck =
  | { ok: true; url: string; title: string | null; language: string | null; entries: number }
  | { ok: false; reason: string };

/**
 * Proves an address is a feed before it is added: only http(s), fetched once, parsed.
 * An HTML page that names its feed (<link rel="alternate">) is followed to that feed once.
 */
export async function checkFeedAddress(input: string, fetchFeed: (url: string) => Promise<FetchOutcome>, now: Date): Promise<FeedCheck> {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { ok: false, reason: `“${input.slice(0, 100)}” is not a web address. Send a full address such as https://example.com/rss.xml.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `Only http and https addresses can be feeds, not ${url.protocol.replace(/:$/, '')}: addresses.` };
  }
  let address = url.toString();
  for (let attempt = 0; attempt < 2; attempt++) {
    const fetched = await fetchFeed(address);
    if (fetched.kind === 'failed') return { ok: false, reason: `Could not fetch ${address}: ${fetched.reason}` };
    if (fetched.kind === 'not-modified') return { ok: false, reason: `${address} answered “not modified” to a first request; it does not behave like a feed.` };
    // Only "is it a feed?" is asked here; dates are read properly by the first poll.
    const parsed = await parseFeed(fetched.body, { feedUrl: fetched.finalUrl, now, timeZone: 'UTC', contentType: fetched.contentType });
    if (parsed.ok) return { ok: true, url: address, title: parsed.feed.title, language: parsed.feed.language, entries: parsed.feed.entries.length };
    if (attempt === 0 && parsed.alternateUrl && parsed.alternateUrl !== address) {
      address = parsed.alternateUrl;
      continue;
    }
    return { ok: false, reason: `${address} is not a feed: ${parsed.reason}` };
  }
  return { ok: false, reason: `${input} is not a feed.` };
}
