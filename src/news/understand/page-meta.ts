/**
 * Facts a page states about its article: author, the site's section label, the headline.
 * Structured data first (JSON-LD, meta tags), then the usual byline and category markup.
 */
import { fold } from './normalize.js';
import type { DomDocument } from './html-text.js';

type Json = Record<string, unknown>;

const ARTICLE_TYPES = /Article|Posting|Report|BlogPosting/;
const AUTHOR_SELECTORS = ['[rel="author"]', '[itemprop="author"] [itemprop="name"]', '[itemprop="author"]', '[class*="byline"]', '[class*="author"]'];
const SECTION_SELECTORS = ['[class*="category"]', '[class*="rubric"]', '[class*="section"]', '[class*="breadcrumb"] a:last-child'];

function text(value: string | null | undefined): string {
  return (value ?? '').replace(/\s+/g, ' ').trim();
}

/** The article objects of the page's JSON-LD (flattening @graph). */
export function jsonLdArticles(doc: DomDocument): Json[] {
  const out: Json[] = [];
  const scripts = doc.querySelectorAll('script[type="application/ld+json"]');
  for (let i = 0; i < scripts.length; i++) {
    let data: unknown;
    try {
      data = JSON.parse(scripts[i]!.textContent ?? '');
    } catch {
      continue;
    }
    const queue: unknown[] = Array.isArray(data) ? data : [data];
    while (queue.length > 0) {
      const node = queue.shift();
      if (!node || typeof node !== 'object') continue;
      const obj = node as Json;
      if (Array.isArray(obj['@graph'])) queue.push(...(obj['@graph'] as unknown[]));
      const type = obj['@type'];
      if ((Array.isArray(type) ? type : [type]).some((t) => typeof t === 'string' && ARTICLE_TYPES.test(t))) out.push(obj);
    }
  }
  return out;
}

function names(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(names);
  if (value && typeof value === 'object' && typeof (value as Json)['name'] === 'string') return [(value as Json)['name'] as string];
  return [];
}

function meta(doc: DomDocument, selector: string): string {
  return text(doc.querySelector(selector)?.getAttribute('content'));
}

/** "By Jane Roe | 8 June 2025" → "Jane Roe"; null for things that are not a person's name. */
export function cleanByline(raw: string, outletNames: string[] = []): string | null {
  let name = text(raw)
    .replace(/^(by|author|written by|автор|текст)\s*[:—–-]?\s+/i, '')
    .replace(/\s*[|•·].*$/, '')
    .replace(/,?\s+\d{1,2}[\s./-].*$/, '')
    .trim();
  name = name.replace(/[,;:]+$/, '').trim();
  if (name.length < 3 || name.length > 80 || /https?:|www\.|@|\d{3,}/.test(name)) return null;
  if (!/\p{Lu}/u.test(name)) return null;
  if (outletNames.some((o) => fold(o) === fold(name))) return null;
  return name;
}

export function pageAuthor(doc: DomDocument, outletNames: string[], fallback?: string | null): string | null {
  const candidates = [
    ...jsonLdArticles(doc).flatMap((a) => names(a['author'])),
    meta(doc, 'meta[name="author"]'),
    meta(doc, 'meta[property="article:author"]'),
    ...AUTHOR_SELECTORS.map((s) => text(doc.querySelector(s)?.textContent)),
    fallback ?? '',
  ];
  for (const candidate of candidates) {
    const name = candidate ? cleanByline(candidate, outletNames) : null;
    if (name) return name;
  }
  return null;
}

export function pageSection(doc: DomDocument): string | null {
  const fromData = [
    meta(doc, 'meta[property="article:section"]'),
    ...jsonLdArticles(doc).flatMap((a) => names(a['articleSection'])),
  ].find((s) => s !== '');
  if (fromData) return fromData;
  for (const selector of SECTION_SELECTORS) {
    const label = text(doc.querySelector(selector)?.textContent);
    if (label !== '' && label.length <= 40 && !/^(home|главная)$/i.test(label)) return label;
  }
  return null;
}

/** The headline without the " | Site" suffix. */
export function pageTitle(doc: DomDocument, outletNames: string[]): string | null {
  const site = meta(doc, 'meta[property="og:site_name"]');
  const sites = new Set([site, ...outletNames].filter((s) => s !== '').map(fold));
  const raw =
    meta(doc, 'meta[property="og:title"]') ||
    (jsonLdArticles(doc).map((a) => a['headline']).find((h) => typeof h === 'string') as string | undefined) ||
    text(doc.querySelector('h1')?.textContent) ||
    text(doc.querySelector('title')?.textContent);
  if (!raw) return null;
  const parts = raw.split(/\s+[|–—-]\s+/);
  const last = parts[parts.length - 1] ?? '';
  if (parts.length > 1 && (sites.has(fold(last)) || /^\S+\.\p{L}{2,}$/u.test(last))) return parts.slice(0, -1).join(' - ');
  return raw;
}
