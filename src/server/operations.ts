import type { IncomingMessage, ServerResponse } from 'node:http';
import { run, type RunnerHandle } from '@grammyjs/runner';
import { webhookCallback, type Bot, type Context } from 'grammy';
import type { UpdatesMode } from '../config.js';
import type { Db } from '../db/create-db.js';
import { isDatabaseUnavailable } from '../db/connection-errors.js';
import type { Logger } from '../logger.js';
import { createMetrics, type Metrics } from './metrics.js';
import { addToCounter, claimState, releaseState, StateKey, writeState } from '../stores/service-state.js';
import { rateLimitBucketKey } from '../stores/stats.js';
import { checkHealth, type HealthOptions } from './health.js';
import { createHttpServer, DEFAULT_HOST, type HttpServer } from './http-server.js';

export interface OperationsConfig {
  port: number;
  /** Bind address of the HTTP server (HOST; every interface when absent). */
  host?: string;
  /** Long polling, or a webhook at the URL's path (the secret checked on every request). */
  updates: UpdatesMode;
  health?: Partial<HealthOptions>;
  /** How often the heartbeat and the upkeep jobs (alerts, pins) run. */
  tickMs?: number;
  /** How long one long poll (getUpdates) waits for updates, in seconds (default 30, @grammyjs/runner's); the bot's request timeout follows it. */
  longPollSeconds?: number;
}

export interface OperationsDeps<C extends Context> {
  db: Db;
  logger: Logger;
  now: () => Date;
  /** Absent in preview mode: no updates. */
  bot: Bot<C> | null;
  /** Whether this process is the one sending now (the sender role): it then writes the heartbeat. */
  isSending: () => boolean;
  /** This process's name in the heartbeat, so an instance tells its own heartbeat from another's (jobs/alerts.ts); pids repeat across containers. */
  instanceId?: string;
  /**
   * Runs once the HTTP server listens, before updates are taken (app.ts shows the editors'
   * command menu). Passed in, so the hosting side imports nothing from bot/.
   */
  onBotStarting?: (bot: Bot<C>) => Promise<void>;
  /** The background jobs of each tick, after the heartbeat (jobs/upkeep.ts: pins, alerts). Passed in by app.ts. */
  upkeep?: () => Promise<void>;
  /** The Mini App's pages and API (src/web), mounted at its path; passed in by app.ts. */
  webApp?: { path: string; handle: (req: IncomingMessage, res: ServerResponse) => Promise<void> };
}

const DEFAULT_HEALTH: HealthOptions = { pollMaxAgeSeconds: 600, senderMaxAgeSeconds: 60, startupGraceSeconds: 120 };

/**
 * The hosting side of Herald: the HTTP server (/healthz, /metrics, webhook), taking
 * updates (webhook or long polling through @grammyjs/runner), the heartbeat, and the tick that runs
 * the upkeep jobs it is given.
 */
export function createOperations<C extends Context>(config: OperationsConfig, deps: OperationsDeps<C>) {
  const log = deps.logger;
  const startedAt = deps.now();
  const metrics: Metrics = createMetrics({ db: deps.db, logger: log });
  const healthOptions = { ...DEFAULT_HEALTH, ...config.health };
  const healthDeps = { db: deps.db, logger: log.child({ part: 'health' }), now: deps.now, startedAt };
  const tickMs = config.tickMs ?? 15_000;
  const updates = config.updates;
  const webhookPath = updates.mode === 'webhook' ? new URL(updates.url).pathname : null;
  let http: HttpServer | null = null;
  let runner: RunnerHandle | null = null;
  let ticker: NodeJS.Timeout | null = null;
  let tickRunning: Promise<void> = Promise.resolve();
  let port: number | null = null;
  // Whether Telegram answers sends, as this process last saw it (null: not yet known). Only a
  // change is written, in order, so a long outage costs one row, not one write per failed send.
  let telegramDown: boolean | null = null;
  let telegramWrites: Promise<unknown> = Promise.resolve();

  /** One round of upkeep: heartbeat (when sending), then the upkeep jobs (pins, alerts). */
  async function tick(): Promise<void> {
    const now = deps.now();
    try {
      if (deps.isSending()) await writeState(deps.db, StateKey.senderHeartbeat, { pid: process.pid, instance: deps.instanceId, at: now.toISOString() }, now);
    } catch (error) {
      // The database away or full: upkeep still runs, since its alerts are what tell the editors.
      if (isDatabaseUnavailable(error)) log.debug({ err: error }, 'sender heartbeat not written');
      else log.error({ err: error }, 'sender heartbeat not written');
    }
    try {
      await deps.upkeep?.();
    } catch (error) {
      log.error({ err: error }, 'operations tick failed');
    }
  }

  return {
    metrics,
    /** The port the HTTP server listens on, once started. */
    get port() {
      return port;
    },

    /** After each poll: the poll time every instance's /healthz reads, and the metrics. */
    async afterPoll(reports: { outcome: string; inserted: number }[]): Promise<void> {
      metrics.recordPoll(reports);
      await writeState(deps.db, StateKey.lastPoll, { feeds: reports.length }, deps.now());
    },

    /** The sender's onOutcome hook: metrics, and 429 waits kept for /stats. */
    recordOutcome(outcome: { kind: string; retryAfterSeconds?: number }): void {
      metrics.recordOutcome(outcome as Parameters<Metrics['recordOutcome']>[0]);
      // 'retry' is a send that got no usable answer (timed out, 5xx, connection refused or cut):
      // Telegram is down or silent for /healthz until a send goes through again.
      const down = outcome.kind === 'retry' ? true : outcome.kind === 'sent' ? false : null;
      if (down !== null && down !== telegramDown) {
        telegramDown = down;
        const at = deps.now();
        telegramWrites = telegramWrites
          .then(() => (down ? claimState(deps.db, StateKey.telegramDown, { since: at.toISOString() }, at) : releaseState(deps.db, StateKey.telegramDown)))
          .catch((error: unknown) => {
            telegramDown = null; // unknown again: the next outcome writes its state
            log.warn({ err: error }, 'could not record whether Telegram answers');
          });
      }
      if (outcome.kind === 'rate-limited') {
        const now = deps.now();
        // Each 429 is counted in its hour (the dashboard's chart), and the seconds it asked for.
        void addToCounter(deps.db, rateLimitBucketKey(now, StateKey.rateLimitHitPrefix), 1, now).catch((error: unknown) => log.warn({ err: error }, 'could not count a 429'));
        if (outcome.retryAfterSeconds) void addToCounter(deps.db, rateLimitBucketKey(now), outcome.retryAfterSeconds, now).catch((error: unknown) => log.warn({ err: error }, 'could not record a 429 wait'));
      }
    },

    health: () => checkHealth(healthDeps, healthOptions),

    /** Starts the HTTP server, then takes updates (webhook or long polling), then the upkeep ticks. */
    async start(): Promise<void> {
      const bot = deps.bot;
      let webhook: { path: string; url: string; secret: string; handle: ReturnType<typeof webhookCallback<C, 'http'>> } | undefined;
      if (bot && updates.mode === 'webhook' && webhookPath) {
        // grammY compares X-Telegram-Bot-Api-Secret-Token in constant time and answers 401 otherwise.
        // 'return' on timeout: Telegram gets its answer and does not redeliver a slow update.
        webhook = { path: webhookPath, url: updates.url, secret: updates.secret, handle: webhookCallback(bot, 'http', { secretToken: updates.secret, onTimeout: 'return', timeoutMilliseconds: 9_000 }) };
      }
      http = createHttpServer({
        logger: log.child({ part: 'http' }),
        health: () => checkHealth(healthDeps, healthOptions),
        registry: metrics.registry,
        ...(webhook ? { webhook: { path: webhook.path, handle: (req, res) => webhook.handle(req, res) } } : {}),
        ...(deps.webApp ? { webApp: deps.webApp } : {}),
      });
      try {
        port = await http.listen(config.port, config.host);
        log.info({ host: config.host ?? DEFAULT_HOST, port, webhook: webhookPath }, 'HTTP server listening (/healthz, /metrics)');
      } catch (error) {
        // Without the server a webhook receives nothing: fatal. With long polling Herald still works.
        if (webhook) throw error;
        http = null;
        log.error({ err: error, port: config.port }, 'HTTP server could not listen: /healthz and /metrics are unavailable, everything else runs');
      }
      if (bot) {
        await deps.onBotStarting?.(bot);
        if (webhook) {
          // Every instance sets the same URL and secret: harmless, and whichever starts last is right.
          await bot.api.setWebhook(webhook.url, { secret_token: webhook.secret, drop_pending_updates: false });
          log.info({ path: webhookPath }, 'bot listening (webhook)');
        } else {
          await bot.api.deleteWebhook({ drop_pending_updates: false }).catch((error: unknown) => log.warn({ err: error }, 'could not clear an old webhook'));
          runner = run(bot, { runner: { fetch: { allowed_updates: [], timeout: config.longPollSeconds ?? 30 } } });
          log.info('bot listening (long polling through @grammyjs/runner)');
        }
      }
      void tick();
      ticker = setInterval(() => {
        tickRunning = tickRunning.then(tick);
      }, tickMs);
    },

    /** Stops taking updates and lets running handlers finish (the webhook's in-flight requests included). */
    async stopUpdates(): Promise<void> {
      if (runner?.isRunning()) await runner.stop();
      runner = null;
      if (http) await http.close();
      http = null;
    },

    async stop(): Promise<void> {
      if (ticker) clearInterval(ticker);
      ticker = null;
      await this.stopUpdates();
      await tickRunning;
    },
  };
}

export type Operations = ReturnType<typeof createOperations>;
