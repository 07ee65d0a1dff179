/**
 * Fault: the database's disk fills up, for real. The test's own PostgreSQL keeps its data
 * directory on a small tmpfs mounted for it (its write-ahead log on the ordinary disk, as on a
 * host with WAL on a volume of its own), and the test fills that tmpfs with a file until the
 * kernel answers ENOSPC. PostgreSQL then fails every write that needs new space with SQLSTATE
 * 53100 (disk_full) while reads still work. It fills in the middle of a fan-out to 500 readers,
 * and the outlet publishes while it is full. Herald must:
 *
 * * say so: one log line, /healthz 503 "database disk full", and the editor alerted once (in
 *   their language) when it outlasts the alert threshold (60 s of Herald's clock; the clock is
 *   moved on two minutes, the disk stays full for a few seconds of real time);
 * * take no work it would lose: a poll that cannot store the outlet's new item does not count it
 *   as fetched (the next poll fetches it again) nor blame the feed, and sends whose "sent" cannot
 *   be written are retried, not forgotten;
 * * carry on when space returns, with every reader and the channel getting the item once (at most
 *   the sends in flight twice), /healthz 200 within 30 s, and a database that checks clean
 *   (amcheck: every heap and btree index of Herald's tables) and reads back.
 *
 * Mounting a tmpfs needs root (CAP_SYS_ADMIN): elsewhere the test is skipped and says why.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { open, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOwnPostgres, type OwnPostgres } from '../helpers/db/own-postgres.js';
import { allDelivered, FAULT_TUNING, faultLog, measureFault, startFaultWorld, type FaultWorld } from './support.js';

const DISK_MB = 160;
const TWO_MINUTES = 120_000;

/** A tmpfs of DISK_MB mounted for this file, or why there can be none here. */
function mountSmallDisk(): { dir: string } | { reason: string } {
  const dir = mkdtempSync(join(tmpdir(), 'herald-small-disk-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${DISK_MB}m,mode=0755`, 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.status === 0) return { dir };
  rmdirSync(dir);
  return { reason: `cannot mount a tmpfs here (${(mounted.stderr || mounted.error?.message || `exit ${mounted.status}`).trim()}): needs root` };
}

const disk = mountSmallDisk();
if ('reason' in disk) console.warn(`disk-full fault skipped: ${disk.reason}`);

/** Writes zeros into `path` until the file system says ENOSPC; returns the bytes written. */
async function fillDisk(path: string): Promise<number> {
  const file = await open(path, 'w');
  let written = 0;
  try {
    for (const size of [1 << 20, 1 << 12]) {
      const zeros = Buffer.alloc(size);
      for (;;) {
        try {
          written += (await file.write(zeros)).bytesWritten;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw error;
        }
      }
    }
  } finally {
    await file.close();
  }
  return written;
}

let pg: OwnPostgres;
let fw: FaultWorld;
const log = faultLog();

describe.skipIf('reason' in disk)('database disk full', () => {
  const dir = 'dir' in disk ? disk.dir : '';
  const filler = join(dir, 'filler');

  beforeAll(async () => {
    pg = await startOwnPostgres({ dataIn: dir, walApart: true });
    const testDb = await pg.createTestDb();
    fw = await startFaultWorld({ testDb, logger: log.logger, alerts: true });
  }, 90_000);

  afterAll(async () => {
    if (process.env.FAULT_LOG_DUMP) (await import('node:fs')).writeFileSync(process.env.FAULT_LOG_DUMP, log.raw.join(''));
    await rm(filler, { force: true });
    await fw?.close();
    await pg?.close();
    log.close();
    spawnSync('umount', [dir]);
    rmdirSync(dir);
  });

  it('says so, takes no work it would lose, alerts the editor once, and carries on when space returns with nothing lost and nothing corrupted', async () => {
    const { world } = fw;
    const before = 'Story fanned out as the disk fills';
    const title = 'Disk full story';
    const measured = measureFault(fw, 'database disk full');
    await fw.publish(before);
    const feedBefore = await world.db.selectFrom('feeds').select(['etag', 'last_success_at', 'consecutive_failures']).executeTakeFirstOrThrow();

    // The disk fills up (a real ENOSPC from the kernel to PostgreSQL) in the middle of a fan-out.
    await world.api.waitFor(() => fw.reached(before) >= 100, { timeoutMs: 20_000, message: 'the fan-out to be under way' });
    const from = log.lines().length;
    const filled = await fillDisk(filler);
    expect(filled).toBeGreaterThan(0);
    expect((await statfs(dir)).bavail).toBe(0);

    // Herald notices by itself (the operations tick), says it once in the log and on /healthz.
    await log.waitFor(() => log.named("the database's disk is full: new items and messages cannot be stored; polling and sending wait until space is freed", from).length > 0, {
      message: 'Herald to say the disk is full',
    });
    const health = await fw.health();
    expect(health.status).toBe(503);
    expect(health.problems).toContain('database disk full: nothing new can be stored');

    // The outlet publishes; the poll cannot store it, so it keeps nothing for done: the feed is
    // neither advanced (its ETag and last success stay) nor blamed, and no message is lost.
    world.feeds.addItem('/rss.xml', { guid: 'disk-full-1', title, link: 'https://outlet.example/disk-full/1', pubDate: world.clock.now() });
    await world.db.updateTable('feeds').set({ next_fetch_at: world.clock.now() }).execute().catch(() => undefined);
    await world.runJob('poll').catch(() => undefined);
    const stored = await world.db.selectFrom('items').select('id').where('title', '=', title).execute();
    const feedDuring = await world.db.selectFrom('feeds').select(['etag', 'last_success_at', 'consecutive_failures']).executeTakeFirstOrThrow();
    if (stored.length === 0) expect(feedDuring).toEqual(feedBefore);
    else expect(feedDuring.consecutive_failures).toBe(0);
    expect(fw.reached(title)).toBeLessThan(501);

    // A reader who writes meanwhile gets an answer, whatever could be stored.
    const reader = world.api.addUser({ first_name: 'Patient', language_code: 'en' });
    expect((await world.command(reader.id, 'start')).length).toBeGreaterThan(0);

    // Two minutes of it, past the alert threshold: the editor is told once, in Russian.
    world.clock.advance(TWO_MINUTES);
    await world.api.waitFor(() => fw.alerts().length >= 1, { timeoutMs: 20_000, message: 'the editor to be alerted' });
    expect(fw.alerts()).toEqual([expect.stringMatching(/^🛑 Диск базы данных заполнен уже 2 мин: новые материалы и сообщения негде сохранить/)]);
    expect((await fw.health()).status).toBe(503);
    expect(log.named("the database's disk is full: new items and messages cannot be stored; polling and sending wait until space is freed", from)).toHaveLength(1);

    // Space returns: Herald sees it on its own, and the next poll takes the item up again.
    await rm(filler);
    measured.ended();
    await log.waitFor(() => log.named('the database works again', from).length > 0, { message: 'Herald to see the disk has room again' });
    await world.db.updateTable('feeds').set({ next_fetch_at: world.clock.now() }).execute();
    await world.runJob('poll');
    await allDelivered(fw, [before, title], 40_000);
    await measured.record([before, title], FAULT_TUNING.maxInFlight!);
    const { lost, duplicates } = fw.tally([before, title]);
    expect(lost).toBe(0);
    expect(duplicates).toBeLessThanOrEqual(FAULT_TUNING.maxInFlight!);
    await expect.poll(async () => (await fw.statuses()).pending ?? 0, { timeout: 20_000 }).toBe(0);
    await expect.poll(async () => fw.health(), { timeout: 30_000 }).toEqual({ status: 200, problems: [] });
    await world.api.waitFor(() => fw.alerts().length >= 2, { message: 'the editor to hear it is over' });
    expect(fw.alerts()).toEqual([expect.stringMatching(/^🛑 Диск базы данных заполнен/), expect.stringMatching(/^✅ База данных снова работает/)]);
    expect(await world.db.selectFrom('feeds').select('consecutive_failures').execute()).toEqual([{ consecutive_failures: 0 }]);

    // Not corrupted: every heap and btree index of Herald's tables checks clean, and the item reads back once.
    await sql`create extension if not exists amcheck`.execute(world.db);
    const tables = await sql<{ name: string }>`select c.oid::regclass::text as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'`.execute(world.db);
    expect(tables.rows.length).toBeGreaterThan(5);
    for (const { name } of tables.rows) {
      const corrupt = await sql<{ msg: string }>`select msg from verify_heapam(${name}::regclass)`.execute(world.db);
      expect(corrupt.rows, name).toEqual([]);
    }
    const indexes = await sql<{ name: string }>`
      select i.indexrelid::regclass::text as name from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam
      join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and a.amname = 'btree'`.execute(world.db);
    for (const { name } of indexes.rows) await sql`select bt_index_check(${name}::regclass, true)`.execute(world.db);
    expect(await world.db.selectFrom('items').select('title').where('title', '=', title).execute()).toEqual([{ title }]);
  }, 120_000);
});
