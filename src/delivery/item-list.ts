import { escapeAttribute, escapeHtml } from '../html.js';

/** Telegram's limit for one text message, in UTF-16 code units (what String#length counts). */
export const MESSAGE_LIMIT = 4096;
/** A hostile or runaway title must not fill a list on its own. */
const TITLE_LIMIT = 300;

/** One story in a list message (digest, quiet-hours summary): its title, linked. */
export function itemLine(item: { title: string; url: string | null }): string {
  const title = [...item.title].length > TITLE_LIMIT ? `${[...item.title].slice(0, TITLE_LIMIT - 1).join('')}…` : item.title;
  return item.url ? `• <a href="${escapeAttribute(item.url)}">${escapeHtml(title)}</a>` : `• ${escapeHtml(title)}`;
}

/**
 * Joins lines under a header, starting a new message (under `continued`) before one would
 * pass the limit. Splits only between lines, so no tag is ever cut in half; the HTML source
 * is never shorter than the text Telegram counts, so each part fits.
 */
export function splitMessages(header: string, continued: string, lines: string[], limit = MESSAGE_LIMIT): string[] {
  const parts: string[] = [];
  let current = header;
  for (const line of lines) {
    const next = `${current}\n${line}`;
    if (next.length <= limit) {
      current = next;
      continue;
    }
    parts.push(current);
    current = line === '' ? continued : `${continued}\n${line}`;
  }
  parts.push(current);
  return parts;
}
