import type { ConversationFlavor } from '@grammyjs/conversations';
import type { Context } from 'grammy';
import type { Db } from '../db/create-db.js';
import type { Catalog, Lang } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import type { TaxonomyView } from '../readers/taxonomy-view.js';
import type { Subscriber } from '../stores/subscribers.js';

/** What every handler may use, attached once per update. */
export interface HeraldFlavor {
  herald: {
    db: Db;
    log: Logger;
    /** Tells the sender that rows were just queued, so they go now rather than at its next look. */
    queued(): void;
  };
}

/**
 * What the subscriber features share per update: the taxonomy, the clock and the reader's language.
 * Filled in by readerContext (features/reader.ts); declared here so the context types import no feature.
 */
export interface ReaderFlavor {
  reader: ReaderState;
}

export interface ReaderState {
  taxonomy: TaxonomyView;
  now(): Date;
  lang: Lang;
  t: Catalog;
  /** The subscriber row of this chat as the update began (undefined for a chat that never subscribed). */
  subscriber: Subscriber | undefined;
  /** Switches the language for the rest of this update (after /settings changed it). */
  useLanguage(lang: Lang): void;
}

/** The context outside conversations; `conversation` lets handlers enter and leave dialogues. */
export type HeraldBaseContext = Context & HeraldFlavor & ReaderFlavor;
export type HeraldContext = ConversationFlavor<HeraldBaseContext>;
