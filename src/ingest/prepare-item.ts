import { editionKey } from '../news/editions.js';
import type { FeedEntry } from '../news/types.js';
// Each from its own module, not the understand/ index: that would also load what only the
// extraction worker and the evaluation bench use (readability, the labelled sets).
import { createClassifier } from '../news/understand/classify.js';
import { htmlToText } from '../news/understand/html-text.js';
import { languageCode } from '../news/understand/language.js';
import { DEFAULT_BUDGET, summarize } from '../news/understand/summarize.js';
import type { ArticleInput, Classification, Scored, Taxonomy } from '../news/understand/types.js';
import type { Feed } from '../stores/feeds.js';
import type { ItemDraft } from '../stores/items.js';

/** The article page's main text, when the feed carried only a teaser and the page was fetched. */
export interface FullText {
  text: string;
  author: string | null;
  section: string | null;
}

export type ItemPreparer = (entry: FeedEntry, feed: Pick<Feed, 'section' | 'language'> & Partial<Pick<Feed, 'url'>>, fullText?: FullText | null) => ItemDraft;

export interface PreparerOptions {
  /** Told once per feed (by its address) that an item's language could not be told and the feed states none. */
  onUnknownLanguage?: (feedUrl: string, title: string) => void;
}

const confidences = (scored: Scored[]) => Object.fromEntries(scored.map((s) => [s.id, Math.round(s.confidence * 100) / 100]));

/**
 * Turns a parsed entry into what is stored: section, topics, countries and regions (with
 * confidence), byline and summary, so delivery, matching, /latest and digests all read the
 * same facts. The classifier's matchers are compiled once here, not per item.
 */
export function createItemPreparer(taxonomy: Taxonomy, options: PreparerOptions = {}): ItemPreparer {
  // Compiled with the first item rather than at start (about a quarter of a second): the bot
  // answers its first update sooner, and the first poll is waiting on the network anyway.
  let compiled: ((input: ArticleInput) => Classification) | null = null;
  const classify = (input: ArticleInput): Classification => (compiled ??= createClassifier(taxonomy))(input);
  // Feeds already reported for an item of unknown language: the log says so once per feed.
  const reported = new Set<string>();
  return (entry, feed, fullText) => {
    const lead = htmlToText(entry.description || entry.contentHtml || '');
    const body = fullText?.text ?? (entry.contentHtml ? htmlToText(entry.contentHtml) : undefined);
    const classification = classify({
      title: entry.title,
      lead,
      ...(body ? { body } : {}),
      categories: fullText?.section ? [...entry.categories, fullText.section] : entry.categories,
      feedSection: feed.section,
      language: feed.language,
      // People's roles (taxonomy/people.json) are judged on the day the item was published.
      publishedAt: entry.publishedAt,
    });
    const summarySource = body && body.length > lead.length ? body : lead;
    // The feed's language when it states one, else what the text tells; null: readers of every language.
    const language = languageCode(feed.language) ?? (classification.language === 'other' ? null : classification.language);
    if (language === null && options.onUnknownLanguage && !reported.has(feed.url ?? '')) {
      reported.add(feed.url ?? '');
      options.onUnknownLanguage(feed.url ?? '', entry.title);
    }
    return {
      dedupeKey: entry.key,
      guid: entry.guid,
      url: entry.url,
      canonicalUrl: entry.canonicalUrl,
      title: entry.title,
      author: entry.author ?? fullText?.author ?? null,
      section: classification.section,
      language,
      publishedAt: entry.publishedAt,
      summary: summarize({ title: entry.title, text: summarySource, language: classification.language, furniture: taxonomy.furniture }) || shortLead(lead, entry.title),
      imageUrl: entry.imageUrl,
      categories: entry.categories,
      topics: classification.topics.map((t) => t.id),
      regions: classification.regions.map((r) => r.id),
      countries: classification.countries.map((c) => c.id),
      classification: { topics: confidences(classification.topics), regions: confidences(classification.regions), countries: confidences(classification.countries) },
      fullTextLength: body ? body.length : null,
      contentHash: entry.contentHash,
      alternateUrls: (entry.translations ?? []).filter((t) => t.language !== language).map((t) => t.url),
      editionKey: editionKey(entry.guid, entry.url),
    };
  };
}


/**
 * The summarizer leaves out sentences too short to stand alone; when that leaves nothing,
 * a short lead is still the best summary the feed offers (unless it only repeats the title).
 */
function shortLead(lead: string, title: string): string {
  const normalise = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return lead.length > 0 && lead.length <= DEFAULT_BUDGET && normalise(lead) !== normalise(title) ? lead : '';
}
