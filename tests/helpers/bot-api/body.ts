/**
 * Decodes a Bot API request the way Telegram does: query string, JSON, urlencoded or
 * multipart. grammY sends JSON unless an InputFile is present; then it sends multipart
 * where every non-file field is a string (objects JSON-encoded) and each file is a part
 * named by a random id that the field references as "attach://<id>".
 */
import type { IncomingMessage } from 'node:http';
import { badRequest, ApiError } from './errors.js';
import type { CallRecord, Params, UploadedFile } from './types.js';

const MAX_BODY = 50 * 1024 * 1024;

const JSON_FIELDS = new Set([
  'reply_markup', 'entities', 'caption_entities', 'link_preview_options', 'reply_parameters',
  'commands', 'scope', 'allowed_updates', 'media', 'message_ids', 'results',
]);
const INT_FIELDS = new Set([
  'chat_id', 'from_chat_id', 'message_id', 'message_thread_id', 'offset', 'limit', 'timeout',
  'user_id', 'reply_to_message_id', 'cache_time', 'max_connections',
]);
const BOOL_FIELDS = new Set([
  'disable_notification', 'protect_content', 'allow_paid_broadcast', 'show_alert',
  'drop_pending_updates', 'disable_web_page_preview', 'has_spoiler', 'allow_sending_without_reply',
  'show_caption_above_media', 'only_if_banned', 'for_channels', 'remove_caption',
]);

export interface DecodedRequest {
  params: Params;
  encoding: CallRecord['encoding'];
  files: UploadedFile[];
}

export async function decodeRequest(req: IncomingMessage, url: URL): Promise<DecodedRequest> {
  const params: Params = {};
  for (const [k, v] of url.searchParams) params[k] = coerce(k, v);
  const body = await readBody(req);
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (body.length === 0) return { params, encoding: 'query', files: [] };
  if (type.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw badRequest("can't parse JSON object");
    }
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(params, parsed);
    return { params, encoding: 'json', files: [] };
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params[k] = coerce(k, v);
    return { params, encoding: 'urlencoded', files: [] };
  }
  if (type.startsWith('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(req.headers['content-type'] ?? '');
    const b = boundary?.[1] ?? boundary?.[2];
    if (!b) throw badRequest('multipart boundary is missing');
    const files: UploadedFile[] = [];
    for (const part of parseMultipart(body, b)) {
      if (part.filename !== undefined) files.push(part);
      else params[part.field] = coerce(part.field, part.data.toString('utf8'));
    }
    return { params, encoding: 'multipart', files };
  }
  return { params, encoding: 'query', files: [] };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new ApiError(413, 'Request Entity Too Large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

/** Form values are strings; Telegram reads them by the field's declared type. */
function coerce(key: string, v: string): unknown {
  if (JSON_FIELDS.has(key)) {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  if (INT_FIELDS.has(key) && /^-?\d+$/.test(v)) return Number(v);
  if (BOOL_FIELDS.has(key) && (v === 'true' || v === 'false')) return v === 'true';
  return v;
}

/** Lenient on purpose: grammY writes headers without spaces and filenames unquoted. */
export function parseMultipart(buf: Buffer, boundary: string): UploadedFile[] {
  const parts: UploadedFile[] = [];
  const delim = Buffer.from(`--${boundary}`);
  const between = Buffer.from(`\r\n--${boundary}`);
  let pos = buf.indexOf(delim);
  while (pos !== -1) {
    let start = pos + delim.length;
    if (buf.subarray(start, start + 2).toString() === '--') break;
    if (buf.subarray(start, start + 2).toString() === '\r\n') start += 2;
    const next = buf.indexOf(between, start);
    const raw = buf.subarray(start, next === -1 ? buf.length : next);
    const headerEnd = raw.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const head = raw.subarray(0, headerEnd).toString('utf8');
      const data = Buffer.from(raw.subarray(headerEnd + 4));
      const disposition = /content-disposition:([^\r\n]*)/i.exec(head)?.[1] ?? '';
      const field = /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? /\bname=([^;\s]+)/i.exec(disposition)?.[1] ?? '';
      const fn = /\bfilename=(?:"([^"]*)"|([^;\r\n]*))/i.exec(disposition);
      const contentType = /content-type:\s*([^\r\n]*)/i.exec(head)?.[1]?.trim();
      parts.push({
        field,
        ...(fn ? { filename: (fn[1] ?? fn[2] ?? '').trim() } : {}),
        ...(contentType ? { contentType } : {}),
        size: data.length,
        data,
      });
    }
    if (next === -1) break;
    pos = next + 2;
  }
  return parts;
}
