/**
 * `npm start -- --demo`: a sample outlet on loopback, read by a preview-mode Herald with its
 * own temporary database, posts shown as text; the caller's settings and data never used.
 */
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, watch } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { startDemo } from '../../src/demo/start-demo.js';
import { startEmbeddedPostgres } from '../../src/db/embedded/server.js';
import { fetchFeed } from '../../src/news/fetch-feed.js';
import { createGuardedFetch } from '../../src/news/guarded-fetch.js';
import { parseFeed } from '../../src/news/parse-feed.js';
import { closedPort } from '../helpers/ports.js';
import type { HeraldRun } from '../helpers/run-herald.js';
import { ensurePagesBuilt } from '../webapp/support.js';
import { signInitData } from '../../src/web/init-data.js';
import { DEMO_USER, demoKey } from '../../src/web/demo.js';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const CALLER = {
  BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ_demo',
  DATABASE_URL: 'postgres://herald:real-password@db.example:5432/herald',
  DATA_DIR: '/var/lib/herald-real',
  FEEDS: 'https://outlet.example/rss.xml',
  ALLOW_PRIVATE_FETCH: 'true',
  CHANNEL_ID: '@real_channel',
};

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'herald-demo-test-'));
  // Enterable by the embedded server's user when the tests run as root, as /tmp is.
  await chmod(root, 0o755);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the demo', () => {
  it("builds its own settings from nothing: none of the caller's token, database, data, feeds or private fetching", async () => {
    const demo = await startDemo({ ...CALLER, LOG_LEVEL: 'debug' }, { tmpRoot: root });
    try {
      expect(Object.keys(demo.env).sort()).toEqual(['DATA_DIR', 'FEEDS', 'FIRST_RUN_POSTS', 'HOST', 'LOG_FORMAT', 'LOG_LEVEL', 'PORT']);
      const parsed = parseConfig(demo.env);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(parsed.config.databaseUrl).toBeUndefined();
      expect(parsed.config).toMatchObject({ preview: true, allowPrivateFetch: false, dataDir: demo.dataDir, feeds: [demo.outlet.feedUrl], logLevel: 'debug', logFormat: 'pretty', host: '127.0.0.1' });
      expect(demo.dataDir.startsWith(join(root, 'herald-demo-'))).toBe(true);
      // The one address let through is the sample outlet's own.
      expect(demo.allowAddresses).toEqual(['127.0.0.1']);
      expect(demo.outlet.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await demo.close();
    }
    expect(await readdir(root)).toEqual([]);
  });

  it('serves 10 to 20 stories in the outlet style, each with a full article page and a cover, through the guarded fetcher only with its address let through', async () => {
    const demo = await startDemo({}, { tmpRoot: root });
    const opened = createGuardedFetch({ allowPrivate: false, allowAddresses: demo.allowAddresses });
    const closed = createGuardedFetch({ allowPrivate: false });
    const options = { timeoutMs: 5000, maxBytes: 1 << 20, userAgent: 'test' };
    const none = { etag: null, lastModified: null };
    try {
      // A normal run's fetcher (no address let through) refuses the sample outlet like any loopback address.
      expect(await fetchFeed(demo.outlet.feedUrl, none, { ...options, guardedFetch: closed })).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/^refused: 127\.0\.0\.1 is a loopback address/) });
      const feed = await fetchFeed(demo.outlet.feedUrl, none, { ...options, guardedFetch: opened });
      expect(feed.kind).toBe('fetched');
      if (feed.kind !== 'fetched') return;
      const parsed = await parseFeed(feed.body, { feedUrl: feed.finalUrl, now: new Date(), timeZone: 'UTC', contentType: feed.contentType });
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      const entries = parsed.feed.entries;
      expect(entries.length).toBeGreaterThanOrEqual(10);
      expect(entries.length).toBeLessThanOrEqual(20);
      expect(new Set(entries.flatMap((e) => e.categories.slice(0, 1)))).toEqual(new Set(['News', 'Analytics', 'Interview', 'Opinion']));
      expect(entries.filter((e) => e.author).length).toBeGreaterThanOrEqual(4);
      expect(feed.body).toMatch(/<pubDate>\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0400<\/pubDate>/);
      for (const entry of entries) {
        const page = await fetchFeed(entry.url!, none, { ...options, guardedFetch: opened });
        expect(page).toMatchObject({ kind: 'fetched', body: expect.stringContaining('<article>') });
        expect(entry.imageUrl).toMatch(/\/covers\/[a-z0-9-]+\.svg$/);
      }
    } finally {
      await opened.close();
      await closed.close();
      await demo.close();
    }
  });

  it('npm start -- --demo: shows every story as a readable post, uses none of the caller’s settings or data, and cleans up', async () => {
    const dataDir = join(root, 'real-data');
    await rm(dataDir, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(dataDir));
    await writeFile(join(dataDir, 'marker'), 'real data');
    const run = await runDemo(
      {
        ...CALLER,
        DATA_DIR: dataDir,
        // A database nobody answers on, and no private fetching: the demo needs neither.
        DATABASE_URL: `postgres://herald:real-password@127.0.0.1:${await closedPort()}/herald`,
        ALLOW_PRIVATE_FETCH: 'false',
        TMPDIR: root,
        LOG_LEVEL: '',
      },
      async (run) => {
        // The posts came first; then the pages' links, and the demo waits for Ctrl-C.
        expect(run.stdout.indexOf('That was the demo')).toBeLessThan(run.stdout.indexOf('Press Ctrl-C'));
      },
    );
    expect(run.code, run.stderr + run.stdout.slice(-3000)).toBe(0);
    const posts = run.stdout.match(/^── post \d+ to channel ─+$/gm) ?? [];
    expect(posts).toHaveLength(12);
    expect(run.stdout).toContain('📊 Analytics');
    expect(run.stdout).toContain('🎙 Interview');
    expect(run.stdout).toContain('By Leyla Hasanova');
    expect(run.stdout).toMatch(/#CentralAsia/);
    expect(run.stdout).toMatch(/\[Read more\] http:\/\/127\.0\.0\.1:\d+\/news\/caspian-ferries-night-sailings/);
    // The feed's lead is a teaser: the post's summary comes from the article page.
    expect(run.stdout).toContain('The operators said the extra sailings would cut the time');
    expect(run.stdout).not.toMatch(/<\/?b>|^\{/m);
    expect(run.stdout).toMatch(/That was the demo: 12 posts in /);
    expect(run.stdout + run.stderr).not.toContain('real-password');
    expect(await readdir(dataDir)).toEqual(['marker']);
    expect((await readdir(root)).filter((name) => name.startsWith('herald-demo-'))).toEqual([]);
  }, 120_000);

  it('npm start -- --demo: prints loopback links to both Mini App pages, which open and answer for the demo reader and editor, filled with the demo’s data; Ctrl-C ends it and cleans up', async () => {
    const run = await runDemo({ ...CALLER, DATABASE_URL: `postgres://herald:real-password@127.0.0.1:${await closedPort()}/herald`, TMPDIR: root }, async ({ stdout: out }) => {
      expect(out, out.slice(-3000)).toContain('Press Ctrl-C to end the demo.');
      // Its throwaway database never waits for the disk (a quicker first post on a busy machine).
      const demoDir = /with a temporary database in (\S+?)\. /.exec(out)?.[1];
      expect(await readFile(join(demoDir!, 'postgres', 'herald.conf'), 'utf8')).toMatch(/^fsync = 'off'$/m);
      const settingsLink = /reader settings: (http:\/\/127\.0\.0\.1:\d+\/app#tgWebAppData=\S+)/.exec(out)?.[1];
      const dashboardLink = /editors’ dashboard: (http:\/\/127\.0\.0\.1:\d+\/app\/dashboard#tgWebAppData=\S+)/.exec(out)?.[1];
      expect(settingsLink, out.slice(-2000)).toBeDefined();
      expect(dashboardLink).toBeDefined();
      const link = new URL(settingsLink!);
      const initData = new URLSearchParams(link.hash.slice(1)).get('tgWebAppData')!;
      expect(initData).toMatch(/hash=[0-9a-f]{64}/);
      const pageOf = async (url: string) => {
        const page = await fetch(url.split('#')[0]!);
        return { status: page.status, html: await page.text() };
      };
      expect(await pageOf(settingsLink!)).toMatchObject({ status: 200, html: expect.stringContaining('<base href="/app/">') });
      expect((await pageOf(dashboardLink!)).status).toBe(200);
      const api = (route: string, data = initData) => fetch(`${link.origin}/app/api/${route}`, { headers: { authorization: `tma ${data}` } });
      const me = await api('me');
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ user: { id: 1 }, isEditor: true, status: 'active' });
      const dashboard = await api('dashboard');
      expect(dashboard.status).toBe(200);
      const d = (await dashboard.json()) as any;
      // The demo's data: its one sample feed, its 12 channel posts, its invented readers.
      expect(d.feeds).toHaveLength(1);
      expect(d.feeds[0]).toMatchObject({ state: 'healthy', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//) });
      expect(d.deliveries7d.reduce((n: number, p: any) => n + (p.outcomes.sent ?? 0), 0)).toBe(12);
      expect(d.readers.topics.byChoice.reduce((n: number, c: any) => n + c.readers, 0)).toBeGreaterThan(20);
      expect(d.growth30d.reduce((n: number, g: any) => n + g.joined, 0)).toBeGreaterThan(20);
      // initData signed with any other key (as another start's would be) is refused.
      const foreign = signInitData(demoKey(), DEMO_USER, new Date());
      expect((await api('me', foreign)).status).toBe(401);
      // The demo listens on loopback only: from this machine's other address nothing even connects.
      const other = Object.values(networkInterfaces()).flat().find((a) => a && !a.internal && a.family === 'IPv4');
      if (other) await expect(fetch(`http://${other.address}:${link.port}/app/api/me`, { headers: { authorization: `tma ${initData}` } })).rejects.toThrow();
    });
    expect(run.code, run.stderr + run.stdout.slice(-3000)).toBe(0);
    expect(run.stdout + run.stderr).not.toContain('real-password');
    expect((await readdir(root)).filter((name) => name.startsWith('herald-demo-'))).toEqual([]);
  }, 150_000);

  it('npm start -- --demo killed outright (SIGKILL): its throwaway PostgreSQL stops and its temporary directory goes too', async () => {
    let demoDir = '';
    let postmaster = 0;
    await runDemo(
      { TMPDIR: root },
      async ({ stdout: out }) => {
        expect(out, out.slice(-3000)).toContain('Press Ctrl-C to end the demo.');
        demoDir = /with a temporary database in (\S+?)\. /.exec(out)![1]!;
        postmaster = Number((await readFile(join(demoDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
        expect(isRunning(postmaster)).toBe(true);
      },
      'SIGKILL',
    );
    // The watchdog removes the directory only once the server is gone: its removal is the event to wait for.
    await removedFrom(root, demoDir, 30_000);
    expect(isRunning(postmaster), `postmaster ${postmaster} still running`).toBe(false);
    expect((await readdir(root)).filter((name) => name.startsWith('herald-demo-'))).toEqual([]);
  }, 150_000);

  it("only the demo's database skips waiting for the disk: Herald's own embedded one keeps every commit safe", async () => {
    const dataDir = await mkdtemp(join(root, 'own-'));
    await chmod(dataDir, 0o755);
    const started = await startEmbeddedPostgres({ dataDir });
    expect(started.ok, started.ok ? '' : started.error).toBe(true);
    if (!started.ok) return;
    const client = new pg.Client({ connectionString: started.value.url });
    try {
      await client.connect();
      const setting = async (name: string) => (await client.query<{ setting: string }>('select setting from pg_settings where name = $1', [name])).rows[0]?.setting;
      expect([await setting('fsync'), await setting('synchronous_commit'), await setting('full_page_writes')]).toEqual(['on', 'on', 'on']);
    } finally {
      await client.end();
      await started.value.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

/**
 * `npm start -- --demo` as a child process with an environment built from scratch: once it
 * prints its pages' links (or exits), `whileRunning` looks at it; then Ctrl-C (SIGINT).
 */
async function runDemo(env: Record<string, string>, whileRunning: (run: HeraldRun) => Promise<void>, endWith: NodeJS.Signals = 'SIGINT'): Promise<HeraldRun> {
  await ensurePagesBuilt();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--demo'], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const run: HeraldRun = { code: null, stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (run.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  try {
    // Until it prints its pages' links, exits, or the deadline: told by its output and its exit.
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(deadline);
        child.stdout.off('data', check);
        child.off('close', done);
        resolve();
      };
      const check = () => {
        if (run.stdout.includes('Press Ctrl-C')) done();
      };
      const deadline = setTimeout(done, 90_000);
      child.stdout.on('data', check);
      child.on('close', done);
    });
    await whileRunning(run);
  } finally {
    if (child.exitCode === null) child.kill(endWith);
  }
  run.code = await exited;
  return run;
}

/** Whether a process of this pid is alive: it exists and has not exited (a zombie, not yet reaped by its parent, has). */
function isRunning(pid: number): boolean {
  try {
    // /proc/<pid>/stat: "pid (name) state …"; the name may hold spaces, so the state follows the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Resolves once `path` (an entry of `dir`) is gone, told by the file system's own events; rejects at the deadline. */
function removedFrom(dir: string, path: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (existsSync(path)) return;
      done();
      resolve();
    };
    const watcher = watch(dir, check);
    const deadline = setTimeout(() => {
      done();
      reject(new Error(`${path} still there after ${timeoutMs} ms`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(deadline);
      watcher.close();
    };
    // It may have gone before the watcher started.
    check();
  });
}
