import type { Catalog } from './catalog.js';
import { en } from './en.js';
import { ru } from './ru.js';

export type { PageTexts } from './page-texts.js';
export type { BreakingControl, BroadcastLine, Catalog, EditorEntry, FeedLine, StatsReport } from './catalog.js';
export const LANGUAGES = ['en', 'ru'] as const;
export type Lang = (typeof LANGUAGES)[number];

const catalogs: Record<Lang, Catalog> = { en, ru };

export function catalog(lang: Lang): Catalog {
  return catalogs[lang];
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** A stored or Telegram-reported language, narrowed to one Herald speaks (English otherwise). */
export function toLang(value: string | null | undefined): Lang {
  const base = (value ?? '').toLowerCase().split('-')[0];
  return isLang(base) ? base : 'en';
}
