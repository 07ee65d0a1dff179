import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest JSON body the API reads; a whole reader's choices fit in a few KB. */
export const MAX_BODY_BYTES = 16 * 1024;
/** Past this, an over-long body is not even drained: the connection is closed. */
const DRAIN_LIMIT_BYTES = 2 * 1024 * 1024;

/**
 * The pages' Content-Security-Policy: scripts only from Herald itself and Telegram's
 * telegram-web-app.js, no inline script or style elements, no other origins to talk to,
 * framed only by Telegram's web clients (the mobile and desktop apps use a web view).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' https://telegram.org",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'none'",
  "frame-ancestors 'self' https://web.telegram.org https://*.telegram.org",
].join('; ');

const COMMON_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendFile(res: ServerResponse, status: number, contentType: string, body: Buffer | string, cacheControl: string, head = false): void {
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'content-type': contentType,
    'cache-control': cacheControl,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'content-length': Buffer.byteLength(body),
  });
  res.end(head ? undefined : body);
}

export type BodyResult = { ok: true; value: unknown } | { ok: false; status: 400 | 413 | 415; error: 'bad-json' | 'too-large' | 'not-json' };

/**
 * Reads a JSON body of at most `limit` bytes. A larger one is refused without being parsed
 * (its declared length is enough; a chunked one is counted as it arrives).
 */
export async function readJsonBody(req: IncomingMessage, res: ServerResponse, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    discard(req, res, declared);
    return { ok: false, status: 413, error: 'too-large' };
  }
  if (type !== 'application/json') {
    discard(req, res, Number.isFinite(declared) ? declared : DRAIN_LIMIT_BYTES + 1);
    return { ok: false, status: 415, error: 'not-json' };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      discard(req, res, DRAIN_LIMIT_BYTES + 1);
      return { ok: false, status: 413, error: 'too-large' };
    }
    chunks.push(chunk);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
  } catch {
    return { ok: false, status: 400, error: 'bad-json' };
  }
}

/** Lets the client finish sending what we will not read (so it sees our answer), unless that is too much. */
function discard(req: IncomingMessage, res: ServerResponse, bytes: number): void {
  if (bytes > DRAIN_LIMIT_BYTES) {
    res.setHeader('connection', 'close');
    res.once('finish', () => req.destroy());
  }
  req.resume();
}

/** Whether the request came over loopback (the local demo answers nobody else). */
export function fromLoopback(req: IncomingMessage): boolean {
  const address = req.socket.remoteAddress ?? '';
  return address === '::1' || /^(::ffff:)?127\./.test(address);
}
