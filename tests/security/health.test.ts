/**
 * /healthz tells anyone who can reach it only short fixed reasons; the details go to the
 * log. HOST decides which address Herald's HTTP server listens on.
 */
import { captureLog } from '../helpers/log-capture.js';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type HeraldApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { createDb, type DbHandle } from '../../src/db/create-db.js';
import { createLogger, secretsOf } from '../../src/logger.js';
import { createOperations, type Operations } from '../../src/server/operations.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

describe('/healthz with the database unreachable', () => {
  // Port 1 on loopback: nothing listens there, the driver's error names host and port.
  const USER = 'herald_private_user';
  const PASSWORD = 'health-check-password';
  const DATABASE = 'herald_private_db';
  const DATABASE_URL = `postgres://${USER}:${PASSWORD}@127.0.0.1:1/${DATABASE}`;
  const log = captureLog();
  let unreachable: DbHandle;
  let ops: Operations;

  beforeAll(async () => {
    unreachable = createDb({ databaseUrl: DATABASE_URL });
    const logger = createLogger({ level: 'info', secrets: secretsOf(undefined, DATABASE_URL), destination: log.destination });
    ops = createOperations(
      { port: 0, host: '127.0.0.1', updates: { mode: 'polling' }, health: { startupGraceSeconds: 0 }, tickMs: 3_600_000 },
      { db: unreachable.db, logger, now: () => new Date(), bot: null, isSending: () => false },
    );
    await ops.start();
  });
  afterAll(async () => {
    await ops?.stop();
    await unreachable?.close();
  });

  it('answers 503 with the short reason only: no driver text, no host, port, user or database name', async () => {
    const response = await fetch(`http://127.0.0.1:${ops.port}/healthz`);
    const text = await response.text();
    expect(response.status).toBe(503);
    expect(JSON.parse(text)).toEqual({ status: 'unhealthy', ok: false, problems: ['database unreachable'], database: 'unreachable', lastPollAgeSeconds: null, senderHeartbeatAgeSeconds: null });
    for (const internal of ['ECONNREFUSED', 'connect', '127.0.0.1', ':1', USER, PASSWORD, DATABASE]) expect(text).not.toContain(internal);
  });

  it('logs the details for the operator (scrubbed like every line)', async () => {
    await fetch(`http://127.0.0.1:${ops.port}/healthz`);
    const logged = log.lines().find((line) => line.msg === 'health check: the database did not answer');
    expect(logged).toMatchObject({ level: 40, err: { message: expect.stringContaining('ECONNREFUSED 127.0.0.1:1'), stack: expect.any(String) } });
    expect(log.raw.join('')).not.toContain(PASSWORD);
  });
});

describe('HOST', () => {
  let testDb: TestDb;
  let app: HeraldApp;
  const log = captureLog();

  beforeAll(async () => {
    testDb = await createTestDb();
    const parsed = parseConfig({
      HOST: '127.0.0.2',
      PORT: '0',
      // Nothing listens on port 1: the first poll fails at once and reaches nothing outside.
      FEEDS: 'http://127.0.0.1:1/rss.xml',
      DATABASE_URL: testDb.url,
    });
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    const started = await createApp(parsed.config, { logger: createLogger({ level: 'info', destination: log.destination }), previewWrite: () => undefined });
    if (!started.ok) throw new Error(started.error);
    app = started.app;
    await app.startServices();
  });
  afterAll(async () => {
    await app?.stop();
    await testDb?.close();
  });

  it('binds the HTTP server to that address only (HOST=127.0.0.2: answered there, refused on 127.0.0.1)', async () => {
    const listening = log.lines().find((line) => line.msg === 'HTTP server listening (/healthz, /metrics)');
    expect(listening).toMatchObject({ host: '127.0.0.2', port: expect.any(Number) });
    const port = listening!.port as number;
    const response = await fetch(`http://127.0.0.2:${port}/healthz`);
    expect([200, 503]).toContain(response.status);
    expect(await canConnect('127.0.0.1', port)).toBe(false);
  });
});

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
