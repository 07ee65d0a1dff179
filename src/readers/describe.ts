import type { Catalog, Lang } from '../i18n/index.js';
import type { Preferences } from './matching.js';
import { countryLabel, regionLabel, topicLabel, type TaxonomyView } from './taxonomy-view.js';
import { formatHour } from './local-time.js';
import { isItemLanguage, languagesInOrder, type LanguageChoice } from './item-languages.js';

/** What describing a reader's choices reads: their filters and how news reaches them (a stored Subscriber is one). */
export interface ReaderChoices extends Preferences {
  mode: 'instant' | 'digest';
  digestHour: number;
  timeZone: string;
}

/** The reader's choices in a few lines, for /start and the end of onboarding. */
export function describeChoices(s: ReaderChoices, taxonomy: TaxonomyView, lang: Lang, t: Catalog): string {
  const topics = s.topics.length === 0 ? t.allTopics : s.topics.map((id) => topicLabel(taxonomy, id, lang)).join(', ');
  const places = [...s.regions.map((id) => regionLabel(taxonomy, id, lang)), ...s.countries.map((c) => countryLabel(c, lang))];
  const regions = places.length === 0 ? t.allRegions : places.join(', ');
  const keywords = s.keywords.length === 0 ? t.noKeywords : s.keywords.join(', ');
  const delivery = s.mode === 'digest' ? t.deliveryDigest(formatHour(s.digestHour), s.timeZone) : t.deliveryInstant;
  return t.summary({ topics, regions, keywords, delivery });
}

/** The reader's languages of news by name, preferred first ("English, Russian"). */
export function itemLanguageNames(t: Catalog, reader: LanguageChoice): string {
  return languagesInOrder(reader)
    .map((code) => (isItemLanguage(code) ? t.itemLanguageName[code] : code))
    .join(', ');
}
