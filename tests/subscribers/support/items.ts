import { createHash } from 'node:crypto';
import type { Db } from '../../../src/db/create-db.js';
import { seedFeeds, getFeedByUrl } from '../../../src/stores/feeds.js';
import { storeItems, type ItemDraft } from '../../../src/stores/items.js';

export interface ItemSpec {
  title: string;
  summary?: string;
  section?: string;
  topics?: string[];
  regions?: string[];
  countries?: string[];
  publishedAt?: Date;
  /** Two-letter code; 'en' when not given, null for a language that could not be told. */
  language?: string | null;
  /** The item's (canonical) link; an address of this helper's own when not given. */
  url?: string;
  /** Canonical links of the item's translations (hreflang alternates). */
  alternateUrls?: string[];
}

let feedSeq = 0;

/** Stores classified items through the items store, as the poll cycle would; returns their ids in order. */
export async function storeClassified(db: Db, specs: ItemSpec[], now: Date): Promise<number[]> {
  const url = `https://outlet.example/feed-${++feedSeq}.xml`;
  await seedFeeds(db, [url]);
  const feed = await getFeedByUrl(db, url);
  if (!feed) throw new Error('feed not stored');
  const drafts: ItemDraft[] = specs.map((spec, index) => {
    const key = `${feedSeq}-${index}-${spec.title}`;
    return {
      dedupeKey: key,
      guid: key,
      url: spec.url ?? `https://outlet.example/${feedSeq}/${index}`,
      canonicalUrl: spec.url ?? `https://outlet.example/${feedSeq}/${index}`,
      title: spec.title,
      author: null,
      section: spec.section ?? 'news',
      language: spec.language === undefined ? 'en' : spec.language,
      publishedAt: spec.publishedAt ?? new Date(now.getTime() - (specs.length - index) * 60_000),
      summary: spec.summary ?? '',
      imageUrl: null,
      categories: [],
      topics: spec.topics ?? [],
      regions: spec.regions ?? [],
      countries: spec.countries ?? [],
      classification: {},
      fullTextLength: null,
      contentHash: createHash('sha1').update(key).digest('hex'),
      ...(spec.alternateUrls ? { alternateUrls: spec.alternateUrls } : {}),
    };
  });
  const result = await storeItems(db, feed.id, drafts, now);
  const byTime = new Map(result.inserted.map((r) => [r.publishedAt.getTime(), r.id]));
  return drafts.map((d) => {
    const id = byTime.get(d.publishedAt.getTime());
    if (id === undefined) throw new Error(`item ${d.title} was not stored`);
    return id;
  });
}
