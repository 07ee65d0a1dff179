import { addSecrets, type Logger } from '../logger.js';
import { createDb, type DbHandle } from './create-db.js';
import { startEmbeddedPostgres } from './embedded/server.js';

export interface OpenDbOptions {
  /** An outside PostgreSQL server; when absent, Herald's embedded server in dataDir. */
  databaseUrl?: string | undefined;
  dataDir: string;
  poolSize?: number;
  onConnectionError?: (error: Error) => void;
  /** Told what the embedded server did on the way up (new cluster, an orphan stopped). */
  onEvent?: (message: string) => void;
  /** Told the embedded server's generated password once it is read, to be scrubbed from logs. */
  onSecret?: (secret: string) => void;
}

export type OpenDbResult = { ok: true; handle: DbHandle } | { ok: false; error: string };

/** The database Herald runs on: DATABASE_URL's server, else its own PostgreSQL in DATA_DIR. */
export async function openDb(options: OpenDbOptions): Promise<OpenDbResult> {
  const pool = { ...(options.poolSize ? { poolSize: options.poolSize } : {}), ...(options.onConnectionError ? { onConnectionError: options.onConnectionError } : {}) };
  if (options.databaseUrl) return { ok: true, handle: createDb({ databaseUrl: options.databaseUrl, ...pool }) };
  const started = await startEmbeddedPostgres({
    dataDir: options.dataDir,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.onSecret ? { onSecret: options.onSecret } : {}),
  });
  if (!started.ok) return started;
  const server = started.value;
  const handle = createDb({ databaseUrl: server.url, ...pool });
  options.onEvent?.(`embedded PostgreSQL ${server.version} running in ${options.dataDir} (${server.listen === 'socket' ? 'Unix socket' : 'loopback TCP'})`);
  return {
    ok: true,
    handle: {
      db: handle.db,
      kind: 'embedded',
      async close() {
        // Connections first, so the fast shutdown has no sessions to cut.
        await handle.close();
        await server.stop();
      },
    },
  };
}

/**
 * Herald's database as a running Herald opens it: its logger told of broken connections and of
 * what the embedded server did, the server's password scrubbed from the logs as soon as read.
 */
export function openHeraldDb(config: { databaseUrl?: string | undefined; dataDir: string }, logger: Logger): Promise<OpenDbResult> {
  return openDb({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onConnectionError: (error) => logger.warn({ err: error }, 'a database connection broke; the pool replaces it'),
    onEvent: (message) => logger.info(message),
    // The embedded server's password (URL-safe already, so as written in its URL too).
    onSecret: (password) => addSecrets(logger, [password, encodeURIComponent(password)]),
  });
}
