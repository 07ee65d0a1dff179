/**
 * Writes one route's answer: conditional GET, gzip, delays, trickling, endless bodies,
 * redirects and broken connections. Every timer and stream is tied to a signal that the
 * server aborts on close, so nothing outlives it.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';

export interface DripSpec {
  /** Pause between bytes (ms). */
  intervalMs: number;
  /** Bytes written per tick (default 1). */
  bytesPerTick?: number;
  /** Start over when the body is used up, so the response never ends (default false). */
  endless?: boolean;
}

export interface OversizedSpec {
  /** Total bytes to stream. */
  bytes: number;
  /** Written first, e.g. an XML prolog so the start looks like a feed. */
  prefix?: string;
  /** Repeated to fill the rest (default a harmless RSS item). */
  filler?: string;
  chunkBytes?: number;
  /** Send Content-Length up front (default false: chunked, so the client must count). */
  declareLength?: boolean;
}

export interface RouteSpec {
  status?: number;
  body?: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
  /** Default: a hash of the body. false: no ETag. */
  etag?: string | false;
  /** Default: when the body last changed (strictly increasing seconds). false: none. */
  lastModified?: Date | string | false;
  /** Answer 304 to a matching If-None-Match / If-Modified-Since (default true). */
  conditional?: boolean;
  /** Wait this long before sending headers. */
  delayMs?: number;
  drip?: DripSpec;
  /** true: gzip when the client accepts it; 'always': even when it does not. */
  gzip?: boolean | 'always';
  oversized?: OversizedSpec;
  redirect?: { location: string; status?: number };
  /** Never answer. */
  hang?: boolean;
  /** Drop the connection: before any header, or after the headers and half the body. */
  reset?: 'before-headers' | 'mid-body';
  /** Full control, for anything else. */
  handler?: (req: IncomingMessage, res: ServerResponse, signal: AbortSignal) => void | Promise<void>;
}

/** A route plus what the server derived for it. */
export interface RouteState {
  spec: RouteSpec;
  /** Fake-server wall time (ms) of the last body change, for Last-Modified. */
  changedAt: number;
}

const FILLER = '<item><title>filler</title><description>xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx</description></item>\n';

export function bodyBuffer(spec: RouteSpec): Buffer {
  const b = spec.body ?? '';
  return typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
}

export function etagFor(route: RouteState): string | undefined {
  const { spec } = route;
  if (spec.etag === false) return undefined;
  if (spec.etag !== undefined) return spec.etag;
  return `"${createHash('sha1').update(bodyBuffer(spec)).digest('hex').slice(0, 16)}"`;
}

export function lastModifiedFor(route: RouteState): string | undefined {
  const lm = route.spec.lastModified;
  if (lm === false) return undefined;
  if (typeof lm === 'string') return lm;
  return (lm ?? new Date(route.changedAt)).toUTCString();
}

/** RFC 9110: If-None-Match wins; If-Modified-Since is only looked at without it. */
export function notModified(req: IncomingMessage, etag: string | undefined, lastModified: string | undefined): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) {
    if (!etag) return false;
    const bare = (t: string): string => t.trim().replace(/^W\//, '');
    return inm.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
  }
  const ims = req.headers['if-modified-since'];
  if (ims === undefined || !lastModified) return false;
  const since = Date.parse(ims);
  const modified = Date.parse(lastModified);
  return Number.isFinite(since) && Number.isFinite(modified) && modified <= since;
}

/** Writes the answer and resolves with the status sent (0 when none was). */
export async function respond(req: IncomingMessage, res: ServerResponse, route: RouteState, signal: AbortSignal): Promise<number> {
  const { spec } = route;
  if (spec.delayMs) await delay(spec.delayMs, signal);
  if (signal.aborted) return 0;
  if (spec.hang) return 0;
  if (spec.reset === 'before-headers') {
    req.socket.destroy();
    return 0;
  }
  if (spec.handler) {
    await spec.handler(req, res, signal);
    return res.statusCode;
  }
  const headers: Record<string, string | number> = { ...spec.headers };
  if (spec.redirect) {
    const status = spec.redirect.status ?? 302;
    res.writeHead(status, { ...headers, location: spec.redirect.location, 'content-length': 0 }).end();
    return status;
  }
  const etag = etagFor(route);
  const lastModified = lastModifiedFor(route);
  if (etag) headers.etag = etag;
  if (lastModified) headers['last-modified'] = lastModified;
  if (spec.contentType) headers['content-type'] = spec.contentType;
  const status = spec.status ?? 200;
  if (status === 200 && spec.conditional !== false && notModified(req, etag, lastModified)) {
    delete headers['content-type'];
    res.writeHead(304, headers).end();
    return 304;
  }
  const gzip = spec.gzip === 'always' || (spec.gzip === true && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')));
  if (gzip) headers['content-encoding'] = 'gzip';
  if (spec.oversized) {
    await streamOversized(res, status, headers, spec.oversized, gzip, signal);
    return status;
  }
  let body = bodyBuffer(spec);
  if (gzip) body = gzipSync(body);
  if (spec.drip) {
    await drip(res, status, headers, body, spec.drip, signal);
    return status;
  }
  if (spec.reset === 'mid-body') {
    res.writeHead(status, { ...headers, 'content-length': body.length });
    res.write(body.subarray(0, Math.floor(body.length / 2)));
    res.socket?.destroy();
    return status;
  }
  res.writeHead(status, { ...headers, 'content-length': body.length }).end(req.method === 'HEAD' ? undefined : body);
  return status;
}

async function drip(res: ServerResponse, status: number, headers: Record<string, string | number>, body: Buffer, spec: DripSpec, signal: AbortSignal): Promise<void> {
  res.writeHead(status, headers);
  res.flushHeaders();
  const step = Math.max(1, spec.bytesPerTick ?? 1);
  let pos = 0;
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      clearInterval(timer);
      signal.removeEventListener('abort', stop);
      res.off('close', stop);
      resolve();
    };
    const timer = setInterval(() => {
      if (body.length === 0 || (pos >= body.length && !spec.endless)) {
        res.end();
        stop();
        return;
      }
      if (pos >= body.length) pos = 0;
      res.write(body.subarray(pos, pos + step));
      pos += step;
    }, spec.intervalMs);
    signal.addEventListener('abort', stop, { once: true });
    res.once('close', stop);
  });
}

/** Generates the body lazily and honours backpressure, so memory stays flat however big it is. */
async function streamOversized(res: ServerResponse, status: number, headers: Record<string, string | number>, spec: OversizedSpec, gzip: boolean, signal: AbortSignal): Promise<void> {
  const chunkBytes = spec.chunkBytes ?? 64 * 1024;
  const unit = Buffer.from(spec.filler ?? FILLER);
  const block = Buffer.alloc(chunkBytes);
  for (let i = 0; i < chunkBytes; i += unit.length) unit.copy(block, i, 0, Math.min(unit.length, chunkBytes - i));
  const prefix = Buffer.from(spec.prefix ?? '');
  function* chunks(): Generator<Buffer> {
    let left = spec.bytes;
    if (prefix.length) {
      const p = prefix.subarray(0, left);
      left -= p.length;
      yield p;
    }
    while (left > 0) {
      const n = Math.min(left, chunkBytes);
      left -= n;
      yield n === chunkBytes ? block : block.subarray(0, n);
    }
  }
  if (spec.declareLength && !gzip) headers['content-length'] = spec.bytes;
  res.writeHead(status, headers);
  const source = Readable.from(chunks(), { objectMode: false });
  try {
    if (gzip) await pipeline(source, createGzip(), res, { signal });
    else await pipeline(source, res, { signal });
  } catch {
    // The client hanging up early is the point of an oversized body.
  }
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
