/**
 * Footprint of the default install: Herald's Node process plus its embedded PostgreSQL
 * (no DATABASE_URL), run as a child exactly as a host runs it (with the Node options of
 * `npm start`), from TypeScript through tsx and compiled (`npm run build`, then dist/).
 *
 *   npx tsx bench/footprint.ts            (BENCH_RUNS=3 runs of each mode by default)
 *
 * Each run: a fresh DATA_DIR; first start (initdb, migrations) timed to the first getUpdates
 * the fake Bot API receives; stop; a later start on the same DATA_DIR, timed the same way;
 * its memory while idle; then 1,000 active readers with no filters are added to the
 * database and one new item appears in the feed, and memory is sampled until the fake has
 * delivered all 1,000 private messages.
 *
 * Memory is PSS (/proc/<pid>/smaps_rollup) summed over Herald's process tree, sampled every
 * 100 ms from the later start's first getUpdates until the last message is delivered: the
 * node process, any descendants, and the postmaster with its children (daemonised by pg_ctl,
 * so found through DATA_DIR/postgres/postmaster.pid); the benchmark's own database sessions
 * are left out. PSS splits pages shared with the benchmark's own node processes, so the node
 * process's RSS is reported too. The idle sample is also broken down by process (Herald's node,
 * the postmaster, each server process by its title, the client backends), to show where it goes.
 * The fake Bot API (exact windows, 429 when passed) runs in its own process; the fake feed
 * server runs here. Everything is on loopback.
 *
 * Aims are judged for the mode `npm start` runs (read from package.json); the other mode is
 * reported beside it. The process exits non-zero when an aim is missed, naming it.
 *
 * For comparison, with BENCH_PG_URL naming an outside server (e.g.
 * postgres://postgres@127.0.0.1:5432/postgres), the same runs are made in `npm start`'s mode
 * with DATABASE_URL on a fresh database there (dropped afterwards): Herald's Node process alone,
 * the figures a host with its own PostgreSQL sees. An outside server is never guessed.
 */
import { createFigures } from './support/figures.js';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startFakeFeedServer, type FakeFeedServer } from '../tests/helpers/fake-feed-server.js';
import { startFakeTelegram, type FakeTelegram } from './support/fake-telegram.js';
import { npmStartNodeOptions, postmasterPid, ROOT, startHeraldChild, stopLeftoverPostgres, type HeraldChild, type HeraldMode } from './support/herald-child.js';
import { sampleTree, type TreeSampler } from './support/process-memory.js';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const READERS = 1_000;
const FIRST_READER = 800_000_000;
/** Idle: the peak over this window, starting IDLE_AFTER_MS after the later start's first getUpdates. */
const IDLE_AFTER_MS = 1_000;
const IDLE_WINDOW_MS = 3_000;
const AIMS = { installPeakMb: 170, nodePeakMb: 140, idleMb: 120, firstStartS: 5, laterStartS: 1.5 };

const figures = createFigures();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const add = figures.add;
const mb = (kb: number) => kb / 1024;

// ---- cleanup: every child and temp dir goes, on success, failure or Ctrl-C ----
const cleanups: Array<() => Promise<void> | void> = [];
async function cleanUp(): Promise<void> {
  for (const fn of cleanups.splice(0).reverse()) {
    try {
      await fn();
    } catch (error) {
      process.stderr.write(`cleanup: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
}
let aborted = false;
/** Throws once the benchmark is interrupted, so a run in progress starts nothing new. */
function checkAborted(): void {
  if (aborted) throw new Error('interrupted');
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    aborted = true;
    process.stderr.write(`\n${signal}: stopping Herald, PostgreSQL and the fakes…\n`);
    // Twice: whatever a run was starting while the first pass ran is registered by then.
    void cleanUp()
      .then(() => sleep(200))
      .then(cleanUp)
      .finally(() => process.exit(130));
  });
}

/** `npm start`'s mode: compiled when the script runs dist/ JavaScript. */
function npmStartMode(): { mode: HeraldMode; script: string } {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const script = pkg.scripts?.start ?? '';
  return { mode: /\bdist\/|\.js\b/.test(script) && !/\btsx\b/.test(script) ? 'compiled' : 'tsx', script };
}

/** The URL Herald builds for its embedded server: the socket in DATA_DIR/postgres, the generated password. */
function embeddedDbUrl(dataDir: string): string {
  const password = readFileSync(join(dataDir, 'postgres-password'), 'utf8').trim();
  return `postgres://herald:${encodeURIComponent(password)}@localhost:5432/herald?host=${encodeURIComponent(join(dataDir, 'postgres'))}`;
}

/** Where a run's Herald keeps its data: its own embedded server (the default install), or a database on an outside one. */
type Database = { kind: 'embedded' } | { kind: 'outside'; serverUrl: string };

/** A session on Herald's database; its backend pid goes into `ownBackends` so the sampler leaves it out. */
async function withDb<T>(url: string, ownBackends: Set<number>, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: [me] } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    ownBackends.add(me!.pid);
    return await work(client);
  } finally {
    await client.end();
  }
}


interface RunResult {
  firstStartS: number;
  laterStartS: number;
  idleKb: number;
  /** The idle peak sample by process role. */
  idleByRole: Record<string, { pssKb: number; count: number }>;
  /** Peak PSS of the Node process alone over the idle window. */
  idleNodeKb: number;
  peakKb: number;
  nodePeakKb: number;
  nodePeakRssKb: number;
  peakProcesses: number;
  deliverS: number;
  tooMany: number;
  breaches: number;
}

function articleHtml(title: string): string {
  const paragraph = 'The regional energy ministers agreed on the next phase of the pipeline expansion, with new capacity expected within two years and financing arranged by a group of lenders. ';
  return `<!DOCTYPE html><html><head><title>${title}</title></head><body><article><h1>${title}</h1>${Array.from({ length: 8 }, () => `<p>${paragraph.repeat(3)}</p>`).join('')}</article></body></html>`;
}

/** A session on the outside server's maintenance database. */
async function onServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database on the outside server for one run, dropped (with any session still on it) at cleanup. */
async function outsideDatabase(serverUrl: string): Promise<string> {
  const name = `herald_footprint_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await onServer(serverUrl, (c) => c.query(`create database ${name}`));
  cleanups.push(() => onServer(serverUrl, (c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function oneRun(mode: HeraldMode, run: number, outlet: FakeFeedServer, database: Database = { kind: 'embedded' }): Promise<RunResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-footprint-'));
  // As root the embedded server runs as the system user herald, which must be able to enter DATA_DIR.
  chmodSync(dataDir, 0o755);
  cleanups.push(async () => {
    await stopLeftoverPostgres(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });
  const fake: FakeTelegram = await startFakeTelegram(READERS);
  cleanups.push(() => fake.kill());
  checkAborted();

  const databaseUrl = database.kind === 'outside' ? await outsideDatabase(database.serverUrl) : undefined;
  checkAborted();
  const dbUrl = () => databaseUrl ?? embeddedDbUrl(dataDir);
  const tag = `${mode}-${database.kind}-${run}`;
  const feedPath = `/footprint-${tag}.xml`;
  const story = (n: number) => `/story/${tag}/${n}`;
  outlet.setHtml(story(0), articleHtml('Ministers meet on the pipeline'));
  outlet.setHtml(story(1), articleHtml('Pipeline expansion agreed'));
  outlet.setFeed(feedPath, {
    title: 'Footprint outlet',
    language: 'en',
    items: [{ guid: `${tag}-0`, title: 'Ministers meet on the pipeline', link: outlet.url(story(0)), description: 'Energy ministers met today.', pubDate: new Date(Date.now() - 3_600_000) }],
  });
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    BOT_TOKEN: fake.token,
    BOT_API_ROOT: fake.apiRoot,
    FEEDS: outlet.url(feedPath),
    ALLOW_PRIVATE_FETCH: 'true',
    HOST: '127.0.0.1',
    PORT: '0',
    FIRST_RUN_POSTS: '1',
    // Poll every second and let the feed be due every second, so the new item is seen at once.
    POLL_CRON: '* * * * * *',
    FEED_MIN_REFRESH_SECONDS: '1',
    LOG_LEVEL: 'warn',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
  const ownBackends = new Set<number>();
  checkAborted();
  let herald: HeraldChild | undefined;
  cleanups.push(async () => {
    await herald?.stop();
  });

  // First start on an empty DATA_DIR.
  checkAborted();
  const t0 = Date.now();
  herald = startHeraldChild(mode, env);
  const firstAt = await Promise.race([fake.getUpdatesAfter(t0, 60_000), herald.died]);
  // Stopped once its first poll is stored, so the later start is an ordinary restart.
  const initialised = Date.now() + 30_000;
  while (!(await withDb(dbUrl(), ownBackends, async (c) => (await c.query<{ ok: boolean }>('select bool_and(initialized) as ok from feeds')).rows[0]?.ok === true))) {
    if (Date.now() > initialised) throw new Error(`the first poll was not stored within 30 s:\n${herald.output().slice(-2000)}`);
    await Promise.race([sleep(100), herald.died]);
  }
  const firstStop = await herald.stop();
  checkAborted();
  if (firstStop !== 'exit 0') throw new Error(`Herald's first run ended with ${firstStop}:\n${herald.output().slice(-2000)}`);

  // A later start on the same DATA_DIR; sampled from its first getUpdates on (sampling costs
  // some CPU on a small host, so it stays out of the start-up being timed).
  const t1 = Date.now();
  herald = startHeraldChild(mode, env);
  const laterAt = await Promise.race([fake.getUpdatesAfter(t1, 60_000), herald.died]);
  const sampler: TreeSampler = sampleTree({
    mainPid: herald.pid,
    extraRoots: () => {
      if (database.kind === 'outside') return [];
      const pid = postmasterPid(dataDir);
      return pid === undefined ? [] : [pid];
    },
    exclude: () => ownBackends,
  });
  cleanups.push(() => sampler.stop());
  await Promise.race([sleep(laterAt + IDLE_AFTER_MS + IDLE_WINDOW_MS - Date.now()), herald.died]);
  const idle = sampler.peak('pssKb', laterAt + IDLE_AFTER_MS, laterAt + IDLE_AFTER_MS + IDLE_WINDOW_MS);
  const idleNode = sampler.peak('mainPssKb', laterAt + IDLE_AFTER_MS, laterAt + IDLE_AFTER_MS + IDLE_WINDOW_MS);

  // 1,000 readers, onboarded, no filters: every item goes to every one of them.
  await withDb(dbUrl(), ownBackends, (c) =>
    c.query(`insert into subscribers (chat_id, chat_type, status, mode, onboarded, language) select $1::bigint + g, 'private', 'active', 'instant', true, 'en' from generate_series(0, $2::int - 1) g`, [FIRST_READER, READERS]),
  );
  const addedAt = Date.now();
  outlet.addItem(feedPath, { guid: `${tag}-1`, title: 'Pipeline expansion agreed', link: outlet.url(story(1)), description: 'The ministers agreed on the expansion.', pubDate: new Date() });
  const lastAt = await Promise.race([fake.sentReaches(READERS, 180_000), herald.died]);
  sampler.sample();
  sampler.stop();
  const from = addedAt;
  const to = Date.now();
  const peak = sampler.peak('pssKb', from, to)!;
  const nodePeak = sampler.peak('mainPssKb', from, to)!;
  const nodeRss = sampler.peak('mainRssKb', from, to)!;

  const stopped = await herald.stop();
  if (stopped !== 'exit 0') throw new Error(`Herald ended with ${stopped}:\n${herald.output().slice(-2000)}`);
  if (postmasterPid(dataDir) !== undefined) throw new Error('the embedded PostgreSQL was still running after Herald exited');
  const totals = await fake.finish();
  await cleanUp(); // this run's dir, fake and sampler
  return {
    firstStartS: (firstAt - t0) / 1000,
    laterStartS: (laterAt - t1) / 1000,
    idleKb: idle?.pssKb ?? Number.NaN,
    idleByRole: idle?.byRole ?? {},
    idleNodeKb: idleNode?.mainPssKb ?? Number.NaN,
    peakKb: peak.pssKb,
    nodePeakKb: nodePeak.mainPssKb,
    nodePeakRssKb: nodeRss.mainRssKb,
    peakProcesses: peak.processes,
    deliverS: (lastAt - addedAt) / 1000,
    tooMany: totals.tooMany,
    breaches: totals.breaches,
  };
}

interface Spread {
  median: number;
  min: number;
  max: number;
}
function spreadOf(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)! };
}
const show = (s: Spread, digits: number, unit: string, runs: number) =>
  runs === 1 ? `${s.median.toFixed(digits)}${unit} (1 run)` : `median ${s.median.toFixed(digits)}${unit} (min ${s.min.toFixed(digits)}, max ${s.max.toFixed(digits)}, ${runs} runs)`;

/** The run whose value is the median (the lower middle one of an even count). */
function medianRun(rs: RunResult[], value: (r: RunResult) => number): RunResult {
  return [...rs].sort((a, b) => value(a) - value(b))[Math.floor((rs.length - 1) / 2)]!;
}

/** "node 80.2, postmaster 8.1, 2 backend 6.3, …" in MB, largest first. */
function breakdown(byRole: Record<string, { pssKb: number; count: number }>): string {
  return Object.entries(byRole)
    .sort(([, a], [, b]) => b.pssKb - a.pssKb)
    .map(([role, { pssKb, count }]) => `${count > 1 ? `${count} ` : ''}${role} ${mb(pssKb).toFixed(1)}`)
    .join(', ');
}

function build(): { ok: boolean; value: string } {
  const t0 = performance.now();
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env } });
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  if (result.status === 0) return { ok: true, value: `built in ${seconds} s` };
  const firstError = `${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n').find((l) => /error/i.test(l)) ?? String(result.error ?? `exit ${String(result.status)}`);
  return { ok: false, value: `exit ${String(result.status)} after ${seconds} s: ${firstError.trim().slice(0, 200)}` };
}


/** One kind of run: a mode, on the embedded server or on the outside one. */
interface Variant {
  key: string;
  mode: HeraldMode;
  database: Database;
}

async function main(): Promise<void> {
  if (process.platform !== 'linux') {
    add('footprint: needs Linux /proc', process.platform, 'runs on Linux', false);
    return;
  }
  const judged = npmStartMode();
  const serverUrl = process.env.BENCH_PG_URL;
  const variants: Variant[] = [
    { key: 'compiled', mode: 'compiled', database: { kind: 'embedded' } },
    { key: 'tsx', mode: 'tsx', database: { kind: 'embedded' } },
    ...(serverUrl ? [{ key: 'outside', mode: judged.mode, database: { kind: 'outside', serverUrl } } satisfies Variant] : []),
  ];
  const outlet = await startFakeFeedServer();
  const results: Record<string, RunResult[]> = Object.fromEntries(variants.map((v) => [v.key, []]));
  const failures: Record<string, string> = {};
  try {
    const built = build();
    const compiledMain = join(ROOT, 'dist/src/main.js');
    // The build is incremental (tsc -b): an unchanged main.js is not rewritten, so success and presence are the test.
    const compiledOk = built.ok && existsSync(compiledMain);
    add('`npm run build` (for the compiled runs)', built.value, 'builds', built.ok);
    if (!compiledOk) for (const v of variants) if (v.mode === 'compiled') failures[v.key] = 'dist/src/main.js was not built';
    if (serverUrl) {
      try {
        await onServer(serverUrl, (c) => c.query('select 1'));
      } catch (error) {
        // BENCH_PG_URL was given but its server does not answer: a failed part, not a skipped one.
        failures.outside = `BENCH_PG_URL does not answer: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    // Kinds of run alternate run by run, so drift on the machine falls on all alike.
    for (let run = 0; run < RUNS; run++) {
      for (const v of variants) {
        if (failures[v.key] || aborted) continue;
        process.stderr.write(`footprint: ${v.key} run ${run + 1}/${RUNS}…\n`);
        try {
          results[v.key]!.push(await oneRun(v.mode, run, outlet, v.database));
        } catch (error) {
          failures[v.key] = error instanceof Error ? error.message : String(error);
          await cleanUp();
        }
      }
    }
  } finally {
    await cleanUp();
    await outlet.close();
  }

  if (aborted) add('footprint: interrupted', 'SIGINT/SIGTERM', 'runs to the end', false);
  for (const v of variants) {
    const rs = results[v.key]!;
    const outside = v.database.kind === 'outside';
    const isJudged = v.mode === judged.mode && !outside;
    const options = npmStartNodeOptions().map((o) => `${o} `).join('');
    const modeLabel = v.mode === 'tsx' ? `tsx (node ${options}--import tsx src/main.ts)` : `compiled (node ${options}dist/src/main.js)`;
    const label = outside ? `${modeLabel}, outside PostgreSQL (DATABASE_URL)` : modeLabel;
    const why = outside ? 'report: the aims are the default install\'s' : `report: npm start runs ${judged.mode}`;
    const aim = (text: string) => (isJudged ? text : `${text} (${why})`);
    const met = (ok: boolean) => (isJudged ? ok : null);
    if (failures[v.key]) add(`${label}: failed`, failures[v.key]!.replace(/\s+/g, ' ').slice(0, 400), 'runs to the end', false);
    if (rs.length === 0) continue;
    const n = rs.length;
    const first = spreadOf(rs.map((r) => r.firstStartS));
    const later = spreadOf(rs.map((r) => r.laterStartS));
    const idle = spreadOf(rs.map((r) => mb(r.idleKb)));
    const idleNode = spreadOf(rs.map((r) => mb(r.idleNodeKb)));
    const peak = spreadOf(rs.map((r) => mb(r.peakKb)));
    const nodePeak = spreadOf(rs.map((r) => mb(r.nodePeakKb)));
    const nodeRss = spreadOf(rs.map((r) => mb(r.nodePeakRssKb)));
    const deliver = spreadOf(rs.map((r) => r.deliverS));
    const processes = Math.max(...rs.map((r) => r.peakProcesses));
    const tooMany = rs.reduce((sum, r) => sum + r.tooMany, 0);
    const breaches = rs.reduce((sum, r) => sum + r.breaches, 0);
    const dataDir = outside ? 'an empty database' : 'an empty DATA_DIR';
    add(`${label}: first start on ${dataDir} → first getUpdates`, show(first, 2, ' s', n), aim(`≤ ${AIMS.firstStartS} s`), met(first.median <= AIMS.firstStartS));
    add(`${label}: later start on the same ${outside ? 'database' : 'DATA_DIR'} → first getUpdates`, show(later, 2, ' s', n), aim(`≤ ${AIMS.laterStartS} s`), met(later.median <= AIMS.laterStartS));
    if (!outside) {
      add(`${label}: idle after start, PSS of Herald + embedded PostgreSQL (peak over ${IDLE_WINDOW_MS / 1000} s)`, show(idle, 1, ' MB', n), aim(`≤ ${AIMS.idleMb} MB`), met(idle.median <= AIMS.idleMb));
      add(`${label}: the same, by process (the median run's sample)`, breakdown(medianRun(rs, (r) => r.idleKb).idleByRole), 'report', null);
    }
    add(`${label}: idle after start, PSS of Herald's Node process alone (peak over ${IDLE_WINDOW_MS / 1000} s)`, show(idleNode, 1, ' MB', n), 'report', null);
    if (!outside) {
      add(`${label}: ${READERS.toLocaleString('en')} readers get one item, peak PSS of the whole install (${processes} processes)`, show(peak, 1, ' MB', n), aim(`≤ ${AIMS.installPeakMb} MB`), met(peak.median <= AIMS.installPeakMb));
    }
    add(`${label}: ${outside ? `${READERS.toLocaleString('en')} readers get one item` : 'the same'}, peak PSS of Herald's Node process alone`, show(nodePeak, 1, ' MB', n), aim(`≤ ${AIMS.nodePeakMb} MB`), met(nodePeak.median <= AIMS.nodePeakMb));
    add(`${label}: the same, peak RSS of Herald's Node process (no sharing with the bench's own node processes)`, show(nodeRss, 1, ' MB', n), 'report', null);
    add(`${label}: new item → ${READERS.toLocaleString('en')}th message delivered (default SEND_RATE, exact fake)`, show(deliver, 1, ' s', n), 'report', null);
    add(`${label}: 429 answers and rate-limit breaches in those runs`, `${tooMany} and ${breaches}`, '0 and 0', tooMany === 0 && breaches === 0);
  }
  if (!serverUrl) add('outside PostgreSQL (DATABASE_URL): Herald\'s Node process alone', 'not measured', 'set BENCH_PG_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres) for these figures', null);
}

try {
  await main();
} catch (error) {
  add('footprint: failed', error instanceof Error ? error.message.replace(/\s+/g, ' ').slice(0, 400) : String(error), 'runs to the end', false);
} finally {
  await cleanUp();
}
figures.print();
