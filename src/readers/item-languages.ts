/**
 * Readers' languages (issue #17): which languages of items a reader receives, and which
 * edition of a story in several languages reaches them. Pure rules; the SQL twins are in
 * stores/reader-rules.ts (readsLanguage, firstEdition) and tests/readers/parity.test.ts holds
 * each pair together.
 */

/** The languages items can be in and readers can choose, in the order they are offered. */
export const ITEM_LANGUAGES = ['en', 'ru', 'az'] as const;
export type ItemLanguage = (typeof ITEM_LANGUAGES)[number];

export function isItemLanguage(value: unknown): value is ItemLanguage {
  return typeof value === 'string' && (ITEM_LANGUAGES as readonly string[]).includes(value);
}

/** What the language rules read of a reader: the interface language and the explicit choice. */
export interface LanguageChoice {
  /** The reader's interface language (subscribers.language). */
  language: string;
  /** Chosen languages of items, preferred first; empty means "my interface language". */
  itemLanguages: readonly string[];
}

/** The languages of items the reader receives: their explicit choice, else their interface language. */
export function readerLanguages(reader: LanguageChoice): readonly string[] {
  return reader.itemLanguages.length > 0 ? reader.itemLanguages : [reader.language];
}

/**
 * How much the reader prefers a language, lower first: the interface language, then the
 * chosen ones in the order chosen; a language they do not read (or none) comes last.
 */
export function languageRank(reader: LanguageChoice, language: string | null): number {
  if (language === null) return NOT_READ;
  if (language === reader.language) return 0;
  const index = reader.itemLanguages.indexOf(language);
  return index === -1 ? NOT_READ : index + 1;
}
const NOT_READ = 1000;

/** The languages the reader reads, preferred first (the order a story's editions are chosen in). */
export function languagesInOrder(reader: LanguageChoice): string[] {
  return [...readerLanguages(reader)].sort((a, b) => languageRank(reader, a) - languageRank(reader, b));
}

/** An item reaches a reader in a language they read; an item whose language is unknown (null) reaches every reader. */
export function readsLanguage(reader: LanguageChoice, itemLanguage: string | null): boolean {
  return itemLanguage === null || readerLanguages(reader).includes(itemLanguage);
}

/** Another edition of the item's story (the same story in another language). */
export interface OtherEdition {
  language: string | null;
  /** Already queued or sent to this reader (an outbox row for this chat). */
  sentToReader: boolean;
}

/**
 * A story in several languages reaches a reader once: an edition is passed over when the
 * reader reads another edition's language and either prefers that language or has already
 * been sent that edition (it came first).
 */
export function firstEdition(reader: LanguageChoice, itemLanguage: string | null, others: readonly OtherEdition[]): boolean {
  const own = languageRank(reader, itemLanguage);
  return !others.some(
    (other) =>
      other.language !== null &&
      other.language !== itemLanguage &&
      readerLanguages(reader).includes(other.language) &&
      (languageRank(reader, other.language) < own || other.sentToReader),
  );
}

/**
 * Items listed together (/latest, the settings page's preview) with each one's other editions
 * among them, so the list holds each story once for a reader (firstEdition). Whether an
 * edition was sent before is not known here: the list is what the reader asked to see now.
 */
export function withOtherEditions<T extends { id: number; storyId: number | null; language: string | null }>(items: readonly T[]): (T & { otherEditions: OtherEdition[] })[] {
  const byStory = new Map<number, T[]>();
  for (const item of items) if (item.storyId !== null) byStory.set(item.storyId, [...(byStory.get(item.storyId) ?? []), item]);
  return items.map((item) => ({
    ...item,
    otherEditions:
      item.storyId === null
        ? []
        : (byStory.get(item.storyId) ?? []).filter((other) => other.id !== item.id).map((other) => ({ language: other.language, sentToReader: false })),
  }));
}
