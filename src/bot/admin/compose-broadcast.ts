import type { Message } from 'grammy/types';
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
 * formatting. Refuses what Telegram would refuse, with the reason in the editor's terms.
 */
export function composeBroadcast(message: Pick<Message, 'text' | 'entities' | 'caption' | 'caption_entities' | 'photo'>): ComposedBroadcast {
  const photo = message.photo && message.photo.length > 0 ? message.photo[message.photo.length - 1]!.file_id : null;
  const raw = photo ? (message.caption ?? '') : (message.text ?? '');
  const entities = photo ? (message.caption_entities ?? []) : (message.entities ?? []);
  // Only trailing space is cut, so entity offsets stay right.
  const text = raw.trimEnd();
  if (!photo && text.trim() === '') return { ok: false, reason: 'The message has no text. Send the breaking news as text, as a photo with a caption, or forward a message.' };
  // A bare photo is allowed: the label alone becomes its caption.
  const body = text.trim() === '' ? '' : entitiesToHtml(text, entities.filter((e) => e.offset + e.length <= text.length));
  const length = LABEL_TEXT.length + (body ? SEPARATOR.length + text.length : 0);
  const limit = photo ? CAPTION_LIMIT : TEXT_LIMIT;
  if (length > limit) {
    const room = limit - LABEL_TEXT.length - SEPARATOR.length;
    const what = photo ? 'A photo caption' : 'A text post';
    return {
      ok: false,
      reason: `Too long: your text has ${text.length} characters. ${what} holds at most ${limit} characters, which leaves ${room} for your text after the “${LABEL_TEXT}” label. Shorten it${photo ? ', or send it as text without the photo' : ''}.`,
    };
  }
  return { ok: true, html: body ? `${LABEL_HTML}${SEPARATOR}${body}` : LABEL_HTML, photo, length };
}
