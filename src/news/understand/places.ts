/**
 * Countries and regions of an item. Every country name, demonym, city, metonym and office
 * holder in the taxonomy, every region name and organisation, and the false friends that
 * hide place names (The Washington Post) go into one dictionary. Mentions are weighed by
 * where they stand and what they are; ambiguous names (Georgia, Turkey, Jordan) count only
 * when the rest of the item does not point to their other meaning.
 */
import { byConfidence, confidence, Evidence, type Caps } from './evidence.js';
import type { Field } from './fields.js';
import { Lexicon, type Match } from './lexicon.js';
import { fold } from './normalize.js';
import { russianForms } from './russian-forms.js';
import { adjacent, breaksBetween } from './tokenize.js';
import type { AmbiguityRule, Country, Scored, Taxonomy } from './types.js';

type AliasKind = 'name' | 'place' | 'metonym' | 'figure' | 'demonym';

type PlacePayload =
  | { type: 'country'; kind: AliasKind; code: string; rule: number | null }
  | { type: 'region'; region: string; weak: boolean }
  | { type: 'org'; regions: string[] }
  | { type: 'false-friend' };

/** A demonym says less than a name: "Russian-made drones" is not always about Russia. */
const KIND_WEIGHT: Record<AliasKind, number> = { name: 1, place: 0.9, metonym: 0.9, figure: 0.9, demonym: 0.5 };
/** A demonym inside an organisation's name (the American University of Armenia). */
const INSTITUTION_FACTOR = 0.2;
const CAPS: Caps = { title: 3, lead: 3, category: 3, body: 5 };
/** Score needed to count: a name in the lead (2), in the title (3), two in the body. */
const ACCEPT = 1.8;
/** …and a share of the best-scored place: a passing mention next to the main subject does not count. */
const RELATIVE = 0.3;
const CONFIDENCE_SCALE = 2.5;
/** Capitalised words that do not make the next word a surname. */
const NOT_NAMES = new Set(['the', 'king', 'queen', 'president', 'state', 'kingdom', 'republic', 'in', 'of']);

export interface PlaceResult {
  countries: Scored[];
  regions: Scored[];
  /** Per field, tokens inside a place name: topic keywords must not match there (Газа is not gas). */
  masks: Uint8Array[];
}

interface Mention {
  code: string;
  rule: number | null;
  field: Field;
  weight: number;
  nameLike: boolean;
}

export interface PlaceMatcher {
  classify(fields: Field[]): PlaceResult;
}

function ruleKey(code: string, alias: string): string {
  return `${code}|${fold(alias)}`;
}

function addCountry(lexicon: Lexicon<PlacePayload>, country: Country, rules: Map<string, number>): void {
  const kinds: [AliasKind, { en: string[]; ru: string[] }][] = [
    ['name', country.names],
    ['place', country.places],
    ['metonym', country.metonyms],
    ['figure', country.figures],
    ['demonym', country.demonyms],
  ];
  for (const [kind, list] of kinds) {
    for (const lang of ['en', 'ru'] as const) {
      for (const alias of list[lang]) {
        lexicon.add(alias, lang, { type: 'country', kind, code: country.code, rule: rules.get(ruleKey(country.code, alias)) ?? null });
      }
    }
  }
}

function language(phrase: string): 'en' | 'ru' {
  return /\p{Script=Cyrillic}/u.test(phrase) ? 'ru' : 'en';
}

/** Looks like part of a person's name: a capitalised word right before or after (Michael Jordan, Jordan Henderson). */
function nameLike(field: Field, match: Match<PlacePayload>): boolean {
  if (field.titleCase) return false;
  const { tokens, text } = field;
  const first = tokens[match.start]!;
  const last = tokens[match.end - 1]!;
  const next = tokens[match.end];
  if (next && adjacent(text, last, next) && next.upper && !next.caps && /^\p{L}/u.test(next.text)) return true;
  const prev = tokens[match.start - 1];
  if (!prev || !adjacent(text, prev, first) || !prev.upper || prev.caps || NOT_NAMES.has(prev.norm)) return false;
  const beforePrev = tokens[match.start - 2];
  const prevStartsSentence = !beforePrev || breaksBetween(text, beforePrev, prev) || /[:"“«(—–]\s*$/.test(text.slice(beforePrev.end, prev.start));
  return !prevStartsSentence;
}

export function createPlaceMatcher(taxonomy: Taxonomy): PlaceMatcher {
  const rules: AmbiguityRule[] = taxonomy.ambiguous;
  const cuesFor = rules.map((r) => r.for.map(fold));
  const cuesAgainst = rules.map((r) => r.against.map(fold));
  const ruleIndex = new Map(rules.map((r, i) => [ruleKey(r.country, r.alias), i]));
  const lexicon = new Lexicon<PlacePayload>();
  for (const country of taxonomy.countries) addCountry(lexicon, country, ruleIndex);
  for (const region of taxonomy.regions) {
    lexicon.addAll(region.keywords, { type: 'region', region: region.id, weak: false });
    lexicon.addAll(region.weakKeywords, { type: 'region', region: region.id, weak: true });
  }
  for (const org of taxonomy.organisations) lexicon.addAll(org.aliases, { type: 'org', regions: org.regions });
  lexicon.addAll(taxonomy.falseFriends.phrases, { type: 'false-friend' });

  const cues = new Lexicon<string>();
  for (const rule of rules) for (const cue of [...rule.against, ...rule.for]) cues.add(cue, language(cue), fold(cue));

  const institutionNouns = new Set([
    ...taxonomy.falseFriends.institutionNouns.en.map(fold),
    ...taxonomy.falseFriends.institutionNouns.ru.flatMap((w) => russianForms(w).map(fold)),
  ]);
  const regionsOf = new Map(taxonomy.countries.map((c) => [c.code, c.regions]));
  const regionIds = taxonomy.regions.map((r) => r.id);

  function valid(mention: Mention, supported: Set<string>, seenCues: Set<string>, nameLikeRules: Set<number>): boolean {
    if (mention.rule === null) return true;
    const rule = rules[mention.rule]!;
    if (supported.has(mention.code) || cuesFor[mention.rule]!.some((c) => seenCues.has(c))) return true;
    if (rule.requireSupport) return false;
    if (cuesAgainst[mention.rule]!.some((c) => seenCues.has(c))) return false;
    // One sense per item: once "Jordan" is a surname, every "Jordan" in the item is.
    return !(rule.nameCheck && nameLikeRules.has(mention.rule));
  }

  function classify(fields: Field[]): PlaceResult {
    const mentions: Mention[] = [];
    const regionEvidence = new Evidence();
    const seenCues = new Set<string>();
    const masks = fields.map((field) => {
      const mask = new Uint8Array(field.tokens.length);
      for (const m of cues.scan(field.text, field.tokens)) for (const cue of m.payloads) seenCues.add(cue);
      for (const match of lexicon.scan(field.text, field.tokens)) {
        for (const p of match.payloads) {
          if (p.type === 'org') for (const r of p.regions) regionEvidence.add(r, field.kind, field.weight);
          if (p.type === 'region') regionEvidence.add(p.region, field.kind, field.weight * (p.weak ? KIND_WEIGHT.demonym : 1));
          if (p.type !== 'country') continue;
          const next = field.tokens[match.end];
          const institution = p.kind === 'demonym' && next !== undefined && institutionNouns.has(next.norm);
          const weight = field.weight * KIND_WEIGHT[p.kind] * (institution ? INSTITUTION_FACTOR : 1);
          mentions.push({ code: p.code, rule: p.rule, field, weight, nameLike: p.rule !== null && nameLike(field, match) });
        }
        if (match.payloads.some((p) => p.type === 'false-friend' || (p.type === 'country' && p.kind !== 'metonym'))) {
          mask.fill(1, match.start, match.end);
        }
      }
      return mask;
    });

    const supported = new Set(mentions.filter((m) => m.rule === null).map((m) => m.code));
    const nameLikeRules = new Set(mentions.filter((m) => m.nameLike && m.rule !== null).map((m) => m.rule!));
    const countryEvidence = new Evidence();
    for (const m of mentions) {
      if (valid(m, supported, seenCues, nameLikeRules)) countryEvidence.add(m.code, m.field.kind, m.weight);
    }

    const countryScores = countryEvidence.ids().map((code) => ({ code, score: countryEvidence.score(code, CAPS) }));
    const topCountry = Math.max(0, ...countryScores.map((c) => c.score));
    const accepted = countryScores.filter((c) => c.score >= ACCEPT && c.score >= RELATIVE * topCountry);

    const regionScores = regionIds.map((id) => {
      const members = accepted.filter((c) => regionsOf.get(c.code)?.includes(id));
      const best = Math.max(0, ...members.map((c) => c.score));
      const own = regionEvidence.score(id, CAPS);
      return { id, score: best + own, byCountry: best > 0, own };
    });
    const topRegion = Math.max(0, ...regionScores.map((r) => r.score));
    const regions = regionScores.filter((r) => r.byCountry || (r.own >= ACCEPT && r.score >= RELATIVE * topRegion));

    return {
      countries: accepted.map((c) => ({ id: c.code, confidence: confidence(c.score, CONFIDENCE_SCALE) })).sort(byConfidence),
      regions: regions.map((r) => ({ id: r.id, confidence: confidence(r.score, CONFIDENCE_SCALE) })).sort(byConfidence),
      masks,
    };
  }

  return { classify };
}
