import type { Message } from 'grammy/types';
import { catalog, type Catalog } from '../../i18n/index.js';
import { entitiesToHtml } from './entities-html.js';

/** Telegram's limits, counted in UTF-16 units of the visible text (after entities). */
export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;

const LABEL_TEXT = '🚨 BREAKING';
const LABEL_HTML = '🚨 <b>BREAKING</b>';
const SEPARATOR = '\n\n';

export type ComposedBroadcast = { ok: true; html: string; photo: string | null; length: number } | { ok: false; reason: string };

/**
 * Builds the exact post readers will get from the editor's message (text, a photo with
 * caption, or a forwarded message): the breaking label, then the editor's text with its
 * formatting. Refuses what Telegram would refuse, with the reason in the editor's terms
 * (and language, `t`). The label itself is the same in every language: it is the readers' post.
 */
export function composeBroadcast(message: Pick<Message, 'text' | 'entities' | 'caption' | 'caption_entities' | 'photo'>, t: Catalog = catalog('en')): ComposedBroadcast {
  const photo = message.photo && message.photo.length > 0 ? message.photo[message.photo.length - 1]!.file_id : null;
  const raw = photo ? (message.caption ?? '') : (message.text ?? '');
  const entities = photo ? (message.caption_entities ?? []) : (message.entities ?? []);
  // Only trailing space is cut, so entity offsets stay right.
  const text = raw.trimEnd();
  if (!photo && text.trim() === '') return { ok: false, reason: t.breakingEmpty };
  // A bare photo is allowed: the label alone becomes its caption.
  const body = text.trim() === '' ? '' : entitiesToHtml(text, entities.filter((e) => e.offset + e.length <= text.length));
  const length = LABEL_TEXT.length + (body ? SEPARATOR.length + text.length : 0);
  const limit = photo ? CAPTION_LIMIT : TEXT_LIMIT;
  if (length > limit) {
    const room = limit - LABEL_TEXT.length - SEPARATOR.length;
    return { ok: false, reason: t.breakingTooLong({ length: text.length, limit, room, label: LABEL_TEXT, photo: photo !== null }) };
  }
  return { ok: true, html: body ? `${LABEL_HTML}${SEPARATOR}${body}` : LABEL_HTML, photo, length };
}
