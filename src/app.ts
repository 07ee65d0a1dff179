import type { Config } from './config.js';
import { createDb, type DbHandle } from './db/create-db.js';
import { migrateToLatest } from './db/migrate.js';
import { createBot, registerCommands } from './bot/create-bot.js';
import { createPreviewTransport } from './delivery/preview-transport.js';
import { createSender } from './delivery/sender.js';
import { createTelegramTransport } from './delivery/telegram-transport.js';
import type { Transport } from './delivery/outgoing.js';
import type { Logger } from './logger.js';
import { fetchFeed } from './news/fetch-feed.js';
import { pollDueFeeds } from './pipeline/poll-feeds.js';
import { scheduleJob } from './pipeline/scheduler.js';
import { makeAllFeedsDue, seedFeeds } from './stores/feeds.js';

export const USER_AGENT = 'Herald/0.1 (+https://github.com/herald-news/herald; news-distribution bot)';

export interface AppDeps {
  logger: Logger;
  now?: () => Date;
  /** Where preview-mode posts go (stdout by default). */
  previewWrite?: (text: string) => void;
}

export type StartResult = { ok: true; app: HeraldApp } | { ok: false; error: string };

export interface HeraldApp {
  dbHandle: DbHandle;
  /** One poll of every due feed, then send everything due. */
  runCycle(): Promise<void>;
  /** Starts cron polling, the sender loop and the bot. */
  startServices(): Promise<void>;
  stop(): Promise<void>;
}

/** Opens the database and migrates it; everything else is built but not yet running. */
export async function createApp(config: Config, deps: AppDeps): Promise<StartResult> {
  const { logger } = deps;
  const now = deps.now ?? (() => new Date());
  const dbHandle = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let migrated;
  try {
    migrated = await migrateToLatest(dbHandle.db);
  } catch (error) {
    migrated = { ok: false as const, error: `database unreachable: ${error instanceof Error ? error.message : String(error)}`, applied: [] };
  }
  if (!migrated.ok) {
    await dbHandle.close().catch(() => undefined);
    return { ok: false, error: migrated.error };
  }
  if (migrated.applied.length > 0) logger.info({ migrations: migrated.applied }, 'database migrated');
  const { db } = dbHandle;
  await seedFeeds(db, config.feeds);

  const transport: Transport = config.botToken
    ? createTelegramTransport({ token: config.botToken, apiRoot: config.botApiRoot })
    : createPreviewTransport(deps.previewWrite);
  // Preview mode prints channel posts even without a channel, so an operator sees what would go out.
  const channelChatId = config.channelId ?? (config.preview ? 'preview' : null);
  const sender = createSender({ db, transport, logger: logger.child({ part: 'sender' }) }, { sendRate: config.sendRate, channelRate: config.channelRate, now });
  const pollDeps = {
    db,
    logger: logger.child({ part: 'poll' }),
    now,
    fetchFeed: (url: string, validators: { etag: string | null; lastModified: string | null }) =>
      fetchFeed(url, validators, { timeoutMs: config.fetchTimeoutMs, maxBytes: config.fetchMaxBytes, userAgent: USER_AGENT }),
  };
  const pollOptions = { channelChatId, firstRunPosts: config.firstRunPosts, backlogCap: config.backlogCap, concurrency: 8 };
  const bot = config.botToken ? createBot({ token: config.botToken, apiRoot: config.botApiRoot }, { db, logger: logger.child({ part: 'bot' }) }) : null;

  const stoppers: (() => Promise<void>)[] = [];

  async function poll(): Promise<void> {
    const reports = await pollDueFeeds(pollDeps, pollOptions);
    if (reports.some((r) => r.queued > 0)) sender.nudge();
  }

  return {
    ok: true,
    app: {
      dbHandle,
      async runCycle() {
        await makeAllFeedsDue(db, now());
        await poll();
        await sender.drain();
      },
      async startServices() {
        sender.start();
        stoppers.push(() => sender.stop());
        const job = scheduleJob(config.pollCron, 'poll', poll, logger);
        stoppers.push(() => job.stop());
        if (bot) {
          await registerCommands(bot, logger);
          void bot.start({ drop_pending_updates: false, onStart: (me) => logger.info({ username: me.username }, 'bot listening (long polling)') }).catch((error: unknown) =>
            logger.error({ err: error }, 'bot stopped with an error'),
          );
          stoppers.push(() => bot.stop());
        }
        // The first poll runs at once rather than waiting for the first tick.
        void poll().catch((error: unknown) => logger.error({ err: error }, 'first poll failed'));
      },
      async stop() {
        for (const stop of stoppers.reverse()) await stop().catch((error: unknown) => logger.warn({ err: error }, 'stopping a service failed'));
        await dbHandle.close();
      },
    },
  };
}
