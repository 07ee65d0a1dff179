import { absoluteUrl } from './canonical-url.js';
import { decodeEntities } from './plain-text.js';

/**
 * True when the body is an HTML page rather than a feed: it opens (after a BOM, comments
 * and an XML declaration) with <!DOCTYPE html> or <html>, or it is served as text/html
 * and has no feed root element.
 */
export function looksLikeHtmlPage(body: string, contentType: string | null): boolean {
  const head = body.slice(0, 4096).replace(/^\uFEFF/, '').replace(/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*/, '');
  if (/^<!doctype html/i.test(head) || /^<html[\s>]/i.test(head)) return true;
  if (/^text\/html/i.test(contentType ?? '')) return !/<(rss|feed|rdf:RDF)[\s>]/i.test(head);
  return false;
}

/** The first feed an HTML page names with <link rel="alternate" type="application/rss+xml|atom+xml">. */
export function alternateFeedUrl(html: string, pageUrl: string): string | null {
  for (const tag of html.slice(0, 200_000).match(/<link\b[^>]*>/gi) ?? []) {
    const attrs = attributes(tag);
    const rel = (attrs.rel ?? '').toLowerCase().split(/\s+/);
    const type = (attrs.type ?? '').toLowerCase();
    if (!rel.includes('alternate') || !/application\/(rss|atom|rdf)\+xml/.test(type)) continue;
    const url = absoluteUrl(attrs.href ? decodeEntities(attrs.href) : null, pageUrl);
    if (url) return url;
  }
  return null;
}

function attributes(tag: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    result[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  }
  return result;
}
