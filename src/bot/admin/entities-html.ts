import type { MessageEntity } from 'grammy/types';
import { escapeAttribute, escapeHtml } from '../../html.js';

/**
 * Turns an editor's formatted message (text + entities, offsets in UTF-16 units) into
 * Telegram HTML, so the broadcast keeps the editor's bold, italics and links. Every piece
 * of text is escaped: whatever the editor typed (even "<b>broken") reaches readers as typed.
 */
export function entitiesToHtml(text: string, entities: readonly MessageEntity[] = []): string {
  const tags = entities
    .map((entity) => ({ entity, open: openTag(entity), close: closeTag(entity) }))
    .filter((t): t is { entity: MessageEntity; open: string; close: string } => t.open !== null && t.close !== null)
    // Outer entities first when two start together, so the tags nest.
    .sort((a, b) => a.entity.offset - b.entity.offset || b.entity.length - a.entity.length);
  let html = '';
  let position = 0;
  const stack: { end: number; close: string }[] = [];
  const closeUntil = (at: number) => {
    while (stack.length > 0 && stack[stack.length - 1]!.end <= at) {
      const top = stack.pop()!;
      html += escapeHtml(text.slice(position, top.end)) + top.close;
      position = top.end;
    }
  };
  for (const tag of tags) {
    closeUntil(tag.entity.offset);
    // Telegram's entities nest; one that would cross its parent is clipped to it.
    const parentEnd = stack.length > 0 ? stack[stack.length - 1]!.end : text.length;
    const end = Math.min(tag.entity.offset + tag.entity.length, parentEnd);
    if (end <= tag.entity.offset) continue;
    html += escapeHtml(text.slice(position, tag.entity.offset)) + tag.open;
    position = tag.entity.offset;
    stack.push({ end, close: tag.close });
  }
  closeUntil(text.length);
  return html + escapeHtml(text.slice(position));
}

function openTag(entity: MessageEntity): string | null {
  switch (entity.type) {
    case 'bold':
      return '<b>';
    case 'italic':
      return '<i>';
    case 'underline':
      return '<u>';
    case 'strikethrough':
      return '<s>';
    case 'spoiler':
      return '<tg-spoiler>';
    case 'code':
      return '<code>';
    case 'pre':
      return entity.language ? `<pre><code class="language-${escapeAttribute(entity.language)}">` : '<pre>';
    case 'blockquote':
    case 'expandable_blockquote':
      return entity.type === 'expandable_blockquote' ? '<blockquote expandable>' : '<blockquote>';
    case 'text_link':
      return `<a href="${escapeAttribute(entity.url)}">`;
    default:
      return null;
  }
}

function closeTag(entity: MessageEntity): string | null {
  switch (entity.type) {
    case 'bold':
      return '</b>';
    case 'italic':
      return '</i>';
    case 'underline':
      return '</u>';
    case 'strikethrough':
      return '</s>';
    case 'spoiler':
      return '</tg-spoiler>';
    case 'code':
      return '</code>';
    case 'pre':
      return entity.language ? '</code></pre>' : '</pre>';
    case 'blockquote':
    case 'expandable_blockquote':
      return '</blockquote>';
    case 'text_link':
      return '</a>';
    default:
      return null;
  }
}
