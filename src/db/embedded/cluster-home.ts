import { createHash } from 'node:crypto';
import { lstat, mkdir, readlink, symlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fail, messageOf, onCode, succeed, type Outcome } from './result.js';
import { firstBlockedParent, type ServerUser } from './server-user.js';

/**
 * Where a root Herald keeps the cluster when its server's user cannot enter DATA_DIR (a clone
 * under /root, which Debian makes 0700): the standard place for a service's data, rather than
 * opening /root to everyone. DATA_DIR/postgres then links there, so the cluster is still found
 * (and backed up, following links) through DATA_DIR.
 */
export const ROOT_CLUSTER_HOMES = '/var/lib/herald/clusters';

/**
 * The directory that holds the `postgres` cluster directory: DATA_DIR itself whenever the
 * server's user can reach it. Otherwise (Herald is root) a directory of its own under
 * ROOT_CLUSTER_HOMES, named after DATA_DIR, with DATA_DIR/postgres a link to its cluster.
 */
export async function clusterHome(dataDir: string, user: ServerUser, homes = ROOT_CLUSTER_HOMES): Promise<Outcome<{ home: string; moved: boolean }>> {
  const blocked = await firstBlockedParent(dataDir, user);
  if (!blocked) return succeed({ home: dataDir, moved: false });
  const link = join(dataDir, 'postgres');
  const existing = await onCode(lstat(link), 'ENOENT', undefined);
  let home: string;
  if (existing?.isSymbolicLink()) {
    home = dirname(resolve(dataDir, await readlink(link)));
  } else if (existing) {
    return fail(
      `Herald runs as root, so its PostgreSQL runs as the system user "${user.name}", which cannot enter ${blocked} where the cluster ${link} is; ` +
        `allow it in (chmod o+x ${blocked}), move DATA_DIR to a place it can reach (e.g. /var/lib/herald), run Herald as a normal user, or set DATABASE_URL`,
    );
  } else {
    home = join(homes, createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16));
    try {
      await mkdir(home, { recursive: true, mode: 0o755 });
      await symlink(join(home, 'postgres'), link);
    } catch (error) {
      return fail(`Herald runs as root and DATA_DIR ${dataDir} is closed to its PostgreSQL user "${user.name}"; keeping the cluster in ${home} failed (${messageOf(error)}): use a DATA_DIR under /var/lib, run Herald as a normal user, or set DATABASE_URL`);
    }
  }
  const stillBlocked = await firstBlockedParent(home, user);
  if (stillBlocked) return fail(`the system user "${user.name}" cannot enter ${stillBlocked} either; allow it in (chmod o+x ${stillBlocked}), run Herald as a normal user, or set DATABASE_URL`);
  return succeed({ home, moved: true });
}
