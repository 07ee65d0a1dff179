/**
 * The main text of an article page, with @mozilla/readability on a linkedom document.
 * Readability finds the article; around it we drop what it keeps of the site's furniture:
 * share bars, "Read also" boxes, subscribe prompts, timestamps, related-headline lists.
 * Author and section are read from the page before anything is removed.
 */
import { Readability } from '@mozilla/readability';
import { createFurnitureMatcher } from './furniture.js';
import { blocksOf, parseDocument, type DomDocument, type DomElement } from './html-text.js';
import { fold } from './normalize.js';
import { pageAuthor, pageSection, pageTitle } from './page-meta.js';
import type { ExtractedArticle, FurnitureRules } from './types.js';

/** Elements that are never article text, on any site. */
const GENERIC_FURNITURE = [
  'script', 'style', 'noscript', 'iframe', 'form', 'button', 'nav', 'aside', 'footer', 'svg', 'time', 'figcaption',
  '[class*="share"]', '[class*="social"]', '[class*="related"]', '[class*="read-also"]', '[class*="also-read"]',
  '[class*="readalso"]', '[class*="subscribe"]', '[class*="newsletter"]', '[class*="breadcrumb"]', '[class*="tags"]',
  '[class*="latest"]', '[class*="popular"]', '[class*="most-read"]', '[class*="widget"]', '[class*="sidebar"]',
  '[class*="banner"]', '[class*="advert"]', '[class*="promo"]', '[class*="comments"]', '[class*="byline"]',
  '[class*="author"]', '[class*="meta"]', '[role="navigation"]', '[role="complementary"]', '[aria-hidden="true"]',
];
/** Short elements whose whole text may be furniture ("Read also: …", "Share"). */
const SMALL_BLOCKS = 'p, li, h2, h3, h4, h5, h6, div, span, strong';
const SMALL = 250;
/** A removed element may never hold most of the page's text: class names lie. */
const MAX_SHARE = 0.5;
/** Fewer characters than this is not an article. */
const MIN_ARTICLE = 150;
/** A block whose text is mostly links is a list of other headlines. */
const LINK_DENSITY = 0.6;

function textLength(el: { textContent: string | null } | null): number {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim().length;
}

function removeAll(doc: DomDocument, selectors: string[], pageText: number, accept: (el: DomElement) => boolean = () => true): void {
  for (const selector of selectors) {
    let found: ArrayLike<DomElement>;
    try {
      found = doc.querySelectorAll(selector);
    } catch {
      continue; // a selector this DOM cannot parse: skip rather than fail the article
    }
    for (const el of Array.from(found)) {
      if (el.parentNode && textLength(el) <= pageText * MAX_SHARE && accept(el)) el.remove();
    }
  }
}

export function extractArticle(html: string, url: string, furniture?: FurnitureRules): ExtractedArticle | null {
  const matcher = createFurnitureMatcher(furniture);
  const outletNames = furniture?.outletNames ?? [];
  const doc = parseDocument(html);
  const title = pageTitle(doc, outletNames);
  const section = pageSection(doc);
  const metaAuthor = pageAuthor(doc, outletNames);

  const pageText = textLength(doc.body);
  removeAll(doc, [...GENERIC_FURNITURE, ...(furniture?.selectors ?? [])], pageText);
  removeAll(doc, [SMALL_BLOCKS], pageText, (el) => textLength(el) < SMALL && matcher.isFurniture(el.textContent ?? ''));

  const article = new Readability(doc as never, { charThreshold: 200 }).parse();
  if (!article?.content) return null;
  const content = parseDocument(String(article.content));
  const titleKey = title ? fold(title) : null;
  const paragraphs = blocksOf(content.body ?? content.documentElement)
    .filter((b) => !(b.linkChars > LINK_DENSITY * b.text.length && b.text.length < SMALL))
    .map((b) => b.text)
    .filter((t) => !matcher.isFurniture(t) && fold(t) !== titleKey);
  const text = paragraphs.join('\n\n');
  if (text.length < MIN_ARTICLE) return null;
  void url; // kept in the signature for resolving relative links when a caller needs them
  return {
    text,
    author: metaAuthor ?? pageAuthor(content, outletNames, article.byline ?? null),
    section,
    title: title ?? (article.title || null),
  };
}
