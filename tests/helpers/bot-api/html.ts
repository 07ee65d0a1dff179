/**
 * Telegram's HTML parse_mode, modelled on tdlib's parser closely enough that text Telegram
 * rejects is rejected here with the same wording, and the stored text is what a user sees.
 */
import type { MessageEntity } from './types.js';

export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

/** The part after "Bad Request: can't parse entities: ". */
export class EntityParseError extends Error {}

const SUPPORTED = new Set([
  'a', 'b', 'strong', 'i', 'em', 's', 'strike', 'del', 'u', 'ins',
  'tg-spoiler', 'tg-emoji', 'span', 'pre', 'code', 'blockquote',
]);

const SIMPLE: Record<string, MessageEntity['type']> = {
  b: 'bold', strong: 'bold', i: 'italic', em: 'italic', u: 'underline', ins: 'underline',
  s: 'strikethrough', strike: 'strikethrough', del: 'strikethrough', 'tg-spoiler': 'spoiler',
  span: 'spoiler', code: 'code',
};

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

interface OpenTag {
  name: string;
  attrs: Map<string, string>;
  start: number;
}

const isSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

/** tdlib reports positions as UTF-8 byte offsets into the source. */
const byteOffset = (src: string, i: number): number => Buffer.byteLength(src.slice(0, i), 'utf8');

/** Decodes an entity at src[i] === '&'. Unknown ones stay literal, as in tdlib. */
function decodeEntity(src: string, i: number): { value: string; next: number } {
  const m = /^&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{1,10});/.exec(src.slice(i, i + 16));
  if (m?.[1]) {
    const body = m[1];
    let code: number | undefined;
    if (body.startsWith('#x') || body.startsWith('#X')) code = parseInt(body.slice(2), 16);
    else if (body.startsWith('#')) code = parseInt(body.slice(1), 10);
    if (code !== undefined && code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) {
      return { value: String.fromCodePoint(code), next: i + m[0].length };
    }
    const named = NAMED_ENTITIES[body];
    if (named !== undefined) return { value: named, next: i + m[0].length };
  }
  return { value: '&', next: i + 1 };
}

function decodeAll(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; ) {
    if (s[i] === '&') {
      const d = decodeEntity(s, i);
      out += d.value;
      i = d.next;
    } else {
      out += s[i];
      i++;
    }
  }
  return out;
}

export function parseHtml(src: string): FormattedText {
  let out = '';
  const entities: MessageEntity[] = [];
  const stack: OpenTag[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '&') {
      const d = decodeEntity(src, i);
      out += d.value;
      i = d.next;
      continue;
    }
    if (c !== '<') {
      out += c;
      i++;
      continue;
    }
    const begin = i;
    if (src[i + 1] === '/') {
      const close = src.indexOf('>', i + 2);
      if (close === -1) throw new EntityParseError(`Unclosed end tag at byte offset ${byteOffset(src, begin)}`);
      const name = src.slice(i + 2, close).trim().toLowerCase();
      const open = stack.at(-1);
      if (!open) throw new EntityParseError(`Unexpected end tag at byte offset ${byteOffset(src, begin)}`);
      if (name !== '' && name !== open.name) {
        throw new EntityParseError(
          `Unmatched end tag at byte offset ${byteOffset(src, begin)}, expected "</${open.name}>", found "</${name}>"`,
        );
      }
      stack.pop();
      closeTag(open, out.length, stack.at(-1), entities);
      i = close + 1;
      continue;
    }
    let j = i + 1;
    while (j < src.length && !isSpace(src[j]) && src[j] !== '>') j++;
    if (j >= src.length) throw new EntityParseError(`Unclosed start tag at byte offset ${byteOffset(src, begin)}`);
    const name = src.slice(i + 1, j).toLowerCase();
    if (!SUPPORTED.has(name)) {
      throw new EntityParseError(`Unsupported start tag "${name}" at byte offset ${byteOffset(src, begin)}`);
    }
    const attrs = new Map<string, string>();
    j = readAttributes(src, j, name, begin, attrs);
    if (name === 'span' && attrs.get('class') !== 'tg-spoiler') {
      throw new EntityParseError(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(src, begin)}`);
    }
    stack.push({ name, attrs, start: out.length });
    i = j + 1;
  }
  const open = stack.at(-1);
  if (open) throw new EntityParseError(`Can't find end tag corresponding to start tag "${open.name}"`);
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text: out, entities };
}

/** Reads attributes from src[j] up to the closing '>' and returns the index of that '>'. */
function readAttributes(src: string, j: number, tag: string, begin: number, attrs: Map<string, string>): number {
  const unclosed = (): EntityParseError => new EntityParseError(`Unclosed start tag at byte offset ${byteOffset(src, begin)}`);
  for (;;) {
    while (j < src.length && isSpace(src[j])) j++;
    if (j >= src.length) throw unclosed();
    if (src[j] === '>') return j;
    const nameStart = j;
    while (j < src.length && !isSpace(src[j]) && src[j] !== '=' && src[j] !== '>') j++;
    if (j >= src.length) throw unclosed();
    const attr = src.slice(nameStart, j).toLowerCase();
    while (j < src.length && isSpace(src[j])) j++;
    if (src[j] !== '=') {
      if (tag === 'blockquote' && attr === 'expandable') {
        attrs.set(attr, '');
        continue;
      }
      throw new EntityParseError(
        `Expected equal sign in declaration of an attribute of the tag "${tag}" at byte offset ${byteOffset(src, begin)}`,
      );
    }
    j++;
    while (j < src.length && isSpace(src[j])) j++;
    if (j >= src.length) throw unclosed();
    let value: string;
    const quote = src[j];
    if (quote === '"' || quote === "'") {
      const end = src.indexOf(quote, j + 1);
      if (end === -1) {
        throw new EntityParseError(`Unclosed end of attribute value at byte offset ${byteOffset(src, begin)}`);
      }
      value = src.slice(j + 1, end);
      j = end + 1;
    } else {
      const start = j;
      while (j < src.length && !isSpace(src[j]) && src[j] !== '>') j++;
      value = src.slice(start, j);
    }
    attrs.set(attr, decodeAll(value));
  }
}

function closeTag(tag: OpenTag, end: number, parent: OpenTag | undefined, entities: MessageEntity[]): void {
  const offset = tag.start;
  const length = end - tag.start;
  if (length <= 0) return;
  if (tag.name === 'code' && parent?.name === 'pre') {
    // <pre><code class="language-x"> is one pre entity with a language, not two entities.
    const lang = /^language-(.+)$/.exec(tag.attrs.get('class') ?? '')?.[1];
    if (lang) parent.attrs.set('language', lang);
    return;
  }
  if (tag.name === 'pre') {
    const language = tag.attrs.get('language');
    entities.push(language ? { type: 'pre', offset, length, language } : { type: 'pre', offset, length });
    return;
  }
  if (tag.name === 'blockquote') {
    entities.push({ type: tag.attrs.has('expandable') ? 'expandable_blockquote' : 'blockquote', offset, length });
    return;
  }
  if (tag.name === 'a') {
    const href = tag.attrs.get('href') ?? '';
    const mention = /^tg:\/\/user\?id=(\d+)$/.exec(href);
    if (mention?.[1]) {
      entities.push({ type: 'text_mention', offset, length, user: { id: Number(mention[1]), is_bot: false, first_name: '' } });
    } else if (isValidUrl(href)) {
      entities.push({ type: 'text_link', offset, length, url: href });
    }
    return;
  }
  if (tag.name === 'tg-emoji') {
    const id = tag.attrs.get('emoji-id');
    if (id) entities.push({ type: 'custom_emoji', offset, length, custom_emoji_id: id });
    return;
  }
  const type = SIMPLE[tag.name];
  if (type) entities.push({ type, offset, length } as MessageEntity);
}

function isValidUrl(href: string): boolean {
  if (href === '') return false;
  try {
    const u = new URL(/^[a-z][a-z0-9+.-]*:/i.test(href) ? href : `http://${href}`);
    return ['http:', 'https:', 'tg:', 'ton:', 'mailto:'].includes(u.protocol);
  } catch {
    return false;
  }
}

/** Telegram drops leading and trailing whitespace; entity offsets move with the text. */
export function trimFormatted(ft: FormattedText): FormattedText {
  const lead = ft.text.length - ft.text.trimStart().length;
  const text = ft.text.trim();
  const entities: MessageEntity[] = [];
  for (const e of ft.entities) {
    const start = Math.max(0, e.offset - lead);
    const end = Math.min(text.length, e.offset + e.length - lead);
    if (end > start) entities.push({ ...e, offset: start, length: end - start });
  }
  return { text, entities };
}
