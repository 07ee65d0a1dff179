/**
 * Logs keep errors readable and secrets out: an Error is logged with its message, stack and
 * causes, and the bot token and database password appear nowhere, in the library logger and
 * in what the real Herald process prints when it cannot start or crashes.
 */
import { captureLog, type LogLine } from '../helpers/log-capture.js';
import { once } from 'node:events';
import { HttpError } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createApp, type HeraldApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { addSecrets, createLogger, createScrubber, passwordOf, secretsOf } from '../../src/logger.js';
import { embeddedDbUrl, freshDataDir } from '../db/support.js';
import { runHeraldOnce, startHerald } from '../helpers/run-herald.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

const TOKEN = '123456789:AAHsecretTokenThatMustNeverBePrinted';
// A quote and a backslash: JSON escapes them, so the scrub must find the escaped form too.
const PASSWORD = 'pw"with\\odd-chars';
const DATABASE_URL = `postgres://herald:${encodeURIComponent(PASSWORD)}@db.internal:5432/herald`;

function expectNoSecret(text: string): void {
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain('AAHsecretToken');
  expect(text).not.toContain('odd-chars');
}

describe('the logger, with the token and the password configured', () => {
  const { raw, destination, lines } = captureLog();
  const logger = createLogger({ level: 'debug', secrets: secretsOf(TOKEN, DATABASE_URL), destination });

  it('logs an Error with its message and stack, under err, error or any key, nested too', () => {
    raw.length = 0;
    logger.error({ err: new Error('feed fetch failed') }, 'poll failed');
    logger.warn({ error: new TypeError('bad item') }, 'item skipped');
    logger.warn({ feed: 3, context: { attempts: [1, { failure: new RangeError('too big') }] } }, 'nested');
    const [first, second, third] = lines();
    expect(first).toMatchObject({ msg: 'poll failed', err: { type: 'Error', message: 'feed fetch failed' } });
    expect(String((first!.err as { stack: string }).stack)).toMatch(/^Error: feed fetch failed\n\s+at .*logs\.test\.ts/);
    expect(second).toMatchObject({ error: { type: 'TypeError', message: 'bad item', stack: expect.stringContaining('TypeError: bad item') } });
    expect(third).toMatchObject({ feed: 3, context: { attempts: [1, { failure: { type: 'RangeError', message: 'too big', stack: expect.stringContaining('logs.test.ts') } }] } });
  });

  it('keeps the cause of an error, and scrubs the token out of it', () => {
    raw.length = 0;
    const cause = new Error(`request to https://api.telegram.org/bot${TOKEN}/sendMessage failed, reason: ECONNRESET`);
    logger.error({ err: new Error('could not send', { cause }) }, 'send failed');
    const [line] = lines();
    const err = line!.err as { message: string; stack: string };
    expect(err.message).toBe('could not send: request to https://api.telegram.org/bot[redacted]/sendMessage failed, reason: ECONNRESET');
    expect(err.stack).toMatch(/Error: could not send\n[\s\S]*caused by: Error: request to https:\/\/api\.telegram\.org\/bot\[redacted\]\/sendMessage failed/);
    expectNoSecret(raw.join(''));
  });

  it('scrubs the token from an error’s message wherever it ends up: msg, message, stack, the error grammY wraps', () => {
    raw.length = 0;
    const leaky = new Error(`GET https://api.telegram.org/bot${TOKEN}/getMe: 401`);
    logger.error(leaky);
    logger.error({ err: leaky });
    logger.error({ err: new HttpError("Network request for 'getMe' failed!", new Error(`request to https://api.telegram.org/bot${TOKEN}/getMe failed`)) }, 'grammY');
    logger.error({ err: new Error(`password authentication failed: ${PASSWORD}`) }, `connecting to ${DATABASE_URL}`);
    const all = raw.join('');
    expectNoSecret(all);
    expect(all).not.toContain(encodeURIComponent(PASSWORD));
    const [bare, keyed, grammy, database] = lines();
    expect(bare).toMatchObject({ msg: 'GET https://api.telegram.org/bot[redacted]/getMe: 401', err: { message: 'GET https://api.telegram.org/bot[redacted]/getMe: 401' } });
    expect((bare!.err as { stack: string }).stack).toContain('bot[redacted]/getMe');
    expect(keyed).toMatchObject({ msg: 'GET https://api.telegram.org/bot[redacted]/getMe: 401' });
    expect(grammy).toMatchObject({ err: { type: 'HttpError', message: "Network request for 'getMe' failed!", error: { message: 'request to https://api.telegram.org/bot[redacted]/getMe failed' } } });
    expect(database).toMatchObject({ err: { message: 'password authentication failed: [redacted]' } });
  });

  it('survives a cycle and keeps every line JSON', () => {
    raw.length = 0;
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    const err = new Error('with a loop') as Error & { detail?: unknown };
    err.detail = loop;
    logger.error({ err, loop }, 'cyclic');
    expect(lines()[0]).toMatchObject({ err: { message: 'with a loop', detail: { name: 'loop' } }, loop: { name: 'loop' } });
  });
});

describe('the scrubber Herald prints with before its logger exists', () => {
  it('blanks the token and the password, decoded and as written in the URL', () => {
    const scrub = createScrubber(secretsOf(TOKEN, DATABASE_URL));
    expect(scrub(`token ${TOKEN}, url ${DATABASE_URL}, password ${PASSWORD}`)).toBe('token [redacted], url postgres://herald:[redacted]@db.internal:5432/herald, password [redacted]');
    expect(passwordOf('postgres://u:p%zz-not-encoded@h/db')).toBe('p%zz-not-encoded');
  });
});

describe('secrets learnt after the logger was made', () => {
  it('addSecrets scrubs them from the logger and from every child, made before or after', () => {
    const { raw, destination, lines } = captureLog();
    const logger = createLogger({ level: 'info', secrets: [TOKEN], destination });
    const before = logger.child({ part: 'sender' });
    before.info('generated-password-xyz not known yet');
    addSecrets(logger, ['generated-password-xyz', undefined]);
    const after = logger.child({ part: 'poll' });
    for (const log of [logger, before, after]) log.error({ err: new Error('auth failed for generated-password-xyz') }, 'postgres://herald:generated-password-xyz@localhost/herald');
    expect(raw[0]).toContain('generated-password-xyz');
    const later = raw.slice(1).join('');
    expect(later).not.toContain('generated-password-xyz');
    for (const line of lines().slice(1)) expect(line).toMatchObject({ msg: 'postgres://herald:[redacted]@localhost/herald', err: { message: 'auth failed for [redacted]' } });
    expect(lines().slice(1).map((line) => line.part)).toEqual([undefined, 'sender', 'poll']);
  });

  it('refuses a logger it cannot reach, rather than scrubbing nothing', () => {
    expect(() => addSecrets({} as Parameters<typeof addSecrets>[0], ['x-secret-1'])).toThrow(/createLogger/);
  });
});

describe('the embedded server’s generated password', () => {
  let data: Awaited<ReturnType<typeof freshDataDir>>;
  let app: HeraldApp | undefined;
  const { raw, destination } = captureLog();

  beforeAll(async () => {
    data = await freshDataDir();
  });
  afterAll(async () => {
    await app?.stop();
    await data?.remove();
  });

  it('is scrubbed from every line once Herald has started its server, as it is and inside a connection string', async () => {
    // No DATABASE_URL: the logger starts with no password to scrub; the server generates one.
    const parsed = parseConfig({ DATA_DIR: data.dir, PORT: '0', HOST: '127.0.0.1', FEEDS: 'http://127.0.0.1:1/rss.xml' });
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    expect(parsed.config.databaseUrl).toBeUndefined();
    const logger = createLogger({ level: 'info', secrets: secretsOf(parsed.config.botToken, parsed.config.databaseUrl), destination });
    const sender = logger.child({ part: 'sender' });
    const started = await createApp(parsed.config, { logger, previewWrite: () => undefined });
    if (!started.ok) throw new Error(started.error);
    app = started.app;
    const password = (await readFile(join(data.dir, 'postgres-password'), 'utf8')).trim();
    const url = await embeddedDbUrl(data.dir);
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(url).toContain(encodeURIComponent(password));

    raw.length = 0;
    logger.error({ err: new Error(`connect ${url} failed`, { cause: new Error(`password ${password} rejected`) }) }, `database ${url}`);
    sender.warn({ detail: { password: password.split('').join(''), url } }, `the pool lost ${url}`);
    const output = raw.join('');
    expect(output).not.toContain(password);
    expect(output).not.toContain(encodeURIComponent(password));
    expect(output).toContain('postgres://herald:[redacted]@localhost:5432/herald');
  }, 60_000);
});

describe('the real Herald process prints no secret when it fails', () => {
  // Port 1 on loopback: nothing listens there, a connection is refused at once.
  const CLOSED = 'http://127.0.0.1:1';
  let testDb: TestDb;

  beforeAll(async () => {
    testDb = await createTestDb();
  });
  afterAll(async () => {
    await testDb?.close();
  });

  it('cannot reach the database: exits non-zero, says why, and prints neither token nor password', async () => {
    const run = await runHeraldOnce({ BOT_TOKEN: TOKEN, DATABASE_URL: `postgres://herald:${encodeURIComponent(PASSWORD)}@127.0.0.1:1/herald`, FEEDS: `${CLOSED}/rss.xml`, PORT: '0' });
    const output = run.stdout + run.stderr;
    expect(run.code).not.toBe(0);
    expectNoSecret(output);
    expect(output).not.toContain(encodeURIComponent(PASSWORD));
    const fatal = jsonLines(output).find((line) => line.level === 60);
    expect(JSON.stringify(fatal)).toMatch(/ECONNREFUSED/);
  }, 60_000);

  it('crashes after starting (the webhook cannot be set): logs the error readably through the scrubbing logger, then stops and exits 1', async () => {
    // The database URL carries a password: the server's own, or ours where the server trusts loopback and ignores it.
    const database = withPassword(testDb.url, PASSWORD);
    const herald = startHerald({
      BOT_TOKEN: TOKEN,
      BOT_API_ROOT: CLOSED,
      WEBHOOK_URL: 'https://herald.example/telegram',
      WEBHOOK_SECRET: 'loopback-secret_123',
      FEEDS: `${CLOSED}/rss.xml`,
      PORT: '0',
      DATABASE_URL: database.url,
    });
    const exited = (once(herald.child, 'close') as Promise<[number | null]>).then(([code]) => code);
    const limit = new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 45_000).unref());
    const outcome = await Promise.race([exited, limit]);
    if (outcome === 'still running') await herald.stop();
    const output = herald.output();
    expect(outcome, `Herald did not exit after crashing:\n${output.slice(-2000)}`).toBe(1);
    expectNoSecret(output);
    expect(output).not.toContain(database.password);
    const crash = jsonLines(output).find((line) => line.msg === 'Herald crashed');
    expect(crash, output.slice(-2000)).toMatchObject({
      level: 60,
      err: {
        type: 'HttpError',
        message: "Network request for 'setWebhook' failed!",
        stack: expect.stringContaining('HttpError'),
        error: { message: expect.stringMatching(/^request to http:\/\/127\.0\.0\.1:1\/bot\[redacted\]\/setWebhook failed, reason: .*ECONNREFUSED/) },
      },
    });
  }, 60_000);
});

function jsonLines(output: string): LogLine[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

/** The URL with a password (its own if it has one), and that password as Herald would know it. */
function withPassword(url: string, fallback: string): { url: string; password: string } {
  const parsed = new URL(url);
  if (!parsed.password) parsed.password = encodeURIComponent(fallback);
  return { url: parsed.toString(), password: decodeURIComponent(parsed.password) };
}
