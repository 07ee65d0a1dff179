/**
 * The item's section: a headline marker first ("BREAKING:", "Interview:"), then the feed's
 * categories and section label, else plain news.
 */
import { fold } from './normalize.js';
import type { ArticleInput, Section, SectionId } from './types.js';

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** "Interview:" or "Interview —" but not "Interviewing…"; a symbol marker (⚡) needs no separator. */
function prefixPattern(prefix: string): RegExp {
  const separator = /\p{L}$/u.test(prefix) ? '\\s*[:|—–-]' : '';
  return new RegExp(`^\\s*${escape(prefix)}${separator}`, 'iu');
}

export function createSectionDetector(sections: Section[]): (input: ArticleInput) => SectionId {
  const byTitle = sections.map((s) => ({ id: s.id, patterns: s.titlePrefixes.map(prefixPattern) }));
  const byCategory = sections.map((s) => ({ id: s.id, labels: new Set(s.categories.map(fold)) }));
  return (input) => {
    const fromTitle = byTitle.find((s) => s.patterns.some((p) => p.test(input.title)));
    if (fromTitle) return fromTitle.id;
    const labels = [...input.categories, input.feedSection ?? ''].map((c) => fold(c.trim())).filter((c) => c !== '');
    const fromCategory = byCategory.find((s) => labels.some((l) => s.labels.has(l)));
    return fromCategory?.id ?? 'news';
  };
}
