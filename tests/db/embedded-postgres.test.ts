import { once } from 'node:events';
import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { sql } from 'kysely';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeFeedServer, type FakeFeedServer } from '../helpers/fake-feed-server.js';
import { runHeraldOnce, startHerald, waitForOutput, type RunningHerald } from '../helpers/run-herald.js';
import { createDb } from '../../src/db/create-db.js';
import { startEmbeddedPostgres } from '../../src/db/embedded/server.js';
import { embeddedDbUrl, freshDataDir, isRunning, postmasterPid, waitUntil } from './support.js';

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3600_000);

// Herald with no DATABASE_URL: its own PostgreSQL in DATA_DIR, as `npm start` gives every new
// install. Preview mode (no BOT_TOKEN) prints the channel posts, which is what a user sees.
describe('the embedded PostgreSQL in DATA_DIR', () => {
  let outlet: FakeFeedServer;
  let data: Awaited<ReturnType<typeof freshDataDir>>;
  let env: Record<string, string>;
  const running: RunningHerald[] = [];

  beforeAll(async () => {
    outlet = await startFakeFeedServer();
  });
  beforeEach(async () => {
    data = await freshDataDir();
    outlet.setFeed('/rss.xml', { title: 'The Outlet', items: [{ guid: 'e-1', title: 'First headline', link: 'https://outlet.example/1', description: 'Lead.', pubDate: hoursAgo(2) }] });
    env = { DATA_DIR: data.dir, FEEDS: outlet.url('/rss.xml'), ALLOW_PRIVATE_FETCH: 'true', PORT: '0', FEED_MIN_REFRESH_SECONDS: '1' };
  });
  afterEach(async () => {
    for (const herald of running.splice(0)) {
      if (herald.child.exitCode === null) herald.child.kill('SIGKILL');
    }
    // A server a test left orphaned on purpose is stopped by the next Herald; one more run cleans up.
    if ((await postmasterPid(data.dir)) !== undefined) await runHeraldOnce(env);
    await data.remove();
  });
  afterAll(async () => {
    await outlet?.close();
  });

  it('is created on first start, stopped on exit, and keeps everything across a restart', async () => {
    const first = await runHeraldOnce(env);
    expect(first.code, first.stderr + first.stdout).toBe(0);
    expect(first.stdout).toContain('First headline');
    expect(first.stdout).toMatch(/new cluster in/);
    // The generated password is Herald's alone; the server is gone with Herald.
    expect(statSync(join(data.dir, 'postgres-password')).mode & 0o777).toBe(0o600);
    expect(await postmasterPid(data.dir)).toBeUndefined();
    expect(existsSync(join(data.dir, 'herald.lock'))).toBe(false);

    outlet.addItem('/rss.xml', { guid: 'e-2', title: 'Second headline', link: 'https://outlet.example/2', description: 'Lead two.', pubDate: hoursAgo(1) });
    const second = await runHeraldOnce(env);
    expect(second.code, second.stderr + second.stdout).toBe(0);
    expect(second.stdout).toContain('Second headline');
    expect(second.stdout).not.toContain('First headline');
    expect(second.stdout).not.toMatch(/new cluster in/);
  }, 120_000);

  it('after Herald is killed with SIGKILL, the next start stops the server it left and loses nothing', async () => {
    const herald = startHerald({ ...env, POLL_CRON: '* * * * * *', LOG_LEVEL: 'debug' });
    running.push(herald);
    await waitForOutput(herald, /First headline/, 60_000);
    // Killed once the post is recorded as sent: a send in flight at a crash may go out twice (by design).
    const db = createDb({ databaseUrl: await embeddedDbUrl(data.dir), poolSize: 1, onConnectionError: () => undefined });
    try {
      const sent = async () => (await db.db.selectFrom('deliveries').select('id').where('status', '=', 'sent').execute()).length === 1;
      await waitUntil(herald, sent, 30_000, 'the post recorded as sent');
    } finally {
      await db.close();
    }
    const orphan = await postmasterPid(data.dir);
    expect(orphan).toBeDefined();
    herald.child.kill('SIGKILL');
    await once(herald.child, 'close');
    expect(isRunning(orphan!)).toBe(true);

    outlet.addItem('/rss.xml', { guid: 'e-2', title: 'Second headline', link: 'https://outlet.example/2', description: 'Lead two.', pubDate: hoursAgo(1) });
    const next = await runHeraldOnce(env);
    expect(next.code, next.stderr + next.stdout).toBe(0);
    expect(next.stdout).toContain(`stopped the embedded PostgreSQL (pid ${orphan})`);
    expect(next.stdout).toContain('Second headline');
    expect(next.stdout).not.toContain('First headline');
    expect(isRunning(orphan!)).toBe(false);
    expect(await postmasterPid(data.dir)).toBeUndefined();
  }, 120_000);

  it('refuses a second Herald on the same DATA_DIR while the first runs, which carries on', async () => {
    const herald = startHerald({ ...env, POLL_CRON: '* * * * * *' });
    running.push(herald);
    await waitForOutput(herald, /First headline/, 60_000);
    const server = await postmasterPid(data.dir);

    const second = await runHeraldOnce(env);
    expect(second.code).toBe(1);
    expect(second.stdout + second.stderr).toMatch(new RegExp(`DATA_DIR ${data.dir} is in use by another Herald \\(pid ${herald.child.pid}\\)`));
    expect(await postmasterPid(data.dir)).toBe(server);

    outlet.addItem('/rss.xml', { guid: 'e-2', title: 'Second headline', link: 'https://outlet.example/2', description: 'Lead two.', pubDate: hoursAgo(1) });
    await waitForOutput(herald, /Second headline/, 30_000);
    expect(await herald.stop()).toBe(0);
    expect(isRunning(server!)).toBe(false);
  }, 120_000);
});

describe('the embedded PostgreSQL when Herald runs as root', () => {
  const asRoot = process.getuid?.() === 0;
  // PostgreSQL refuses to run as root, so a root Herald runs it as the system user "herald";
  // a DATA_DIR inside a directory closed to that user (a clone under Debian's 0700 /root)
  // must still work with no manual step.
  it.runIf(asRoot)('keeps the cluster in a reachable home, linked from a DATA_DIR its server user cannot enter, across restarts', async () => {
    const closed = await mkdtemp(join(tmpdir(), 'herald-closed-'));
    const homes = await freshDataDir();
    const dataDir = join(closed, 'data');
    try {
      expect(statSync(closed).mode & 0o777).toBe(0o700);
      for (const round of [1, 2]) {
        const started = await startEmbeddedPostgres({ dataDir, rootClusterHomes: homes.dir });
        expect(started.ok, started.ok ? '' : started.error).toBe(true);
        if (!started.ok) return;
        const handle = createDb({ databaseUrl: started.value.url });
        const db = handle.db;
        try {
          if (round === 1) await sql`create table kept (note text); insert into kept values ('survives a restart')`.execute(db);
          const rows = await sql<{ note: string }>`select note from kept`.execute(db);
          expect(rows.rows).toEqual([{ note: 'survives a restart' }]);
        } finally {
          await handle.close();
          await started.value.stop();
        }
        expect(lstatSync(join(dataDir, 'postgres')).isSymbolicLink()).toBe(true);
        expect(realpathSync(join(dataDir, 'postgres')).startsWith(realpathSync(homes.dir))).toBe(true);
      }
    } finally {
      await rm(closed, { recursive: true, force: true });
      await homes.remove();
    }
  }, 120_000);
});
