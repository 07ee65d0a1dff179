/** Turns a method's text/caption parameters into what a user sees, enforcing Telegram's limits. */
import { badRequest } from './errors.js';
import { EntityParseError, parseHtml, trimFormatted, type FormattedText } from './html.js';
import type { MessageEntity } from './types.js';

export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;

/**
 * MarkdownV2 and Markdown are accepted without validation: Herald formats HTML, and a
 * half-right Markdown parser would give false confidence.
 */
export function parseFormatted(raw: string, parseMode: unknown, entities: unknown): FormattedText {
  let ft: FormattedText;
  if (parseMode === undefined || parseMode === '') {
    ft = { text: raw, entities: Array.isArray(entities) ? (entities as MessageEntity[]) : [] };
  } else if (typeof parseMode === 'string' && parseMode.toLowerCase() === 'html') {
    try {
      ft = parseHtml(raw);
    } catch (err) {
      if (err instanceof EntityParseError) throw badRequest(`can't parse entities: ${err.message}`);
      throw err;
    }
  } else if (parseMode === 'MarkdownV2' || parseMode === 'Markdown') {
    ft = { text: raw, entities: [] };
  } else {
    throw badRequest('unsupported parse_mode');
  }
  return trimFormatted(ft);
}

/** A message text: required, non-empty, at most 4096 UTF-16 units after parsing. */
export function messageText(params: Record<string, unknown>): FormattedText {
  const raw = params.text;
  if (raw === undefined || raw === null || String(raw) === '') throw badRequest('message text is empty');
  const ft = parseFormatted(String(raw), params.parse_mode, params.entities);
  if (ft.text.length === 0) throw badRequest('message text is empty');
  if (ft.text.length > MAX_TEXT) throw badRequest('message is too long');
  return ft;
}

/** An optional caption: at most 1024 UTF-16 units after parsing. */
export function captionText(params: Record<string, unknown>): FormattedText | undefined {
  const raw = params.caption;
  if (raw === undefined || raw === null) return undefined;
  const ft = parseFormatted(String(raw), params.parse_mode, params.caption_entities);
  if (ft.text.length > MAX_CAPTION) throw badRequest('message caption is too long');
  return ft.text.length === 0 ? undefined : ft;
}
