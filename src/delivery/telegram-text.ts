/**
 * Telegram counts a message's length in UTF-16 units of the text after entity parsing.
 * Herald builds every post from plain pieces and escapes them last, so the plain text's
 * `.length` is exactly Telegram's count and trimming never touches markup.
 */

export const MAX_MESSAGE_UNITS = 4096;
export const MAX_CAPTION_UNITS = 1024;

const ELLIPSIS = '…';

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/**
 * Shortens plain text to at most `maxUnits` UTF-16 units, ending at a word boundary with
 * an ellipsis. Never splits a surrogate pair; a single overlong word is cut at a code point.
 */
export function trimPlain(text: string, maxUnits: number): string {
  if (text.length <= maxUnits) return text;
  if (maxUnits <= ELLIPSIS.length) return '';
  let cut = maxUnits - ELLIPSIS.length;
  if (isHighSurrogate(text.charCodeAt(cut - 1))) cut--;
  const head = text.slice(0, cut);
  // A word boundary is whitespace; text after the last one would be a broken word.
  const space = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\n'), head.lastIndexOf('\t'));
  const atWord = text[cut] !== undefined && /\s/.test(text[cut]!) ? head : space > 0 ? head.slice(0, space) : head;
  const clean = atWord.replace(/[\s,;:–—-]+$/u, '');
  return clean.length === 0 ? '' : `${clean}${ELLIPSIS}`;
}
