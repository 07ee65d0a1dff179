import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { validate as validateCron } from 'node-cron';
import { z } from 'zod';

/** The outlet Herald serves when FEEDS is not set; the only outlet-specific default. */
const DEFAULT_FEEDS = 'https://caliber.az/rss.xml';

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);

const emptyToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;


const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const boolFlag = (fallback: boolean) =>
  z.preprocess(
    emptyToUndefined,
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  );

const int = (fallback: number, min: number, max: number) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: `must be a whole number from ${min} to ${max}` })
      .int({ error: `must be a whole number from ${min} to ${max}` })
      .min(min, { error: `must be at least ${min}` })
      .max(max, { error: `must be at most ${max}` })
      .default(fallback),
  );

const num = (fallback: number, min: number, max: number) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: `must be a number from ${min} to ${max}` })
      .min(min, { error: `must be at least ${min}` })
      .max(max, { error: `must be at most ${max}` })
      .default(fallback),
  );

const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { error: 'must be an IANA time zone such as Asia/Baku' },
);

/**
 * Every setting once: its environment variable, how it is read, its default and its message
 * (README.md's table documents the same). Config's keys are these names in camelCase.
 */
const settingsSchema = z.object({
  BOT_TOKEN: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, { error: 'must look like 123456:ABC… (from @BotFather)' })
      .optional(),
  ),
  BOT_API_ROOT: z.preprocess(emptyToUndefined, httpUrl.default('https://api.telegram.org')).transform((url) => url.replace(/\/+$/, '')),
  // One channel with no rule, added (or kept) at start; when it is taken out, its channel is paused (stores/channels.ts, syncConfigChannel).
  CHANNEL_ID: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^(@[A-Za-z][A-Za-z0-9_]{3,}|-?\d+)$/, { error: 'must be @channelname or a numeric id such as -1001234567890' })
      .optional(),
  ),
  ADMIN_IDS: z
    .string()
    .optional()
    .transform((v) => list(v))
    .pipe(z.array(z.string().regex(/^\d+$/, { error: 'must be comma-separated numeric Telegram user ids' })))
    .transform((ids) => ids.map(Number)),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// connection string' }).optional(),
  ),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
  FEEDS: z
    .preprocess(emptyToUndefined, z.string().default(DEFAULT_FEEDS))
    .transform((v) => list(v))
    .pipe(z.array(httpUrl)),
  FEED_TIME_ZONE: z.preprocess(emptyToUndefined, timeZone.default('Asia/Baku')),
  POLL_CRON: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('* * * * *')
      .refine((expr) => validateCron(expr), { error: 'must be a valid cron expression such as "* * * * *"' }),
  ),
  // Telegram allows about 30/s; the sender keeps every one-second window at or under SEND_RATE.
  SEND_RATE: num(30, 0.1, 1000),
  CHANNEL_RATE: num(20, 0.1, 60),
  ALLOW_PAID_BROADCAST: boolFlag(false),
  FIRST_RUN_POSTS: int(1, 0, 100),
  BACKLOG_CAP: int(10, 0, 1000),
  FETCH_TIMEOUT_MS: int(15_000, 100, 300_000),
  FETCH_MAX_BYTES: int(5 * 1024 * 1024, 1024, 100 * 1024 * 1024),
  // Private, loopback and link-local addresses are refused unless this is set (intranet feeds, tests).
  ALLOW_PRIVATE_FETCH: boolFlag(false),
  // Cap on an article page fetched for full text, and the time its extraction may take.
  ARTICLE_MAX_BYTES: int(1024 * 1024, 1024, 100 * 1024 * 1024),
  EXTRACT_TIMEOUT_MS: int(2_000, 50, 60_000),
  // Feeds fetched at once, and at once from one host (host:port).
  FETCH_CONCURRENCY: int(8, 1, 256),
  FETCH_PER_HOST: int(2, 1, 64),
  // Bounds on a feed's own refresh hints (ttl, sy:updatePeriod, max-age), in seconds.
  FEED_MIN_REFRESH_SECONDS: int(60, 1, 86_400),
  FEED_MAX_REFRESH_SECONDS: int(3600, 60, 7 * 86_400),
  // Longest back-off for a failing feed.
  FEED_MAX_BACKOFF_SECONDS: int(6 * 3600, 60, 7 * 86_400),
  // Failures in a row after which a feed is flagged for the admins.
  FEED_FAILURE_ALERT_AFTER: int(5, 1, 1000),
  // At least 3 days: corrections reach back 48 hours and digests a day.
  DELIVERY_RETENTION_DAYS: int(30, 3, 3650),
  PORT: int(8080, 0, 65535),
  // The address the HTTP server binds.
  HOST: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9.:_-]{1,255}$/, { error: 'must be a host name or an IP address to bind, such as 127.0.0.1 or ::' }).default('0.0.0.0')),
  WEBHOOK_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/, error: 'must be an https URL' }).optional()),
  WEBHOOK_SECRET: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, { error: 'must be 1-256 characters of A-Z, a-z, 0-9, _ and -' })
      .optional(),
  ),
  // The Mini App's public address (Telegram opens Mini Apps only over https); see webAppAddress below.
  WEBAPP_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https$/, error: 'must be an https URL (Telegram opens Mini Apps only over https), such as https://news.example/app' }).optional()),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  // json: one JSON line per entry (log shippers); pretty: readable lines and posts. Unset: pretty on a terminal, json otherwise.
  LOG_FORMAT: z.preprocess(emptyToUndefined, z.enum(['json', 'pretty'], { error: 'must be json or pretty' }).optional()),
});

/** SEND_RATE → sendRate, FEED_MAX_REFRESH_SECONDS → feedMaxRefreshSeconds. */
type CamelCase<Name extends string> = Name extends `${infer Head}_${infer Tail}` ? `${Lowercase<Head>}${Capitalize<CamelCase<Tail>>}` : Lowercase<Name>;
type CamelCased<T> = { [K in keyof T as K extends string ? CamelCase<K> : never]: T[K] };

function camelCased<T extends Record<string, unknown>>(settings: T): CamelCased<T> {
  const entries = Object.entries(settings).map(([name, value]) => [name.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), value]);
  return Object.fromEntries(entries) as CamelCased<T>;
}

/** How Telegram's updates reach Herald: long polling, or a webhook at `url` (WEBHOOK_URL) checked with `secret`. */
export type UpdatesMode = { mode: 'polling' } | { mode: 'webhook'; url: string; secret: string };

/** Where the Mini App pages live: `url` is what Telegram opens, `path` where Herald's HTTP server answers for it. */
export interface WebAppAddress {
  url: string;
  path: string;
  /** Taken from WEBHOOK_URL's origin because WEBAPP_URL was not set. */
  derived: boolean;
}

/** The path Herald serves the pages at when WEBAPP_URL is not set but an https WEBHOOK_URL is. */
export const DERIVED_WEBAPP_PATH = '/app';

/**
 * WEBAPP_URL, or else `<WEBHOOK_URL's origin>/app` when that is https, or else none (no pages).
 * The path must be one of its own: not the root, /healthz, /metrics or the webhook's path.
 */
function webAppAddress(webAppUrl: string | undefined, webhookUrl: string | undefined): { address: WebAppAddress | null; problem?: string } {
  let address: WebAppAddress | null = null;
  if (webAppUrl) {
    const url = new URL(webAppUrl);
    address = { url: webAppUrl, path: url.pathname.replace(/\/+$/, ''), derived: false };
  } else if (webhookUrl && new URL(webhookUrl).protocol === 'https:') {
    const origin = new URL(webhookUrl).origin;
    address = { url: `${origin}${DERIVED_WEBAPP_PATH}`, path: DERIVED_WEBAPP_PATH, derived: true };
  }
  if (!address) return { address: null };
  const webhookPath = webhookUrl ? new URL(webhookUrl).pathname.replace(/\/+$/, '') : null;
  const taken = ['', '/healthz', '/metrics', ...(webhookPath !== null ? [webhookPath] : [])];
  const clash = taken.find((p) => address.path === p || (p !== '' && address.path.startsWith(`${p}/`)) || (p !== '' && p.startsWith(`${address.path}/`)));
  if (clash !== undefined) return { address: null, problem: clash === '' ? 'needs a path of its own, such as https://news.example/app' : `its path must not be ${clash} or overlap it` };
  return { address };
}

/**
 * The settings as the code reads them: camelCase, plus what follows from several at once.
 * A setting that depends on no other needs nothing here.
 */
const configSchema = settingsSchema.transform((e, ctx) => {
  if (e.WEBHOOK_URL && !e.BOT_TOKEN) ctx.addIssue({ code: 'custom', path: ['WEBHOOK_URL'], message: 'needs BOT_TOKEN to be set' });
  if (e.WEBHOOK_URL && !e.WEBHOOK_SECRET) ctx.addIssue({ code: 'custom', path: ['WEBHOOK_SECRET'], message: 'required when WEBHOOK_URL is set' });
  const webApp = webAppAddress(e.WEBAPP_URL, e.WEBHOOK_URL);
  if (webApp.problem) ctx.addIssue({ code: 'custom', path: ['WEBAPP_URL'], message: webApp.problem });
  const { webhookUrl, webhookSecret, webappUrl: _webAppUrl, ...settings } = camelCased(e);
  const updates: UpdatesMode = webhookUrl && webhookSecret ? { mode: 'webhook', url: webhookUrl, secret: webhookSecret } : { mode: 'polling' };
  return {
    ...settings,
    /** No token: everything runs, posts are printed instead of sent. */
    preview: e.BOT_TOKEN === undefined,
    // Paid broadcasts lift Telegram's 30/s, so the sender may go up to their 1000/s.
    sendRate: e.ALLOW_PAID_BROADCAST ? Math.max(e.SEND_RATE, 1000) : e.SEND_RATE,
    feedMaxRefreshSeconds: Math.max(e.FEED_MAX_REFRESH_SECONDS, e.FEED_MIN_REFRESH_SECONDS),
    updates,
    /** The Mini App's address, or null: no pages, no menu button (in preview mode a loopback demo runs instead). */
    webApp: webApp.address,
  };
});

export type Config = z.output<typeof configSchema>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Validates the whole environment at once so that every problem is reported in one go, each naming its variable. */
export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return { ok: true, config: parsed.data };
  const problems = parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`);
  return { ok: false, problems };
}

/** Reads `.env` (when present) beneath the real environment, which wins. */
export function loadEnv(path = '.env'): Record<string, string | undefined> {
  if (existsSync(path)) {
    const fromFile = parseEnv(readFileSync(path, 'utf8'));
    return { ...fromFile, ...process.env };
  }
  return { ...process.env };
}
