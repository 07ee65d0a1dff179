import { firstEdition, readsLanguage, type LanguageChoice, type OtherEdition } from './item-languages.js';
import { containsKeyword, normalizeWords } from './keyword-rules.js';

export interface Preferences extends LanguageChoice {
  topics: readonly string[];
  regions: readonly string[];
  countries: readonly string[];
  keywords: readonly string[];
}

export interface ClassifiedItem {
  title: string;
  summary: string;
  topics: readonly string[];
  regions: readonly string[];
  countries: readonly string[];
  /** Two-letter code; null when it could not be told (such an item reaches readers of every language). */
  language: string | null;
  /** The story's editions in other languages, as this reader has them; absent: none known. */
  otherEditions?: readonly OtherEdition[];
}

const overlaps = (a: readonly string[], b: readonly string[]) => a.some((x) => b.includes(x));

/** An empty choice lets everything through; otherwise the two must share an entry. */
const allows = (choice: readonly string[], values: readonly string[]) => choice.length === 0 || overlaps(choice, values);

/**
 * The matching rule (ARCHITECTURE.md): an item reaches a reader when it is in a language they
 * read (or its language is unknown) and is the edition of its story they prefer
 * (readers/item-languages.ts), and it passes the topic filter and the place filter (an empty
 * filter lets everything through; places are regions or single countries), or one of the
 * reader's keywords occurs in it as whole words.
 * SQL twin: matchesPreferences in stores/reader-rules.ts.
 */
export function itemMatches(prefs: Preferences, item: ClassifiedItem): boolean {
  if (!readsLanguage(prefs, item.language)) return false;
  if (!firstEdition(prefs, item.language, item.otherEditions ?? [])) return false;
  const topicOk = allows(prefs.topics, item.topics);
  const placeChosen = prefs.regions.length > 0 || prefs.countries.length > 0;
  const placeOk = !placeChosen || overlaps(prefs.regions, item.regions) || overlaps(prefs.countries, item.countries);
  if (topicOk && placeOk) return true;
  if (prefs.keywords.length === 0) return false;
  const text = normalizeWords(`${item.title}\n${item.summary}`);
  return prefs.keywords.some((k) => containsKeyword(text, k));
}

/** An editor's choice of readers for breaking news; a missing list is an empty one. */
export interface Audience {
  topics?: readonly string[];
  regions?: readonly string[];
  /** Languages the news is for: readers who read one of them; empty or missing: everyone. */
  languages?: readonly string[];
}

/**
 * The breaking-news audience rule (SQL twin: inAudience in stores/reader-rules.ts): for
 * topics and for regions alike, an empty choice on either side lets the reader through, else
 * they must overlap; when the editor names languages, the reader reads one of them. Countries
 * and keywords play no part: an audience filters readers, it is not an item to match.
 */
export function inAudience(prefs: Pick<Preferences, 'topics' | 'regions' | 'language' | 'itemLanguages'>, audience: Audience): boolean {
  const topics = audience.topics ?? [];
  const regions = audience.regions ?? [];
  const languages = audience.languages ?? [];
  return (
    (topics.length === 0 || allows(prefs.topics, topics)) &&
    (regions.length === 0 || allows(prefs.regions, regions)) &&
    (languages.length === 0 || languages.some((l) => readsLanguage(prefs, l)))
  );
}
