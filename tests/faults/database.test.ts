/**
 * Faults: the database restarts (a fast shutdown, as for an upgrade: every connection ended
 * with 57P01, then up again at once) and the database is unreachable for a while (stopped,
 * started again later), each in the middle of a fan-out to 500 readers.
 *
 * The server is the test's own (tests/helpers/db/own-postgres.ts), never the run's shared one,
 * so both passes (embedded, and TEST_DATABASE_URL's PostgreSQL) stop only it.
 *
 * What must hold: broken pooled connections are replaced and the work retried; the sender's
 * advisory lock is taken again after the restart by the one process that had it; a send whose
 * "mark sent" hit the dead database is recorded when it returns, not sent again; while the
 * database is away polling and sending pause (the sender backs off, each wait twice the one
 * before, until it loses its lock), readers who write get a short "try again in a minute",
 * /healthz says 503 "database unreachable"; an outage that outlasts the alert threshold (60 s
 * on Herald's clock) reaches the editor once, in their language, and its end too; afterwards
 * every reader and the channel get each post, at most the sends in flight twice, and /healthz
 * is 200 again within 30 s.
 *
 * "Two minutes" of outage: the server stays down for a few seconds of real time while Herald's
 * clock (the world's) is moved on two minutes. What waits on real time (the sender's back-off,
 * the lock check) runs as it would; what Herald measures on its clock (how long the outage has
 * lasted, the alert threshold) sees two minutes.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOwnPostgres, type OwnPostgres } from '../helpers/db/own-postgres.js';
import type { LogLine } from '../helpers/log-capture.js';
import { allDelivered, FAULT_TUNING, faultLog, measureFault, startFaultWorld, type FaultWorld } from './support.js';

const SENDS = /^send(Message|Photo)$/;
const TWO_MINUTES = 120_000;
const UNREACHABLE_LINE = 'the database is unreachable: polling and sending wait until it is back';
let pg: OwnPostgres;
let fw: FaultWorld;
const log = faultLog();
const lines = (msg: string) => log.named(msg);

beforeAll(async () => {
  pg = await startOwnPostgres();
  const testDb = await pg.createTestDb();
  fw = await startFaultWorld({ testDb, logger: log.logger, alerts: true });
}, 90_000);

afterAll(async () => {
  if (process.env.FAULT_LOG_DUMP) (await import('node:fs')).writeFileSync(process.env.FAULT_LOG_DUMP, log.raw.join(''));
  await fw?.close();
  await pg?.close();
  log.close();
});

/** Sends to readers and the channel so far (the editor's alerts are not the fan-out). */
function sends(): number {
  const editor = fw.editor!.id;
  return fw.world.api.calls.filter((c) => SENDS.test(c.method) && c.params.chat_id !== editor && c.params.chat_id !== String(editor)).length;
}

/**
 * The sender's failed cycles during one outage: each waits twice the one before (from idleMs), and
 * the lock, checked every 2 s, stops it after at most 6 of those waits: never a line every idle tick.
 */
function backedOff(failures: LogLine[]): void {
  const idleMs = FAULT_TUNING.idleMs!;
  expect(failures.length).toBeLessThanOrEqual(7);
  failures.forEach((line, i) => expect(line.retryInMs).toBe(idleMs * 2 ** i));
  for (let i = 1; i < failures.length; i++) expect((failures[i]!.time as number) - (failures[i - 1]!.time as number)).toBeGreaterThanOrEqual(idleMs * 2 ** (i - 1) - 5);
}

async function advisoryLocks(): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_locks where locktype = 'advisory' and granted`.execute(fw.world.db);
  return Number(rows[0]!.n);
}

describe('database faults', () => {
  it('restart during a fan-out: connections replaced, lock re-taken, sends recorded once the server is back, nothing lost or doubled', async () => {
    const { world } = fw;
    const title = 'Database restart story';
    expect(await advisoryLocks()).toBe(1);
    const measured = measureFault(fw, 'database restart (fast shutdown)');
    await fw.publish(title);
    // Part of the fan-out is out when the server goes down: sends in flight meet a dead database.
    await world.api.waitFor(() => fw.reached(title) >= 100, { timeoutMs: 20_000, message: 'the fan-out to be under way' });
    await pg.stop('fast');
    await pg.start();
    measured.ended();

    await allDelivered(fw, [title], 40_000);
    // The sender lost its lock with the connection, stopped, and took the lock again: one holder.
    await log.waitFor(() => lines('elected as the sending process').length >= 2, { message: 'the sender to be elected again' });
    expect(lines('no longer the sending process')).toHaveLength(1);
    const order = log.lines().map((l) => l.msg).filter((m) => m === 'elected as the sending process' || m === 'no longer the sending process');
    expect(order).toEqual(['elected as the sending process', 'no longer the sending process', 'elected as the sending process']);
    expect(await advisoryLocks()).toBe(1);

    await measured.record([title], FAULT_TUNING.maxInFlight!);
    expect(fw.tally([title])).toEqual({ lost: 0, duplicates: 0 });
    await expect.poll(async () => fw.statuses(), { timeout: 20_000 }).toEqual({ sent: 501 });
  }, 90_000);

  it('unreachable for two minutes: polling and sending pause and back off, readers are told to try again, /healthz 503 then 200, the editor alerted once, nothing lost', async () => {
    const { world } = fw;
    const { api } = world;
    const elected = () => lines('elected as the sending process').length;
    const deposed = () => lines('no longer the sending process').length;

    // 1. An idle Herald (everything sent) loses its database for a few seconds.
    let from = log.lines().length;
    const depositions = deposed();
    const elections = elected();
    await pg.stop('fast');
    const health = await fw.health();
    expect(health.status).toBe(503);
    expect(health.problems).toContain('database unreachable');
    // A reader who writes meanwhile is answered, not left in silence.
    const reader = api.addUser({ first_name: 'Impatient', language_code: 'en' });
    const replies = await world.command(reader.id, 'start');
    expect(replies.map((m) => m.text)).toEqual(['Herald is briefly unavailable. Please try again in a minute.']);
    // The poll fails as a whole, at once (the cron's next tick tries again); the feed is not
    // blamed for it, and the outlet's new item waits for the next poll.
    const during = 'Story published during the outage';
    world.feeds.addItem('/rss.xml', { guid: 'outage-1', title: during, link: 'https://outlet.example/outage/1', pubDate: world.clock.now() });
    await expect(world.runJob('poll')).rejects.toThrow();
    // The sender retries with back-off (each wait twice the one before, from idleMs), never a
    // line every idle tick, until the lock check finds its connection gone and it stops.
    await log.waitFor(() => deposed() > depositions, { message: 'the sender to stop' });
    const failures = log.named('sender cycle failed', from);
    backedOff(failures);
    // The pool's broken connections, the health check, the reader's update, the lock, the database's own line: a line each.
    expect(log.lines().slice(from).filter((l) => l.level >= 40).length).toBeLessThanOrEqual(25);
    await log.waitFor(() => log.named(UNREACHABLE_LINE, from).length > 0, { message: 'Herald to see the database is gone' });
    expect(log.named(UNREACHABLE_LINE, from)).toHaveLength(1);
    await pg.start();
    await log.waitFor(() => log.named('the database works again', from).length === 1 && elected() > elections, { message: 'the database back and the sender elected again' });
    // A few seconds are under the alert threshold: the editor hears nothing of it.
    expect(fw.alerts()).toEqual([]);

    // 2. Two minutes without the database in the middle of a fan-out.
    const title = 'Database outage story';
    const measured = measureFault(fw, 'database unreachable 2 min');
    await fw.publish(title); // also polls the item published during the first outage
    await api.waitFor(() => fw.reached(title) >= 100, { timeoutMs: 20_000, message: 'the fan-out to be under way' });
    from = log.lines().length;
    const electedBefore = elected();
    await pg.stop('fast');
    expect(fw.reached(title)).toBeLessThan(501);
    expect((await fw.health()).problems).toContain('database unreachable');
    // Herald has seen the outage begin (its operations tick) before its clock moves on two minutes.
    await log.waitFor(() => log.named(UNREACHABLE_LINE, from).length === 1, { message: 'Herald to see the database is gone' });
    world.clock.advance(TWO_MINUTES);
    // Sending pauses: the sends already out finish (their "sent" waits for the database), the sender
    // stops with its lock, and nothing more goes to readers until the database is back...
    await log.waitFor(() => log.named('no longer the sending process', from).length === 1, { message: 'the sender to stop' });
    const sendsAtPause = sends();
    const failuresMidFanOut = log.named('sender cycle failed', from);
    backedOff(failuresMidFanOut);
    // An idle sender may be stopped by the lock check before it next tries; one that was sending tried, at least once of the two.
    expect(failures.length + failuresMidFanOut.length).toBeGreaterThanOrEqual(1);
    // ...while the two minutes, past the alert threshold, reach the editor once, in Russian.
    await api.waitFor(() => fw.alerts().length >= 1, { timeoutMs: 20_000, message: 'the editor to be alerted' });
    expect(fw.alerts()).toEqual([expect.stringMatching(/^🛑 База данных недоступна уже 2 мин: опрос лент и отправка приостановлены/)]);
    const outage = await fw.health();
    expect(outage.status).toBe(503);
    expect(outage.problems).toEqual(['database unreachable']);
    expect(sends()).toBe(sendsAtPause);
    expect(log.lines().slice(from).filter((l) => l.level >= 40).length).toBeLessThanOrEqual(25);
    await pg.start();
    measured.ended();

    await allDelivered(fw, [title, during], 40_000);
    await measured.record([title, during], FAULT_TUNING.maxInFlight!);
    const { lost, duplicates } = fw.tally([title, during]);
    expect(lost).toBe(0);
    expect(duplicates).toBeLessThanOrEqual(FAULT_TUNING.maxInFlight!);
    await expect.poll(async () => (await fw.statuses()).pending ?? 0, { timeout: 20_000 }).toBe(0);
    expect(elected()).toBe(electedBefore + 1);
    // Healthy again within 30 s, and the editor told once that it is over.
    await expect.poll(async () => fw.health(), { timeout: 30_000 }).toEqual({ status: 200, problems: [] });
    await api.waitFor(() => fw.alerts().length >= 2, { message: 'the editor to hear the database is back' });
    expect(fw.alerts()).toEqual([expect.stringMatching(/^🛑 База данных недоступна/), expect.stringMatching(/^✅ База данных снова работает \(через 2 мин\)/)]);
    expect(await advisoryLocks()).toBe(1);
    // The failed poll was the database's, not the feed's: it is not counted against the feed.
    expect(await world.db.selectFrom('feeds').select(['consecutive_failures', 'last_error']).execute()).toEqual([{ consecutive_failures: 0, last_error: null }]);
    // The outage is on the dashboard's list of ended alerts.
    const history = await world.db.selectFrom('alert_history').select('key').execute();
    expect(history.map((h) => h.key)).toContain('alert:database-unreachable');
  }, 120_000);
});
