import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningHerald } from '../helpers/run-herald.js';

/** A fresh DATA_DIR. As root the embedded server runs as the system user herald, which must be able to enter it. */
export async function freshDataDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'herald-embedded-'));
  await chmod(dir, 0o755);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The pid in DATA_DIR/postgres/postmaster.pid: the server running on that directory, if any. */
export async function postmasterPid(dataDir: string): Promise<number | undefined> {
  const text = await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => undefined);
  return text ? Number.parseInt(text.split('\n')[0]!, 10) : undefined;
}

/** Alive and not a zombie (where PID 1 does not reap, an exited server lingers as one). */
export { isAlive as isRunning } from '../../src/db/embedded/process-identity.js';

/** The URL Herald itself builds for its embedded server: the socket in DATA_DIR/postgres, the generated password. */
export async function embeddedDbUrl(dataDir: string): Promise<string> {
  const password = (await readFile(join(dataDir, 'postgres-password'), 'utf8')).trim();
  return `postgres://herald:${encodeURIComponent(password)}@localhost:5432/herald?host=${encodeURIComponent(join(dataDir, 'postgres'))}`;
}

/**
 * Resolves once `probe` holds; re-checked whenever the process prints something (at debug level
 * Herald logs each poll and each write of sent messages), so nothing waits on a timer but the deadline.
 */
export function waitUntil(herald: RunningHerald, probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let checking = false;
    let done = false;
    const finish = (error?: Error) => {
      done = true;
      clearTimeout(timer);
      herald.child.stdout?.off('data', check);
      herald.child.stderr?.off('data', check);
      if (error) reject(error);
      else resolve();
    };
    const check = () => {
      if (checking || done) return;
      checking = true;
      probe().then(
        (held) => {
          checking = false;
          if (held && !done) finish();
        },
        (error: unknown) => {
          checking = false;
          if (!done) finish(error instanceof Error ? error : new Error(String(error)));
        },
      );
    };
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${herald.output().slice(-3000)}`)), timeoutMs);
    herald.child.stdout?.on('data', check);
    herald.child.stderr?.on('data', check);
    check();
  });
}
