import { createApp, type HeraldApp } from './app.js';
import { loadEnv, parseConfig, type Config } from './config.js';
import { createLogger, createScrubber, secretsOf, type Logger, type Scrubber } from './logger.js';

/** Past this, a shutdown that hangs is cut short. */
const SHUTDOWN_LIMIT_MS = 10_000;

// Wiring only: config → logger → app (db → migrate → bot → sender → scheduler); shutdown.
// Every failure is reported scrubbed of secrets: by the logger once it exists, before that on stderr.
async function main(argv: string[]): Promise<number> {
  let scrub: Scrubber = createScrubber(secretsOf(process.env.BOT_TOKEN, process.env.DATABASE_URL));
  let config: Config;
  let logger: Logger;
  try {
    const env = loadEnv();
    // .env may hold the secrets too.
    scrub = createScrubber(secretsOf(env.BOT_TOKEN, env.DATABASE_URL));
    const parsed = parseConfig(env);
    if (!parsed.ok) {
      process.stderr.write(scrub(`Herald cannot start; fix these settings:\n${parsed.problems.map((p) => `  - ${p}`).join('\n')}\n`));
      return 2;
    }
    config = parsed.config;
    logger = createLogger({ level: config.logLevel, secrets: secretsOf(config.botToken, config.databaseUrl) });
  } catch (error) {
    process.stderr.write(scrub(`Herald crashed: ${describe(error)}\n`));
    return 1;
  }
  try {
    return await run(config, logger, argv.includes('--once'));
  } catch (error) {
    logger.fatal({ err: error }, 'Herald crashed');
    return 1;
  }
}

async function run(config: Config, logger: Logger, once: boolean): Promise<number> {
  if (config.preview) logger.info('preview mode: no BOT_TOKEN set, posts are printed to stdout and nothing is sent');
  const started = await createApp(config, { logger });
  if (!started.ok) {
    logger.fatal({ error: started.error }, 'Herald cannot start');
    return 1;
  }
  const app = started.app;
  let code = 0;
  try {
    if (once) {
      await app.runCycle();
    } else {
      await app.startServices();
      logger.info({ feeds: config.feeds.length, cron: config.pollCron }, 'Herald running');
      const signal = await nextStopSignal();
      logger.info({ signal }, 'shutting down');
    }
  } catch (error) {
    // Logged before stopping, so the cause comes first; the services already started are then stopped.
    logger.fatal({ err: error }, 'Herald crashed');
    code = 1;
  }
  await stop(app, logger);
  return code;
}

function nextStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
}

async function stop(app: HeraldApp, logger: Logger): Promise<void> {
  const forced = setTimeout(() => {
    logger.error(`shutdown took longer than ${SHUTDOWN_LIMIT_MS / 1000} s: exiting anyway`);
    process.exit(1);
  }, SHUTDOWN_LIMIT_MS);
  forced.unref();
  await app.stop();
  clearTimeout(forced);
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

void main(process.argv.slice(2)).then((code) => {
  // Everything is stopped and the database closed; a fetch still waiting on a slow feed
  // (its timeout may be long) must not keep the process alive.
  process.exit(code);
});
