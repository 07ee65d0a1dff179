import type { Item } from '../stores/items.js';
import { escapeAttribute, escapeHtml } from './html.js';
import type { OutgoingMessage } from './outgoing.js';

const SECTION_LABELS: Record<string, string> = {
  analytics: '📊 Analytics',
  news: '📰 News',
  interview: '🎙 Interview',
  opinion: '💬 Opinion',
  breaking: '🚨 Breaking',
};

/** The one post format: channel, private messages, /latest and previews all use it. */
export function formatItemPost(item: Item, chatId: string): OutgoingMessage {
  const lines: string[] = [];
  const label = SECTION_LABELS[item.section ?? ''] ?? (item.section ? escapeHtml(item.section) : null);
  if (label) lines.push(label, '');
  lines.push(`<b>${escapeHtml(item.title)}</b>`);
  if (item.summary) lines.push('', escapeHtml(item.summary));
  if (item.url) lines.push('', `<a href="${escapeAttribute(item.url)}">Read more →</a>`);
  return { chatId, html: lines.join('\n'), previewUrl: item.url };
}
