/**
 * The whole of Herald in-process: the real createApp (config from the real parseConfig) over
 * the fake Bot API, the fake feed server and a test database, with ONE clock shared by Herald
 * and the fake. Background work never runs on the wall clock: cron jobs run when a test calls
 * runJob(), the first poll waits for runJob('poll') or runCycle(), and the operations tick
 * (heartbeat, pins, alerts) runs once at start. Updates arrive by long polling through the
 * real bot, as in production.
 */
import type { LookupFunction } from 'node:net';
import { userActions } from './user-actions.js';
import { createApp, type AppDeps, type HeraldApp, type SenderTuning } from '../../src/app.js';
import { parseConfig, type Config } from '../../src/config.js';
import type { Db } from '../../src/db/create-db.js';
import type { DrainResult } from '../../src/delivery/sender.js';
import type { FeedReport } from '../../src/ingest/poll-feeds.js';
import type { TaxonomyView } from '../../src/readers/taxonomy-view.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { makeAllFeedsDue } from '../../src/stores/feeds.js';
import {
  startFakeBotApi,
  type ButtonRef,
  type CommandOptions,
  type FakeBotApi,
  type FakeBotApiOptions,
  type FakeChat,
  type FakeMessage,
  type FakeUser,
  type NewChannel,
  type NewUser,
  type Update,
} from './fake-bot-api.js';
import { startFakeFeedServer, type FakeFeedServer } from './fake-feed-server.js';
import { createTestDb, type TestDb } from './test-db.js';
import { Clock, WORLD_START } from './clock.js';
import { ChangeSignal, type WaitOptions } from './wait.js';

export { Clock, WORLD_START };
export type { SenderTuning };

/** The jobs app.ts schedules in startServices, run here by hand. */
export type JobName = 'poll' | 'digests' | 'quiet-hours' | 'outbox-retention';

export interface AppWorldOptions {
  /** Default: a running clock from WORLD_START. */
  clock?: Clock;
  /**
   * Paths on the fake feed server listed in FEEDS, each serving an empty feed until the test sets one
   * (default ['/rss.xml']). [] is a newsroom with no feeds yet: Herald always seeds FEEDS, so the world removes it.
   */
  feeds?: string[];
  /** The channel Herald posts to (CHANNEL_ID is its id); default { title: 'Herald News', username: 'herald_news' }. */
  channel?: NewChannel;
  /** An editor (in ADMIN_IDS), default { first_name: 'Editor' }; false for none. */
  editor?: NewUser | false;
  /** Environment on top of the world's (CHANNEL_ID: '@name', FIRST_RUN_POSTS, …). */
  env?: Record<string, string>;
  /** Each user's allowance of messages and presses; generous by default, since few tests are about flooding. */
  rateLimit?: { burst: number; perSecond: number };
  /** Whether start() runs the sender loop (default true); without it, drain() and runCycle() send. */
  sender?: boolean;
  /** Fake Bot API options (default { rateLimits: false }); its clock is always the world's. */
  botApi?: Omit<FakeBotApiOptions, 'now'>;
  /** The topics and regions readers choose from in the bot (AppDeps.readerTaxonomy); the real taxonomy's by default. */
  readerTaxonomy?: TaxonomyView;
  /** The sender's pace, batches, retries and request timeout over the settings' (AppDeps.senderTuning). */
  senderTuning?: SenderTuning;
  /** The database (default: createTestDb() on the run's server); a fault test passes one on a server of its own. close() closes it. */
  testDb?: TestDb;
  /** Herald's logger (default: silent, or TEST_LOG_LEVEL); a test that counts log lines passes a capturing one. */
  logger?: Logger;
  /** How long the bot's long polls wait, in seconds (default Herald's 30); its Bot API requests time out 10 s after (ServiceTiming.longPollSeconds). */
  longPollSeconds?: number;
  /**
   * How often the operations tick (heartbeat, alerts, pins) runs after the one at start, on the
   * wall clock. Default: never again, so nothing runs behind a test's back; a fault test that
   * waits for an alert sets it short.
   */
  tickMs?: number;
}

/** What restart() may change for the new Herald and every later one. */
export interface WorldChanges {
  /** Settings on top of the world's environment so far. */
  env?: Record<string, string>;
  /** Replaces the sender's tuning. */
  senderTuning?: SenderTuning;
}

export interface AppWorld {
  api: FakeBotApi;
  feeds: FakeFeedServer;
  testDb: TestDb;
  /** The test's own connection to Herald's database. */
  db: Db;
  clock: Clock;
  logger: Logger;
  /** The environment Herald was configured from (hand it to runHeraldOnce for a child process); restart() may change it. */
  readonly env: Record<string, string>;
  readonly config: Config;
  /** The running Herald; replaced by restart(). */
  readonly app: HeraldApp;
  channel: FakeChat;
  editor: FakeUser | null;
  /** Starts Herald's services (updates by long polling, the sender loop unless `sender: false`); resolves once the bot is polling. */
  start(): Promise<void>;
  /** Stops Herald as SIGTERM would; the fakes and the database stay. start() then runs a fresh Herald. */
  stop(): Promise<void>;
  /**
   * Stops Herald and starts a new one on the same database; its services too if they were running.
   * With `changes`, the new Herald (and every later one) is configured with them.
   */
  restart(changes?: WorldChanges): Promise<void>;
  /** One poll of the feeds that are due, as the poll job runs it: a report per feed. Needs no start(). */
  poll(): Promise<FeedReport[]>;
  /** One poll of every feed, then a send-out: what `--once` does. */
  runCycle(): Promise<void>;
  /**
   * Sends everything due, as the sender does after a poll; the sender loop must not be running.
   * A clock that stands still runs meanwhile (the sender paces chats by real time), then stands still again.
   */
  drain(): Promise<DrainResult>;
  /** Another Herald on the same database and fakes, as a second process would be (its own connections); not started. Its operations tick runs every `tickMs` once started (default: only at start); `env` changes its settings (e.g. its own PORT, both on a webhook). close() stops it. */
  anotherHerald(options?: { tickMs?: number; env?: Record<string, string> }): Promise<HeraldApp>;
  /** Runs a scheduled job as its cron tick would (after start()); its errors reach the test. */
  runJob(name: JobName): Promise<void>;
  /** Resolves once the bot has finished handling the update(s). */
  handled(update: Update | Update[], opts?: WaitOptions): Promise<void>;
  /** Sends a command as the user, waits until it is handled, returns the bot's new messages in that chat. */
  command(userId: number, command: string, opts?: CommandOptions): Promise<FakeMessage[]>;
  text(userId: number, text: string): Promise<FakeMessage[]>;
  /** Presses a button, waits until the press is handled, returns the bot's new messages in that chat. */
  press(userId: number, message: FakeMessage, button: ButtonRef): Promise<FakeMessage[]>;
  /** The message as the fake holds it now (after edits). */
  current(message: FakeMessage): FakeMessage;
  /** Stops Herald, then the fakes, then drops the database. */
  close(): Promise<void>;
}

/** Longer than any test: setInterval's largest delay, so the operations tick runs only at start. */
const NEVER_MS = 2 ** 31 - 1;

/**
 * Herald's content requests resolve no host name in the world: the fake feed server is on a loopback
 * address, and an article page anywhere else (https://outlet.example/…) fails at once, as it would
 * offline, instead of asking the machine's DNS.
 */
const resolveNothing: LookupFunction = (hostname, _options, callback) => {
  const error: NodeJS.ErrnoException = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname} (the test world resolves no names)`), { code: 'ENOTFOUND' });
  process.nextTick(() => callback(error, '', 0));
};

export async function startAppWorld(options: AppWorldOptions = {}): Promise<AppWorld> {
  const clock = options.clock ?? new Clock(WORLD_START, { running: true });
  const api = await startFakeBotApi({ rateLimits: false, ...options.botApi, now: clock.ms });
  const feeds = await startFakeFeedServer();
  const testDb = options.testDb ?? (await createTestDb());
  const logger = options.logger ?? createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const channel = api.addChannel(options.channel ?? { title: 'Herald News', username: 'herald_news' });
  const editor = options.editor === false ? null : api.addUser(options.editor ?? { first_name: 'Editor' });
  const feedPaths = options.feeds ?? ['/rss.xml'];
  for (const path of feedPaths) feeds.setFeed(path, { title: 'The Outlet', items: [] });

  let env: Record<string, string> = {
    BOT_TOKEN: api.token,
    BOT_API_ROOT: api.apiRoot,
    DATABASE_URL: testDb.url,
    FEEDS: (feedPaths.length > 0 ? feedPaths : ['/none.xml']).map((path) => feeds.url(path)).join(','),
    ALLOW_PRIVATE_FETCH: 'true',
    CHANNEL_ID: String(channel.id),
    ADMIN_IDS: editor ? String(editor.id) : '',
    PORT: '0',
    HOST: '127.0.0.1',
    ...options.env,
  };
  const configure = (from: Record<string, string>): Config => {
    const parsed = parseConfig(from);
    if (!parsed.ok) throw new Error(`the world's configuration is wrong:\n${parsed.problems.join('\n')}`);
    return parsed.config;
  };
  let config = configure(env);
  let senderTuning = options.senderTuning;
  // FEEDS names one placeholder when the world has no feeds, and every Herald seeds it: it is removed each time.
  const placeholderFeed = feedPaths.length === 0 ? env.FEEDS! : null;

  const handledIds = new Set<number>();
  const handledSignal = new ChangeSignal();
  const jobs = new Map<string, () => Promise<void>>();
  let first = true;
  const others: HeraldApp[] = [];
  const deps = (): AppDeps => ({
    logger,
    now: clock.now,
    rateLimit: options.rateLimit ?? { burst: 1000, perSecond: 1000 },
    lookup: resolveNothing,
    ...(options.readerTaxonomy ? { readerTaxonomy: options.readerTaxonomy } : {}),
    ...(senderTuning ? { senderTuning } : {}),
    onUpdateHandled: (id) => {
      handledIds.add(id);
      handledSignal.notify();
    },
  });
  const create = async (): Promise<HeraldApp> => {
    const started = await createApp(config, {
      ...deps(),
      services: {
        scheduleJob: (_cron, name, job) => {
          jobs.set(name, job);
          return { stop: async () => void jobs.delete(name) };
        },
        pollAtStart: false,
        tickMs: options.tickMs ?? NEVER_MS,
        sender: options.sender ?? true,
        ...(options.longPollSeconds !== undefined ? { longPollSeconds: options.longPollSeconds } : {}),
      },
    });
    if (!started.ok) throw new Error(`Herald did not start: ${started.error}`);
    // The first Herald seeds the feeds, due at the database's now(): on the world's clock they are due at once too.
    if (first) await makeAllFeedsDue(testDb.db as Db, clock.now());
    if (placeholderFeed) await testDb.db.deleteFrom('feeds').where('url', '=', placeholderFeed).execute();
    first = false;
    return started.app;
  };

  let app: HeraldApp | null;
  try {
    app = await create();
  } catch (error) {
    handledSignal.close();
    await api.close();
    await feeds.close();
    await testDb.close();
    throw error;
  }
  let servicesRunning = false;
  const current = async () => (app ??= await create());

  const stop = async () => {
    const stopping = app;
    app = null;
    servicesRunning = false;
    jobs.clear();
    await stopping?.stop();
  };
  const start = async () => {
    const running = await current();
    const before = api.calls.length;
    await running.startServices();
    servicesRunning = true;
    // Long polling's first getUpdates; with WEBHOOK_URL in the env, the webhook set instead (two instances take updates that way: two long pollers conflict).
    const listening = config.updates.mode === 'webhook' ? 'setWebhook' : 'getUpdates';
    await api.waitFor(() => api.calls.slice(before).some((c) => c.method === listening), { message: 'the bot to start taking updates' });
  };

  const handled = async (update: Update | Update[], opts: WaitOptions = {}) => {
    const ids = (Array.isArray(update) ? update : [update]).map((u) => u.update_id);
    await handledSignal.waitFor(
      () => ids.every((id) => handledIds.has(id)),
      () => `handled so far: ${[...handledIds].slice(-10).join(', ') || 'none'}${servicesRunning ? '' : ' (the services are not running: call start())'}`,
      { message: `update ${ids.join(', ')} to be handled`, ...opts },
    );
  };

  return {
    api,
    feeds,
    testDb,
    db: testDb.db as Db,
    clock,
    logger,
    get env() {
      return env;
    },
    get config() {
      return config;
    },
    get app() {
      if (!app) throw new Error('Herald is stopped: call start() or runCycle()');
      return app;
    },
    channel,
    editor,
    start,
    stop,
    async restart(changes = {}) {
      const wasRunning = servicesRunning;
      await stop();
      if (changes.env) {
        const next = { ...env, ...changes.env };
        config = configure(next);
        env = next;
      }
      if (changes.senderTuning) senderTuning = changes.senderTuning;
      if (wasRunning) await start();
      else await current();
    },
    poll: async () => (await current()).poll(),
    runCycle: async () => (await current()).runCycle(),
    async drain() {
      const running = await current();
      return clock.runDuring(() => running.drain());
    },
    async anotherHerald({ tickMs = NEVER_MS, env: changes }: { tickMs?: number; env?: Record<string, string> } = {}) {
      const started = await createApp(changes ? configure({ ...env, ...changes }) : config, { ...deps(), services: { scheduleJob: () => ({ stop: async () => undefined }), pollAtStart: false, tickMs } });
      if (!started.ok) throw new Error(`the other Herald did not start: ${started.error}`);
      others.push(started.app);
      return started.app;
    },
    async runJob(name) {
      const job = jobs.get(name);
      if (!job) throw new Error(`no job "${name}": it is scheduled by start(), and these are: ${[...jobs.keys()].join(', ') || 'none'}`);
      await job();
    },
    handled,
    ...userActions(api, handled),
    current: (message) => {
      const found = api.state.findMessage(message.chat_id, message.message_id);
      if (!found) throw new Error(`message ${message.message_id} is gone`);
      return found;
    },
    async close() {
      try {
        for (const other of others.splice(0)) await other.stop();
        await stop();
      } finally {
        handledSignal.close();
        await api.close();
        await feeds.close();
        await testDb.close();
      }
    },
  };
}
