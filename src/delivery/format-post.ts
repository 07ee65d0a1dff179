import type { Item } from '../stores/items.js';
import { escapeHtml } from '../html.js';
import type { OutgoingMessage } from './outgoing.js';
import { DEFAULT_POST_LABELS, hashtagFor, sectionLabel, type PostLabels } from './post-labels.js';
import { MAX_CAPTION_UNITS, MAX_MESSAGE_UNITS, trimPlain } from './telegram-text.js';

export type PostItem = Pick<Item, 'title' | 'summary' | 'section' | 'author' | 'url' | 'imageUrl' | 'topics' | 'regions'>;

export interface FormatOptions {
  labels?: PostLabels;
  /** Marks the post as corrected after the item changed. */
  updated?: boolean;
  /** Forces the shape, for edits: a photo's caption stays a caption, a text stays a text. */
  as?: 'photo' | 'text';
  /** A button beside "Read more" (the channel's follow link). */
  extraButton?: { text: string; url: string } | null;
}

/** One piece of the post: what Telegram will count (plain) and what is sent (html). */
interface Piece {
  plain: string;
  html: string;
}

const SUMMARY_MIN_UNITS = 40;

/**
 * The one post format: channel, private messages, /latest and previews all use it.
 * A photo with the text as caption when there is an image and the caption fits 1,024
 * units; otherwise a text post with a link preview.
 */
export function formatItemPost(item: PostItem, chatId: string, options: FormatOptions = {}): OutgoingMessage {
  const labels = options.labels ?? DEFAULT_POST_LABELS;
  const link = safeUrl(item.url);
  const image = safeUrl(item.imageUrl);
  const row = [...(link ? [{ text: labels.readMore, url: link }] : []), ...(options.extraButton ? [options.extraButton] : [])];
  const buttons = row.length > 0 ? [row] : [];
  if (options.as === 'photo') {
    const caption = composeText(item, labels, options, MAX_CAPTION_UNITS, false)!;
    return { chatId, html: caption, photoUrl: image, previewUrl: null, buttons };
  }
  if (options.as !== 'text' && image) {
    // Only when the whole text fits: a photo never costs the reader part of the summary.
    const caption = composeText(item, labels, options, MAX_CAPTION_UNITS, true);
    if (caption) return { chatId, html: caption, photoUrl: image, previewUrl: null, buttons };
  }
  const text = composeText(item, labels, options, MAX_MESSAGE_UNITS, false)!;
  return { chatId, html: text, photoUrl: null, previewUrl: link, buttons };
}

/**
 * Builds the HTML within `limit` plain units. With `exact`, returns null instead of
 * trimming (the caller then chooses a text post with its larger limit).
 */
function composeText(item: PostItem, labels: PostLabels, options: FormatOptions, limit: number, exact: boolean): string | null {
  const head: Piece[] = [];
  const label = sectionLabel(item.section, labels);
  const firstLine = [label, options.updated ? labels.updated : null].filter((s): s is string => !!s).join(' · ');
  if (firstLine) head.push(plain(firstLine));
  const byline = item.author && item.section && labels.bylineSections.includes(item.section) ? oneLine(item.author) : '';
  const tags = [...new Set([...item.regions, ...item.topics].map((id) => hashtagFor(id, labels)).filter((t): t is string => t !== null))];
  const tail: Piece[] = tags.length > 0 ? [plain(tags.join(' '))] : [];

  let title = oneLine(item.title) || '(untitled)';
  let summary = paragraphs(item.summary);
  const build = () => {
    const blocks: Piece[][] = [];
    if (head.length) blocks.push(head);
    const titleBlock: Piece[] = [wrap(title, 'b')];
    if (byline) titleBlock.push(wrap(labels.byline(byline), 'i'));
    blocks.push(titleBlock);
    if (summary) blocks.push([plain(summary)]);
    if (tail.length) blocks.push(tail);
    return join(blocks);
  };
  let built = build();
  if (built.plain.length <= limit) return built.html;
  if (exact) return null;

  // Too long: the summary gives way first, then the title; labels and tags stay whole.
  const withoutSummary = (summary ? built.plain.length - summary.length - 2 : built.plain.length);
  const room = limit - withoutSummary - 2;
  if (room >= SUMMARY_MIN_UNITS) {
    summary = trimPlain(summary, room);
  } else {
    summary = '';
    built = build();
    title = trimPlain(title, title.length - (built.plain.length - limit));
  }
  built = build();
  if (built.plain.length <= limit) return built.html;
  // Only labels and tags this long are left; drop the tags rather than send nothing.
  tail.length = 0;
  return build().html;
}

function plain(text: string): Piece {
  return { plain: text, html: escapeHtml(text) };
}

function wrap(text: string, tag: 'b' | 'i'): Piece {
  return { plain: text, html: `<${tag}>${escapeHtml(text)}</${tag}>` };
}

/** Lines inside a block are joined by one newline, blocks by a blank line. */
function join(blocks: Piece[][]): Piece {
  const lines = blocks.map((b) => ({ plain: b.map((p) => p.plain).join('\n'), html: b.map((p) => p.html).join('\n') }));
  return { plain: lines.map((l) => l.plain).join('\n\n'), html: lines.map((l) => l.html).join('\n\n') };
}

function oneLine(text: string | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** Keeps paragraph breaks (at most one blank line), collapses other whitespace. */
function paragraphs(text: string | null): string {
  return (text ?? '')
    .replace(/\r\n?/g, '\n')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Only absolute http(s) links go into buttons and previews; Telegram refuses others. */
function safeUrl(raw: string | null): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
