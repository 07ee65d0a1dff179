import { Bot } from 'grammy';
import type { Db } from '../db/create-db.js';
import type { Logger } from '../logger.js';
import { PRIVATE_COMMANDS } from './commands.js';
import type { HeraldContext } from './context.js';
import { helpFeature } from './features/help.js';
import { startFeature } from './features/start.js';

export interface BotConfig {
  token: string;
  apiRoot: string;
}

export interface BotDeps {
  db: Db;
  logger: Logger;
}

export function createBot(config: BotConfig, deps: BotDeps): Bot<HeraldContext> {
  const bot = new Bot<HeraldContext>(config.token, { client: { apiRoot: config.apiRoot } });
  bot.use(async (ctx, next) => {
    ctx.herald = { db: deps.db, log: deps.logger.child({ updateId: ctx.update.update_id }) };
    await next();
  });
  const features = bot.errorBoundary((error) => {
    error.ctx.herald.log.error({ err: error.error }, 'update handler failed');
  });
  features.use(startFeature());
  features.use(helpFeature());
  bot.catch((error) => deps.logger.error({ err: error.error }, 'bot error'));
  return bot;
}

/** Registers the command menu; failures are logged, never fatal. */
export async function registerCommands(bot: Bot<HeraldContext>, logger: Logger): Promise<void> {
  try {
    await bot.api.setMyCommands(PRIVATE_COMMANDS, { scope: { type: 'all_private_chats' } });
  } catch (error) {
    logger.warn({ err: error }, 'could not register the command list');
  }
}
