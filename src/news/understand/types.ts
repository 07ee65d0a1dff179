/** Shared types of the understanding layer. Pure data: no Telegram, no database. */

export type SectionId = 'analytics' | 'news' | 'interview' | 'opinion' | 'breaking';

/** A label with how sure the classifier is of it, 0..1. */
export interface Scored {
  id: string;
  confidence: number;
}

export interface Localized {
  en: string;
  ru: string;
}

/** Words or phrases per language; Russian ones are inflected when matched, Azerbaijani ones carry their forms (azerbaijani.ts). */
export interface LocalizedList {
  en: string[];
  ru: string[];
  az?: string[];
}

export interface Section {
  id: SectionId;
  label: Localized;
  emoji: string;
  /** Feed categories / site section labels that put an item here (case-insensitive). */
  categories: string[];
  /** Headline prefixes that put an item here ("Interview: …", "BREAKING: …"). */
  titlePrefixes: string[];
}

export interface Topic {
  id: string;
  label: Localized;
  hashtag: string;
  categories: string[];
  /** Words that on their own say what an item is about: count double. */
  strong: LocalizedList;
  keywords: LocalizedList;
  /** Generic words (win, government, deal) that count half: never enough on their own. */
  supporting: LocalizedList;
  /** Topics this one usually contains: each counts beside it only when scoring at least the ratio of it (energy: economy-business 1). */
  subsumes: Record<string, number>;
}

export interface Region {
  id: string;
  label: Localized;
  hashtag: string;
  /** ISO 3166-1 alpha-2 codes. */
  countries: string[];
  /** Names of the region itself ("South Caucasus"). */
  keywords: LocalizedList;
  /** Adjectives of the region ("European"): count like a demonym. */
  weakKeywords: LocalizedList;
}

export interface Country {
  /** ISO 3166-1 alpha-2. */
  code: string;
  name: Localized;
  /** Every name of the country itself: common, official, alternative spellings. */
  names: LocalizedList;
  demonyms: LocalizedList;
  /** Capitals, cities, provinces, districts. */
  places: LocalizedList;
  /** Institutions standing for the state: the Kremlin, the Pentagon. */
  metonyms: LocalizedList;
  /** Region ids the country belongs to (derived from regions). */
  regions: string[];
}

export interface Organisation {
  id: string;
  name: Localized;
  aliases: LocalizedList;
  /** The country it belongs to (a parliament, a ministry, a company), or null for an international body. */
  country: string | null;
  /** Regions a mention counts for: the country's, or those listed for an international body. */
  regions: string[];
  /** Topics a mention points to (the Pentagon: security-defence). Evidence, not a verdict. */
  topics: string[];
}

/** One office a person holds or held. Dates are ISO days; `to` null while the role goes on. */
export interface Role {
  office: Localized;
  /** The country the office belongs to, when not the person's own (an ambassador abroad is still the person's). */
  country: string | null;
  /** The international body of the office (nato, un); while current, a mention counts for its regions. */
  organisation: string | null;
  from: string;
  to: string | null;
  /** Topics the office points to while current (a foreign minister: diplomacy). */
  topics: string[];
}

/** A head of state or government, a minister, the leader of an alliance or international body. */
export interface Person {
  id: string;
  name: Localized;
  /** Every spelling that names the person: full names and surnames, per language. */
  aliases: LocalizedList;
  /** The person's country: a mention places it even after every role has ended. */
  country: string;
  roles: Role[];
}

/**
 * A name shared by a country and something else (Georgia the US state, Turkey the bird,
 * Jordan the footballer). The name counts only when the text does not point elsewhere.
 */
export interface AmbiguityRule {
  country: string;
  alias: string;
  /** Reject occurrences that look like part of a person's name (Michael Jordan). */
  nameCheck: boolean;
  /** Count only when the text names the country in some other way too. */
  requireSupport: boolean;
  /** Phrases that, anywhere in the item, show the other meaning. */
  against: string[];
  /** Phrases that, anywhere in the item, confirm the country (win over `against`). */
  for: string[];
  /** Words that, right after the name, show the other sense (Georgian architecture). */
  notBefore: string[];
}

/** Phrases that look like places but are not about them (The Washington Post). */
export interface FalseFriends {
  phrases: LocalizedList;
  /** A demonym followed by one of these is part of an organisation's name. */
  institutionNouns: LocalizedList;
  /**
   * A demonym followed by one of these names a language (Turkish language classes, на казахском
   * языке): it counts for the country only when the item names no other country.
   */
  languageNouns: LocalizedList;
  /** A demonym followed by one of these only says where someone or something comes from (a Portuguese coach, Russian-made). */
  originNouns: LocalizedList;
}

/** What is part of a site's page rather than of the article (outlet-specific parts). */
export interface FurnitureRules {
  /** Names the outlet calls itself: "…, <name> reports." is stripped from summaries. */
  outletNames: string[];
  /** A paragraph or sentence starting with one of these is furniture. */
  phrases: string[];
  /** A paragraph or sentence containing one of these is furniture. */
  contains: string[];
  /** CSS selectors of elements to drop from an article page. */
  selectors: string[];
}

/** What the topic model reads of an item (topic-features.ts): a sparse vector, feature name → value. */
export type Features = Map<string, number>;

/** The trained topic model (topic-model.ts, taxonomy/topic-model.json). */
export interface TopicModel {
  /** Topic ids, in the order of each weight row. */
  topics: string[];
  /** The languages of its training items: items in any other language keep the rules' topics. */
  languages: string[];
  /** Feature name → its row in `weights`. Features the model never saw count for nothing. */
  rows: Map<string, number>;
  /** One row of weights per feature, one weight per topic, in one block of memory (rows scattered over the heap made the arithmetic the slowest part of classifying). */
  weights: Float64Array;
  /** The word features by stem (`w:<stem>` → row), so classifying builds no name per word. */
  words: Map<string, number>;
  decision: TopicDecision;
}

export interface TopicDecision {
  /** A topic is given at this probability… */
  accept: number;
  /** …a third only at this one (editors give one to three, the third rarely)… */
  third: number;
  /** …and an item none reaches still gets its likeliest topic at this one. */
  fallback: number;
}

export interface Taxonomy {
  sections: Section[];
  topics: Topic[];
  /** Phrases in which a topic word has another sense (think tank, state of the art, в отношении): they count for no topic. */
  otherSenses: LocalizedList;
  regions: Region[];
  countries: Country[];
  organisations: Organisation[];
  people: Person[];
  ambiguous: AmbiguityRule[];
  falseFriends: FalseFriends;
  furniture: FurnitureRules;
  /** The trained topic model (taxonomy/topic-model.json); without it the rules decide topics alone. */
  topicModel: TopicModel | null;
}

export interface ArticleInput {
  title: string;
  lead: string;
  body?: string;
  categories: string[];
  feedSection?: string | null;
  language?: string | null;
  /** When the item was published: decides which of a person's roles are current. Default: now. */
  publishedAt?: Date | null;
}

/** A language the classifier tells apart; 'other' when it cannot tell. */
export type Language = 'en' | 'ru' | 'az' | 'other';

export interface Classification {
  section: SectionId;
  topics: Scored[];
  countries: Scored[];
  regions: Scored[];
  language: Language;
}

export interface ExtractedArticle {
  /** Main text, paragraphs separated by a blank line, furniture removed. */
  text: string;
  author: string | null;
  /** The site's own section label, as printed on the page. */
  section: string | null;
  title: string | null;
}
