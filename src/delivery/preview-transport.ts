import type { EditTarget, OutgoingMessage, Transport } from './outgoing.js';

/** One message preview mode would have sent (or the edit it would have made). */
export interface PreviewPost {
  kind: 'post' | 'edit';
  /** The id the message has (preview numbering; an edit's is the edited message's). */
  messageId: number;
  message: OutgoingMessage;
}

/** Where preview-mode posts go: a terminal (readable text), or the log (one JSON line each). */
export type PreviewSink = (post: PreviewPost) => void;

/** Preview mode (no BOT_TOKEN): every post goes to `show` instead of Telegram, so an operator can read it. */
export function createPreviewTransport(show: PreviewSink): Transport {
  let nextId = 1;
  return {
    async send(message) {
      const messageId = nextId++;
      show({ kind: 'post', messageId, message });
      return { kind: 'sent', messageId, sentAs: message.photoUrl ? 'photo' : 'text' };
    },
    async edit(target: EditTarget, message) {
      show({ kind: 'edit', messageId: target.messageId, message });
      return { kind: 'sent', messageId: target.messageId, sentAs: target.sentAs };
    },
  };
}

/** The fields of a post for a JSON log line (what would be sent, as sent). */
export function previewFields(post: PreviewPost): Record<string, unknown> {
  const { message } = post;
  return {
    preview: post.kind,
    chatId: message.chatId,
    messageId: post.messageId,
    ...(message.threadId ? { threadId: message.threadId } : {}),
    html: message.html,
    ...(message.photoUrl ? { photoUrl: message.photoUrl } : {}),
    ...(message.buttons?.length ? { buttons: message.buttons.flat().map((b) => ({ text: b.text, url: b.url })) } : {}),
  };
}

export interface TextOptions {
  /** ANSI styles (bold title, italic byline, dim links): for a terminal only. */
  color: boolean;
  /** Width of the rule above each post (default 64). */
  width?: number;
}

const STYLE = {
  bold: ['\x1b[1m', '\x1b[22m'],
  italic: ['\x1b[3m', '\x1b[23m'],
  underline: ['\x1b[4m', '\x1b[24m'],
  strike: ['\x1b[9m', '\x1b[29m'],
  dim: ['\x1b[2m', '\x1b[22m'],
  cyan: ['\x1b[36m', '\x1b[39m'],
} as const;

/**
 * A post as a person reads it in a terminal: a rule naming the chat, then the post as
 * Telegram shows it (section label, bold title, italic byline, summary, tags), then its
 * photo and its buttons' links. The text comes from the post's own Telegram HTML, so the
 * terminal shows exactly what would be sent, whichever outlet it is.
 */
export function renderPostText(post: PreviewPost, options: TextOptions): string {
  const paint = (style: keyof typeof STYLE, text: string) => (options.color ? `${STYLE[style][0]}${text}${STYLE[style][1]}` : text);
  const { message } = post;
  const where = message.chatId === 'preview' ? 'channel' : `chat ${message.chatId}`;
  const heading = post.kind === 'edit' ? `edit of message ${post.messageId} in ${where}` : `post ${post.messageId} to ${where}`;
  const width = options.width ?? 64;
  const rule = `── ${heading} ${'─'.repeat(Math.max(3, width - heading.length - 4))}`;
  const lines = [paint('dim', rule), htmlToText(message.html, options.color)];
  if (message.photoUrl) lines.push(paint('dim', `🖼  ${message.photoUrl}`));
  for (const button of (message.buttons ?? []).flat()) lines.push(`${paint('cyan', `[${button.text}]`)} ${paint('dim', button.url)}`);
  return `\n${lines.join('\n')}\n`;
}

const TAG_STYLE: Record<string, keyof typeof STYLE> = { b: 'bold', strong: 'bold', i: 'italic', em: 'italic', u: 'underline', ins: 'underline', s: 'strike', strike: 'strike', del: 'strike' };

/** Telegram HTML → plain text, with ANSI styles for its tags when `color`; links keep their address. */
export function htmlToText(html: string, color: boolean): string {
  let out = '';
  const open: { tag: string; href?: string; start: number; quote?: boolean }[] = [];
  const tokens = html.split(/(<\/?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^>]*)?>)/);
  for (const token of tokens) {
    const tag = token.match(/^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>$/);
    if (!tag) {
      out += decodeEntities(token);
      continue;
    }
    const [, closing, rawName, attributes] = tag;
    const name = rawName!.toLowerCase();
    if (!closing) {
      const href = name === 'a' ? attributes!.match(/href\s*=\s*"([^"]*)"/i)?.[1] ?? attributes!.match(/href\s*=\s*'([^']*)'/i)?.[1] : undefined;
      open.push({ tag: name, ...(href !== undefined ? { href: decodeEntities(href) } : {}), start: out.length });
      const style = TAG_STYLE[name];
      if (color && style) out += STYLE[style][0];
      continue;
    }
    const index = open.map((o) => o.tag).lastIndexOf(name);
    if (index === -1) continue;
    const [entry] = open.splice(index, 1);
    const style = TAG_STYLE[name];
    if (color && style) out += STYLE[style][1];
    if (name === 'a' && entry?.href) {
      const text = out.slice(entry.start);
      if (!text.includes(entry.href)) out += color ? ` ${STYLE.dim[0]}(${entry.href})${STYLE.dim[1]}` : ` (${entry.href})`;
    }
    if (name === 'blockquote' && entry) out = out.slice(0, entry.start) + out.slice(entry.start).split('\n').map((line) => `│ ${line}`).join('\n');
  }
  return out;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (entity, body: string) => {
    if (body === 'amp') return '&';
    if (body === 'lt') return '<';
    if (body === 'gt') return '>';
    if (body === 'quot') return '"';
    if (body === 'apos') return "'";
    const code = body.startsWith('#x') ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}
