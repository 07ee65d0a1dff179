import { createApp } from './app.js';
import { loadEnv, parseConfig } from './config.js';
import { createLogger, passwordOf } from './logger.js';

// Wiring only: config → db → migrate → bot → sender → scheduler; shutdown.
async function main(argv: string[]): Promise<number> {
  const once = argv.includes('--once');
  const parsed = parseConfig(loadEnv());
  if (!parsed.ok) {
    process.stderr.write(`Herald cannot start; fix these settings:\n${parsed.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 2;
  }
  const config = parsed.config;
  const logger = createLogger({ level: config.logLevel, secrets: [config.botToken, passwordOf(config.databaseUrl)] });
  if (config.preview) logger.info('preview mode: no BOT_TOKEN set, posts are printed to stdout and nothing is sent');
  const started = await createApp(config, { logger });
  if (!started.ok) {
    logger.fatal({ error: started.error }, 'Herald cannot start');
    return 1;
  }
  const app = started.app;
  if (once) {
    await app.runCycle();
    await app.stop();
    return 0;
  }
  await app.startServices();
  logger.info({ feeds: config.feeds.length, cron: config.pollCron }, 'Herald running');
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
  const forced = setTimeout(() => {
    logger.error('shutdown took longer than 10 s: exiting anyway');
    process.exit(1);
  }, 10_000);
  forced.unref();
  await app.stop();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    // Everything is stopped and the database closed; a fetch still waiting on a slow feed
    // (its timeout may be long) must not keep the process alive.
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`Herald crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
