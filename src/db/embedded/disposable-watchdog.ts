import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';

/**
 * A throwaway server (the demo's) must not outlive Herald. pg_ctl starts the postmaster in a
 * session of its own, so when Herald is killed outright (SIGKILL, the OOM killer, a closed
 * terminal) nothing stops it, and it keeps its port, its memory and its temporary directory for
 * good. The watchdog is a small shell process that holds the read end of a pipe whose only write
 * end is Herald's: the kernel closes that end however Herald dies, the shell reads end-of-file,
 * stops the server at once (SIGQUIT: immediate shutdown, nothing of a throwaway database is
 * worth a checkpoint) and removes the directories.
 *
 * It runs in a session of its own so that Ctrl-C in the terminal (SIGINT to Herald's whole
 * process group) leaves it alone while Herald stops the server itself; Herald then disarms it.
 */
const SCRIPT = [
  // Returns only at end-of-file: when Herald has died or disarmed the watchdog.
  'cat >/dev/null',
  'pid=$1; cluster=$2; shift 2',
  // Signalled only while that pid is still this cluster's postmaster: if the server died first
  // (the OOM killer) and the pid was given to another process, that process is left alone.
  'ours() { tr "\\0" "\\n" < "/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "$cluster"; }',
  'ours && kill -QUIT "$pid" 2>/dev/null',
  // Up to 10 s for the server to go, then it is killed outright: the files must be freed.
  'n=0; while ours && [ $n -lt 100 ]; do sleep 0.1; n=$((n+1)); done',
  'ours && kill -KILL "$pid" 2>/dev/null',
  'rm -rf -- "$@"',
].join('\n');

export interface DisposableWatchdog {
  /** Herald stops the server itself: the watchdog ends without touching anything. */
  disarm(): void;
}

/** `cluster` is the data directory exactly as the postmaster was given it (`-D`). */
export function watchDisposableServer(postmasterPid: number, cluster: string, removeWhenOrphaned: readonly string[]): DisposableWatchdog {
  const child = spawn('/bin/sh', ['-c', SCRIPT, 'herald-demo-watchdog', String(postmasterPid), cluster, ...removeWhenOrphaned], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
  });
  // Neither the process nor its pipe keeps Herald's event loop alive.
  child.unref();
  // A child's piped stdin is a socket over the pipe.
  const stdin = child.stdin as Socket | null;
  stdin?.unref();
  // A watchdog that could not start leaves things as they were before it existed.
  child.on('error', () => undefined);
  stdin?.on('error', () => undefined);
  return {
    disarm() {
      // Killed before the pipe closes, so it never reads end-of-file and never runs its stop.
      child.kill('SIGKILL');
      stdin?.destroy();
    },
  };
}
