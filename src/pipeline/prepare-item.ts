import type { FeedEntry } from '../news/types.js';
import { plainText } from '../news/plain-text.js';
import type { Feed } from '../stores/feeds.js';
import type { ItemDraft } from '../stores/items.js';

const SUMMARY_BUDGET = 500;

/** Turns a parsed entry into what is stored: summary, section, classification. */
export function prepareItem(entry: FeedEntry, feed: Feed): ItemDraft {
  return {
    dedupeKey: entry.key,
    guid: entry.guid,
    url: entry.url,
    canonicalUrl: entry.canonicalUrl,
    title: entry.title,
    author: entry.author,
    section: feed.section ?? 'news',
    language: feed.language,
    publishedAt: entry.publishedAt,
    summary: shorten(plainText(entry.description || entry.contentHtml || ''), SUMMARY_BUDGET),
    imageUrl: entry.imageUrl,
    categories: entry.categories,
    topics: [],
    regions: [],
    countries: [],
    classification: {},
    fullTextLength: null,
    contentHash: entry.contentHash,
  };
}

/** Cuts at the last sentence end within the budget, else at a word with an ellipsis. */
function shorten(text: string, budget: number): string {
  if (text.length <= budget) return text;
  const head = text.slice(0, budget);
  const sentenceEnd = Math.max(head.lastIndexOf('. '), head.lastIndexOf('! '), head.lastIndexOf('? '));
  if (sentenceEnd > budget / 3) return head.slice(0, sentenceEnd + 1);
  const space = head.lastIndexOf(' ');
  return `${head.slice(0, space > 0 ? space : budget - 1)}…`;
}
