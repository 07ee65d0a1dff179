import type { Context, MiddlewareFn } from 'grammy';
import { getSubscriber } from '../../stores/subscribers.js';
import type { HeraldFlavor, ReaderFlavor, ReaderState } from '../context.js';
import { catalog, toLang, type Lang } from '../../i18n/index.js';
import type { TaxonomyView } from '../../readers/taxonomy-view.js';

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
