import { createHash } from 'node:crypto';

export interface KeyInput {
  guid: string | null;
  canonicalUrl: string | null;
  title: string;
  /** The date as the feed wrote it (not the discovery-time substitute), so the key is stable. */
  rawDate: string | null;
}

/**
 * A stable dedupe key per entry: the guid when every entry in this fetch has one and no
 * two share it; else the canonical link; else a hash of title and the date as written.
 * A feed whose guids are missing or repeated in one fetch is keyed by links for all of
 * its entries, so one bad guid cannot make the rest of the feed look new.
 */
export function dedupeKeys(entries: KeyInput[]): string[] {
  const guids = entries.map((e) => e.guid);
  const guidsUsable = guids.every((g) => g !== null) && new Set(guids).size === guids.length;
  return entries.map((entry) => {
    if (guidsUsable && entry.guid) return `guid:${entry.guid}`;
    if (entry.canonicalUrl) return `url:${entry.canonicalUrl}`;
    return `hash:${shortHash(`${entry.title}\n${entry.rawDate ?? ''}`)}`;
  });
}

export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
