import { chown, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { findPostgresBinaries, type PostgresBinaries } from './binaries.js';
import { clusterPaths, initialiseCluster, inspectCluster, ROLE } from './cluster.js';
import { lockDataDir } from './data-dir-lock.js';
import { chooseListen, connectionUrl } from './listen.js';
import { watchDisposableServer, type DisposableWatchdog } from './disposable-watchdog.js';
import { stopOrphanedServer } from './orphan.js';
import { fail, messageOf, onCode, succeed, type Outcome } from './result.js';
import { lastLine, runCommand } from './run-command.js';
import { clusterHome } from './cluster-home.js';
import { serverUserFor, type ServerUser } from './server-user.js';
import { DISPOSABLE_SETTINGS, heraldConf } from './settings.js';

export interface EmbeddedServerOptions {
  dataDir: string;
  /** The database Herald uses (created on first start). */
  database?: string;
  /** Settings on top of the small-host ones (the test server allows more connections). */
  settings?: Readonly<Record<string, string>>;
  /**
   * A cluster no one needs after a crash (the demo's, in a temporary directory): made and run
   * without waiting for the disk (initdb --no-sync, DISPOSABLE_SETTINGS). Never Herald's own data.
   */
  disposable?: boolean;
  /** Told what happened on the way up (cluster created, an orphaned server stopped). */
  onEvent?: (message: string) => void;
  /**
   * Told the server's generated password as soon as it is read, before any connection string
   * or error that may carry it exists: the logger scrubs it from then on.
   */
  onSecret?: (secret: string) => void;
  /** Where a root Herald keeps clusters its server's user could not reach in DATA_DIR (tests use a temporary one). */
  rootClusterHomes?: string;
  /** Injected by tests: the binaries to use (default: the ones npm installed for this machine). */
  findBinaries?: () => Promise<Outcome<PostgresBinaries>>;
}

export interface EmbeddedServer {
  /** Connection string for the database (password included: keep it out of logs). */
  url: string;
  /** The same server's maintenance database, for CREATE DATABASE. */
  adminUrl: string;
  listen: 'socket' | 'tcp';
  version: string;
  /** Stops the server (fast: open transactions roll back) and releases DATA_DIR. */
  stop(): Promise<void>;
}

const DEFAULT_DATABASE = 'herald';

/** A PostgreSQL server of Herald's own in DATA_DIR: initialised on first start, started, stopped with Herald. */
export async function startEmbeddedPostgres(options: EmbeddedServerOptions): Promise<Outcome<EmbeddedServer>> {
  const dataDir = resolve(options.dataDir);
  const note = options.onEvent ?? (() => undefined);
  try {
    await mkdir(dataDir, { recursive: true });
  } catch (error) {
    return fail(`cannot create DATA_DIR ${dataDir} (${(error as NodeJS.ErrnoException).code ?? messageOf(error)}): give Herald a writable DATA_DIR, or set DATABASE_URL`);
  }
  const lock = await lockDataDir(dataDir).catch((error: unknown) => fail(`cannot take the lock on DATA_DIR ${dataDir}: ${messageOf(error)}; give Herald a DATA_DIR of its own, or set DATABASE_URL`));
  if (!lock.ok) return lock;
  const started = await startLocked(dataDir, options, note).catch((error: unknown) => fail(`embedded PostgreSQL did not start: ${messageOf(error)}`));
  if (!started.ok) {
    await lock.value.release();
    return started;
  }
  const server = started.value;
  return succeed({
    ...server,
    async stop() {
      try {
        await server.stop();
      } finally {
        await lock.value.release();
      }
    },
  });
}

async function startLocked(dataDir: string, options: EmbeddedServerOptions, note: (message: string) => void): Promise<Outcome<EmbeddedServer>> {
  const binaries = await (options.findBinaries ?? findPostgresBinaries)();
  if (!binaries.ok) return binaries;
  const user = await serverUserFor();
  if (!user.ok) return user;
  const located = await clusterHome(dataDir, user.value, options.rootClusterHomes);
  if (!located.ok) return located;
  const { home, moved } = located.value;
  // The password stays in DATA_DIR, readable by Herald only, wherever the cluster itself lives.
  const paths = { ...clusterPaths(home), passwordFile: clusterPaths(dataDir).passwordFile };
  const state = await inspectCluster(paths, binaries.value);
  if (!state.ok) return state;
  if (state.value === 'absent') {
    if (moved) note(`DATA_DIR ${dataDir} is closed to the PostgreSQL user "${user.value.name}": the cluster is kept in ${paths.cluster}, linked from ${join(dataDir, 'postgres')}`);
    const made = await initialiseCluster(home, paths, binaries.value, user.value, { disposable: options.disposable === true });
    if (!made.ok) return made;
    note(`embedded PostgreSQL ${binaries.value.version}: new cluster in ${paths.cluster}`);
  }
  const orphan = await stopOrphanedServer(paths.cluster, binaries.value, user.value);
  if (!orphan.ok) return orphan;
  if (orphan.value.kind === 'stopped') note(`stopped the embedded PostgreSQL (pid ${orphan.value.pid}) that an earlier Herald left running`);

  const listen = await chooseListen(paths.cluster);
  const confPath = join(paths.cluster, 'herald.conf');
  await writeFile(confPath, heraldConf(listen, { ...(options.disposable ? DISPOSABLE_SETTINGS : {}), ...options.settings }), { mode: 0o600 });
  if (user.value.uid !== undefined && user.value.gid !== undefined) await chown(confPath, user.value.uid, user.value.gid);

  // No log yet on a first start.
  const logStart = await onCode(stat(paths.log).then((s) => s.size), 'ENOENT', 0);
  const run = await runCommand(binaries.value.pgCtl, ['start', '-D', paths.cluster, '-l', paths.log, '-w', '-t', '60'], user.value);
  if (run.code !== 0) {
    const log = await onCode(readFile(paths.log, 'utf8'), 'ENOENT', '').then((text) => text.slice(logStart));
    return fail(`embedded PostgreSQL did not start: ${run.spawnError ?? lastLine(log, run.stderr, run.stdout)} (log: ${paths.log}); or set DATABASE_URL`);
  }
  const watchdog = options.disposable ? await watchOrphan(paths.cluster, [dataDir, ...(moved ? [home] : [])]) : undefined;
  const stop = () => {
    watchdog?.disarm();
    return stopServer(paths.cluster, binaries.value, user.value);
  };

  const password = (await readFile(paths.passwordFile, 'utf8')).trim();
  options.onSecret?.(password);
  const database = options.database ?? DEFAULT_DATABASE;
  const adminUrl = connectionUrl(listen, ROLE, password, 'postgres');
  const ensured = await ensureDatabase(adminUrl, database);
  if (!ensured.ok) {
    // A server that will not stop either is said too: it is left running.
    const stopped = await stop().then(
      () => '',
      (error: unknown) => `; ${messageOf(error)}`,
    );
    return fail(`${ensured.error}${stopped}`);
  }
  return succeed({ url: connectionUrl(listen, ROLE, password, database), adminUrl, listen: listen.kind, version: binaries.value.version, stop });
}

/** A throwaway server goes, with its directories, if Herald dies without stopping it. */
async function watchOrphan(cluster: string, directories: string[]): Promise<DisposableWatchdog | undefined> {
  const pid = Number.parseInt((await onCode(readFile(join(cluster, 'postmaster.pid'), 'utf8'), 'ENOENT', '')).split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? watchDisposableServer(pid, cluster, directories) : undefined;
}

async function stopServer(cluster: string, binaries: PostgresBinaries, user: ServerUser): Promise<void> {
  const run = await runCommand(binaries.pgCtl, ['stop', '-D', cluster, '-m', 'fast', '-w', '-t', '60'], user);
  if (run.code !== 0) throw new Error(`embedded PostgreSQL did not stop: ${run.spawnError ?? lastLine(run.stderr, run.stdout)}`);
}

async function ensureDatabase(adminUrl: string, database: string): Promise<Outcome<void>> {
  const client = new pg.Client({ connectionString: adminUrl });
  try {
    await client.connect();
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await client.query(`create database ${client.escapeIdentifier(database)}`);
    return succeed(undefined);
  } catch (error) {
    return fail(`embedded PostgreSQL started but Herald cannot use it: ${messageOf(error)}`);
  } finally {
    // Resolves once the connection is closed, connected or not.
    await client.end();
  }
}
