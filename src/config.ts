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

const envSchema = z.object({
  BOT_TOKEN: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, { error: 'must look like 123456:ABC… (from @BotFather)' })
      .optional(),
  ),
  BOT_API_ROOT: z.preprocess(emptyToUndefined, httpUrl.default('https://api.telegram.org')),
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
  ARTICLE_MAX_BYTES: int(1024 * 1024, 1024, 100 * 1024 * 1024),
  EXTRACT_TIMEOUT_MS: int(2_000, 50, 60_000),
  FETCH_CONCURRENCY: int(8, 1, 256),
  FETCH_PER_HOST: int(2, 1, 64),
  FEED_MIN_REFRESH_SECONDS: int(60, 1, 86_400),
  FEED_MAX_REFRESH_SECONDS: int(3600, 60, 7 * 86_400),
  FEED_MAX_BACKOFF_SECONDS: int(6 * 3600, 60, 7 * 86_400),
  FEED_FAILURE_ALERT_AFTER: int(5, 1, 1000),
  // At least 3 days: corrections reach back 48 hours and digests a day.
  DELIVERY_RETENTION_DAYS: int(30, 3, 3650),
  PORT: int(8080, 0, 65535),
  HOST: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9.:_-]{1,255}$/, { error: 'must be a host name or an IP address to bind, such as 127.0.0.1 or ::' }).default('0.0.0.0')),
  WEBHOOK_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/, error: 'must be an https URL' }).optional()),
  WEBHOOK_SECRET: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, { error: 'must be 1-256 characters of A-Z, a-z, 0-9, _ and -' })
      .optional(),
  ),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
});

type Env = z.infer<typeof envSchema>;

export interface Config {
  botToken: string | undefined;
  /** No token: everything runs, posts are printed instead of sent. */
  preview: boolean;
  botApiRoot: string;
  channelId: string | undefined;
  adminIds: number[];
  databaseUrl: string | undefined;
  dataDir: string;
  feeds: string[];
  feedTimeZone: string;
  pollCron: string;
  sendRate: number;
  channelRate: number;
  allowPaidBroadcast: boolean;
  firstRunPosts: number;
  backlogCap: number;
  fetchTimeoutMs: number;
  fetchMaxBytes: number;
  /** Lifts the refusal of loopback, private and link-local addresses in every outbound fetch. */
  allowPrivateFetch: boolean;
  /** Cap on an article page fetched for full text, and the time its extraction may take. */
  articleMaxBytes: number;
  extractTimeoutMs: number;
  /** Feeds fetched at once, and at once from one host (host:port). */
  fetchConcurrency: number;
  fetchPerHost: number;
  /** Bounds on a feed's own refresh hints (ttl, sy:updatePeriod, max-age), in seconds. */
  feedMinRefreshSeconds: number;
  feedMaxRefreshSeconds: number;
  /** Longest back-off for a failing feed. */
  feedMaxBackoffSeconds: number;
  /** Failures in a row after which a feed is flagged for the admins. */
  feedFailureAlertAfter: number;
  deliveryRetentionDays: number;
  port: number;
  /** The address the HTTP server binds. */
  host: string;
  webhookUrl: string | undefined;
  webhookSecret: string | undefined;
  logLevel: Env['LOG_LEVEL'];
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Validates the whole environment at once so that every problem is reported in one go. */
export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      return `${name}: ${issue.message}`;
    });
    return { ok: false, problems };
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.WEBHOOK_URL && !e.BOT_TOKEN) problems.push('WEBHOOK_URL: needs BOT_TOKEN to be set');
  if (e.WEBHOOK_URL && !e.WEBHOOK_SECRET) problems.push('WEBHOOK_SECRET: required when WEBHOOK_URL is set');
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      botToken: e.BOT_TOKEN,
      preview: e.BOT_TOKEN === undefined,
      botApiRoot: e.BOT_API_ROOT.replace(/\/+$/, ''),
      channelId: e.CHANNEL_ID,
      adminIds: e.ADMIN_IDS,
      databaseUrl: e.DATABASE_URL,
      dataDir: e.DATA_DIR,
      feeds: e.FEEDS,
      feedTimeZone: e.FEED_TIME_ZONE,
      pollCron: e.POLL_CRON,
      sendRate: e.ALLOW_PAID_BROADCAST ? Math.max(e.SEND_RATE, 1000) : e.SEND_RATE,
      channelRate: e.CHANNEL_RATE,
      allowPaidBroadcast: e.ALLOW_PAID_BROADCAST,
      firstRunPosts: e.FIRST_RUN_POSTS,
      backlogCap: e.BACKLOG_CAP,
      fetchTimeoutMs: e.FETCH_TIMEOUT_MS,
      fetchMaxBytes: e.FETCH_MAX_BYTES,
      allowPrivateFetch: e.ALLOW_PRIVATE_FETCH,
      articleMaxBytes: e.ARTICLE_MAX_BYTES,
      extractTimeoutMs: e.EXTRACT_TIMEOUT_MS,
      fetchConcurrency: e.FETCH_CONCURRENCY,
      fetchPerHost: e.FETCH_PER_HOST,
      feedMinRefreshSeconds: e.FEED_MIN_REFRESH_SECONDS,
      feedMaxRefreshSeconds: Math.max(e.FEED_MAX_REFRESH_SECONDS, e.FEED_MIN_REFRESH_SECONDS),
      feedMaxBackoffSeconds: e.FEED_MAX_BACKOFF_SECONDS,
      feedFailureAlertAfter: e.FEED_FAILURE_ALERT_AFTER,
      deliveryRetentionDays: e.DELIVERY_RETENTION_DAYS,
      port: e.PORT,
      host: e.HOST,
      webhookUrl: e.WEBHOOK_URL,
      webhookSecret: e.WEBHOOK_SECRET,
      logLevel: e.LOG_LEVEL,
    },
  };
}

/** Reads `.env` (when present) beneath the real environment, which wins. */
export function loadEnv(path = '.env'): Record<string, string | undefined> {
  if (existsSync(path)) {
    const fromFile = parseEnv(readFileSync(path, 'utf8'));
    return { ...fromFile, ...process.env };
  }
  return { ...process.env };
}
