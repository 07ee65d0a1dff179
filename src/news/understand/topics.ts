/**
 * Topics of an item: the feed's own categories first, then keywords weighed by where they
 * stand. A topic must score well on its own and against the item's main topic, so that a
 * long analysis is not tagged with every subject it touches. In a headline, what follows
 * "amid", "as", "after", "на фоне" is the background of the news, not the news, and counts less.
 */
import { byConfidence, confidence, Evidence, type Caps } from './evidence.js';
import type { Field } from './fields.js';
import { withEnglishForms } from './english-forms.js';
import { Lexicon } from './lexicon.js';
import { fold } from './normalize.js';
import type { TopicHint } from './places.js';
import type { Token } from './tokenize.js';
import type { LocalizedList, Scored, Taxonomy } from './types.js';

interface KeywordPayload {
  topic: string;
  weight: number;
}

const STRONG = 2;
const WEAK = 1;
const SUPPORTING = 0.5;
/** Names of the keyword kinds for the topic model's features (topic-features.ts). */
const KIND_NAME: Record<number, string> = { [STRONG]: 'strong', [WEAK]: 'keyword', [SUPPORTING]: 'supporting' };
const BACKGROUND_KIND_NAME: Record<number, string> = { [STRONG]: 'strong:background', [WEAK]: 'keyword:background', [SUPPORTING]: 'supporting:background' };
/** A phrase in which a topic word means something else (think tank, в отношении): it hides the word and counts for nothing. */
const OTHER_SENSE = 0;
/**
 * A feed category naming the topic nearly decides it: any keyword of the topic confirms it. A
 * broad section names no topic: the outlet's "Politics" carries foreign policy as often as
 * domestic politics (half its development items are diplomacy), so topics.json does not list it.
 */
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

/** A keyword in a headline's background clause ("…as ceasefire talks stall"): most such were wrong topics on the development files. */
const BACKGROUND = 0.75;
/** Words that open a headline's background clause; "ahead" with "of", "фоне" after "на". */
const BACKGROUND_MARKERS = new Set(['amid', 'as', 'despite', 'ahead', 'after', 'following', 'накануне', 'несмотря', 'фоне']);

/** Index of the first token of the headline's background clause, or Infinity. */
function backgroundFrom(tokens: Token[]): number {
  for (let k = 1; k < tokens.length; k++) {
    const word = tokens[k]!.norm;
    if (!BACKGROUND_MARKERS.has(word)) continue;
    const before = tokens[k - 1]!.norm;
    const after = tokens[k + 1]?.norm;
    if (word === 'as' && (before === 'such' || before === 'well' || after === 'well')) continue;
    if (word === 'ahead' && after !== 'of') continue;
    if (word === 'фоне' && before !== 'на') continue;
    return k;
  }
  return Infinity;
}

export interface TopicScores {
  scores: { id: string; score: number }[];
  /** Nothing but a headline: one ordinary keyword there is enough. */
  headlineOnly: boolean;
  /** Keyword matches in the headline and lead, by topic then kind ("security-defence" → "supporting" → 1): what the topic model reads beside the scores. */
  matched: Map<string, Map<string, number>>;
}

/** The evidence a topic needs (see the constants above). */
export interface TopicThresholds {
  accept: number;
  acceptHeadlineOnly: number;
  relative: number;
  third: number;
}

const THRESHOLDS: TopicThresholds = { accept: ACCEPT, acceptHeadlineOnly: ACCEPT_HEADLINE_ONLY, relative: RELATIVE, third: THIRD_TOPIC };

export interface TopicMatcher {
  /** The rules' decision on scores already taken. */
  decide(scores: TopicScores): Scored[];
  /** Every topic with evidence and its score, before the decision: what the topic model reads, and for calibrating the thresholds. */
  score(fields: Field[], masks: Uint8Array[], categories: string[], hints?: TopicHint[]): TopicScores;
}

export function createTopicMatcher(taxonomy: Taxonomy): TopicMatcher {
  const lexicon = new Lexicon<KeywordPayload>();
  const byCategory = new Map<string, string[]>();
  const subsumedBy = subsumers(taxonomy);
  const listed = new Set(
    [...taxonomy.topics.flatMap((t) => [...t.strong.en, ...t.keywords.en, ...t.supporting.en]), ...taxonomy.otherSenses.en].map((p) => p.toLowerCase()),
  );
  const inflect = (list: LocalizedList): LocalizedList => ({ ...list, en: withEnglishForms(list.en, listed) });
  for (const topic of taxonomy.topics) {
    lexicon.addAll(inflect(topic.strong), { topic: topic.id, weight: STRONG });
    lexicon.addAll(inflect(topic.keywords), { topic: topic.id, weight: WEAK });
    lexicon.addAll(inflect(topic.supporting), { topic: topic.id, weight: SUPPORTING });
    for (const category of topic.categories) byCategory.set(fold(category), [...(byCategory.get(fold(category)) ?? []), topic.id]);
  }
  lexicon.addAll(inflect(taxonomy.otherSenses), { topic: '', weight: OTHER_SENSE });

  function score(fields: Field[], masks: Uint8Array[], categories: string[], hints: TopicHint[] = []): TopicScores {
    const evidence = new Evidence();
    const matched = new Map<string, Map<string, number>>();
    for (const hint of hints) evidence.add(hint.topic, hint.kind, hint.weight * HINT);
    fields.forEach((field, i) => {
      if (field.kind === 'category') return;
      const background = field.kind === 'title' ? backgroundFrom(field.tokens) : Infinity;
      for (const match of lexicon.scan(field.text, field.tokens, masks[i])) {
        // A phrase listed as another sense hides a keyword of the same length too («Нефтчи», the club, not нефт*).
        if (match.payloads.some((p) => p.weight === OTHER_SENSE)) continue;
        const factor = match.start >= background ? BACKGROUND : 1;
        // One keyword counts once per topic even when listed as both strong and weak.
        const best = new Map<string, number>();
        for (const p of match.payloads) best.set(p.topic, Math.max(best.get(p.topic) ?? 0, p.weight));
        for (const [topic, weight] of best) {
          evidence.add(topic, field.kind, field.weight * weight * factor);
          if (field.kind === 'title' || field.kind === 'lead') {
            const kind = (factor === 1 ? KIND_NAME : BACKGROUND_KIND_NAME)[weight]!;
            let kinds = matched.get(topic);
            if (!kinds) matched.set(topic, (kinds = new Map()));
            kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
          }
        }
      }
    });
    const fromCategories = new Set(categories.flatMap((c) => byCategory.get(fold(c.trim())) ?? []));
    const ids = new Set([...evidence.ids(), ...fromCategories]);
    return {
      scores: [...ids].map((id) => ({ id, score: evidence.score(id, CAPS) + (fromCategories.has(id) ? CATEGORY_SCORE : 0) })),
      headlineOnly: fields.every((f) => f.kind === 'title' || f.kind === 'category' || f.tokens.length === 0),
      matched,
    };
  }

  return {
    score,
    decide: (scores) => decideTopics(scores, subsumedBy),
  };
}

/** For each topic, the topics that subsume it and their ratio. "Energy trade is energy rather than economy unless trade or money is the point." */
export function subsumers(taxonomy: Taxonomy): Map<string, [string, number][]> {
  const subsumedBy = new Map<string, [string, number][]>();
  for (const topic of taxonomy.topics) {
    for (const [other, ratio] of Object.entries(topic.subsumes)) subsumedBy.set(other, [...(subsumedBy.get(other) ?? []), [topic.id, ratio]]);
  }
  return subsumedBy;
}

/** Which scored topics an item gets: enough evidence, not far below the main topic, not subsumed, at most three. */
export function decideTopics({ scores, headlineOnly }: TopicScores, subsumedBy: Map<string, [string, number][]>, thresholds: TopicThresholds = THRESHOLDS): Scored[] {
  const top = Math.max(0, ...scores.map((s) => s.score));
  const accept = headlineOnly ? thresholds.acceptHeadlineOnly : thresholds.accept;
  const score = new Map(scores.map((s) => [s.id, s.score]));
  const outweighed = (s: { id: string; score: number }) =>
    (subsumedBy.get(s.id) ?? []).some(([by, ratio]) => s.score < ratio * (score.get(by) ?? 0));
  return scores
    .filter((s) => s.score >= accept && s.score >= thresholds.relative * top && !outweighed(s))
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
    .slice(0, MAX_TOPICS)
    .filter((s, rank) => rank < 2 || s.score >= thresholds.third)
    .map((s) => ({ id: s.id, confidence: confidence(s.score, CONFIDENCE_SCALE) }))
    .sort(byConfidence);
}
