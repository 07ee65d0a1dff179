import type { Taxonomy } from '../news/understand/index.js';
import { postLabels, type PostLabels } from './post-labels.js';

/** The post format's labels from the taxonomy: section labels with emoji, topic and region hashtags and names. */
export function labelsFromTaxonomy(taxonomy: Pick<Taxonomy, 'sections' | 'topics' | 'regions'>, language: 'en' | 'ru' = 'en'): PostLabels {
  return postLabels({
    sections: Object.fromEntries(taxonomy.sections.map((s) => [s.id, `${s.emoji} ${s.label[language]}`.trim()])),
    hashtags: Object.fromEntries([...taxonomy.regions, ...taxonomy.topics].map((t) => [t.id, `#${t.hashtag}`])),
    names: Object.fromEntries([...taxonomy.regions, ...taxonomy.topics].map((t) => [t.id, t.label[language]])),
  });
}
