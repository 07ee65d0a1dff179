import type { Response } from 'undici';
import { decodeBody } from './decode-body.js';
import { discardBody } from './discard-body.js';
import type { GuardedAnswer, GuardedFetch } from './guarded-fetch.js';
import type { FetchOutcome, Validators } from './types.js';

export interface FetchOptions {
  /** Every request, each redirect hop included, goes through it: it refuses private addresses. */
  guardedFetch: GuardedFetch;
  /** One deadline for the whole fetch: every redirect hop and the last byte of the body. */
  timeoutMs: number;
  /** Cap on the (decompressed) body, enforced while streaming. */
  maxBytes: number;
  userAgent: string;
  /** Redirects followed at most (default 5). */
  maxRedirects?: number;
  /**
   * Awaited once before the body is read past LARGE_BODY_BYTES (its reading paused meanwhile):
   * a poll waits there for room for one more large body (news/bounded-runner.ts, Slot.largeBody),
   * so bodies that arrive faster than they are parsed cannot pile up. The fetch's timeout runs on.
   */
  waitForBodyRoom?: () => Promise<void>;
}

/** Bodies up to this size are read without asking for room: a dripping feed never gets this far. */
export const LARGE_BODY_BYTES = 64 * 1024;

const DEFAULT_MAX_REDIRECTS = 5;

/** Conditional GET of a feed; every failure is a value with a readable reason. */
export async function fetchFeed(url: string, validators: Validators, options: FetchOptions): Promise<FetchOutcome> {
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const signal = AbortSignal.timeout(options.timeoutMs);
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    return { kind: 'failed', reason: `not a valid URL: ${url}`, status: null };
  }
  const visited = new Set<string>();
  for (let hop = 0; ; hop++) {
    if (current.protocol !== 'http:' && current.protocol !== 'https:') {
      const scheme = current.protocol.replace(/:$/, '');
      const what = hop === 0 ? `a ${scheme}: URL` : `a redirect to a ${scheme}: URL`;
      return { kind: 'failed', reason: `refused ${what} (only http and https are fetched)`, status: null };
    }
    visited.add(current.href);
    let answer: GuardedAnswer;
    try {
      answer = await request(options.guardedFetch, current, requestHeaders(validators, options.userAgent), signal);
    } catch (error) {
      return { kind: 'failed', reason: describeError(error, options), status: null };
    }
    if (answer.kind === 'refused') {
      return { kind: 'failed', reason: hop === 0 ? answer.reason : `redirect to ${current.href} ${answer.reason}`, status: null };
    }
    const { response } = answer;
    if (isRedirect(response.status)) {
      await discardBody(response.body);
      const location = response.headers.get('location');
      if (!location) return { kind: 'failed', reason: `HTTP ${response.status} redirect without a Location header`, status: response.status };
      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        return { kind: 'failed', reason: `HTTP ${response.status} redirect to an invalid URL`, status: response.status };
      }
      if (visited.has(next.href)) return { kind: 'failed', reason: `redirect loop: ${next.href} was already visited`, status: response.status };
      if (hop + 1 > maxRedirects) return { kind: 'failed', reason: `too many redirects (more than ${maxRedirects})`, status: response.status };
      current = next;
      continue;
    }
    return readResponse(response, current.href, options);
  }
}

/**
 * One GET. A pooled keep-alive connection that the server closed while idle fails with a
 * reset before any answer; GET is idempotent, so that one case is retried once.
 */
async function request(guardedFetch: GuardedFetch, url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<GuardedAnswer> {
  try {
    return await guardedFetch.request(url, { headers, signal });
  } catch (error) {
    if (signal.aborted || !isStaleConnection(error)) throw error;
    return guardedFetch.request(url, { headers, signal });
  }
}

function isStaleConnection(error: unknown): boolean {
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  return ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'].includes(cause?.code ?? '');
}

function requestHeaders(validators: Validators, userAgent: string): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': userAgent,
    accept: 'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
    // undici decompresses these itself; the body cap below counts decompressed bytes.
    'accept-encoding': 'gzip, deflate, br',
  };
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  return headers;
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

async function readResponse(response: Response, finalUrl: string, options: FetchOptions): Promise<FetchOutcome> {
  const maxAgeSeconds = parseMaxAge(response.headers.get('cache-control'));
  if (response.status === 304) {
    await discardBody(response.body);
    return { kind: 'not-modified', maxAgeSeconds };
  }
  if (!response.ok) {
    await discardBody(response.body);
    return { kind: 'failed', reason: `HTTP ${response.status} ${response.statusText}`.trim(), status: response.status };
  }
  let bytes: Uint8Array;
  try {
    bytes = await readCapped(response, options.maxBytes, options.waitForBodyRoom);
  } catch (error) {
    return { kind: 'failed', reason: describeError(error, options), status: response.status };
  }
  const contentType = response.headers.get('content-type');
  const decoded = decodeBody(bytes, contentType);
  return {
    kind: 'fetched',
    body: decoded.text,
    encoding: decoded.encoding,
    contentType,
    etag: response.headers.get('etag'),
    lastModified: response.headers.get('last-modified'),
    finalUrl,
    maxAgeSeconds,
  };
}

class BodyTooLarge extends Error {}

/** Reads the body chunk by chunk and stops at the cap, so an endless body costs at most maxBytes. */
async function readCapped(response: Response, maxBytes: number, waitForBodyRoom?: () => Promise<void>): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes && !response.headers.get('content-encoding')) {
    await discardBody(response.body);
    throw new BodyTooLarge(`body of ${declared} bytes is over the ${maxBytes}-byte limit`);
  }
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  let roomAsked = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await discardBody(reader);
      throw new BodyTooLarge(`body over the ${maxBytes}-byte limit`);
    }
    chunks.push(value);
    if (waitForBodyRoom && !roomAsked && total > LARGE_BODY_BYTES) {
      // Read no further (the socket's buffers fill and the server waits) until there is room.
      roomAsked = true;
      await waitForBodyRoom();
    }
  }
  return Buffer.concat(chunks, total);
}

function describeError(error: unknown, options: FetchOptions): string {
  if (error instanceof BodyTooLarge) return `response too large: ${error.message}`;
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `timed out: no complete answer within ${options.timeoutMs} ms`;
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : null;
  const message = error instanceof Error ? error.message : String(error);
  return cause ? `${message}: ${cause}` : message;
}

function parseMaxAge(cacheControl: string | null): number | null {
  if (!cacheControl) return null;
  if (/\b(no-cache|no-store)\b/i.test(cacheControl)) return 0;
  const match = cacheControl.match(/\bmax-age\s*=\s*"?(\d+)/i);
  return match ? Number(match[1]) : null;
}
