import { createRequire } from 'node:module';
import { types } from 'node:util';
import { pino, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';

export type { Logger };

const REDACTED = '[redacted]';

/** Shorter "secrets" would blank ordinary words and numbers all over the logs. */
const MIN_SECRET_LENGTH = 6;

/** Errors nested deeper than this inside a logged object are left to pino as they are. */
const MAX_DEPTH = 8;

/** Replaces every occurrence of a secret in a text with [redacted]. */
export type Scrubber = (text: string) => string;

/**
 * The one scrub of secrets, for log lines and for anything printed before the logger
 * exists. Longest secret first, so a secret that contains another goes whole.
 */
export function createScrubber(secrets: readonly (string | undefined)[]): Scrubber {
  const known = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
  if (known.length === 0) return (text) => text;
  return (text) => known.reduce((scrubbed, secret) => scrubbed.split(secret).join(REDACTED), text);
}

/**
 * What must never be printed: the bot token and the database password, the latter both
 * decoded and as written in the URL (a driver may echo either).
 */
export function secretsOf(botToken: string | undefined, databaseUrl: string | undefined): string[] {
  const raw = rawPasswordOf(databaseUrl);
  return [botToken, raw, passwordOf(databaseUrl)].filter((s): s is string => s !== undefined);
}

/**
 * Secrets never reach logs. Two steps, in this order:
 * 1. formatters.log turns every Error in the logged object (under `err`, `error` or any
 *    key, nested in objects and errors, with its `cause`) into pino's standard
 *    { type, message, stack, … }, so nothing is lost to JSON.stringify(error) === '{}';
 * 2. hooks.streamWrite scrubs the finished line, so the message, child bindings, error
 *    messages and stacks are all covered, however they got into the line.
 * grammY error messages and request URLs can embed the token; driver errors the password.
 */
export function createLogger(options: {
  level: string;
  secrets?: (string | undefined)[];
  destination?: pino.DestinationStream;
  /** 'pretty': readable lines (pino-pretty) made from the scrubbed JSON line; 'json' (default): the JSON line itself. */
  format?: LogFormat;
  /** Colours in pretty lines (a terminal). */
  color?: boolean;
}): Logger {
  // The line is JSON: a secret appears in it as JSON escapes it (quotes and backslashes).
  const known: string[] = [];
  let scrubLine: Scrubber = (line) => line;
  const add = (secrets: readonly (string | undefined)[]): void => {
    known.push(...secrets.filter((s): s is string => typeof s === 'string').map((s) => JSON.stringify(s).slice(1, -1)));
    scrubLine = createScrubber(known);
  };
  add(options.secrets ?? []);
  const logger = pino(
    {
      level: options.level,
      redact: { paths: ['token', 'botToken', 'password', '*.token', '*.botToken', '*.password', 'config.databaseUrl'], censor: REDACTED },
      // Already done, deeply, by formatters.log; serialising the result again would name every error's type "Object".
      serializers: { err: (value: unknown) => value },
      formatters: {
        log: (object) => serializeErrorsIn(object),
      },
      hooks: {
        streamWrite: (line) => scrubLine(line),
      },
    },
    // Synchronous by default: main ends with process.exit, and a line still buffered then (the
    // "cannot start" reason, say, written into a pipe) would be lost.
    options.format === 'pretty' ? prettyDestination(options.destination, options.color ?? false) : (options.destination ?? pino.destination({ dest: 1, sync: true })),
  );
  // pino makes a child with Object.create(parent), so every child finds this too.
  Object.defineProperty(logger, ADD_SECRETS, { value: add });
  return logger;
}

const ADD_SECRETS = Symbol('herald.addSecrets');

/**
 * Secrets learnt after the logger was made (the embedded server's generated password, read
 * when the server starts) join what every line is scrubbed of: lines of this logger and of
 * all its children, made before or after.
 */
export function addSecrets(logger: Logger, secrets: readonly (string | undefined)[]): void {
  const add = (logger as unknown as Record<symbol, ((secrets: readonly (string | undefined)[]) => void) | undefined>)[ADD_SECRETS];
  if (!add) throw new Error('addSecrets needs a logger made by createLogger');
  add(secrets);
}

export type LogFormat = 'json' | 'pretty';

/**
 * LOG_FORMAT when set, else pretty on a terminal and JSON anywhere else (containers, log
 * shippers, pipes). `isTTY` is stdout's, passed in so tests can decide it.
 */
export function chooseLogFormat(setting: LogFormat | undefined, isTTY: boolean): LogFormat {
  return setting ?? (isTTY ? 'pretty' : 'json');
}

/**
 * Readable lines, written synchronously like the JSON ones. pino hands over each line after
 * hooks.streamWrite has scrubbed it, so the pretty line is made from the scrubbed JSON.
 */
function prettyDestination(destination: pino.DestinationStream | undefined, color: boolean): pino.DestinationStream {
  // Loaded only for pretty lines (a terminal): a Herald logging JSON never holds pino-pretty.
  const { prettyFactory } = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
  const pretty = prettyFactory({ colorize: color, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true });
  const sink = destination ?? pino.destination({ dest: 1, sync: true });
  return { write: (line: string) => sink.write(pretty(line)) };
}

/** The password of a connection string, decoded, to be scrubbed like the token. */
export function passwordOf(databaseUrl: string | undefined): string | undefined {
  const raw = rawPasswordOf(databaseUrl);
  if (raw === undefined) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    // Not valid percent-encoding: drivers take it as written.
    return raw;
  }
}

function rawPasswordOf(databaseUrl: string | undefined): string | undefined {
  if (!databaseUrl) return undefined;
  try {
    return new URL(databaseUrl).password || undefined;
  } catch {
    return undefined;
  }
}

function serializeErrorsIn(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const path = new Set<object>([object]);
  for (const [key, value] of Object.entries(object)) out[key] = serializeErrors(value, 1, path);
  return out;
}

/**
 * Errors become plain { type, message, stack, …their own fields } (pino's err serializer:
 * causes are appended to message and stack). Plain objects and arrays are walked for
 * errors; anything else (dates, buffers, class instances) is left for pino to stringify.
 * `path` holds the objects being walked, so a cycle ends in "[Circular]".
 */
function serializeErrors(value: unknown, depth: number, path: Set<object>): unknown {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  const isError = value instanceof Error || types.isNativeError(value);
  if (!isError && !Array.isArray(value) && !isPlainObject(value)) return value;
  if (path.has(value)) return '[Circular]';
  path.add(value);
  try {
    if (Array.isArray(value)) return value.map((entry) => serializeErrors(entry, depth + 1, path));
    const source = isError ? (pino.stdSerializers.err(value as Error) as unknown as Record<string, unknown>) : (value as Record<string, unknown>);
    const out: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(source)) out[key] = serializeErrors(entry, depth + 1, path);
    return out;
  } finally {
    path.delete(value);
  }
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
