/**
 * Herald as a child process for benchmarks: run from TypeScript through tsx, or compiled
 * (dist/, from `npm run build`), with an environment built from scratch and the Node options
 * `npm start` gives it. Stopping sends
 * SIGTERM and waits, so Herald stops its embedded PostgreSQL itself; a server still left
 * running after that (Herald killed) is shut down through its postmaster.pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export type HeraldMode = 'tsx' | 'compiled';

const ARGS: Record<HeraldMode, string[]> = {
  tsx: ['--import', 'tsx', 'src/main.ts'],
  compiled: ['dist/src/main.js'],
};

export interface HeraldChild {
  readonly child: ChildProcess;
  readonly pid: number;
  /** The last 20,000 characters Herald printed. */
  output(): string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  readonly exited: Promise<string>;
  /** Rejects as soon as Herald exits: race a wait against it to fail fast with Herald's own words. */
  readonly died: Promise<never>;
  /** SIGTERM, wait (SIGKILL after `graceMs`), then make sure no PostgreSQL is left on DATA_DIR. */
  stop(graceMs?: number): Promise<string>;
}

export function startHeraldChild(mode: HeraldMode, env: Record<string, string>): HeraldChild {
  const child = spawn(process.execPath, [...npmStartNodeOptions(), ...ARGS[mode]], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (chunk: Buffer): void => {
    out = (out + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = once(child, 'close').then(([code, signal]) => (code === null ? String(signal) : `exit ${String(code)}`));
  const died = exited.then((how) => {
    throw new Error(`Herald (${mode}) stopped unexpectedly (${how}):\n${out.slice(-3000)}`);
  });
  died.catch(() => undefined);
  let stopping: Promise<string> | undefined;
  return {
    child,
    pid: child.pid!,
    output: () => out,
    exited,
    died,
    stop(graceMs = 20_000) {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        const how = await exited;
        clearTimeout(timer);
        if (env.DATA_DIR) await stopLeftoverPostgres(env.DATA_DIR);
        return how;
      })();
      return stopping;
    },
  };
}

/**
 * The Node options in package.json's start script (`node <options> dist/src/main.js`), so a
 * benchmark runs Herald as a host does; the tsx mode gets the same ones.
 */
export function npmStartNodeOptions(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const found = /\bnode((?:\s+--?[\w-]+(?:=\S+)?)*)\s+dist\/src\/main\.js\b/.exec(pkg.scripts?.start ?? '');
  return (found?.[1] ?? '').split(/\s+/).filter(Boolean);
}

/** The postmaster running on DATA_DIR's cluster, if any (alive and not a zombie). */
export function postmasterPid(dataDir: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(text.split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && isAlive(pid) ? pid : undefined;
}

export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** A server Herald did not stop (it was killed): fast shutdown (SIGINT), SIGKILL after 20 s. */
export async function stopLeftoverPostgres(dataDir: string): Promise<void> {
  const pid = postmasterPid(dataDir);
  if (pid === undefined) return;
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return; // gone meanwhile
  }
  const deadline = Date.now() + 20_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
