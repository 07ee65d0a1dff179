/**
 * A throwaway database per test file (reset() between tests): a fresh database on the run's
 * PostgreSQL server, cloned from the migrated template that globalSetup made
 * (tests/helpers/db/global-setup.ts). The server is Herald's embedded PostgreSQL, or the one
 * TEST_DATABASE_URL names; tests see the same server either way, so child processes get the
 * database through DATABASE_URL (`t.url`).
 *
 * Type parsing is src/db/create-db.ts's own (int8 and numeric as JS numbers).
 */
import { randomBytes } from 'node:crypto';
import { Kysely, sql } from 'kysely';
import { createDb } from '../../src/db/create-db.js';
import { admin } from './db/template.js';
import { testServer, urlFor } from './db/test-server.js';

// The project's migration entry point, re-exported for tests that migrate by hand.
export { migrateToLatest } from '../../src/db/migrate.js';

export interface TestDbOptions {
  /** Clone the migrated template (default true); false gives an empty database. */
  migrate?: boolean;
  /** @deprecated Ignored: every test database lives on the run's server (the PGlite-era option). */
  onDisk?: boolean;
}

export interface TestDb<DB = any> {
  /** The current connection; replaced by reconnect(). */
  readonly db: Kysely<DB>;
  /** The database's URL, for a child process's DATABASE_URL. */
  readonly url: string;
  /** @deprecated Never set since PGlite left: pass `url` as the child's DATABASE_URL. */
  readonly dataDir?: never;
  /** Empties every table (identities restart), keeping the schema and migration records. */
  reset(): Promise<void>;
  /** Closes this process's connections but keeps the data. */
  disconnect(): Promise<void>;
  /** Opens a new connection to the same database. */
  reconnect(): Promise<Kysely<DB>>;
  /** Closes the connection and drops the database, ending any child's connections. Safe to call twice. */
  close(): Promise<void>;
}

export async function createTestDb<DB = any>(opts: TestDbOptions = {}): Promise<TestDb<DB>> {
  const server = testServer();
  const name = `herald_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const template = opts.migrate === false ? 'template0' : server.template;
  await admin(server.adminUrl, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  const url = urlFor(server.adminUrl, name);
  // Connections ended by the DROP … WITH (FORCE) below are expected, not errors.
  const open = (): Kysely<DB> => createDb({ databaseUrl: url, poolSize: 5, onConnectionError: () => undefined }).db as unknown as Kysely<DB>;
  let db: Kysely<DB> | undefined = open();
  let closed = false;
  const current = (): Kysely<DB> => {
    if (!db) throw new Error('test db: disconnected; call reconnect() first');
    return db;
  };
  return {
    get db() {
      return current();
    },
    url,
    async reset() {
      const k = current() as unknown as Kysely<any>;
      const { rows } = await sql<{ name: string }>`
        select quote_ident(tablename) as name from pg_tables
        where schemaname = 'public' and tablename not like 'kysely_migration%'`.execute(k);
      if (rows.length) await sql.raw(`truncate ${rows.map((r) => r.name).join(', ')} restart identity cascade`).execute(k);
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
      if (closed) return;
      closed = true;
      await db?.destroy();
      db = undefined;
      // A child process may still hold connections; FORCE ends them (PostgreSQL 13+).
      await admin(server.adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
