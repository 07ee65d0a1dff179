import { randomBytes } from 'node:crypto';
import { appendFile, chown, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PostgresBinaries } from './binaries.js';
import { fail, messageOf, onCode, succeed, type Outcome } from './result.js';
import { lastLine, runCommand } from './run-command.js';
import type { ServerUser } from './server-user.js';
import { INCLUDE_LINE } from './settings.js';

/** The superuser Herald connects as, and its database. */
export const ROLE = 'herald';

export interface ClusterPaths {
  /** DATA_DIR/postgres: the cluster, and the directory of its Unix socket. */
  cluster: string;
  /** DATA_DIR/postgres-password: the generated password, 0600, readable by Herald only. */
  passwordFile: string;
  /** The server's log (pg_ctl -l), inside the cluster so the server's user can write it. */
  log: string;
}

export function clusterPaths(dataDir: string): ClusterPaths {
  const cluster = join(dataDir, 'postgres');
  return { cluster, passwordFile: join(dataDir, 'postgres-password'), log: join(cluster, 'server.log') };
}

const INIT_PREFIX = 'postgres.init-';

/**
 * What is in DATA_DIR/postgres: nothing yet, Herald's own cluster, or something Herald must
 * not touch (each refusal says what to do; nothing is ever deleted).
 */
export async function inspectCluster(paths: ClusterPaths, binaries: PostgresBinaries): Promise<Outcome<'absent' | 'ready'>> {
  const entries = await readdir(paths.cluster).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? [] : error));
  if (entries instanceof Error) return fail(`cannot read ${paths.cluster} (${entries.code ?? entries.message}); check its owner and permissions, or set DATABASE_URL`);
  if (entries.length === 0) return succeed('absent');
  const version = (await onCode(readFile(join(paths.cluster, 'PG_VERSION'), 'utf8'), 'ENOENT', '')).trim();
  if (!/^\d+$/.test(version)) {
    return fail(`${paths.cluster} is not empty and is not a PostgreSQL cluster (no PG_VERSION); Herald leaves it alone: move it away, or set DATABASE_URL`);
  }
  if (Number(version) !== binaries.major) {
    return fail(
      `${paths.cluster} holds a PostgreSQL ${version} cluster, and Herald's embedded server is PostgreSQL ${binaries.major}; ` +
        `upgrade the cluster (pg_upgrade) or point DATABASE_URL at a PostgreSQL ${version} server; nothing was changed`,
    );
  }
  const conf = await onCode(readFile(join(paths.cluster, 'postgresql.conf'), 'utf8'), 'ENOENT', '');
  if (!conf.includes(INCLUDE_LINE)) {
    return fail(`${paths.cluster} holds a PostgreSQL cluster that Herald did not create; Herald leaves it alone: move it away, or set DATABASE_URL to use it`);
  }
  if (!(await onCode(readFile(paths.passwordFile, 'utf8'), 'ENOENT', '')).trim()) {
    return fail(`${paths.passwordFile} is missing, so Herald cannot log in to its cluster ${paths.cluster}; restore that file, or set DATABASE_URL`);
  }
  return succeed('ready');
}

/**
 * initdb into a fresh directory beside the cluster, renamed into place only once complete: a
 * start killed half-way leaves a directory Herald recognises as its own leftover, never a
 * half-made cluster. `disposable`: a cluster no one needs after a crash (the demo's), so
 * initdb skips writing its files safely to disk, seconds on a busy or slow disk.
 */
export async function initialiseCluster(dataDir: string, paths: ClusterPaths, binaries: PostgresBinaries, user: ServerUser, options: { disposable?: boolean } = {}): Promise<Outcome<void>> {
  await removeAbandonedInits(dataDir);
  const staging = join(dataDir, `${INIT_PREFIX}${randomBytes(4).toString('hex')}`);
  const pwfile = `${staging}.pw`;
  const password = randomBytes(24).toString('base64url');
  try {
    await mkdir(staging, { mode: 0o700 });
    await writeFile(paths.passwordFile, `${password}\n`, { mode: 0o600 });
    // initdb reads the password from a file its user can read; gone again right after.
    await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
    if (user.uid !== undefined && user.gid !== undefined) {
      await chown(staging, user.uid, user.gid);
      await chown(pwfile, user.uid, user.gid);
    }
    const init = await runCommand(
      binaries.initdb,
      [
        `--pgdata=${staging}`,
        `--username=${ROLE}`,
        '--auth=scram-sha-256',
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        // The builtin provider needs no locale installed on the host (PostgreSQL 17+).
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--locale=C',
        '--lc-messages=C',
        '--no-instructions',
        ...(options.disposable ? ['--no-sync'] : []),
      ],
      user,
    );
    if (init.code !== 0) return fail(`initialising the embedded PostgreSQL cluster failed: ${init.spawnError ?? lastLine(init.stderr, init.stdout)}; or set DATABASE_URL`);
    await appendFile(join(staging, 'postgresql.conf'), `\n${INCLUDE_LINE}\n`);
    await rename(staging, paths.cluster);
    return succeed(undefined);
  } catch (error) {
    return fail(`initialising the embedded PostgreSQL cluster in ${dataDir} failed: ${messageOf(error)}; or set DATABASE_URL`);
  } finally {
    // force: a file already gone is no failure; any other (the password file stays!) is reported.
    await rm(pwfile, { force: true });
    await rm(staging, { recursive: true, force: true });
  }
}

/** Staging directories of inits that never finished: Herald's own, never renamed, holding no data. */
async function removeAbandonedInits(dataDir: string): Promise<void> {
  for (const name of await onCode(readdir(dataDir), 'ENOENT', [] as string[])) {
    if (name.startsWith(INIT_PREFIX)) await rm(join(dataDir, name), { recursive: true, force: true });
  }
}
