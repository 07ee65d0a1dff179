// First: how V8 compiles WebAssembly is settled before pg or undici loads (see the module).
import './news/wasm-baseline.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppDeps, HeraldApp } from './app.js';
import { loadEnv, parseConfig, type Config } from './config.js';
import { startDemo, type Demo } from './demo/start-demo.js';
import { previewFields, renderPostText, type PreviewSink } from './delivery/preview-transport.js';
import { startEmbeddedPostgres } from './db/embedded/server.js';
import { openHeraldDb } from './db/open-db.js';
import { addSecrets, chooseLogFormat, createLogger, createScrubber, secretsOf, type LogFormat, type Logger, type Scrubber } from './logger.js';
import { duration } from './progress.js';
import { defaultStaticDir } from './web/static-files.js';

/**
 * Herald's wiring and the setup check pull in grammY, Kysely, rss-parser and the rest: a second
 * or more to load (several on a busy machine). Loaded when needed, so the demo starts its
 * database meanwhile and says hello at once.
 */
const loadApp = () => import('./app.js');
const loadCheck = () => import('./check/run-check.js');

/** Past this, a shutdown that hangs is cut short. */
const SHUTDOWN_LIMIT_MS = 10_000;

type Mode = 'serve' | 'once' | 'check' | 'demo';

/** What stdout is: a terminal gets readable, coloured output; anything else JSON (see chooseLogFormat). */
interface Terminal {
  isTTY: boolean;
  color: boolean;
}

// Wiring only: config → logger → app (db → migrate → bot → sender → scheduler); shutdown.
// Every failure is reported scrubbed of secrets: by the logger once it exists, before that on stderr.
async function main(argv: string[]): Promise<number> {
  const mode: Mode = argv.includes('--check') ? 'check' : argv.includes('--demo') ? 'demo' : argv.includes('--once') ? 'once' : 'serve';
  const isTTY = process.stdout.isTTY === true;
  const terminal: Terminal = { isTTY, color: isTTY && !process.env.NO_COLOR };
  let scrub: Scrubber = createScrubber(secretsOf(process.env.BOT_TOKEN, process.env.DATABASE_URL));
  let env: Record<string, string | undefined>;
  try {
    env = loadEnv();
    // .env may hold the secrets too.
    scrub = createScrubber(secretsOf(env.BOT_TOKEN, env.DATABASE_URL));
  } catch (error) {
    process.stderr.write(scrub(`Herald crashed: ${describe(error)}\n`));
    return 1;
  }
  if (mode === 'check') return check(env, scrub, terminal);
  if (mode === 'demo') return demo(env, terminal);
  const started = start(env, scrub, terminal);
  if (!started) return 2;
  const { config, logger } = started;
  try {
    return await run(config, logger, { once: mode === 'once', preview: previewSink(config, terminal, scrub) });
  } catch (error) {
    logger.fatal({ err: error }, 'Herald crashed');
    return 1;
  }
}

/** The configuration and the logger, or null once the problems are printed. */
function start(env: Record<string, string | undefined>, scrub: Scrubber, terminal: Terminal): { config: Config; logger: Logger; format: LogFormat } | null {
  const parsed = parseConfig(env);
  if (!parsed.ok) {
    process.stderr.write(scrub(`Herald cannot start; fix these settings:\n${parsed.problems.map((p) => `  - ${p}`).join('\n')}\n`));
    return null;
  }
  const config = parsed.config;
  const format = chooseLogFormat(config.logFormat, terminal.isTTY);
  const logger = createLogger({ level: config.logLevel, secrets: secretsOf(config.botToken, config.databaseUrl), format, color: terminal.color });
  return { config, logger, format };
}

/**
 * Preview-mode posts: as readable text when the output is for a person (LOG_FORMAT=pretty,
 * or a terminal), else one JSON log line each (the app's default). Scrubbed like the logs.
 */
function previewSink(config: Config, terminal: Terminal, scrub: Scrubber): PreviewSink | undefined {
  if (chooseLogFormat(config.logFormat, terminal.isTTY) !== 'pretty') return undefined;
  const secrets = createScrubber(secretsOf(config.botToken, config.databaseUrl));
  return (post) => void process.stdout.write(secrets(scrub(renderPostText(post, { color: terminal.color }))));
}

interface RunOptions {
  once: boolean;
  preview: PreviewSink | undefined;
}

async function run(config: Config, logger: Logger, options: RunOptions): Promise<number> {
  if (config.preview) logger.info('preview mode: no BOT_TOKEN set, posts are printed to stdout and nothing is sent');
  // The database (the embedded server takes a few hundred ms to come up) opens while Herald's
  // modules load, as long again: a restart reaches Telegram sooner.
  const database = openHeraldDb(config, logger);
  const { createApp } = await loadApp();
  const started = await createApp(config, { logger, database, ...(options.preview ? { preview: options.preview } : {}) });
  if (!started.ok) {
    logger.fatal({ error: started.error }, 'Herald cannot start');
    return 1;
  }
  const app = started.app;
  let code = 0;
  try {
    if (options.once) {
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

/** `npm run check` / `npm start -- --check`: one line per setting, exit 0 only when all pass. */
async function check(env: Record<string, string | undefined>, scrub: Scrubber, terminal: Terminal): Promise<number> {
  const write = (text: string) => void process.stdout.write(scrub(text));
  write(terminal.color ? '\x1b[1mHerald setup check\x1b[0m\n' : 'Herald setup check\n');
  try {
    const [{ runCheck }, { USER_AGENT }] = await Promise.all([loadCheck(), loadApp()]);
    const result = await runCheck(env, { write, color: terminal.color, userAgent: USER_AGENT, webPagesDir: defaultStaticDir() });
    return result.code;
  } catch (error) {
    process.stderr.write(scrub(`the check itself crashed: ${describe(error)}\n`));
    return 1;
  }
}

/**
 * `npm start -- --demo`: the sample outlet on loopback, read by a preview-mode Herald with a
 * database of its own in a temporary directory; the posts appear in the terminal as readers
 * would see them, then the demo cleans up and exits.
 */
async function demo(callerEnv: Record<string, string | undefined>, terminal: Terminal): Promise<number> {
  const began = performance.now();
  // Loads while the database is made (by other processes: the two share the machine's cores).
  const loadingApp = loadApp();
  loadingApp.catch(() => undefined);
  const say = (text: string) => void process.stdout.write(terminal.color ? `\x1b[1m${text}\x1b[0m\n` : `${text}\n`);
  let sample: Demo;
  try {
    sample = await startDemo(callerEnv);
  } catch (error) {
    process.stderr.write(`the demo could not start its sample outlet: ${describe(error)}\n`);
    return 1;
  }
  const stopping = onceStopSignal();
  try {
    const started = start(sample.env, (text) => text, terminal);
    if (!started) return 2;
    const { config, logger } = started;
    say(`Herald demo: ${sample.stories} invented sample stories (not real news) from a sample outlet at ${sample.outlet.origin}, with a temporary database in ${sample.dataDir}. Your own DATA_DIR, DATABASE_URL and BOT_TOKEN are not used; nothing is sent to Telegram.`);
    say('Starting (the first run creates the temporary database, a few seconds)…');
    // Herald's own embedded server in the demo's temporary DATA_DIR, started here rather than by
    // createApp so that it comes up while Herald loads; throwaway, so it never waits for the disk.
    const database = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      disposable: true,
      onEvent: (message) => logger.info(message),
      onSecret: (password) => addSecrets(logger, [password, encodeURIComponent(password)]),
    });
    if (!database.ok) {
      logger.fatal({ error: database.error }, 'the demo cannot start its database');
      return 1;
    }
    try {
      let posts = 0;
      const show = previewSink(config, terminal, (text) => text) ?? ((post) => logger.info(previewFields(post), `preview ${post.kind}`));
      const deps: AppDeps = {
        logger,
        preview: (post) => {
          posts++;
          show(post);
        },
        // The sample outlet is on loopback, which Herald otherwise refuses to fetch from: let through that one address, in this process only.
        fetchAllowAddresses: sample.allowAddresses,
      };
      const { createApp } = await loadingApp;
      // A terminal has no Telegram limits: the channel's 20 posts a minute would make the demo wait minutes.
      const created = await createApp({ ...config, databaseUrl: database.value.url, channelRate: 6000 }, deps);
      if (!created.ok) {
        logger.fatal({ error: created.error }, 'the demo cannot start');
        return 1;
      }
      const app = created.app;
      try {
        await app.runCycle();
        const { links, readers } = await openDemoPages(app);
        say(`\nThat was the demo: ${posts} posts in ${duration((performance.now() - began) / 1000)}, as Herald would publish them to your channel (readers who follow a story's topics get it privately too).`);
        if (links.length > 0) {
          const labels = ['reader settings', 'editors’ dashboard'];
          say(`The Mini App's pages, filled with the demo's stories and ${readers} invented readers (this computer only; the link's signature is made for this start):\n${links.map((l, i) => `  ${labels[i] ?? 'page'}: ${l}`).join('\n')}\nPress Ctrl-C to end the demo.`);
          await stopping;
        }
        say('Next: create a bot with @BotFather, put BOT_TOKEN and CHANNEL_ID in .env, run `npm run check`, then `npm start` (README.md, "Creating the bot").');
      } finally {
        await stop(app, logger);
      }
      return 0;
    } finally {
      await database.value.stop();
    }
  } finally {
    await sample.close().catch(() => undefined);
  }
}

/**
 * The Mini App in the demo: invented readers are added (after the posts, so none is sent
 * anything), then Herald's services start, its HTTP server among them (the demo's
 * configuration binds 127.0.0.1 on a free port, PORT=0), and the loopback links to both pages
 * come back, signed for the demo reader and editor with a key made for this start. The demo
 * prints them and keeps running until Ctrl-C. Pages that are not built: no links, the demo ends.
 */
async function openDemoPages(app: HeraldApp): Promise<{ links: string[]; readers: number }> {
  if (!existsSync(join(defaultStaticDir(), 'index.html'))) return { links: [], readers: 0 };
  // Loaded only now: it brings the stores (Kysely), which the demo's first moments do without.
  const { SAMPLE_READERS, seedSampleReaders } = await import('./demo/sample-readers.js');
  await seedSampleReaders(app.dbHandle.db, new Date());
  await app.startServices();
  return { links: app.demoPages(), readers: SAMPLE_READERS };
}

function nextStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
}

/** Like nextStopSignal, but also keeps a Ctrl-C during the demo from skipping its clean-up. */
function onceStopSignal(): Promise<void> {
  return nextStopSignal().then(() => undefined);
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
