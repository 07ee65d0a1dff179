/**
 * A newcomer's first minute (issue #16): on a fresh clone of this repository (its committed
 * HEAD, as `git clone` gives it) `npm ci`, then `npm start -- --demo`, timed from the command
 * to the first formatted post on stdout. Aim: within 10 s. `npm ci` builds Herald (package.json's
 * prepare), so its time is reported beside it.
 *
 * Every demo start does the same work (a new temporary database, the same sample outlet), and on
 * a shared two-core machine one start can take twice as long as the next; so the clone's first
 * start is reported, and the aim is judged on the median of its first STARTS starts, the first
 * included. The load average when they began is printed beside them.
 *
 * Nothing reaches the internet: `npm ci --offline` installs from npm's cache only (run `npm ci`
 * once online first), and the demo reads its sample outlet on loopback.
 * Run: npx tsx bench/first-run.ts (or `npm run bench -- first-run`)
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFigures } from './support/figures.js';

const AIM_SECONDS = 10;
const STARTS = 5;
/** Past this, a start is given up as stuck. */
const GIVE_UP_MS = 180_000;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIRST_POST = /── post 1 to /;

interface Timed {
  seconds: number;
  failure?: string;
}

/** Runs a command to its end; the seconds it took, or what went wrong. */
function timed(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Timed {
  const began = performance.now();
  const run = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (performance.now() - began) / 1000;
  if (run.status === 0) return { seconds };
  return { seconds, failure: `${command} ${args.join(' ')} exited ${run.status ?? run.signal}: ${(run.stderr || run.stdout).trim().split('\n').slice(-5).join(' / ')}` };
}

/**
 * `npm start -- --demo` until its first post is on stdout, then Ctrl-C (the demo keeps serving
 * the Mini App's pages until then) and its exit: it removes its temporary directory itself.
 */
function firstPost(cwd: string, env: NodeJS.ProcessEnv): Promise<Timed> {
  const began = performance.now();
  // Its own process group, so Ctrl-C reaches npm and Herald alike.
  const child = spawn('npm', ['start', '--', '--demo'], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve) => {
    let result: Timed | undefined;
    const finish = (outcome: Timed) => {
      if (result) return;
      result = outcome;
      signal('SIGINT');
      // A demo that does not end on Ctrl-C is cut short.
      setTimeout(() => signal('SIGKILL'), 20_000).unref();
    };
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, name);
      } catch {
        // Already gone.
      }
    };
    const watch = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (FIRST_POST.test(output)) finish({ seconds: (performance.now() - began) / 1000 });
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    const stuck = setTimeout(() => finish({ seconds: GIVE_UP_MS / 1000, failure: `no post within ${GIVE_UP_MS / 1000} s; its output ended: ${output.slice(-400)}` }), GIVE_UP_MS);
    child.on('exit', (code) => {
      clearTimeout(stuck);
      finish({ seconds: (performance.now() - began) / 1000, failure: `npm start -- --demo exited ${code} before its first post: ${output.slice(-400)}` });
      resolve(result!);
    });
  });
}

const seconds = (t: Timed) => (t.failure ? 'failed' : `${t.seconds.toFixed(1)} s`);

const figures = createFigures();
const failures: string[] = [];
const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() !== '';
const scratch = await mkdtemp(join(tmpdir(), 'herald-first-run-'));
// Enterable by the embedded server's own user when the bench runs as root.
await chmod(scratch, 0o755);
const clone = join(scratch, 'herald');
// Herald's own settings from this shell would not reach the demo anyway; LOG_FORMAT/LOG_LEVEL would change what it prints.
const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: scratch, NO_COLOR: '1', npm_config_audit: 'false', npm_config_fund: 'false' };
delete env.LOG_FORMAT;
delete env.LOG_LEVEL;
try {
  console.log(`Fresh clone of ${head}${dirty ? ' (uncommitted changes in the working tree are not in it)' : ''} in ${clone}`);
  const cloned = timed('git', ['clone', '--quiet', ROOT, clone], scratch, env);
  if (cloned.failure) throw new Error(cloned.failure);
  const install = timed('npm', ['ci', '--offline'], clone, env);
  figures.add('npm ci --offline (installs, then builds dist/ and the pages)', seconds(install), 'reported');
  if (install.failure) failures.push(install.failure);
  else {
    const load = loadavg()[0]!;
    const starts: Timed[] = [];
    for (let i = 0; i < STARTS && !starts.some((t) => t.failure); i++) starts.push(await firstPost(clone, env));
    for (const start of starts) if (start.failure) failures.push(start.failure);
    const times = starts.filter((t) => !t.failure).map((t) => t.seconds);
    const sorted = [...times].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    figures.add('fresh clone: the first npm start -- --demo → first post', seconds(starts[0]!), 'reported');
    figures.add(`npm start -- --demo → first post, median of ${STARTS} starts`, median !== undefined && failures.length === 0 ? `${median.toFixed(1)} s` : 'failed', `≤ ${AIM_SECONDS} s`, median !== undefined && failures.length === 0 && median <= AIM_SECONDS);
    figures.add('  each start', times.map((t) => t.toFixed(1)).join(', ') + ' s', 'reported');
    figures.add('load average (1 min) when the starts began', `${load.toFixed(1)} on ${availableParallelism()} cores`, 'reported');
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
figures.print();
for (const failure of failures) console.log(`  ✗ ${failure}`);
if (failures.length > 0) process.exitCode = 1;
