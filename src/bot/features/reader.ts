import type { Context, MiddlewareFn } from 'grammy';
import { getSubscriber, type Subscriber } from '../../stores/subscribers.js';
import type { HeraldFlavor } from '../context.js';
import { catalog, toLang, type Catalog, type Lang } from '../i18n/index.js';
import type { TaxonomyView } from './taxonomy-view.js';

/** What the subscriber features share per update: the taxonomy, the clock and the reader's language. */
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

export interface ReaderDeps {
  taxonomy: TaxonomyView;
  now: () => Date;
}

export function readerContext<C extends Context & HeraldFlavor & ReaderFlavor>(deps: ReaderDeps): MiddlewareFn<C> {
  return async (ctx, next) => {
    const chatId = ctx.chat?.id;
    const subscriber = chatId === undefined ? undefined : await getSubscriber(ctx.herald.db, chatId);
    const lang = toLang(subscriber?.language ?? ctx.from?.language_code);
    const state: ReaderState = {
      taxonomy: deps.taxonomy,
      now: deps.now,
      lang,
      t: catalog(lang),
      subscriber,
      useLanguage(next: Lang) {
        state.lang = next;
        state.t = catalog(next);
      },
    };
    ctx.reader = state;
    await next();
  };
}
