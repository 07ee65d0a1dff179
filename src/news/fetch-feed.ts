import type { FetchOutcome, Validators } from './types.js';

export interface FetchOptions {
  timeoutMs: number;
  maxBytes: number;
  userAgent: string;
}

/** Conditional GET of a feed; every failure is a value with a readable reason. */
export async function fetchFeed(url: string, validators: Validators, options: FetchOptions): Promise<FetchOutcome> {
  const headers: Record<string, string> = {
    'user-agent': options.userAgent,
    accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
  };
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  const signal = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { headers, signal, redirect: 'follow' });
  } catch (error) {
    return { kind: 'failed', reason: describeNetworkError(error, options.timeoutMs), status: null };
  }
  const maxAgeSeconds = parseMaxAge(response.headers.get('cache-control'));
  if (response.status === 304) {
    await response.body?.cancel();
    return { kind: 'not-modified', maxAgeSeconds };
  }
  if (!response.ok) {
    await response.body?.cancel();
    return { kind: 'failed', reason: `HTTP ${response.status} ${response.statusText}`.trim(), status: response.status };
  }
  let body: string;
  try {
    body = await readText(response, options.maxBytes);
  } catch (error) {
    return { kind: 'failed', reason: describeNetworkError(error, options.timeoutMs), status: response.status };
  }
  return {
    kind: 'fetched',
    body,
    contentType: response.headers.get('content-type'),
    etag: response.headers.get('etag'),
    lastModified: response.headers.get('last-modified'),
    finalUrl: response.url || url,
    maxAgeSeconds,
  };
}

class BodyTooLarge extends Error {}

async function readText(response: Response, maxBytes: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new BodyTooLarge(`body larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof BodyTooLarge) return `response too large: ${error.message}`;
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no complete answer within ${timeoutMs} ms`;
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : null;
  const message = error instanceof Error ? error.message : String(error);
  return cause ? `${message}: ${cause}` : message;
}

function parseMaxAge(cacheControl: string | null): number | null {
  const match = cacheControl?.match(/max-age=(\d+)/i);
  return match ? Number(match[1]) : null;
}
