import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, passwordOf } from '../../src/logger.js';

const TOKEN = '123456789:AAHsecretTokenThatMustNeverBePrinted';
const DB_URL = 'postgres://herald:s3cr%40t-pass@db.internal:5432/herald';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

describe('logs never print the bot token or the database password', () => {
  it('scrubs them from messages, fields, nested objects, errors and child loggers, and logs JSON', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: 'debug', secrets: [TOKEN, passwordOf(DB_URL)], destination });
    const child = logger.child({ part: 'poll', pollRun: 1 });
    logger.info(`calling https://api.telegram.org/bot${TOKEN}/getMe`);
    logger.info({ url: `https://api.telegram.org/bot${TOKEN}/sendMessage`, nested: { deep: { text: `token ${TOKEN}` } } }, 'request');
    child.warn({ err: new Error(`connect to ${DB_URL.replace('%40', '@')} failed`) }, 'database error');
    logger.info({ config: { databaseUrl: DB_URL }, token: TOKEN, password: 's3cr@t-pass' }, 'config');
    const all = lines.join('');
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain('AAHsecretToken');
    expect(all).not.toContain('s3cr@t-pass');
    expect(all).not.toContain('s3cr%40t-pass');
    expect(all).toContain('[redacted]');
    expect(JSON.parse(lines[2]!)).toMatchObject({ part: 'poll', pollRun: 1, msg: 'database error' });
  });

  it('reads the password out of a connection string', () => {
    expect(passwordOf(DB_URL)).toBe('s3cr@t-pass');
    expect(passwordOf('postgres://herald@db/herald')).toBeUndefined();
    expect(passwordOf(undefined)).toBeUndefined();
  });
});
