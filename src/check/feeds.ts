import type { Config } from '../config.js';
import { fetchFeed } from '../news/fetch-feed.js';
import type { GuardedFetch } from '../news/guarded-fetch.js';
import { parseFeedDate, zoneOffsetMinutes } from '../news/parse-date.js';
import { parseFeed } from '../news/parse-feed.js';
import { fail, pass, type CheckLine } from './lines.js';

const NO_VALIDATORS = { etag: null, lastModified: null };
/** A newest date further ahead than this means the feed labels its local time as another zone. */
const FUTURE_SLACK_MS = 10 * 60_000;

export interface FeedCheckOptions {
  /** The one guarded fetcher (refuses private addresses unless ALLOW_PRIVATE_FETCH). */
  guardedFetch: GuardedFetch;
  userAgent: string;
  now: () => Date;
}

/**
 * Fetches and parses one feed as a poll would (through the guarded fetcher, with the same
 * limits) and says what Herald will find there: title, items, newest date, language and the
 * time zone its dates are written in.
 */
export async function checkFeed(url: string, config: Config, options: FeedCheckOptions): Promise<CheckLine> {
  const subject = `feed ${url}`;
  const fetched = await fetchFeed(url, NO_VALIDATORS, { guardedFetch: options.guardedFetch, timeoutMs: config.fetchTimeoutMs, maxBytes: config.fetchMaxBytes, userAgent: options.userAgent });
  if (fetched.kind === 'not-modified') return fail(subject, 'the server answered 304 Not Modified to a plain request: it is misbehaving; try again later or ask the site');
  if (fetched.kind === 'failed') return fail(subject, fetchProblem(fetched.reason, fetched.status, url, config));
  const now = options.now();
  const parsed = await parseFeed(fetched.body, { feedUrl: fetched.finalUrl, now, timeZone: config.feedTimeZone, contentType: fetched.contentType });
  if (!parsed.ok) {
    if (parsed.alternateUrl) return fail(subject, `${parsed.reason.replace(/, use that URL instead$/, '')}: put ${parsed.alternateUrl} in FEEDS instead`);
    return fail(subject, `${parsed.reason}: this address gives no RSS or Atom feed; fix it in FEEDS`);
  }
  const feed = parsed.feed;
  const parts = [
    feed.title ? `“${feed.title}”` : 'untitled',
    `${feed.entries.length} item${feed.entries.length === 1 ? '' : 's'}`,
  ];
  const dates = dateTexts(fetched.body);
  const newest = newestDate(dates, config.feedTimeZone);
  if (feed.entries.length > 0) parts.push(newest ? `newest ${formatDate(newest)}` : 'items carry no readable dates (each is dated when first seen)');
  parts.push(feed.language ? `language ${feed.language}` : 'no language given');
  parts.push(zoneGuess(dates, config.feedTimeZone, now));
  if (newest && newest.getTime() > now.getTime() + FUTURE_SLACK_MS) {
    parts.push(`the newest date is ${Math.round((newest.getTime() - now.getTime()) / 60_000)} min in the future: the feed probably writes local time labelled as another zone (such items are dated when first seen)`);
  }
  if (fetched.finalUrl !== url) parts.push(`redirected to ${fetched.finalUrl} (put that in FEEDS to save a request)`);
  return pass(subject, parts.join(', '));
}

/** A network failure (nothing usable answered) told apart from a wrong value (the answer says no). */
function fetchProblem(reason: string, status: number | null, url: string, config: Config): string {
  if (status !== null) {
    if (status === 404 || status === 410) return `HTTP ${status}: there is no feed at this address: fix the URL in FEEDS`;
    if (status === 401 || status === 403) return `${reason}: the site refuses Herald (it may block bots or need a login): ask the site, or use another feed URL in FEEDS`;
    if (status === 429) return `${reason}: the site says too many requests: try again later`;
    if (status >= 500) return `${reason}: the site has a problem right now: try again later`;
    if (status >= 300 && status < 400) return `${reason}: fix the URL in FEEDS`;
    return `${reason}: check the URL in FEEDS`;
  }
  if (reason.startsWith('refused:') || reason.startsWith('redirect to')) return reason;
  if (reason.startsWith('not a valid URL') || reason.startsWith('refused a')) return `${reason}: fix the URL in FEEDS`;
  if (reason.startsWith('response too large')) return `${reason}: raise FETCH_MAX_BYTES if this feed is really that large`;
  if (reason.startsWith('timed out')) return `network: ${reason}: check this machine's internet access or proxy; raise FETCH_TIMEOUT_MS (${config.fetchTimeoutMs}) if the site is just slow`;
  const host = hostOf(url);
  return `network: ${reason}: check that this machine can reach ${host} (internet access, proxy, firewall, DNS) and that the host name in FEEDS is right`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The date texts of the feed's items as written (RSS pubDate, Atom published/updated, dc:date). */
function dateTexts(body: string): string[] {
  const found: string[] = [];
  const pattern = /<(pubDate|published|updated|dc:date)\b[^>]*>\s*(?:<!\[CDATA\[)?([^<\]]{6,80})/gi;
  for (const match of body.matchAll(pattern)) {
    found.push(match[2]!.trim());
    if (found.length >= 200) break;
  }
  return found;
}

function newestDate(texts: string[], timeZone: string): Date | null {
  let newest: Date | null = null;
  for (const text of texts) {
    const date = parseFeedDate(text, timeZone);
    if (date && (!newest || date > newest)) newest = date;
  }
  return newest;
}

/** Minutes east of UTC a date text names, 'named' for a zone abbreviation, null for none. */
function offsetOf(text: string): number | 'named' | null {
  const t = text.trim();
  if (/(?:\d)(Z|\s?(GMT|UTC|UT))$/i.test(t)) return 0;
  const numeric = t.match(/(?:\d|\s)(?:GMT|UTC)?([+-])(\d{2}):?(\d{2})$/);
  if (numeric) return (numeric[1] === '-' ? -1 : 1) * (Number(numeric[2]) * 60 + Number(numeric[3]));
  if (/\s[A-Z]{3,4}$/.test(t)) return 'named';
  return null;
}

/** The zone the feed writes its dates in (the most common), against FEED_TIME_ZONE. */
function zoneGuess(texts: string[], timeZone: string, now: Date): string {
  if (texts.length === 0) return 'no dates to tell its time zone';
  const configured = zoneOffsetMinutes(now.getTime(), timeZone);
  const counts = new Map<number | 'named' | null, number>();
  for (const text of texts) {
    const offset = offsetOf(text);
    counts.set(offset, (counts.get(offset) ?? 0) + 1);
  }
  const [common] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
  if (common === null) return `dates carry no time zone: read as FEED_TIME_ZONE ${timeZone} (${offsetText(configured)}); set FEED_TIME_ZONE if the site is elsewhere`;
  if (common === 'named') return 'dates name their zone (an abbreviation)';
  if (common === configured) return `dates in ${offsetText(common)} (as FEED_TIME_ZONE ${timeZone})`;
  return `dates in ${offsetText(common)}${common === 0 ? ' (UTC)' : ''}; they carry their zone, so FEED_TIME_ZONE ${timeZone} (${offsetText(configured)}) only matters for dates without one`;
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function formatDate(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
