/**
 * Topics of an item: the feed's own categories first, then keywords weighed by where they
 * stand. A topic must score well on its own and against the item's main topic, so that a
 * long analysis is not tagged with every subject it touches.
 */
import { byConfidence, confidence, Evidence, type Caps } from './evidence.js';
import type { Field } from './fields.js';
import { Lexicon } from './lexicon.js';
import { fold } from './normalize.js';
import type { Scored, Taxonomy } from './types.js';

interface KeywordPayload {
  topic: string;
  weight: number;
}

const STRONG = 2;
const WEAK = 1;
/** A feed category naming the topic nearly decides it: any keyword of the topic confirms it. A broad category ("Politics" for foreign news) alone does not. */
const CATEGORY_SCORE = 3.5;
const CAPS: Caps = { title: 6, lead: 6, category: 0, body: 8 };
const ACCEPT = 4;
const RELATIVE = 0.3;
const CONFIDENCE_SCALE = 6;

export interface TopicMatcher {
  classify(fields: Field[], masks: Uint8Array[], categories: string[]): Scored[];
}

export function createTopicMatcher(taxonomy: Taxonomy): TopicMatcher {
  const lexicon = new Lexicon<KeywordPayload>();
  const byCategory = new Map<string, string[]>();
  for (const topic of taxonomy.topics) {
    lexicon.addAll(topic.strong, { topic: topic.id, weight: STRONG });
    lexicon.addAll(topic.keywords, { topic: topic.id, weight: WEAK });
    for (const category of topic.categories) byCategory.set(fold(category), [...(byCategory.get(fold(category)) ?? []), topic.id]);
  }

  function classify(fields: Field[], masks: Uint8Array[], categories: string[]): Scored[] {
    const evidence = new Evidence();
    fields.forEach((field, i) => {
      if (field.kind === 'category') return;
      for (const match of lexicon.scan(field.text, field.tokens, masks[i])) {
        // One keyword counts once per topic even when listed as both strong and weak.
        const best = new Map<string, number>();
        for (const p of match.payloads) best.set(p.topic, Math.max(best.get(p.topic) ?? 0, p.weight));
        for (const [topic, weight] of best) evidence.add(topic, field.kind, field.weight * weight);
      }
    });
    const fromCategories = new Set(categories.flatMap((c) => byCategory.get(fold(c.trim())) ?? []));
    const ids = new Set([...evidence.ids(), ...fromCategories]);
    const scores = [...ids].map((id) => ({ id, score: evidence.score(id, CAPS) + (fromCategories.has(id) ? CATEGORY_SCORE : 0) }));
    const top = Math.max(0, ...scores.map((s) => s.score));
    return scores
      .filter((s) => s.score >= ACCEPT && s.score >= RELATIVE * top)
      .map((s) => ({ id: s.id, confidence: confidence(s.score, CONFIDENCE_SCALE) }))
      .sort(byConfidence);
  }

  return { classify };
}
