import { readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { PostgresBinaries } from './binaries.js';
import { commandLineOf, isAlive } from './process-identity.js';
import { fail, onCode, succeed, type Outcome } from './result.js';
import { lastLine, runCommand } from './run-command.js';
import type { ServerUser } from './server-user.js';

export type OrphanOutcome = { kind: 'none' } | { kind: 'stopped'; pid: number } | { kind: 'stale-pid-file' };

/**
 * Called while holding the DATA_DIR lock, so no live Herald owns the cluster: a server still
 * named by postmaster.pid was left by a Herald that died without stopping it (SIGKILL, OOM).
 * It is stopped the way an operator would (pg_ctl stop -m fast: open transactions roll back,
 * everything committed stays) and then started afresh with today's settings.
 */
export async function stopOrphanedServer(cluster: string, binaries: PostgresBinaries, user: ServerUser): Promise<Outcome<OrphanOutcome>> {
  const pidFile = join(cluster, 'postmaster.pid');
  // No postmaster.pid: no server running on the cluster.
  const text = await onCode(readFile(pidFile, 'utf8'), 'ENOENT', undefined);
  if (text === undefined) return succeed({ kind: 'none' });
  const pid = Number.parseInt(text.split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !isPostmasterOf(pid, cluster)) {
    // The pid is gone or now someone else's (after a reboot): pg_ctl would signal that
    // stranger. The file is a lock, not data; PostgreSQL recreates it on start.
    await rm(pidFile, { force: true });
    return succeed({ kind: 'stale-pid-file' });
  }
  const stopped = await runCommand(binaries.pgCtl, ['stop', '-D', cluster, '-m', 'fast', '-w', '-t', '60'], user);
  if (stopped.code !== 0) {
    return fail(`an embedded PostgreSQL (pid ${pid}) left running by an earlier Herald would not stop: ${stopped.spawnError ?? lastLine(stopped.stderr, stopped.stdout)}; stop it (kill ${pid}) and start Herald again`);
  }
  return succeed({ kind: 'stopped', pid });
}

/** Where /proc shows command lines (Linux): is this a postgres serving this very cluster? Elsewhere trusted. */
function isPostmasterOf(pid: number, cluster: string): boolean {
  const argv = commandLineOf(pid);
  if (!argv) return true;
  const dataArg = argv.indexOf('-D');
  return /postgres$/.test(argv[0] ?? '') && dataArg >= 0 && resolve(argv[dataArg + 1] ?? '') === resolve(cluster);
}
