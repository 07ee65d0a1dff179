/**
 * A throwaway database per test (or per file, with reset() between tests): embedded PGlite
 * by default, or a fresh database on the PostgreSQL server named by TEST_DATABASE_URL
 * (CI runs the suite both ways).
 *
 * Type parsing matches src/db/create-db.ts (int8 and numeric as JS numbers) so stores see
 * the same values here as in production, whichever driver runs.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { createDb } from '../../src/db/create-db.js';
import { migrateTestDb } from './db/migrate.js';
import { PGLITE_OPTIONS, templateFor } from './db/pglite-template.js';

// The project's migration entry point. Imported statically so a broken or missing module
// fails loudly here; tests/helpers/db/migrate.ts explains why it is not called directly.
export { migrateToLatest } from '../../src/db/migrate.js';

export interface TestDbOptions {
  /** Run the project's migrations (default true). */
  migrate?: boolean;
  /**
   * PGlite only: keep the data in a temp directory instead of memory, so a child Herald
   * process can open it with DATA_DIR=<dataDir> (PGlite lives in <dataDir>/pglite, as in
   * src/db/create-db.ts). Only one process may have it open: disconnect() first.
   */
  onDisk?: boolean;
  /** Overrides TEST_DATABASE_URL; '' forces PGlite. */
  serverUrl?: string;
}

export interface TestDb<DB = any> {
  readonly kind: 'pglite' | 'postgres';
  /** The current connection; replaced by reconnect(). */
  readonly db: Kysely<DB>;
  /** postgres: the fresh database's URL, for a child process's DATABASE_URL. */
  readonly url?: string;
  /** PGlite on disk: the directory to give a child process as DATA_DIR. */
  readonly dataDir?: string;
  /** Empties every table (identities restart), keeping the schema and migration records. */
  reset(): Promise<void>;
  /** Closes this process's connection but keeps the data (for handing it to a child process). */
  disconnect(): Promise<void>;
  /** Opens a new connection to the same data after disconnect(). */
  reconnect(): Promise<Kysely<DB>>;
  /** Closes the connection and deletes the database or directory. Safe to call twice. */
  close(): Promise<void>;
}

export async function createTestDb<DB = any>(opts: TestDbOptions = {}): Promise<TestDb<DB>> {
  const serverUrl = opts.serverUrl ?? process.env.TEST_DATABASE_URL;
  const migrate = opts.migrate !== false;
  if (serverUrl) return postgresDb<DB>(serverUrl, migrate);
  return pgliteDb<DB>(migrate, opts.onDisk === true);
}

async function pgliteDb<DB>(migrate: boolean, onDisk: boolean): Promise<TestDb<DB>> {
  // The template already carries the migrations.
  const template = await templateFor(migrate);
  const dataDir = onDisk ? await mkdtemp(join(tmpdir(), 'herald-test-')) : undefined;
  const pgliteDir = dataDir ? join(dataDir, 'pglite') : undefined;
  if (pgliteDir) await mkdir(pgliteDir, { recursive: true });
  let loaded = false;
  const open = async (): Promise<Kysely<DB>> => {
    if (loaded && !pgliteDir) throw new Error('test db: an in-memory PGlite cannot be reopened; use createTestDb({ onDisk: true })');
    // Only the first open loads the template; later ones reopen what is on disk.
    // One options object: PGlite.create ignores its second argument when the first is not a path.
    const pglite = await PGlite.create({
      ...PGLITE_OPTIONS,
      ...(pgliteDir ? { dataDir: pgliteDir } : {}),
      ...(loaded ? {} : { loadDataDir: template }),
    });
    loaded = true;
    return new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  };
  return handle<DB>({
    kind: 'pglite',
    db: await open(),
    ...(dataDir ? { dataDir } : {}),
    open,
    canDisconnect: () => {
      if (!dataDir) throw new Error('test db: an in-memory PGlite would lose its data; use createTestDb({ onDisk: true })');
    },
    drop: async () => {
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  });
}

async function postgresDb<DB>(serverUrl: string, migrate: boolean): Promise<TestDb<DB>> {
  const name = `herald_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await admin(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  // The production factory, so tests see exactly the types the app sees. Connections ended
  // by the DROP … WITH (FORCE) below are expected, not errors.
  const open = async (): Promise<Kysely<DB>> =>
    createDb({ databaseUrl: url, poolSize: 5, onConnectionError: () => undefined }).db as unknown as Kysely<DB>;
  // A child process may still hold connections; FORCE ends them (PostgreSQL 13+).
  const drop = (): Promise<unknown> => admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  const db = await open();
  if (migrate) {
    try {
      await migrateTestDb(db as Kysely<any>);
    } catch (err) {
      await db.destroy();
      await drop();
      throw err;
    }
  }
  return handle<DB>({ kind: 'postgres', db, url, open, canDisconnect: () => undefined, drop });
}

interface HandleParts<DB> {
  kind: TestDb['kind'];
  db: Kysely<DB>;
  url?: string;
  dataDir?: string;
  open: () => Promise<Kysely<DB>>;
  canDisconnect: () => void;
  drop: () => Promise<unknown>;
}

function handle<DB>(parts: HandleParts<DB>): TestDb<DB> {
  let db: Kysely<DB> | undefined = parts.db;
  let closed = false;
  const current = (): Kysely<DB> => {
    if (!db) throw new Error('test db: disconnected; call reconnect() first');
    return db;
  };
  return {
    kind: parts.kind,
    get db() {
      return current();
    },
    ...(parts.url ? { url: parts.url } : {}),
    ...(parts.dataDir ? { dataDir: parts.dataDir } : {}),
    async reset() {
      const k = current() as unknown as Kysely<any>;
      const { rows } = await sql<{ name: string }>`
        select quote_ident(tablename) as name from pg_tables
        where schemaname = 'public' and tablename not like 'kysely_migration%'`.execute(k);
      if (rows.length) await sql.raw(`truncate ${rows.map((r) => r.name).join(', ')} restart identity cascade`).execute(k);
    },
    async disconnect() {
      parts.canDisconnect();
      await db?.destroy();
      db = undefined;
    },
    async reconnect() {
      await db?.destroy();
      db = await parts.open();
      return db;
    },
    async close() {
      if (closed) return;
      closed = true;
      await db?.destroy();
      db = undefined;
      await parts.drop();
    },
  };
}

async function admin(serverUrl: string, work: (c: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
