import { sequentialize } from '@grammyjs/runner';
import { Bot } from 'grammy';
import type { Db } from '../db/create-db.js';
import { isDatabaseUnavailable } from '../db/connection-errors.js';
import { catalog, toLang } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import { describeMenu, GROUP_MENU, MENU_LANGUAGES, PRIVATE_MENU } from './commands.js';
import type { HeraldContext } from './context.js';
import { adminFeatures, type AdminDeps } from './admin/index.js';
import { fallbackFeature } from './features/fallback.js';
import { rateLimit } from './features/rate-limit.js';
import { readerContext } from './features/reader.js';
import { subscriberFeatures } from './features/subscribers.js';
import type { TaxonomyView } from '../readers/taxonomy-view.js';

export interface BotConfig {
  token: string;
  apiRoot: string;
  /** How long one long poll (getUpdates) waits for updates, in seconds; default LONG_POLL_SECONDS. */
  longPollSeconds?: number;
}

/** @grammyjs/runner's getUpdates timeout, passed to it explicitly (server/operations.ts) so the bot's request timeout can follow it. */
export const LONG_POLL_SECONDS = 30;

export interface BotDeps {
  db: Db;
  logger: Logger;
  /** The editors' features (/breaking, /feeds, …); absent: not registered. They use the bot's clock (`now` below). */
  admin?: AdminDeps;
  /** Topics and regions readers choose from (the taxonomy; tests pass a small one). */
  taxonomy?: TaxonomyView;
  /** The clock for readers' settings and rate limits (tests inject one). */
  now?: () => Date;
  /** Per-user allowance of messages and presses. */
  rateLimit?: { burst: number; perSecond: number };
  /** Tells the sender that a handler queued outbox rows (a reader's /latest); absent: the sender finds them on its own. */
  onQueued?: () => void;
  /** Told when every handler of an update has finished, failed ones included (tests wait on it). */
  onUpdateHandled?: (updateId: number) => void;
  /** The Mini App's settings page (WEBAPP_URL): /settings and onboarding offer it. Absent: menus only. */
  webAppUrl?: string;
}

/** Per-user allowance of messages and presses: 8 at once, then one every 2 s. */
const DEFAULT_RATE_LIMIT = { burst: 8, perSecond: 0.5 };

export function createBot(config: BotConfig, deps: BotDeps): Bot<HeraldContext> {
  // grammY's default request timeout is 500 s: a Bot API that accepts the connection and never
  // answers getUpdates would stall long polling for over eight minutes. A little more than the
  // long poll instead: an unanswered poll is given up and the runner asks again (and a reply
  // that hangs fails within the same bound).
  const timeoutSeconds = (config.longPollSeconds ?? LONG_POLL_SECONDS) + 10;
  const bot = new Bot<HeraldContext>(config.token, { client: { apiRoot: config.apiRoot, timeoutSeconds } });
  bot.use(async (ctx, next) => {
    ctx.herald = { db: deps.db, log: deps.logger.child({ updateId: ctx.update.update_id }), queued: () => deps.onQueued?.() };
    try {
      await next();
    } finally {
      deps.onUpdateHandled?.(ctx.update.update_id);
    }
  });
  // Long polling through @grammyjs/runner handles updates concurrently: one chat's updates
  // still go in order, so a dialogue never sees its answers out of sequence.
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));
  const features = bot.errorBoundary(async (error) => {
    const { ctx } = error;
    if (!isDatabaseUnavailable(error.error)) {
      ctx.herald.log.error({ err: error.error }, 'update handler failed');
      return;
    }
    // The database is down, restarting or cannot write (disk full): a short "try again in a minute" rather than silence.
    // The reader's stored language may be what could not be read, so Telegram's is used.
    ctx.herald.log.warn({ err: error.error }, 'update not handled: database unavailable');
    const text = catalog(toLang(ctx.from?.language_code)).databaseUnavailable;
    try {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text });
      else if (ctx.chat?.type === 'private') await ctx.reply(text);
    } catch (replyError) {
      ctx.herald.log.warn({ err: replyError }, 'could not tell the reader to try again');
    }
  });
  const taxonomy = deps.taxonomy ?? { topics: [], regions: [] };
  const now = deps.now ?? (() => new Date());
  features.use(readerContext<HeraldContext>({ taxonomy, now }));
  // Before every handler, the editors' included: a flood of refused /stats costs one answer, not forty.
  features.use(rateLimit({ ...(deps.rateLimit ?? DEFAULT_RATE_LIMIT), now }));
  // Before the readers' features, so an editor's pending answer (breaking text, forwarded message) is theirs.
  if (deps.admin) {
    const { channelVocabulary, configAdminIds, fetchFeed, onQueued } = deps.admin;
    features.use(adminFeatures({ channelVocabulary, configAdminIds, fetchFeed, onQueued, ...(deps.webAppUrl ? { webAppUrl: deps.webAppUrl } : {}) }));
  }
  features.use(subscriberFeatures({ db: deps.db, logger: deps.logger, taxonomy, now, ...(deps.webAppUrl ? { webAppUrl: deps.webAppUrl } : {}) }));
  // Keep last: anything no feature handled gets a pointer to /help.
  features.use(fallbackFeature());
  bot.catch((error) => deps.logger.error({ err: error.error }, 'bot error'));
  return bot;
}

/** Registers the command menu; failures are logged, never fatal. */
export async function registerCommands(bot: Bot<HeraldContext>, logger: Logger): Promise<void> {
  try {
    for (const { lang, languageOption } of MENU_LANGUAGES) {
      await bot.api.setMyCommands(describeMenu(PRIVATE_MENU, lang), { scope: { type: 'all_private_chats' }, ...languageOption });
      await bot.api.setMyCommands(describeMenu(GROUP_MENU, lang), { scope: { type: 'all_chat_administrators' }, ...languageOption });
    }
  } catch (error) {
    logger.warn({ err: error }, 'could not register the command list');
  }
}
