import { containsKeyword, normalizeWords } from './keyword-rules.js';

export interface Preferences {
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
}

const overlaps = (a: readonly string[], b: readonly string[]) => a.some((x) => b.includes(x));

/**
 * The matching rule (ARCHITECTURE.md): an item reaches a reader when it passes the topic filter
 * and the place filter (an empty filter lets everything through; places are regions or
 * single countries), or when one of the reader's keywords occurs in it as whole words.
 */
export function itemMatches(prefs: Preferences, item: ClassifiedItem): boolean {
  const topicOk = prefs.topics.length === 0 || overlaps(prefs.topics, item.topics);
  const placeChosen = prefs.regions.length > 0 || prefs.countries.length > 0;
  const placeOk = !placeChosen || overlaps(prefs.regions, item.regions) || overlaps(prefs.countries, item.countries);
  if (topicOk && placeOk) return true;
  if (prefs.keywords.length === 0) return false;
  const text = normalizeWords(`${item.title}\n${item.summary}`);
  return prefs.keywords.some((k) => containsKeyword(text, k));
}
