import { randomUUID } from 'node:crypto';
import type { LookupFunction } from 'node:net';
import type { Config } from './config.js';
import type { DbHandle } from './db/create-db.js';
import { openHeraldDb, type OpenDbResult } from './db/open-db.js';
import { migrateToLatest } from './db/migrate.js';
import { createBot, registerCommands } from './bot/create-bot.js';
import { showAdminMenu } from './bot/admin/command-menu.js';
import { createPreviewTransport, previewFields, renderPostText, type PreviewSink } from './delivery/preview-transport.js';
import { createBroadcastProgressLog } from './delivery/broadcast-progress.js';
import { createLeaderElection } from './delivery/leader.js';
import { createSender, type DrainResult, type SenderOptions } from './delivery/sender.js';
import { createBotUsername, telegramGetMe } from './delivery/bot-username.js';
import { labelsFromTaxonomy } from './delivery/taxonomy-labels.js';
import { loadTaxonomy } from './news/understand/load-taxonomy.js';
import type { Taxonomy } from './news/understand/types.js';
import { fetchFullTexts } from './ingest/full-text.js';
import { createItemPreparer } from './ingest/prepare-item.js';
import { createTelegramTransport } from './delivery/telegram-transport.js';
import type { Transport } from './delivery/outgoing.js';
import type { Logger } from './logger.js';
import { createProgress, type Progress } from './progress.js';
import type { TaxonomyView } from './readers/taxonomy-view.js';
import type { FeedEntry } from './news/types.js';
import { fetchFeed, type FetchOptions } from './news/fetch-feed.js';
import { createGuardedFetch } from './news/guarded-fetch.js';
import { createExtractorPool } from './news/extractor-pool.js';
import { pollDueFeeds, type FeedReport } from './ingest/poll-feeds.js';
import { scheduleJob } from './jobs/scheduler.js';
import { runDigests } from './jobs/digests.js';
import { releaseQuietHours } from './jobs/quiet-hours.js';
import { createUpkeep } from './jobs/upkeep.js';
import { pruneOldDeliveries } from './jobs/outbox-retention.js';
import { makeAllFeedsDue, releaseFeedLeases, seedFeeds } from './stores/feeds.js';
import { createOperations } from './server/operations.js';
import { pollMaxAgeSeconds } from './server/poll-gap.js';
import { listAdmins, seedAdmins } from './stores/admins.js';
import { syncConfigChannel } from './stores/channels.js';
import { ITEM_LANGUAGES } from './readers/item-languages.js';
import { DERIVED_WEBAPP_PATH } from './config.js';
import { setMenuButton } from './bot/menu-button.js';
import { createWebApp } from './web/web-app.js';
import { PRESS_FACTOR } from './bot/features/rate-limit.js';
import { initDataKey } from './web/init-data.js';
import { DEMO_USER, demoKey, demoLink, ensureDemoReader } from './web/demo.js';

/** Article pages fetched per feed per poll at most, for entries whose feed text is a teaser. */
const FULL_TEXT_PAGES_PER_FEED = 10;
/** Extraction threads: one keeps a 2-core machine's other core for the bot, the sender and the database. */
const EXTRACT_WORKERS = 1;
const NO_VALIDATORS = { etag: null, lastModified: null };

export const USER_AGENT = 'Herald/0.1 (+https://github.com/herald-news/herald; news-distribution bot)';

export interface AppDeps {
  logger: Logger;
  /** The database already being opened (openHeraldDb): main.ts starts it while this module loads. */
  database?: Promise<OpenDbResult>;
  now?: () => Date;
  /** Where preview-mode posts go: by default one JSON log line each (main.ts shows them as text on a terminal). */
  preview?: PreviewSink;
  /** Preview-mode posts as plain readable text, into this (when `preview` is not given). */
  previewWrite?: (text: string) => void;
  /**
   * Addresses the guarded fetcher lets through although they are private: only the demo's own
   * sample outlet on loopback (main.ts --demo). Never from configuration.
   */
  fetchAllowAddresses?: readonly string[];
  /** Each reader's allowance of messages and presses (the bot's default: 8 at once, then one every 2 s). */
  rateLimit?: { burst: number; perSecond: number };
  /** Told when the bot has finished handling an update (long polling takes updates ahead of handling them). */
  onUpdateHandled?: (updateId: number) => void;
  /** The topics and regions readers choose from in the bot; the taxonomy's by default (tests pass a small one). */
  readerTaxonomy?: TaxonomyView;
  /** The sender's pace, batches and retries over what the settings give, and its request timeout (tests). */
  senderTuning?: SenderTuning;
  /** Resolves host names for every content request (feeds, article pages); dns.lookup by default. */
  lookup?: LookupFunction;
  /**
   * How startServices runs background work. The defaults are production's; tests drive it
   * by hand (tests/helpers/app-world.ts) so nothing runs on the wall clock behind their back.
   */
  services?: ServiceTiming;
}

export interface ServiceTiming {
  /** Runs the cron jobs (poll, digests, quiet-hours, outbox-retention): node-cron by default. */
  scheduleJob?: typeof scheduleJob;
  /** Whether startServices polls at once instead of waiting for the first tick (default true). */
  pollAtStart?: boolean;
  /** How often the operations tick (heartbeat, pins, alerts) runs after the one at start (default 15 s). */
  tickMs?: number;
  /** Whether startServices runs the sender loop (default true); without it only runCycle and drain send. */
  sender?: boolean;
  /** How long one long poll waits for updates, in seconds (default 30); the bot's requests time out 10 s after it (tests shorten both). */
  longPollSeconds?: number;
}

export type SenderTuning = Partial<Omit<SenderOptions, 'labels' | 'botUsername' | 'now'>> & { timeoutSeconds?: number };

export type StartResult = { ok: true; app: HeraldApp } | { ok: false; error: string };

export interface HeraldApp {
  dbHandle: DbHandle;
  /** One poll of the feeds that are due, as the poll job runs it; a report per feed. */
  poll(): Promise<FeedReport[]>;
  /** One poll of every due feed, then send everything due. */
  runCycle(): Promise<void>;
  /** Sends everything due (and what falls due within seconds), unless another process is the sender right now. */
  drain(): Promise<DrainResult>;
  /** Starts cron polling, the sender loop and the bot. */
  startServices(): Promise<void>;
  /** The port the HTTP server listens on once startServices ran (PORT=0 picks one), else null. */
  readonly httpPort: number | null;
  /**
   * Preview mode's loopback links to the Mini App's two pages (reader settings, then the
   * editors' dashboard), signed for the demo user with this start's key; empty until the HTTP
   * server runs, and always with a bot.
   */
  demoPages(): string[];
  stop(): Promise<void>;
}

/** Opens the database and migrates it; everything else is built but not yet running. */
export async function createApp(config: Config, deps: AppDeps): Promise<StartResult> {
  const { logger } = deps;
  const now = deps.now ?? (() => new Date());
  const timing = deps.services ?? {};
  const schedule = timing.scheduleJob ?? scheduleJob;
  const opened = await (deps.database ?? openHeraldDb(config, logger));
  if (!opened.ok) return { ok: false, error: opened.error };
  const dbHandle = opened.handle;
  let migrated;
  try {
    // An upgrade's migrations say how far they are when they take long (one line every few seconds at most).
    let migrating: Progress | undefined;
    migrated = await migrateToLatest(dbHandle.db, {
      onProgress: (done, total) => {
        migrating ??= createProgress({ logger, what: 'migrating the database', total });
        migrating.set(done);
      },
    });
    migrating?.finish();
  } catch (error) {
    migrated = { ok: false as const, error: `database unreachable: ${error instanceof Error ? error.message : String(error)}`, applied: [] };
  }
  if (!migrated.ok) {
    await closeAfterFailedStart(dbHandle, logger);
    return { ok: false, error: migrated.error };
  }
  if (migrated.applied.length > 0) logger.info({ migrations: migrated.applied }, 'database migrated');
  const { db } = dbHandle;
  await seedFeeds(db, config.feeds);
  await seedAdmins(db, config.adminIds);
  // CHANNEL_ID is one channel with no rule (editors add more with /channels). Preview mode prints
  // channel posts even without a channel, so an operator sees what would go out.
  const configChannel = await syncConfigChannel(db, config.channelId ?? (config.preview ? 'preview' : null), now());
  if (configChannel.added) logger.info({ chatId: configChannel.current?.chatId }, 'CHANNEL_ID added to the channels');
  for (const paused of configChannel.pausedNow) {
    logger.warn({ channelId: paused.id, chatId: paused.chatId }, 'a channel an earlier CHANNEL_ID named is paused: the settings no longer name it (/channels resume to keep it)');
  }
  let taxonomy: Taxonomy;
  try {
    taxonomy = loadTaxonomy();
  } catch (error) {
    await closeAfterFailedStart(dbHandle, logger);
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }

  const { timeoutSeconds, ...senderTuning } = deps.senderTuning ?? {};
  const telegram = config.botToken
    ? createTelegramTransport({ token: config.botToken, apiRoot: config.botApiRoot, ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}) })
    : null;
  const previewWrite = deps.previewWrite;
  const preview: PreviewSink =
    deps.preview ??
    (previewWrite ? (post) => previewWrite(renderPostText(post, { color: false })) : (post) => logger.info(previewFields(post), `preview ${post.kind}`));
  const transport: Transport = telegram ?? createPreviewTransport(preview);
  const botUsername = createBotUsername(telegram ? telegramGetMe(telegram.api) : null, logger);
  // Breaking news to many readers: its progress in the log, every few seconds while it goes out.
  const broadcastLog = createBroadcastProgressLog({ db, logger: logger.child({ part: 'sender' }), now });
  const sender = createSender(
    {
      db,
      transport,
      logger: logger.child({ part: 'sender' }),
      onOutcome: (row, outcome) => {
        ops.recordOutcome(outcome);
        if (row.broadcastId !== null) broadcastLog.outcome();
      },
    },
    { sendRate: config.sendRate, channelRate: config.channelRate, paidBroadcast: config.allowPaidBroadcast, ...senderTuning, labels: labelsFromTaxonomy(taxonomy), botUsername, now },
  );
  // One sending process per bot (an advisory lock under PostgreSQL; the embedded server allows one Herald per DATA_DIR).
  const senderLockName = `herald-sender:${config.botToken ? config.botToken.split(':')[0] : 'preview'}`;
  const electSender = (onElected: () => void, onDeposed: () => Promise<void>) =>
    createLeaderElection({ databaseUrl: config.databaseUrl, lockName: senderLockName, logger: logger.child({ part: 'leader' }), onElected, onDeposed });
  // Every content request (feeds, article pages, /feeds add, each redirect hop) goes through this one client,
  // which refuses private addresses; and article extraction runs in a worker with a time budget.
  const guardedFetch = createGuardedFetch({
    allowPrivate: config.allowPrivateFetch,
    ...(deps.lookup ? { lookup: deps.lookup } : {}),
    ...(deps.fetchAllowAddresses ? { allowAddresses: deps.fetchAllowAddresses } : {}),
  });
  const extractorLog = logger.child({ part: 'extractor' });
  const extractor = createExtractorPool({
    size: EXTRACT_WORKERS,
    timeoutMs: config.extractTimeoutMs,
    furniture: taxonomy.furniture,
    onWorker: (event) => extractorLog.debug(event, event.kind === 'started' ? 'extraction worker started' : 'extraction worker stopped'),
  });
  const feedFetch: FetchOptions = { guardedFetch, timeoutMs: config.fetchTimeoutMs, maxBytes: config.fetchMaxBytes, userAgent: USER_AGENT };
  const fetchPage = (url: string) => fetchFeed(url, NO_VALIDATORS, { ...feedFetch, maxBytes: config.articleMaxBytes });
  // Feeds this process is polling right now: a shutdown mid-poll hands them back.
  const pollingFeeds = new Set<number>();
  const pollDeps = {
    db,
    inProgress: pollingFeeds,
    logger: logger.child({ part: 'poll' }),
    now,
    prepareItem: createItemPreparer(taxonomy, {
      onUnknownLanguage: (feedUrl, title) =>
        logger.child({ part: 'poll' }).warn({ feed: feedUrl, title }, 'item language not told and the feed states none: such items go to readers of every language (said once per feed)'),
    }),
    fetchFullTexts: (entries: FeedEntry[]) => fetchFullTexts(entries, { fetchPage, extract: extractor.extract }, { limit: FULL_TEXT_PAGES_PER_FEED, concurrency: 2 }),
    fetchFeed: (url: string, validators: { etag: string | null; lastModified: string | null }, waitForBodyRoom?: () => Promise<void>) =>
      ops.metrics.timeFetch(fetchFeed)(url, validators, waitForBodyRoom ? { ...feedFetch, waitForBodyRoom } : feedFetch),
    // A new item's channel post goes out while its private messages are still being written.
    onStored: () => sender.nudge(),
  };
  const pollOptions = {
    firstRunPosts: config.firstRunPosts,
    backlogCap: config.backlogCap,
    concurrency: config.fetchConcurrency,
    perHost: config.fetchPerHost,
    schedule: { minSeconds: config.feedMinRefreshSeconds, maxSeconds: config.feedMaxRefreshSeconds, maxBackoffSeconds: config.feedMaxBackoffSeconds },
    flagAfter: config.feedFailureAlertAfter,
    timeZone: config.feedTimeZone,
  };
  const bot = config.botToken
    ? createBot({ token: config.botToken, apiRoot: config.botApiRoot, ...(timing.longPollSeconds !== undefined ? { longPollSeconds: timing.longPollSeconds } : {}) }, {
        db,
        logger: logger.child({ part: 'bot' }),
        taxonomy: deps.readerTaxonomy ?? taxonomy,
        now,
        ...(deps.rateLimit ? { rateLimit: deps.rateLimit } : {}),
        ...(deps.onUpdateHandled ? { onUpdateHandled: deps.onUpdateHandled } : {}),
        ...(config.webApp ? { webAppUrl: config.webApp.url } : {}),
        onQueued: () => sender.nudge(),
        admin: {
          channelVocabulary: {
            languages: [...ITEM_LANGUAGES],
            sections: taxonomy.sections.map((section) => section.id),
            topics: taxonomy.topics.map((topic) => topic.id),
            regions: taxonomy.regions.map((region) => region.id),
          },
          configAdminIds: config.adminIds,
          fetchFeed: (url) => fetchFeed(url, NO_VALIDATORS, feedFetch),
          onQueued: () => sender.nudge(),
        },
      })
    : null;
  // The Mini App (src/web): with a bot, at WEBAPP_URL's path, checked with the bot token; in preview
  // mode, a loopback-only demo signed with a key made for this start; otherwise none.
  const demo = config.preview ? { key: demoKey() } : null;
  const webApp =
    config.botToken && config.webApp
      ? createWebApp({ path: config.webApp.path, key: initDataKey(config.botToken), ...(deps.rateLimit ? { rateLimit: { burst: deps.rateLimit.burst * PRESS_FACTOR, perSecond: deps.rateLimit.perSecond * PRESS_FACTOR } } : {}) }, { db, logger: logger.child({ part: 'webapp' }), taxonomy: deps.readerTaxonomy ?? taxonomy, now, onChanged: () => sender.nudge() })
      : demo
        ? createWebApp(
            { path: config.webApp?.path ?? DERIVED_WEBAPP_PATH, key: demo.key, loopbackOnly: true, demoEditorId: DEMO_USER.id },
            { db, logger: logger.child({ part: 'webapp' }), taxonomy: deps.readerTaxonomy ?? taxonomy, now, onFirstSight: (user) => ensureDemoReader(db, user, now()) },
          )
        : null;
  if (config.botToken && !config.webApp) logger.info('no WEBAPP_URL (nor an https WEBHOOK_URL): the Mini App is off, readers use the chat menus');
  // Set while this process runs the sender; it then writes the heartbeat /healthz reads.
  let sending = false;
  const opsLogger = logger.child({ part: 'ops' });
  // Breaking-news pins and admins' alerts, run on the operations tick after the heartbeat.
  // This process's name in the sender's heartbeat, so the alerts tell their own heartbeat from another instance's.
  const instanceId = randomUUID();
  const upkeep = createUpkeep({ db, logger: opsLogger, now, api: bot?.api ?? null, isSending: () => sending, instanceId }, { feedFailures: config.feedFailureAlertAfter });
  const ops = createOperations(
    {
      port: config.port,
      host: config.host,
      updates: config.updates,
      health: { pollMaxAgeSeconds: pollMaxAgeSeconds(config.pollCron) },
      ...(timing.tickMs !== undefined ? { tickMs: timing.tickMs } : {}),
      ...(timing.longPollSeconds !== undefined ? { longPollSeconds: timing.longPollSeconds } : {}),
    },
    {
      db,
      logger: opsLogger,
      now,
      bot,
      isSending: () => sending,
      instanceId,
      onBotStarting: async (started) => {
        await showAdminMenu(started.api, (await listAdmins(db)).map((a) => a.userId), opsLogger);
        if (config.webApp) await setMenuButton(started.api, config.webApp.url, opsLogger);
      },
      upkeep: () => upkeep.run(),
      ...(webApp ? { webApp } : {}),
    },
  );

  const stoppers: (() => Promise<void>)[] = [];

  let pollRuns = 0;
  async function poll(): Promise<FeedReport[]> {
    // A child logger per poll run, so one run's lines can be followed together.
    const reports = await pollDueFeeds({ ...pollDeps, logger: pollDeps.logger.child({ pollRun: ++pollRuns }) }, pollOptions);
    if (reports.some((r) => r.queued > 0)) sender.nudge();
    await ops.afterPoll(reports);
    return reports;
  }

  async function drain(): Promise<DrainResult> {
    // Sends only when no other process is the sender right now.
    const election = electSender(() => undefined, async () => undefined);
    await election.start();
    let result: DrainResult = { sent: 0, failed: 0, retried: 0 };
    if (election.isLeader) result = await sender.drain();
    else logger.info('another process is the sender: nothing was sent from here');
    await election.stop();
    return result;
  }

  return {
    ok: true,
    app: {
      dbHandle,
      poll,
      async runCycle() {
        await makeAllFeedsDue(db, now());
        await poll();
        await drain();
      },
      drain,
      get httpPort() {
        return ops.port;
      },
      demoPages() {
        if (!demo || !webApp || ops.port === null) return [];
        return [demoLink(ops.port, webApp.path, demo.key, now()), demoLink(ops.port, `${webApp.path}/dashboard`, demo.key, now())];
      },
      async startServices() {
        if (timing.sender ?? true) {
          const election = electSender(
            () => {
              sender.start();
              sending = true;
            },
            async () => {
              sending = false;
              await sender.stop();
            },
          );
          await election.start();
          stoppers.push(() => election.stop());
        }
        const job = schedule(config.pollCron, 'poll', async () => {
          await poll();
        }, logger);
        stoppers.push(() => job.stop());
        // Readers' digests (checked every 5 minutes, sent in each reader's local digest hour) and
        // messages held through quiet hours (released each minute once a reader's quiet hours end).
        const jobDeps = { db, logger: logger.child({ part: 'readers' }), now };
        const digests = schedule('*/5 * * * *', 'digests', async () => {
          if ((await runDigests(jobDeps)).messages > 0) sender.nudge();
        }, logger);
        stoppers.push(() => digests.stop());
        const quiet = schedule('* * * * *', 'quiet-hours', async () => {
          const released = await releaseQuietHours(jobDeps);
          if (released.released + released.collapsed > 0) sender.nudge();
        }, logger);
        stoppers.push(() => quiet.stop());
        // Finished private-message rows older than DELIVERY_RETENTION_DAYS go once a day.
        const retention = schedule('17 3 * * *', 'outbox-retention', async () => {
          await pruneOldDeliveries({ db, logger, now }, config.deliveryRetentionDays);
        }, logger);
        stoppers.push(() => retention.stop());
        if (bot) await registerCommands(bot, logger);
        // HTTP server, then updates (webhook when WEBHOOK_URL is set, else long polling), alerts and pins.
        await ops.start();
        stoppers.push(() => ops.stop());
        if (demo && webApp && ops.port !== null) {
          logger.info(`Mini App demo (this computer only; signed for a demo reader who is also an editor, until restart): ${demoLink(ops.port, webApp.path, demo.key, now())}`);
        }
        // The first poll runs at once rather than waiting for the first tick.
        if (timing.pollAtStart ?? true) void poll().catch((error: unknown) => logger.error({ err: error }, 'first poll failed'));
      },
      async stop() {
        // Newest first: updates stop, then polling, then the sender lets in-flight sends finish.
        // All steps share an 8 s budget (main exits at 10 s), so the database is always closed in time;
        // a step that overruns is left behind rather than holding up the ones after it.
        const giveUpAt = Date.now() + 8_000;
        for (const stop of stoppers.reverse()) {
          const budget = Math.max(300, Math.min(5_000, giveUpAt - Date.now()));
          await withDeadline(stop(), budget).catch((error: unknown) => logger.warn({ err: error }, 'stopping a service failed or took too long'));
        }
        // A poll still waiting on a slow feed is abandoned: its feeds go back at once rather
        // than after the lease, so another instance picks them up on its next tick.
        await releaseFeedLeases(db, [...pollingFeeds]).catch((error: unknown) => logger.warn({ err: error }, 'could not release feed leases'));
        // Workers are terminated; connections close once their requests end (each bounded by its timeout), not waited for.
        await extractor.close();
        void guardedFetch.close().catch((error: unknown) => logger.warn({ err: error }, 'closing outbound connections failed'));
        await dbHandle.close();
      },
    },
  };
}

/**
 * Start-up already failed with its own message (the one the operator needs); a database that
 * also fails to close is logged beside it rather than replacing it.
 */
async function closeAfterFailedStart(handle: { close(): Promise<void> }, logger: Logger): Promise<void> {
  try {
    await handle.close();
  } catch (error) {
    logger.warn({ err: error }, 'closing the database after a failed start failed too');
  }
}

/** Resolves with the task, or rejects once `ms` have passed; the task itself runs on. */
function withDeadline(task: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms);
  });
  return Promise.race([task, deadline]).finally(() => clearTimeout(timer));
}
