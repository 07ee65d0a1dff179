import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isAlive, startTimeOf } from './process-identity.js';
import { fail, messageOf, onCode, succeed, type Outcome } from './result.js';

export interface DataDirLock {
  release(): Promise<void>;
}

interface Holder {
  pid: number;
  startTime?: string;
}

export const LOCK_FILE = 'herald.lock';

/**
 * One Herald per DATA_DIR: the lock file names the Herald holding it. A file left by a Herald
 * that died (SIGKILL, power loss) names a process that is gone, and is taken over.
 */
export async function lockDataDir(dataDir: string, self: Holder = { pid: process.pid, ...withStartTime(process.pid) }): Promise<Outcome<DataDirLock>> {
  const path = join(dataDir, LOCK_FILE);
  const content = `${JSON.stringify(self)}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(path, content, { flag: 'wx', mode: 0o600 });
      return succeed({
        async release() {
          // Only our own lock: never a file another Herald wrote after taking over. Gone already is fine.
          if ((await onCode(readFile(path, 'utf8'), 'ENOENT', '')) === content) await onCode(unlink(path), 'ENOENT', undefined);
        },
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') return fail(`DATA_DIR ${dataDir} is not writable (${code ?? messageOf(error)}): give Herald a writable DATA_DIR, or set DATABASE_URL`);
    }
    // Gone meanwhile (its Herald stopped): try again.
    const holder = parse(await onCode(readFile(path, 'utf8'), 'ENOENT', ''));
    // The same pid is a different process only when started at another time: a container's
    // Herald is pid 1 on every run.
    const isSelf = holder?.pid === self.pid && holder.startTime === self.startTime;
    if (holder && (isSelf || (holder.pid !== self.pid && isHeld(holder)))) {
      return fail(`DATA_DIR ${dataDir} is in use by another Herald (pid ${holder.pid}); stop that one first, or give this one its own DATA_DIR or a DATABASE_URL`);
    }
    // Left by a Herald that is gone (or a half-written file): take it over (unless removed meanwhile).
    await onCode(unlink(path), 'ENOENT', undefined);
  }
  return fail(`could not take the lock file ${path}; is another Herald starting on the same DATA_DIR?`);
}

function withStartTime(pid: number): { startTime?: string } {
  const startTime = startTimeOf(pid);
  return startTime ? { startTime } : {};
}

function isHeld(holder: Holder): boolean {
  if (!isAlive(holder.pid)) return false;
  // The pid was reused by an unrelated process since the holder died.
  const now = startTimeOf(holder.pid);
  return !(holder.startTime && now && now !== holder.startTime);
}

function parse(text: string): Holder | undefined {
  try {
    const value = JSON.parse(text) as Partial<Holder>;
    return typeof value.pid === 'number' ? { pid: value.pid, ...(typeof value.startTime === 'string' ? { startTime: value.startTime } : {}) } : undefined;
  } catch {
    return undefined;
  }
}
