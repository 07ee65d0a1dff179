import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createBot } from '../../src/bot/create-bot.js';
import { createDb, type Db } from '../../src/db/create-db.js';
import { checkHealth } from '../../src/server/health.js';
import { createOperations, type Operations } from '../../src/server/operations.js';
import { seedAdmins } from '../../src/stores/admins.js';
import { StateKey, writeState } from '../../src/stores/service-state.js';
import { startFakeBotApi, type FakeBotApi } from '../helpers/fake-bot-api.js';
import { freePort } from '../helpers/ports.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

const SECRET = 'loopback-secret_123';

describe('HTTP server: /healthz, /metrics and the webhook', () => {
  let api: FakeBotApi;
  let testDb: TestDb;
  let db: Db;
  let ops: Operations;
  let base: string;
  const clock = { now: new Date() };
  let adminId: number;

  beforeAll(async () => {
    api = await startFakeBotApi({ rateLimits: false });
    testDb = await createTestDb();
    db = testDb.db as Db;
    adminId = api.addUser({ first_name: 'Editor' }).id;
    await seedAdmins(db, [adminId]);
    const logger = pino({ level: 'silent' });
    const bot = createBot(
      { token: api.token, apiRoot: api.apiRoot },
      { db, logger, now: () => clock.now, admin: { channelVocabulary: { languages: [], sections: [], topics: [], regions: [] }, configAdminIds: [adminId], fetchFeed: async () => ({ kind: 'failed', reason: 'offline', status: null }) } },
    );
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    ops = createOperations(
      { port, host: '127.0.0.1', updates: { mode: 'webhook', url: `${base}/telegram/hook`, secret: SECRET }, health: { startupGraceSeconds: 0 }, tickMs: 3_600_000 },
      { db, logger, now: () => clock.now, bot, isSending: () => false },
    );
    await ops.start();
  });
  afterAll(async () => {
    await ops.stop();
    await api.close();
    await testDb.close();
  });

  it('registers the webhook with its secret and answers commands that arrive through it', async () => {
    expect(api.webhook).toMatchObject({ url: `${base}/telegram/hook`, secret_token: SECRET });
    api.sendCommand(adminId, 'stats');
    const answer = await api.waitForMessage(adminId, (m) => /Readers/.test(m.text ?? ''));
    expect(answer.text).toMatch(/active 0 · stopped 0 · blocked 0/);
    await api.waitFor(() => api.webhookDelivered.length > 0);
    expect(api.callsOf('getUpdates')).toEqual([]);
  });

  it('answers 401 to a webhook request with a wrong or missing secret, and handles nothing', async () => {
    const update = { update_id: 999_001, message: { message_id: 1, date: 0, chat: { id: adminId, type: 'private' }, from: { id: adminId, is_bot: false, first_name: 'X' }, text: '/stats', entities: [{ type: 'bot_command', offset: 0, length: 6 }] } };
    const before = api.callsOf('sendMessage').length;
    for (const headers of [{}, { 'x-telegram-bot-api-secret-token': 'wrong' }] as Record<string, string>[]) {
      const response = await fetch(`${base}/telegram/hook`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(update) });
      expect(response.status).toBe(401);
    }
    expect((await fetch(`${base}/telegram/hook`)).status).toBe(405);
    expect(api.callsOf('sendMessage').length).toBe(before);
    const good = await fetch(`${base}/telegram/hook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(update) });
    expect(good.status).toBe(200);
    expect(api.callsOf('sendMessage').length).toBe(before + 1);
  });

  it('/healthz says 503 with the reasons until a poll and a sender heartbeat are recent, then 200', async () => {
    let response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(503);
    let body = (await response.json()) as { status: string; problems: string[]; database: string };
    expect(body.database).toBe('ok');
    expect(body.problems).toEqual(['no poll has run yet', 'no sender has reported yet']);

    await ops.afterPoll([{ outcome: 'new-items', inserted: 3 }, { outcome: 'failed', inserted: 0 }]);
    await writeState(db, StateKey.senderHeartbeat, { pid: 1 }, clock.now);
    response = await fetch(`${base}/healthz`);
    body = (await response.json()) as typeof body;
    expect(response.status).toBe(200);
    expect(body.status).toBe('ok');

    clock.now = new Date(clock.now.getTime() + 20 * 60_000);
    response = await fetch(`${base}/healthz`);
    body = (await response.json()) as typeof body;
    expect(response.status).toBe(503);
    expect(body.problems).toEqual(['last poll 1200 s ago (limit 600 s)', 'sender silent for 1200 s (limit 60 s)']);
    clock.now = new Date(clock.now.getTime() - 20 * 60_000);
  });

  it('/metrics speaks Prometheus: items, deliveries by outcome, queue per lane, 429s, fetch durations and failures', async () => {
    ops.recordOutcome({ kind: 'sent' });
    ops.recordOutcome({ kind: 'sent' });
    ops.recordOutcome({ kind: 'rate-limited', retryAfterSeconds: 7 });
    const timed = ops.metrics.timeFetch(async () => ({ kind: 'failed' as const }));
    await timed();
    await db
      .insertInto('deliveries')
      .values({ item_id: null, broadcast_id: null, chat_id: '7', message_thread_id: null, kind: 'direct', priority: 2, payload: null, next_attempt_at: clock.now, lease_owner: null, message_id: null, sent_as: null, last_error: null, last_error_code: null })
      .execute();
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/^herald_items_ingested_total 3$/m);
    expect(text).toMatch(/^herald_deliveries_total\{outcome="sent"\} 2$/m);
    expect(text).toMatch(/^herald_deliveries_total\{outcome="rate-limited"\} 1$/m);
    expect(text).toMatch(/^herald_telegram_429_total 1$/m);
    expect(text).toMatch(/^herald_telegram_429_wait_seconds_total 7$/m);
    expect(text).toMatch(/^herald_queue_depth\{lane="instant"\} 1$/m);
    expect(text).toMatch(/^herald_queue_depth\{lane="breaking"\} 0$/m);
    expect(text).toMatch(/^herald_feed_fetch_duration_seconds_count\{outcome="failed"\} 1$/m);
    expect(text).toMatch(/^herald_feed_fetch_failures_total 1$/m);
    // The 429 wait is also kept in the database for /stats.
    await expect.poll(async () => (await db.selectFrom('service_state').select('key').where('key', 'like', 'rate-limit-wait:%').execute()).length).toBe(1);
  });

  it('/healthz says 503 when the database is unreachable', async () => {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    const unreachable = createDb({ databaseUrl: 'postgres://herald@127.0.0.1:1/herald' });
    try {
      const report = await checkHealth({ db: unreachable.db, logger: pino({ level: 'silent' }), now: () => clock.now, startedAt: clock.now }, { pollMaxAgeSeconds: 600, senderMaxAgeSeconds: 60, startupGraceSeconds: 60 });
      expect(report.ok).toBe(false);
      expect(report.database).toBe('unreachable');
      // The driver's text goes to the log only (tests/security/health.test.ts).
      expect(report.problems).toEqual(['database unreachable']);
    } finally {
      await unreachable.close();
    }
  });
});
