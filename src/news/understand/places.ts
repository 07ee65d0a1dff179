/**
 * Countries and regions of an item. Every country name, demonym, city and metonym in the
 * taxonomy, every region name, organisation and person, and the false friends that hide place
 * names (The Washington Post) go into one dictionary. Mentions are weighed by where they stand
 * and what they are; ambiguous names (Georgia, Turkey, Jordan, Georgian) count only when the
 * rest of the item does not point to their other meaning. People and organisations also say
 * what an item is about (a defence minister, the Pentagon: security-defence; office-holders of
 * two countries together: diplomacy): those hints go to the topic matcher. A person's office
 * counts only while the role lasts on the item's date; the person's country counts always.
 */
import { byConfidence, confidence, Evidence, type Caps } from './evidence.js';
import type { Field, FieldKind } from './fields.js';
import { Lexicon, type Match } from './lexicon.js';
import { fold } from './normalize.js';
import { russianForms } from './russian-forms.js';
import { adjacent, breaksBetween } from './tokenize.js';
import type { AmbiguityRule, Country, LocalizedList, Organisation, Person, Scored, Taxonomy } from './types.js';

type AliasKind = 'name' | 'place' | 'metonym' | 'figure' | 'demonym';

type PlacePayload =
  | { type: 'country'; kind: AliasKind; code: string; rule: number | null }
  | { type: 'region'; region: string; weak: boolean }
  | { type: 'org'; org: Organisation }
  | { type: 'person'; person: CompiledPerson }
  | { type: 'false-friend' };

interface CompiledRole {
  from: number;
  to: number;
  regions: string[] | null;
  topics: string[];
}

interface CompiledPerson {
  person: Person;
  roles: CompiledRole[];
}

/** A topic that a person's office or an organisation points to, where the mention stands. */
export interface TopicHint {
  topic: string;
  kind: FieldKind;
  weight: number;
}

/**
 * Office-holders of two countries (or of a country and an international body) in one field are
 * two states dealing with each other: "Mirziyoyev and Japarov open…" is diplomacy even when
 * every other word is about trade. The topic this points to, when the taxonomy has it.
 */
export const RELATIONS_TOPIC = 'diplomacy';
/**
 * Two countries named (not by a nationality) in the headline or the lead point the same way at
 * half the weight: on the development files this added one right diplomacy tag, kept another,
 * and added no wrong one; counted in the body too, or counting every city, it added wrong ones
 * (a conference "near Geneva"). A city counts only in the headline and only when no venue word
 * stands before it (VENUE_WORDS): "Moscow and Baku agree…", not "…talks in Baku".
 */
const STATES_RELATION = 0.5;

/** Words before a city that make it the venue of the news rather than an actor in it. */
const VENUE_WORDS = new Set(['in', 'at', 'near', 'from', 'to', 'into', 'outside', 'around', 'across', 'of', 'via', 'through', 'over', 'on',
  'в', 'во', 'на', 'под', 'из', 'у', 'до', 'около', 'возле', 'через', 'по', 'над', 'близ']);

/** A demonym says less than a name: "Russian-made drones" is not always about Russia. */
const KIND_WEIGHT: Record<AliasKind, number> = { name: 1, place: 0.9, metonym: 0.9, figure: 0.9, demonym: 0.5 };
/** …but in a headline a nationality is usually the subject ("Armenian PM says…"): enough on its own there. */
const TITLE_DEMONYM = 0.65;
/** A demonym that only says where someone or something comes from (a Portuguese coach, Russian-made drones). */
const ORIGIN_FACTOR = 0.5;
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
  /** Topics that the people and organisations named point to. */
  hints: TopicHint[];
}

interface Mention {
  code: string;
  rule: number | null;
  field: Field;
  weight: number;
  nameLike: boolean;
  /** A demonym naming a language (Turkish language classes): counts only when nothing else places the item. */
  language: boolean;
}

export interface PlaceMatcher {
  /** `at`: the item's date (ms), which decides whose roles are current. */
  classify(fields: Field[], at?: number): PlaceResult;
}

const DAY_MS = 86_400_000;

function compilePerson(person: Person, organisations: Map<string, Organisation>): CompiledPerson {
  return {
    person,
    roles: person.roles.map((role) => ({
      from: Date.parse(role.from),
      // A role ends at the end of its last day.
      to: role.to === null ? Infinity : Date.parse(role.to) + DAY_MS,
      regions: role.organisation === null ? null : (organisations.get(role.organisation)?.regions ?? null),
      topics: role.topics,
    })),
  };
}

function ruleKey(code: string, alias: string): string {
  return `${code}|${fold(alias)}`;
}

function addCountry(lexicon: Lexicon<PlacePayload>, country: Country, rules: Map<string, number>): void {
  const kinds: [AliasKind, LocalizedList][] = [
    ['name', country.names],
    ['place', country.places],
    ['metonym', country.metonyms],
    ['demonym', country.demonyms],
  ];
  for (const [kind, list] of kinds) {
    for (const lang of ['en', 'ru', 'az'] as const) {
      for (const alias of list[lang] ?? []) {
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
  const notBefore = rules.map((r) => new Set(r.notBefore.map(fold)));
  const ruleIndex = new Map(rules.map((r, i) => [ruleKey(r.country, r.alias), i]));
  const lexicon = new Lexicon<PlacePayload>();
  for (const country of taxonomy.countries) addCountry(lexicon, country, ruleIndex);
  for (const region of taxonomy.regions) {
    lexicon.addAll(region.keywords, { type: 'region', region: region.id, weak: false });
    lexicon.addAll(region.weakKeywords, { type: 'region', region: region.id, weak: true });
  }
  for (const org of taxonomy.organisations) lexicon.addAll(org.aliases, { type: 'org', org });
  const organisations = new Map(taxonomy.organisations.map((o) => [o.id, o]));
  for (const person of taxonomy.people) lexicon.addAll(person.aliases, { type: 'person', person: compilePerson(person, organisations) });
  lexicon.addAll(taxonomy.falseFriends.phrases, { type: 'false-friend' });

  const cues = new Lexicon<string>();
  for (const rule of rules) for (const cue of [...rule.against, ...rule.for]) cues.add(cue, language(cue), fold(cue));

  const institutionNouns = new Set([
    ...taxonomy.falseFriends.institutionNouns.en.map(fold),
    ...taxonomy.falseFriends.institutionNouns.ru.flatMap((w) => russianForms(w, 'singular').map(fold)),
  ]);
  const originNouns = new Set([
    ...taxonomy.falseFriends.originNouns.en.map(fold),
    ...taxonomy.falseFriends.originNouns.ru.flatMap((w) => russianForms(w).map(fold)),
  ]);
  const languageNouns = new Set([
    ...taxonomy.falseFriends.languageNouns.en.map(fold),
    ...taxonomy.falseFriends.languageNouns.ru.flatMap((w) => russianForms(w).map(fold)),
  ]);
  const regionsOf = new Map(taxonomy.countries.map((c) => [c.code, c.regions]));
  const relations = taxonomy.topics.some((t) => t.id === RELATIONS_TOPIC);
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

  function classify(fields: Field[], at: number = Date.now()): PlaceResult {
    const mentions: Mention[] = [];
    const regionEvidence = new Evidence();
    const seenCues = new Set<string>();
    const hints: TopicHint[] = [];
    const addCountry = (code: string, field: Field, kind: AliasKind) =>
      mentions.push({ code, rule: null, field, weight: field.weight * KIND_WEIGHT[kind], nameLike: false, language: false });
    const masks = fields.map((field) => {
      const mask = new Uint8Array(field.tokens.length);
      /** Whom the office-holders named here speak for: a country code, or an international body's regions. */
      const sides = new Set<string>();
      /** Countries this field names by name, metonym or an office-holder: not by a nationality or a city. */
      const states = new Set<string>();
      for (const m of cues.scan(field.text, field.tokens)) for (const cue of m.payloads) seenCues.add(cue);
      for (const match of lexicon.scan(field.text, field.tokens)) {
        const next = field.tokens[match.end];
        // Two spellings of one name (NATO, Nato) match the same words: count the thing once.
        for (const p of match.payloads.length > 1 ? new Set(match.payloads) : match.payloads) {
          if (p.type === 'org') {
            if (p.org.country !== null) addCountry(p.org.country, field, 'metonym');
            else for (const r of p.org.regions) regionEvidence.add(r, field.kind, field.weight);
            for (const topic of p.org.topics) hints.push({ topic, kind: field.kind, weight: field.weight });
          }
          if (p.type === 'person') {
            const current = p.person.roles.filter((r) => r.from <= at && at < r.to);
            const abroad = current.filter((r) => r.regions !== null);
            // In an international office the person speaks for the body, not for the home country.
            if (abroad.length > 0) for (const r of abroad) for (const region of r.regions!) regionEvidence.add(region, field.kind, field.weight);
            else addCountry(p.person.person.country, field, 'figure');
            for (const role of current) for (const topic of role.topics) hints.push({ topic, kind: field.kind, weight: field.weight });
            if (current.length > 0) sides.add(abroad.length > 0 ? abroad[0]!.regions!.join() : p.person.person.country);
            states.add(abroad.length > 0 ? abroad[0]!.regions!.join() : p.person.person.country);
          }
          if (p.type === 'region') regionEvidence.add(p.region, field.kind, field.weight * (p.weak ? KIND_WEIGHT.demonym : 1));
          if (p.type !== 'country') continue;
          if (p.rule !== null && next !== undefined && notBefore[p.rule]!.has(next.norm)) continue;
          const demonym = p.kind === 'demonym';
          if (p.kind === 'name' || p.kind === 'metonym') states.add(p.code);
          // A city in the headline that is not a venue ("Baku and Moscow agree…", "Kremlin slams Yerevan's…") speaks for its state.
          else if (p.kind === 'place' && field.kind === 'title' && !VENUE_WORDS.has(field.tokens[match.start - 1]?.norm ?? '')) states.add(p.code);
          const institution = demonym && next !== undefined && institutionNouns.has(next.norm);
          const language = demonym && next !== undefined && languageNouns.has(next.norm);
          const origin = demonym && next !== undefined && originNouns.has(next.norm);
          const kindWeight = demonym && field.kind === 'title' ? TITLE_DEMONYM : KIND_WEIGHT[p.kind];
          const weight = field.weight * kindWeight * (institution ? INSTITUTION_FACTOR : 1) * (origin ? ORIGIN_FACTOR : 1);
          mentions.push({ code: p.code, rule: p.rule, field, weight, nameLike: p.rule !== null && nameLike(field, match), language });
        }
        if (match.payloads.some((p) => p.type === 'false-friend' || p.type === 'person' || (p.type === 'country' && p.kind !== 'metonym'))) {
          mask.fill(1, match.start, match.end);
        }
      }
      if (relations && sides.size >= 2) hints.push({ topic: RELATIONS_TOPIC, kind: field.kind, weight: field.weight });
      // Two states named as actors in the headline or the lead ("Ukraine and Poland settle…", "Kremlin rejects Downing
      // Street proposal…") are likely dealing with each other, but less surely than their office-holders: half a keyword.
      else if (relations && states.size >= 2 && (field.kind === 'title' || field.kind === 'lead')) {
        hints.push({ topic: RELATIONS_TOPIC, kind: field.kind, weight: field.weight * STATES_RELATION });
      }
      return mask;
    });

    const supported = new Set(mentions.filter((m) => m.rule === null).map((m) => m.code));
    const nameLikeRules = new Set(mentions.filter((m) => m.nameLike && m.rule !== null).map((m) => m.rule!));
    const counted = mentions.filter((m) => valid(m, supported, seenCues, nameLikeRules));
    // "Turkish language classes in Azerbaijani schools" is about Azerbaijan; "Казахский язык станет обязательным" about Kazakhstan.
    const placed = counted.some((m) => !m.language);
    const countryEvidence = new Evidence();
    for (const m of counted) if (!placed || !m.language) countryEvidence.add(m.code, m.field.kind, m.weight);

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
      hints,
    };
  }

  return { classify };
}
