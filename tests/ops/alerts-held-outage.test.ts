/**
 * The database's outage alert, as one instance's alerts see it (jobs/alerts.ts), on a PostgreSQL
 * server of the test's own that the test stops and starts (the run's shared server must never be
 * stopped). An instance that was not sending holds its alert while the outage lasts, unless no
 * other instance was sending either; after the outage it tells the editors once nobody else has,
 * and a database that flickers while it does so never leaves the alert open (an open alert row
 * reads as "another instance told them" to every later outage, and as an outage that never ends
 * on the dashboard). The operations tick's catching of a failed check is mimicked by `tick`.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/create-db.js';
import { catalog } from '../../src/i18n/index.js';
import { createAlerts, type AlertNotice, type Alerts } from '../../src/jobs/alerts.js';
import { claimState, readState, StateKey, writeState } from '../../src/stores/service-state.js';
import { startOwnPostgres, type OwnPostgres } from '../helpers/db/own-postgres.js';
import type { TestDb } from '../helpers/test-db.js';

const KEY = 'alert:database-unreachable';
const OPTIONS = { feedFailures: 3, senderStallSeconds: 300, queueGrowthSeconds: 600, silenceFactor: 3, silenceMinHours: 6, databaseDownSeconds: 60 };
const START = new Date('2026-11-28T12:00:00Z').getTime();

let pg: OwnPostgres;
let testDb: TestDb;
let db: Db;
let now: Date;
let notices: string[];
/** Runs inside the next notice, then it fails (the editors unreachable); null: notices go through. */
let duringNotice: { then: 'fail' | 'deliver'; act: () => Promise<void> } | null;
let alerts: Alerts;

const advance = (ms: number) => (now = new Date(now.getTime() + ms));
const tick = () => alerts.check().catch(() => []);

/** This instance ('this-one') has lost the sender's lock; the last heartbeat is `whose`, written now. */
async function instanceNotSending(whose: 'this-one' | 'another') {
  await writeState(db, StateKey.senderHeartbeat, { pid: process.pid, instance: whose, at: now.toISOString() }, now);
  alerts = createAlerts(
    {
      db,
      logger: pino({ level: 'silent' }),
      now: () => now,
      isSending: () => false,
      instanceId: 'this-one',
      notify: async (notice: AlertNotice) => {
        const step = duringNotice;
        duringNotice = null;
        if (step) await step.act();
        if (step?.then === 'fail') throw new Error('no admin could be reached');
        notices.push(notice(catalog('en')));
      },
    },
    OPTIONS,
  );
  await tick(); // the last good check
}

/** The database unreachable for two minutes of this instance's checks, then back (one good check). */
async function outage() {
  await pg.stop('fast');
  await tick();
  advance(120_000);
  await tick();
  await pg.start();
  await tick();
}

beforeAll(async () => {
  pg = await startOwnPostgres();
  testDb = await pg.createTestDb();
  db = testDb.db as Db;
}, 60_000);

afterAll(async () => {
  await pg?.close();
});

beforeEach(async () => {
  // A test that failed midway may have left the server stopped (pg_ctl refuses to start a running one).
  await pg.start().catch(() => undefined);
  await db.deleteFrom('service_state').execute();
  await db.deleteFrom('alert_history').execute();
  now = new Date(START);
  notices = [];
  duringNotice = null;
});

const openAlerts = async () => (await db.selectFrom('service_state').select('key').where('key', 'like', 'alert:%').execute()).map((r) => r.key);

describe('the database outage alert of an instance that is not sending', () => {
  it('another instance was sending at the last good check: held while it lasts', async () => {
    await instanceNotSending('another');
    await pg.stop('fast');
    await tick();
    advance(120_000);
    await tick();
    expect(notices).toEqual([]);
    await pg.start();
  }, 60_000);

  it('no other instance was sending (this one lost the lock for a moment): it tells the editors while it lasts', async () => {
    await instanceNotSending('this-one');
    await pg.stop('fast');
    await tick();
    advance(120_000);
    await tick();
    expect(notices).toEqual([expect.stringMatching(/^🛑 The database has been unreachable for 2 min/)]);
    await pg.start();
    await tick();
    expect(notices).toHaveLength(2);
    expect(notices[1]).toMatch(/^✅ The database works again \(after 2 min\)/);
  }, 60_000);

  it('its notice fails and the database goes away again before the claim is given back: told once the database is back', async () => {
    await instanceNotSending('another');
    await outage();
    advance(61_000);
    // Nobody told the editors: this one claims the telling, the editors cannot be reached, and the database flickers.
    duringNotice = { then: 'fail', act: () => pg.stop('fast') };
    await tick();
    expect(notices).toEqual([]);
    await pg.start();
    await tick();
    await tick();
    expect(notices).toEqual([expect.stringMatching(/^🛑 The database was unreachable for 2 min; it works again now/)]);
    expect(await openAlerts()).toEqual([]);
  }, 60_000);

  it('an earlier outage left its alert open: this outage is still told, and the earlier one ended', async () => {
    const dayAgo = new Date(START - 86_400_000);
    await claimState(db, KEY, { at: dayAgo.toISOString() }, dayAgo);
    await instanceNotSending('another');
    await outage();
    advance(61_000);
    await tick();
    await tick();
    expect(notices).toEqual([expect.stringMatching(/^🛑 The database was unreachable for 2 min/)]);
    expect(await openAlerts()).toEqual([]);
    const history = await db.selectFrom('alert_history').select(['started_at', 'ended_at']).where('key', '=', KEY).orderBy('started_at').execute();
    expect(history.map((h) => h.started_at)).toEqual([dayAgo, new Date(START)]);
  }, 60_000);

  it('told after the outage, the database away again before the end is written: ended at the next good check', async () => {
    await instanceNotSending('another');
    await outage();
    advance(61_000);
    duringNotice = { then: 'deliver', act: () => pg.stop('fast') };
    await tick();
    expect(notices).toEqual([expect.stringMatching(/^🛑 The database was unreachable for 2 min/)]);
    await pg.start();
    await tick();
    // Not an outage that never ends on the dashboard, nor a record that a later outage would be taken for.
    expect(await openAlerts()).toEqual([]);
    const history = await db.selectFrom('alert_history').select(['started_at', 'ended_at']).where('key', '=', KEY).execute();
    expect(history).toEqual([{ started_at: new Date(START), ended_at: new Date(START + 120_000) }]);
    expect(await readState(db, KEY)).toBeUndefined();
  }, 60_000);
});
