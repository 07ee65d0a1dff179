/**
 * Topics of an item: the feed's own categories first, then keywords weighed by where they
 * stand. A topic must score well on its own and against the item's main topic, so that a
 * long analysis is not tagged with every subject it touches.
 */
import { byConfidence, confidence, Evidence, type Caps } from './evidence.js';
import type { Field } from './fields.js';
import { Lexicon } from './lexicon.js';
import { fold } from './normalize.js';
import type { TopicHint } from './places.js';
import type { Scored, Taxonomy } from './types.js';

interface KeywordPayload {
  topic: string;
  weight: number;
}

const STRONG = 2;
const WEAK = 1;
const SUPPORTING = 0.5;
/** A feed category naming the topic nearly decides it: any keyword of the topic confirms it. A broad category ("Politics" for foreign news) alone does not. */
const CATEGORY_SCORE = 3.5;
const CAPS: Caps = { title: 6, lead: 6, category: 0, body: 8 };
const ACCEPT = 4;
/** With nothing but a headline, one ordinary keyword there is all the evidence there will be. */
const ACCEPT_HEADLINE_ONLY = 3;
const RELATIVE = 0.3;
const CONFIDENCE_SCALE = 6;
/** What a person's office or an organisation says of the topic, against a keyword's 1 (ordinary) or 2 (strong). */
const HINT = 1;
/** An editor gives an item one to three topics (tests/fixtures/labelled/README.md). */
const MAX_TOPICS = 3;
/** …and a third only on clear evidence: on the development files most marginal third topics were wrong. */
const THIRD_TOPIC = 5.5;

export interface TopicMatcher {
  classify(fields: Field[], masks: Uint8Array[], categories: string[], hints?: TopicHint[]): Scored[];
}

export function createTopicMatcher(taxonomy: Taxonomy): TopicMatcher {
  const lexicon = new Lexicon<KeywordPayload>();
  const byCategory = new Map<string, string[]>();
  // "Energy trade is energy rather than economy unless trade or money is the point."
  const subsumedBy = new Map<string, [string, number][]>();
  for (const topic of taxonomy.topics) {
    for (const [other, ratio] of Object.entries(topic.subsumes)) subsumedBy.set(other, [...(subsumedBy.get(other) ?? []), [topic.id, ratio]]);
  }
  for (const topic of taxonomy.topics) {
    lexicon.addAll(topic.strong, { topic: topic.id, weight: STRONG });
    lexicon.addAll(topic.keywords, { topic: topic.id, weight: WEAK });
    lexicon.addAll(topic.supporting, { topic: topic.id, weight: SUPPORTING });
    for (const category of topic.categories) byCategory.set(fold(category), [...(byCategory.get(fold(category)) ?? []), topic.id]);
  }

  function classify(fields: Field[], masks: Uint8Array[], categories: string[], hints: TopicHint[] = []): Scored[] {
    const evidence = new Evidence();
    for (const hint of hints) evidence.add(hint.topic, hint.kind, hint.weight * HINT);
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
    const headlineOnly = fields.every((f) => f.kind === 'title' || f.kind === 'category' || f.tokens.length === 0);
    const accept = headlineOnly ? ACCEPT_HEADLINE_ONLY : ACCEPT;
    const score = new Map(scores.map((s) => [s.id, s.score]));
    const outweighed = (s: { id: string; score: number }) =>
      (subsumedBy.get(s.id) ?? []).some(([by, ratio]) => s.score < ratio * (score.get(by) ?? 0));
    return scores
      .filter((s) => s.score >= accept && s.score >= RELATIVE * top && !outweighed(s))
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
      .slice(0, MAX_TOPICS)
      .filter((s, rank) => rank < 2 || s.score >= THIRD_TOPIC)
      .map((s) => ({ id: s.id, confidence: confidence(s.score, CONFIDENCE_SCALE) }))
      .sort(byConfidence);
  }

  return { classify };
}
