import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { Db } from '../../src/db/create-db.js';
import { createAlerts, type AlertNotice, type Alerts } from '../../src/jobs/alerts.js';
import { catalog } from '../../src/i18n/index.js';
import { claimState, readState, releaseState } from '../../src/stores/service-state.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

const HOUR = 3600_000;

describe('alerts to admins: each once per episode', () => {
  let testDb: TestDb;
  let db: Db;
  const clock = { now: new Date('2026-11-28T12:00:00Z') };
  let notices: string[];
  let alerts: Alerts;
  let failNotify = false;

  beforeAll(async () => {
    testDb = await createTestDb();
    db = testDb.db as Db;
  });
  afterAll(async () => {
    await testDb.close();
  });
  beforeEach(async () => {
    for (const table of ['deliveries', 'items', 'feeds', 'service_state', 'alert_history'] as const) await db.deleteFrom(table).execute();
    notices = [];
    failNotify = false;
    const deps = {
      db,
      logger: pino({ level: 'silent' }),
      now: () => clock.now,
      notify: async (notice: AlertNotice) => {
        if (failNotify) throw new Error('Telegram is down');
        notices.push(notice(catalog('en')));
      },
    };
    alerts = createAlerts(deps, { feedFailures: 3, senderStallSeconds: 300, queueGrowthSeconds: 600, silenceFactor: 3, silenceMinHours: 6 });
  });

  async function addFeed(url: string, fields: Record<string, unknown> = {}): Promise<number> {
    const row = await db
      .insertInto('feeds')
      .values({ url, title: url.split('/').pop()!, section: null, time_zone: null, language: null, etag: null, last_modified: null, fetch_interval_seconds: null, last_error: null, ...fields })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  it('tells of a failing feed once, not once per poll, and of its recovery once', async () => {
    const id = await addFeed('http://feeds.test/failing', { consecutive_failures: 2, last_error: 'HTTP 500' });
    await alerts.check();
    expect(notices).toEqual([]);
    await db.updateTable('feeds').set({ consecutive_failures: 3 }).where('id', '=', id).execute();
    await alerts.check();
    await db.updateTable('feeds').set({ consecutive_failures: 4 }).where('id', '=', id).execute();
    await alerts.check();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/Feed #\d+ <b>failing<\/b> has failed 3 times in a row\.\nLast error: HTTP 500/);
    await db.updateTable('feeds').set({ consecutive_failures: 0, last_success_at: clock.now }).where('id', '=', id).execute();
    await alerts.check();
    await alerts.check();
    expect(notices).toHaveLength(2);
    expect(notices[1]).toMatch(/Feed #\d+ <b>failing<\/b> has recovered/);
  });

  it('does not repeat from a second instance, and retries an alert that could not be delivered', async () => {
    await addFeed('http://feeds.test/broken', { consecutive_failures: 5, last_error: 'timeout' });
    failNotify = true;
    await alerts.check();
    expect(notices).toEqual([]);
    failNotify = false;
    const other = createAlerts({ db, logger: pino({ level: 'silent' }), now: () => clock.now, notify: async (notice) => void notices.push(notice(catalog('en'))) }, { feedFailures: 3, senderStallSeconds: 300, queueGrowthSeconds: 600, silenceFactor: 3, silenceMinHours: 6 });
    await Promise.all([alerts.check(), other.check()]);
    await other.check();
    expect(notices).toHaveLength(1);
  });

  it('learns a feed’s rhythm and tells when it falls silent for longer than usual', async () => {
    const hourly = await addFeed('http://feeds.test/hourly', { last_success_at: clock.now });
    const weekly = await addFeed('http://feeds.test/weekly', { last_success_at: clock.now });
    const items = [];
    for (let i = 0; i < 10; i++) {
      // Hourly until 10 hours ago; weekly up to two days ago.
      items.push({ feedId: hourly, at: new Date(clock.now.getTime() - (10 + i) * HOUR) });
      items.push({ feedId: weekly, at: new Date(clock.now.getTime() - (48 + i * 168) * HOUR) });
    }
    await db
      .insertInto('items')
      .values(items.map((it, n) => ({ feed_id: it.feedId, dedupe_key: `k${n}`, guid: null, url: null, canonical_url: null, title: `t${n}`, author: null, section: null, language: null, published_at: it.at, image_url: null, full_text_length: null, content_hash: `h${n}`, classification: '{}' })))
      .execute();
    await alerts.check();
    await alerts.check();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/<b>hourly<\/b> has published nothing for 10 h; it usually publishes at least every 1 h/);
  });

  it('tells when the sender stalls, once, and when it resumes', async () => {
    await db
      .insertInto('deliveries')
      .values({ item_id: null, broadcast_id: null, chat_id: '42', message_thread_id: null, kind: 'direct', priority: 2, payload: JSON.stringify({ html: 'x' }), next_attempt_at: new Date(clock.now.getTime() - 60_000), lease_owner: null, message_id: null, sent_as: null, last_error: null, last_error_code: null })
      .execute();
    await alerts.check();
    expect(notices).toEqual([]);
    // A busy sender (a big fan-out still going) is not a stalled one.
    const sentRecently = await db
      .insertInto('deliveries')
      .values({ item_id: null, broadcast_id: null, chat_id: '43', message_thread_id: null, kind: 'direct', priority: 2, status: 'sent', sent_at: new Date(clock.now.getTime() + 9 * 60_000), payload: null, next_attempt_at: clock.now, lease_owner: null, message_id: 1, sent_as: 'text', last_error: null, last_error_code: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    clock.now = new Date(clock.now.getTime() + 10 * 60_000);
    await alerts.check();
    expect(notices).toEqual([]);
    await db.deleteFrom('deliveries').where('id', '=', sentRecently.id).execute();
    await alerts.check();
    await alerts.check();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/Sending has stalled: 1 message due, the oldest waiting 11 min/);
    await db.updateTable('deliveries').set({ status: 'sent', sent_at: clock.now }).execute();
    await alerts.check();
    expect(notices[1]).toBe('✅ Sending has resumed.');
  });

  it('tells when the queue keeps growing for longer than the threshold', async () => {
    const add = async (n: number) => {
      await db
        .insertInto('deliveries')
        .values(Array.from({ length: n }, (_, i) => ({ item_id: null, broadcast_id: null, chat_id: `${Date.now()}${i}${Math.random()}`, message_thread_id: null, kind: 'direct' as const, priority: 2, payload: null, next_attempt_at: clock.now, lease_owner: null, message_id: null, sent_as: null, last_error: null, last_error_code: null })))
        .execute();
    };
    const start = clock.now.getTime();
    for (let minute = 0; minute <= 12; minute += 2) {
      clock.now = new Date(start + minute * 60_000);
      await add(5);
      // Rows are due now, so the stall check stays quiet until 5 minutes pass: only count queue alerts.
      await alerts.check();
    }
    const growing = notices.filter((n) => n.includes('kept growing'));
    expect(growing).toHaveLength(1);
    expect(growing[0]).toMatch(/for 10 min: \d+ messages due now/);
  });

  it('does not take a clock set forward ten minutes for ten minutes of a growing queue', async () => {
    const add = async (n: number) => {
      await db
        .insertInto('deliveries')
        .values(Array.from({ length: n }, (_, i) => ({ item_id: null, broadcast_id: null, chat_id: `${Date.now()}${i}${Math.random()}`, message_thread_id: null, kind: 'direct' as const, priority: 2, payload: null, next_attempt_at: clock.now, lease_owner: null, message_id: null, sent_as: null, last_error: null, last_error_code: null })))
        .execute();
    };
    const start = clock.now.getTime();
    // Checks 15 s apart while the queue grows, with the clock corrected by ten minutes in between.
    for (const [i, at] of [0, 15, 30, 30 + 600, 30 + 615, 30 + 630].entries()) {
      clock.now = new Date(start + at * 1000);
      await add(5 + i);
      await alerts.check();
    }
    expect(notices.filter((n) => n.includes('kept growing'))).toEqual([]);
  });

  it('tells of Telegram silent past the threshold once it answers again, once across instances, trying again if the notice fails', async () => {
    const minute = 60_000;
    const since = clock.now;
    // The sending instance's record that sends get no answer (server/operations.ts).
    await claimState(db, 'telegram-down', { since: since.toISOString() }, since);
    clock.now = new Date(since.getTime() + 4 * minute);
    await alerts.check();
    expect(await readState(db, 'alert:telegram-silent')).toBeUndefined();
    // Past the threshold (the stall's, 5 min): held, not tried (it would hang), and the message
    // waiting meanwhile is not a stalled sender's alert: it is the same outage.
    await db
      .insertInto('deliveries')
      .values({ item_id: null, broadcast_id: null, chat_id: '42', message_thread_id: null, kind: 'direct', priority: 2, payload: JSON.stringify({ html: 'x' }), next_attempt_at: since, lease_owner: null, message_id: null, sent_as: null, last_error: null, last_error_code: null })
      .execute();
    clock.now = new Date(since.getTime() + 6 * minute);
    await alerts.check();
    await alerts.check();
    expect(notices).toEqual([]);
    expect(await readState(db, 'alert:telegram-silent')).toBeDefined();
    // It answers again (the row goes with the first send that gets through), but the notice fails: kept for the next check.
    await releaseState(db, 'telegram-down');
    failNotify = true;
    await alerts.check();
    expect(notices).toEqual([]);
    failNotify = false;
    const other = createAlerts({ db, logger: pino({ level: 'silent' }), now: () => clock.now, notify: async (notice) => void notices.push(notice(catalog('en'))) }, { feedFailures: 3, senderStallSeconds: 300, queueGrowthSeconds: 600, silenceFactor: 3, silenceMinHours: 6 });
    await db.deleteFrom('deliveries').execute();
    await Promise.all([alerts.check(), other.check()]);
    await Promise.all([alerts.check(), other.check()]);
    expect(notices).toEqual([expect.stringMatching(/^⚠️ Telegram did not answer Herald for 6 min: messages were held in the queue meanwhile/)]);
    expect(await readState(db, 'alert:telegram-silent')).toBeUndefined();
  });
  /** The sending instance's record that sends get no answer (server/operations.ts), made at `at`. */
  const telegramDown = (at: Date) => claimState(db, 'telegram-down', { since: at.toISOString() }, at);
  const dueMessage = (at: Date) =>
    db
      .insertInto('deliveries')
      .values({ item_id: null, broadcast_id: null, chat_id: '42', message_thread_id: null, kind: 'direct', priority: 2, payload: JSON.stringify({ html: 'x' }), next_attempt_at: at, lease_owner: null, message_id: null, sent_as: null, last_error: null, last_error_code: null })
      .execute();

  it("tells of Telegram's silence as still going on when the alert gets through while sends still fail, and of the stalled sender, never as resumed", async () => {
    const minute = 60_000;
    const since = clock.now;
    // One send timed out, then nothing more went out: the sender is stuck (or only this instance's sends fail); the editors can be reached.
    await telegramDown(since);
    await dueMessage(since);
    clock.now = new Date(since.getTime() + 6 * minute);
    await alerts.check();
    expect(notices).toEqual([]);
    // The held alert is tried again a minute later: it gets through, while the sends still fail.
    clock.now = new Date(since.getTime() + 7 * minute);
    await alerts.check();
    expect(notices).toEqual([
      expect.stringMatching(/^⚠️ Telegram has not answered Herald's sends for 7 min, and still does not/),
      expect.stringMatching(/^🛑 Sending has stalled: 1 message due, the oldest waiting 7 min/),
    ]);
    await alerts.check();
    expect(notices).toHaveLength(2);
    // Sends go through again: said once.
    await releaseState(db, 'telegram-down');
    await db.updateTable('deliveries').set({ status: 'sent', sent_at: clock.now }).execute();
    await alerts.check();
    await alerts.check();
    expect(notices.slice(2)).toEqual(['✅ Sending has resumed.']);
    expect(notices.join('\n')).not.toMatch(/did not answer Herald/);
  });

  it("told as still going on, with no stalled sender: the editors hear once that sending has resumed", async () => {
    const since = clock.now;
    await telegramDown(since);
    clock.now = new Date(since.getTime() + 6 * 60_000);
    await alerts.check();
    clock.now = new Date(since.getTime() + 7 * 60_000);
    await alerts.check();
    expect(notices).toEqual([expect.stringMatching(/^⚠️ Telegram has not answered Herald's sends for 7 min/)]);
    await releaseState(db, 'telegram-down');
    await alerts.check();
    await alerts.check();
    expect(notices.slice(1)).toEqual(['✅ Sending has resumed.']);
  });

  it('Telegram answers and goes silent again between two checks: the second outage is held and told of its own', async () => {
    const minute = 60_000;
    const since = clock.now;
    await telegramDown(since);
    clock.now = new Date(since.getTime() + 6 * minute);
    await alerts.check();
    clock.now = new Date(since.getTime() + 7 * minute);
    await alerts.check();
    expect(notices).toHaveLength(1);
    // A send goes through and the next one times out, both before the next check.
    const again = new Date(since.getTime() + 7 * minute + 5_000);
    await releaseState(db, 'telegram-down');
    await telegramDown(again);
    clock.now = new Date(again.getTime() + 10_000);
    await alerts.check();
    expect(notices).toHaveLength(1);
    // The first outage is over on the dashboard; the second is held past the threshold and told when Telegram answers.
    expect((await db.selectFrom('alert_history').select('started_at').where('key', '=', 'alert:telegram-silent').execute()).map((h) => h.started_at)).toEqual([since]);
    clock.now = new Date(again.getTime() + 6 * minute);
    await alerts.check();
    await releaseState(db, 'telegram-down');
    await alerts.check();
    expect(notices.slice(1)).toEqual([expect.stringMatching(/^⚠️ Telegram did not answer Herald for 6 min: messages were held in the queue meanwhile/)]);
  });
});
