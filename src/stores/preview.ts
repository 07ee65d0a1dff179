import type { Db } from '../db/create-db.js';

/** An item as the settings page's "what would I have got" preview needs it: enough to match and to list. */
export interface PreviewCandidate {
  id: number;
  title: string;
  summary: string;
  url: string | null;
  section: string | null;
  publishedAt: Date;
  topics: string[];
  regions: string[];
  countries: string[];
  language: string | null;
  storyId: number | null;
}

/** Items published since `since`, newest first, at most `limit`: matched by the page against a reader's draft choices. */
export async function previewCandidates(db: Db, since: Date, limit: number): Promise<PreviewCandidate[]> {
  const rows = await db
    .selectFrom('items')
    .select(['id', 'title', 'summary', 'url', 'section', 'published_at', 'topics', 'regions', 'countries', 'language', 'story_id'])
    .where('published_at', '>=', since)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    summary: r.summary,
    url: r.url,
    section: r.section,
    publishedAt: r.published_at,
    topics: r.topics,
    regions: r.regions,
    countries: r.countries,
    language: r.language,
    storyId: r.story_id === null ? null : Number(r.story_id),
  }));
}
