import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fail, onCode, succeed, type Outcome } from './result.js';

/** Who runs the server: Herald's own user, or (when Herald is root) an unprivileged system user. */
export interface ServerUser {
  name: string;
  /** Set only when Herald is root: the programs are started under this uid/gid. */
  uid?: number;
  gid?: number;
}

/** PostgreSQL refuses to run as root; as root, Herald runs its server as this system user. */
export const SERVER_USER_NAME = 'herald';

/**
 * Herald's own user when it is not root. As root (containers, CI, a quick try on a server) the
 * system user `herald` is used, created once with useradd (no home, no login shell) when
 * missing. Nothing else on the host changes.
 */
export async function serverUserFor(runningUid: number | undefined = process.getuid?.()): Promise<Outcome<ServerUser>> {
  if (runningUid !== 0) return succeed({ name: 'self' });
  let ids = await idsOf(SERVER_USER_NAME);
  if (!ids) {
    const created = await exec('useradd', ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', SERVER_USER_NAME]);
    // 9: created meanwhile by another Herald starting at the same moment.
    if (created.code !== 0 && created.code !== 9) {
      return fail(`Herald runs as root, and PostgreSQL refuses to: creating the system user "${SERVER_USER_NAME}" for it failed (${created.output.trim() || 'useradd not available'}); create that user, run Herald as a normal user, or set DATABASE_URL`);
    }
    ids = await idsOf(SERVER_USER_NAME);
    if (!ids) return fail(`the system user "${SERVER_USER_NAME}" could not be found after creating it; create it by hand or set DATABASE_URL`);
  }
  return succeed({ name: SERVER_USER_NAME, uid: ids.uid, gid: ids.gid });
}

/**
 * The server opens its directory by path, so every parent must let its user pass. A root-only
 * parent (/root is 0700 on Debian) would make it fail with a bare "permission denied".
 */
export async function firstBlockedParent(path: string, user: ServerUser): Promise<string | undefined> {
  if (user.uid === undefined) return undefined;
  let dir = resolve(path);
  for (;;) {
    // A part not made yet blocks nothing.
    const s = await onCode(stat(dir), 'ENOENT', undefined);
    if (s) {
      const bit = s.uid === user.uid ? 0o100 : s.gid === user.gid ? 0o010 : 0o001;
      if ((s.mode & bit) === 0) return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

async function idsOf(name: string): Promise<{ uid: number; gid: number } | undefined> {
  const [uid, gid] = await Promise.all([exec('id', ['-u', name]), exec('id', ['-g', name])]);
  if (uid.code !== 0 || gid.code !== 0) return undefined;
  return { uid: Number(uid.output.trim()), gid: Number(gid.output.trim()) };
}

function exec(file: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise) => {
    execFile(file, args, { env: { PATH: `${process.env.PATH ?? '/usr/bin:/bin'}:/usr/sbin:/sbin`, LC_ALL: 'C' } }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : null) : 0;
      resolvePromise({ code, output: `${String(stdout)}${String(stderr)}` });
    });
  });
}
