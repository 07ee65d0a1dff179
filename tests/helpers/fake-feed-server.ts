/**
 * A fake news site on loopback: feeds rendered from data, ETag/304, slow, endless and
 * broken answers, redirects, legacy charsets and plain HTML pages. Every request is logged.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodeSingleByte } from './feed-server/charset.js';
import { respond, type RouteSpec, type RouteState } from './feed-server/respond.js';
import { renderAtom, renderRss, type FeedData, type FeedItem } from './feed-server/rss.js';
import { ChangeSignal, type WaitOptions } from './wait.js';

export type { DripSpec, OversizedSpec, RouteSpec } from './feed-server/respond.js';
export type { FeedData, FeedEnclosure, FeedItem } from './feed-server/rss.js';
export { cdata, escapeXml, renderAtom, renderRss, rfc822 } from './feed-server/rss.js';
export { encodeSingleByte };

export interface RequestLog {
  seq: number;
  method: string;
  /** Path with query string, as requested. */
  path: string;
  headers: http.IncomingHttpHeaders;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  /** performance.now() when the request arrived. */
  at: number;
  /** Status sent; 0 while pending or when the server never answered (hang, reset). */
  status: number;
  /** performance.now() when the exchange ended: the answer was sent, or the connection closed. Unset while open. */
  endedAt?: number;
}

export interface FeedOptions extends Omit<RouteSpec, 'body'> {
  /** Encode the XML in this charset (e.g. 'windows-1251', 'koi8-r'); default UTF-8. */
  encoding?: string;
  /** Leave the charset out of Content-Type so only the XML declaration tells it. */
  omitCharsetHeader?: boolean;
  format?: 'rss' | 'atom';
}

export type BrokenKind = 'malformed-xml' | 'html' | 'empty' | 'truncated' | 'not-a-feed';

export interface FakeFeedServer {
  /** http://127.0.0.1:PORT (or the host it was started on) */
  readonly origin: string;
  url(path: string): string;
  readonly requests: readonly RequestLog[];

  /** Serves exactly this at path (replacing what was there). */
  route(path: string, spec: RouteSpec): void;
  /** Changes some settings of an existing route, keeping its body and Last-Modified. */
  update(path: string, patch: Partial<RouteSpec>): void;
  remove(path: string): void;
  setFeed(path: string, feed: FeedData, opts?: FeedOptions): void;
  /** Adds an item to a feed set with setFeed (newest first by default); ETag and Last-Modified change. */
  addItem(path: string, item: FeedItem, opts?: { append?: boolean }): void;
  feed(path: string): FeedData | undefined;
  setHtml(path: string, html: string, spec?: Omit<RouteSpec, 'body'>): void;
  redirect(from: string, to: string, status?: number): void;
  /** paths[0] → paths[1] → … → target. */
  redirectChain(paths: string[], target: string, status?: number): void;
  broken(path: string, kind: BrokenKind, spec?: Omit<RouteSpec, 'body'>): void;

  requestsTo(path: string): RequestLog[];
  count(path: string): number;
  /** Resolves on the first logged request matching; event-driven. */
  waitForRequest(match: string | ((r: RequestLog) => boolean), opts?: WaitOptions): Promise<RequestLog>;
  /** Resolves once every request logged so far has ended (endedAt): a client's abandoned request is seen closing a moment after. */
  waitForIdle(opts?: WaitOptions): Promise<void>;
  /** Frees the port and ends every delayed, dripping, endless or hanging answer. */
  close(): Promise<void>;
}

const BROKEN: Record<BrokenKind, { body: string; contentType: string }> = {
  'malformed-xml': {
    body: '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Broken & unescaped</title><item><title>a</item></channel>',
    contentType: 'application/rss+xml; charset=utf-8',
  },
  html: {
    body: '<!DOCTYPE html>\n<html><head><title>RSS</title></head><body><h1>Our RSS feeds</h1><p>Subscribe!</p></body></html>\n',
    contentType: 'text/html; charset=utf-8',
  },
  empty: { body: '', contentType: 'application/rss+xml; charset=utf-8' },
  truncated: {
    body: '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Cut</title><item><title>Half an ite',
    contentType: 'application/rss+xml; charset=utf-8',
  },
  'not-a-feed': { body: '{"error":"maintenance"}', contentType: 'application/json' },
};

export interface FakeFeedServerOptions {
  /** Loopback address to listen on (default 127.0.0.1); '::1' or '127.0.0.2' stand for a second host in the SSRF tests. */
  host?: string;
}

export async function startFakeFeedServer(options: FakeFeedServerOptions = {}): Promise<FakeFeedServer> {
  const host = options.host ?? '127.0.0.1';
  const routes = new Map<string, RouteState>();
  const feeds = new Map<string, { data: FeedData; opts: FeedOptions }>();
  const requests: RequestLog[] = [];
  const signal = new ChangeSignal();
  const closing = new AbortController();
  let lastChange = 0;

  // Last-Modified has one-second resolution: each change moves it on by at least a second,
  // so a client that only sends If-Modified-Since still sees every change.
  const changeTime = (): number => {
    lastChange = Math.max(Date.now(), lastChange + 1000);
    return lastChange;
  };
  const lookup = (rawPath: string): RouteState | undefined => routes.get(rawPath) ?? routes.get(rawPath.split('?')[0] ?? rawPath);

  const server = http.createServer((req, res) => {
    const entry: RequestLog = {
      seq: requests.length + 1,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: req.headers,
      ...(typeof req.headers['if-none-match'] === 'string' ? { ifNoneMatch: req.headers['if-none-match'] } : {}),
      ...(typeof req.headers['if-modified-since'] === 'string' ? { ifModifiedSince: req.headers['if-modified-since'] } : {}),
      at: performance.now(),
      status: 0,
    };
    requests.push(entry);
    res.on('close', () => {
      entry.endedAt = performance.now();
      signal.notify();
    });
    signal.notify();
    const route = lookup(entry.path);
    if (!route) {
      entry.status = 404;
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body><h1>404 Not Found</h1></body></html>\n');
      signal.notify();
      return;
    }
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    respond(req, res, route, AbortSignal.any([gone.signal, closing.signal]))
      .then((status) => {
        entry.status = status;
      })
      .catch(() => {
        res.destroy();
      })
      .finally(() => signal.notify());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${(server.address() as AddressInfo).port}`;

  const route = (path: string, spec: RouteSpec): void => {
    routes.set(path, { spec, changedAt: changeTime() });
  };
  const renderFeed = (path: string): void => {
    const f = feeds.get(path);
    if (!f) return;
    const { encoding, omitCharsetHeader, format, ...spec } = f.opts;
    const charset = encoding ? new TextDecoder(encoding).encoding : 'utf-8';
    const xml = format === 'atom' ? renderAtom(f.data) : renderRss(f.data, encoding ?? 'UTF-8');
    const body = charset === 'utf-8' ? Buffer.from(xml, 'utf8') : encodeSingleByte(xml, charset);
    const type = format === 'atom' ? 'application/atom+xml' : 'application/rss+xml';
    route(path, { contentType: omitCharsetHeader ? type : `${type}; charset=${charset}`, ...spec, body });
  };

  return {
    origin,
    url: (path) => `${origin}${path.startsWith('/') ? '' : '/'}${path}`,
    requests,
    route,
    update(path, patch) {
      const r = routes.get(path);
      if (!r) throw new Error(`fake feed server: no route ${path}`);
      r.spec = { ...r.spec, ...patch };
      if ('body' in patch) r.changedAt = changeTime();
    },
    remove(path) {
      routes.delete(path);
      feeds.delete(path);
    },
    setFeed(path, data, opts = {}) {
      feeds.set(path, { data: { ...data, items: [...data.items] }, opts });
      renderFeed(path);
    },
    addItem(path, item, opts = {}) {
      const f = feeds.get(path);
      if (!f) throw new Error(`fake feed server: addItem needs setFeed(${JSON.stringify(path)}) first`);
      if (opts.append) f.data.items.push(item);
      else f.data.items.unshift(item);
      renderFeed(path);
    },
    feed: (path) => feeds.get(path)?.data,
    setHtml(path, html, spec = {}) {
      route(path, { contentType: 'text/html; charset=utf-8', ...spec, body: html });
    },
    redirect(from, to, status = 302) {
      route(from, { redirect: { location: to, status } });
    },
    redirectChain(paths, target, status = 302) {
      paths.forEach((p, i) => route(p, { redirect: { location: paths[i + 1] ?? target, status } }));
    },
    broken(path, kind, spec = {}) {
      route(path, { ...BROKEN[kind], ...spec });
    },
    requestsTo: (path) => requests.filter((r) => r.path === path || r.path.split('?')[0] === path),
    count: (path) => requests.filter((r) => r.path === path || r.path.split('?')[0] === path).length,
    waitForRequest(match, opts) {
      const pred = typeof match === 'string' ? (r: RequestLog) => r.path === match || r.path.split('?')[0] === match : match;
      const describe = (): string =>
        requests.length ? `requests so far:\n${requests.slice(-15).map((r) => `  #${r.seq} ${r.method} ${r.path} → ${r.status}`).join('\n')}` : 'no requests were made';
      return signal.waitFor(() => requests.find(pred), describe, { message: typeof match === 'string' ? `a request to ${match}` : undefined, ...opts });
    },
    async waitForIdle(opts) {
      const open = () => requests.filter((r) => r.endedAt === undefined);
      const describe = (): string => `still open:\n${open().slice(0, 15).map((r) => `  #${r.seq} ${r.method} ${r.path}`).join('\n')}`;
      await signal.waitFor(() => open().length === 0, describe, { message: 'every request to end', ...opts });
    },
    async close() {
      if (closing.signal.aborted) return;
      closing.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      signal.close();
    },
  };
}
