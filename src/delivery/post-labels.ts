/**
 * Words the post format needs that come from the taxonomy, not from code: section labels
 * (with their emoji) and the hashtag for each topic and region id. app.ts builds this from
 * the taxonomy; anything missing falls back to a label derived from the id itself.
 */
export interface PostLabels {
  /** Section id → label, e.g. analytics → "📊 Analytics". */
  sections: Record<string, string>;
  /** Topic, region or country id → hashtag, e.g. south-caucasus → "#SouthCaucasus". */
  hashtags: Record<string, string>;
  /** Sections whose posts carry the author's byline. */
  bylineSections: string[];
  readMore: string;
  /** Added to the first line of a post that was edited after the item changed. */
  updated: string;
  byline: (author: string) => string;
  /** Topic and region id → its name, for the channel post's follow button. */
  names: Record<string, string>;
  /** The channel post's button that opens the bot on the item's region or topic. */
  follow: (name: string) => string;
}

export const DEFAULT_POST_LABELS: PostLabels = {
  sections: {
    analytics: '📊 Analytics',
    news: '📰 News',
    interview: '🎙 Interview',
    opinion: '💬 Opinion',
    breaking: '🚨 Breaking',
  },
  hashtags: {},
  bylineSections: ['analytics', 'interview', 'opinion'],
  readMore: 'Read more',
  updated: '✏️ Updated',
  byline: (author) => `By ${author}`,
  names: {},
  follow: (name) => `🔔 Follow ${name}`,
};

/** Merges partial labels (from the taxonomy) over the defaults. */
export function postLabels(partial: Partial<PostLabels> = {}): PostLabels {
  return {
    ...DEFAULT_POST_LABELS,
    ...partial,
    sections: { ...DEFAULT_POST_LABELS.sections, ...partial.sections },
    hashtags: { ...partial.hashtags },
    names: { ...partial.names },
  };
}

/** 'south-caucasus' → '#SouthCaucasus'; a taxonomy hashtag wins; characters a hashtag cannot hold are dropped. */
export function hashtagFor(id: string, labels: PostLabels): string | null {
  const given = labels.hashtags[id];
  const body = given
    ? given.replace(/^#/, '')
    : id
        .split(/[^\p{L}\p{N}]+/u)
        .filter((part) => part.length > 0)
        .map((part) => part[0]!.toUpperCase() + part.slice(1))
        .join('');
  const clean = body.replace(/[^\p{L}\p{N}_]/gu, '');
  // A hashtag of digits only is not a hashtag in Telegram.
  return clean.length > 0 && !/^\d+$/.test(clean) ? `#${clean}` : null;
}

export function sectionLabel(section: string | null, labels: PostLabels): string | null {
  if (!section) return null;
  return labels.sections[section] ?? section[0]!.toUpperCase() + section.slice(1);
}
