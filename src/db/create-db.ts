import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export interface DbOptions {
  /** PostgreSQL connection string. */
  databaseUrl: string;
  poolSize?: number;
  /**
   * Told when an idle pooled connection breaks (server restart, admin termination). Without
   * a listener pg would throw it as an uncaught exception; the pool replaces the connection.
   */
  onConnectionError?: (error: Error) => void;
}

export interface DbHandle {
  db: Db;
  /** 'embedded': Herald's own server in DATA_DIR, stopped by close(). */
  kind: 'postgres' | 'embedded';
  close(): Promise<void>;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

// Ids, chat ids and counts come back as numbers (all fit in 2^53), so stores never see strings.
const toNumber = (value: string) => Number(value);

/** A pool on a PostgreSQL server (an outside one, or the embedded one once it runs). */
export function createDb(options: DbOptions): DbHandle {
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize ?? 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID || oid === NUMERIC_OID ? toNumber : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  pool.on('error', (error) => options.onConnectionError?.(error));
  // pg-pool listens for errors only on idle connections. One checked out but between queries (a
  // transaction's, or Kysely's between statements) that the server ends (a restart: 57P01) would
  // emit 'error' with no listener, an uncaught exception that kills Herald. The query that uses
  // it next fails instead, and the pool drops it on release (it is no longer queryable).
  pool.on('connect', (client) => client.on('error', (error) => options.onConnectionError?.(error)));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}
