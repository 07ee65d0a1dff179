import { isIP } from 'node:net';
import { parseConfig, type Config } from '../config.js';
import { blockedAddress } from '../news/address-policy.js';
import { createGuardedFetch } from '../news/guarded-fetch.js';
import { checkDatabase } from './database.js';
import { checkFeed } from './feeds.js';
import { fail, formatLine, pass, skip, type CheckLine } from './lines.js';
import { checkTelegram } from './telegram.js';
import { checkWebAppServed } from './web-app-served.js';

export interface CheckOptions {
  /** Where the lines go (main.ts scrubs secrets from them). */
  write: (text: string) => void;
  /** ✓ green, ✗ red: for a terminal. */
  color: boolean;
  userAgent: string;
  now?: () => Date;
  /** Per Bot API request (default 10 s). */
  telegramTimeoutSeconds?: number;
  /** For the database's first answer (default 10 s). */
  databaseTimeoutMs?: number;
  /** Where the Mini App's built pages are (main.ts passes the web room's own answer). */
  webPagesDir?: string;
}

export interface CheckResult {
  lines: CheckLine[];
  /** 0 when every check passed (skipped ones included), else 1. */
  code: number;
}

/** Feeds fetched at once. */
const FEED_CONCURRENCY = 4;

/**
 * `npm run check`: is this setup right? In order, one line each: the configuration, the
 * database, BOT_TOKEN, CHANNEL_ID, each active channel editors added with /channels, each editor, how updates arrive, each feed, WEBAPP_URL.
 * Each line is written as soon as it is known. Nothing is sent, registered or stored.
 */
export async function runCheck(env: Record<string, string | undefined>, options: CheckOptions): Promise<CheckResult> {
  const lines: CheckLine[] = [];
  const say = (line: CheckLine) => {
    lines.push(line);
    options.write(`${formatLine(line, options.color)}\n`);
  };
  const now = options.now ?? (() => new Date());
  const parsed = parseConfig(env);
  if (!parsed.ok) {
    for (const problem of parsed.problems) {
      const [name, ...rest] = problem.split(': ');
      say(fail(name ?? 'configuration', `${rest.join(': ') || problem} (fix it in the environment or in .env)`));
    }
    say(skip('the rest', 'not checked until the configuration is valid'));
    return finish(lines, options);
  }
  const config = parsed.config;
  say(pass('configuration', describeConfig(config)));
  const database = await checkDatabase(config, { timeoutMs: options.databaseTimeoutMs ?? 10_000 });
  say(database.line);
  for (const line of await checkTelegram(config, { timeoutSeconds: options.telegramTimeoutSeconds ?? 10, now, channels: database.channels })) say(line);
  const guardedFetch = createGuardedFetch({ allowPrivate: config.allowPrivateFetch });
  try {
    const results = runInOrder(config.feeds, FEED_CONCURRENCY, (url) => checkFeed(url, config, { guardedFetch, userAgent: options.userAgent, now }));
    for (const result of results) say(await result);
    if (config.feeds.length === 0) say(fail('FEEDS', 'no feed configured: set FEEDS to the outlet\'s RSS or Atom URL(s)'));
  } finally {
    void guardedFetch.close().catch(() => undefined);
  }
  const webApp = webAppOf(config, env);
  if (webApp) {
    const address = checkWebApp(webApp);
    say(address);
    if (address.status === 'pass' && options.webPagesDir) {
      // The one request to this machine's own Herald: let through to loopback, nothing else.
      const local = createGuardedFetch({ allowPrivate: false, allowAddresses: ['127.0.0.1'] });
      try {
        for (const line of await checkWebAppServed(webApp, { port: config.port, pagesDir: options.webPagesDir, guardedFetch: local, timeoutMs: 3_000 })) say(line);
      } finally {
        await local.close();
      }
    }
  }
  return finish(lines, options);
}

function finish(lines: CheckLine[], options: CheckOptions): CheckResult {
  const failed = lines.filter((l) => l.status === 'fail').length;
  const checked = lines.filter((l) => l.status !== 'skip').length;
  options.write(failed === 0 ? `\nAll ${checked} checks passed.\n` : `\n${failed} of ${checked} checks failed: fix the lines marked ✗ and run the check again.\n`);
  return { lines, code: failed === 0 ? 0 : 1 };
}

function describeConfig(config: Config): string {
  const mode = config.preview ? 'preview mode (no BOT_TOKEN: posts are printed, nothing is sent)' : 'live';
  const updates = config.updates.mode === 'webhook' ? 'updates by webhook' : 'updates by long polling';
  return `valid; ${mode}${config.preview ? '' : `, ${updates}`}; ${config.feeds.length} feed${config.feeds.length === 1 ? '' : 's'}`;
}

/** The Mini App's address as the configuration reads it (WEBAPP_URL, or WEBHOOK_URL's origin), else WEBAPP_URL as given. */
function webAppOf(config: Config, env: Record<string, string | undefined>): { url: string; path: string; derived: boolean } | null {
  const fromConfig = (config as Config & { webApp?: { url: string; path: string; derived: boolean } | null }).webApp;
  if (fromConfig) return fromConfig;
  const raw = env.WEBAPP_URL?.trim();
  if (!raw) return null;
  let path = '/';
  try {
    path = new URL(raw).pathname;
  } catch {
    // checkWebApp says what is wrong with it.
  }
  return { url: raw, path, derived: false };
}

function checkWebApp(webApp: { url: string; path: string; derived: boolean }): CheckLine {
  const subject = webApp.derived ? 'WEBAPP_URL (from WEBHOOK_URL)' : 'WEBAPP_URL';
  let url: URL;
  try {
    url = new URL(webApp.url);
  } catch {
    return fail(subject, `${webApp.url} is not a URL: set it to the public https address of Herald's pages, such as https://news.example/app`);
  }
  if (url.protocol !== 'https:') return fail(subject, `${webApp.url} is not https: Telegram opens Mini Apps only from https addresses; put Herald's pages behind an https proxy`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const privateHost = host === 'localhost' || host.endsWith('.localhost') || (isIP(host) !== 0 && blockedAddress(host) !== null);
  if (privateHost) return fail(subject, `${webApp.url} is a private address: readers' Telegram apps cannot open it; use the public https address`);
  return pass(subject, `${webApp.url}: https; Herald serves the pages at ${webApp.path || '/'} on its PORT (behind your https proxy)`);
}

/** Starts at most `limit` tasks at once and hands back their results in the order of `items`. */
function runInOrder<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R>[] {
  const results: Promise<R>[] = [];
  let running = 0;
  const queue: (() => void)[] = [];
  const slot = () =>
    new Promise<void>((resolve) => {
      if (running < limit) {
        running++;
        resolve();
      } else queue.push(() => resolve());
    });
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else running--;
  };
  for (const item of items) {
    results.push(slot().then(() => task(item).finally(release)));
  }
  return results;
}
