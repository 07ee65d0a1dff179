import { sql } from 'kysely';
import type { Config } from '../config.js';
import type { Db } from '../db/create-db.js';
import { migrationStatus } from '../db/migrate.js';
import { openDb } from '../db/open-db.js';
import { listChannels, type Channel } from '../stores/channels.js';
import { errorCode, fail, messageOf, NETWORK_CODES, pass, within, type CheckLine } from './lines.js';

const SUBJECT = 'database';

/** The channels table as the check found it, for the Telegram lines; or why it could not be read. */
export type StoredChannels = { ok: true; channels: Channel[] } | { ok: false; reason: string };

export interface DatabaseCheck {
  line: CheckLine;
  channels: StoredChannels;
}

/**
 * Reachable, which version, and where the schema stands, and the channels editors added (read
 * while it is open: the embedded server is started once); changes nothing.
 */
export async function checkDatabase(config: Config, options: { timeoutMs: number }): Promise<DatabaseCheck> {
  const unread = (reason: string) => ({ ok: false as const, reason });
  const line = await checkSchema(config, options, async (db) => {
    try {
      return { ok: true, channels: await within(listChannels(db), options.timeoutMs, 'reading the channels') };
    } catch (error) {
      return unread(`the channels could not be read (${messageOf(error)})`);
    }
  });
  return { line: line.line, channels: line.channels ?? unread(line.line.status === 'fail' ? 'the database is not reachable' : 'the database cannot be read from here') };
}

async function checkSchema(config: Config, options: { timeoutMs: number }, readChannels: (db: Db) => Promise<StoredChannels>): Promise<{ line: CheckLine; channels?: StoredChannels }> {
  const target = config.databaseUrl ? describeUrl(config.databaseUrl) : null;
  const opened = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1, onConnectionError: () => undefined });
  if (!opened.ok) {
    const running = opened.error.match(/is in use by another Herald \(pid (\d+)\)/);
    // The running Herald opened and migrated it; the check cannot open it beside it (one Herald per DATA_DIR).
    if (running) return { line: pass(SUBJECT, `embedded PostgreSQL in DATA_DIR ${config.dataDir} is in use by the Herald running now (pid ${running[1]}), which opened and migrated it; stop that Herald to check the database from here`) };
    return { line: fail(SUBJECT, opened.error) };
  }
  const { db } = opened.handle;
  try {
    let server: { version: string; name: string };
    try {
      const rows = await within(sql<{ version: string; name: string }>`select current_setting('server_version') as version, current_database() as name`.execute(db), options.timeoutMs, 'connecting');
      server = rows.rows[0]!;
    } catch (error) {
      return { line: fail(target ? 'DATABASE_URL' : SUBJECT, connectionProblem(error, target)) };
    }
    const where = target ? `database ${server.name} at ${target.host}` : `embedded, DATA_DIR ${config.dataDir}`;
    const status = await migrationStatus(db);
    if (status.unknown.length > 0) {
      return { line: fail(SUBJECT, `PostgreSQL ${server.version} (${where}) has migrations this Herald does not know (${status.unknown.join(', ')}): a newer Herald upgraded it; run that version, or restore the backup taken before the upgrade`) };
    }
    const schema =
      status.pending.length === 0
        ? `schema up to date (${status.applied.length} migrations)`
        : `${status.pending.length} of ${status.applied.length + status.pending.length} migrations still to apply (the next start applies them, or run npm run migrate)`;
    const line = pass(SUBJECT, `PostgreSQL ${server.version}, reachable (${where}); ${schema}`);
    // Before the migration that makes the channels table, there are none but CHANNEL_ID.
    const channels: StoredChannels = (await channelsTableExists(db)) ? await readChannels(db) : { ok: true, channels: [] };
    return { line, channels };
  } catch (error) {
    return { line: fail(SUBJECT, `the database answered, but reading its schema failed: ${messageOf(error)}`) };
  } finally {
    await within(opened.handle.close(), 10_000, 'closing').catch(() => undefined);
  }
}

async function channelsTableExists(db: Db): Promise<boolean> {
  const found = await sql<{ found: boolean }>`select to_regclass('channels') is not null as found`.execute(db);
  return found.rows[0]?.found === true;
}

/** Host, port, user and database of a connection string (never its password). */
function describeUrl(databaseUrl: string): { host: string; user: string; database: string } {
  const url = new URL(databaseUrl);
  // ?host=/a/directory is a Unix socket, whatever the URL's host says.
  const socket = url.searchParams.get('host');
  return {
    host: socket?.startsWith('/') ? `the socket in ${socket}` : url.host || 'localhost',
    user: decodeURIComponent(url.username) || 'the default user',
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || 'the default database',
  };
}

/** A network failure (nothing answered) told apart from a wrong value (the server answered no). */
function connectionProblem(error: unknown, target: { host: string; user: string; database: string } | null): string {
  const code = errorCode(error);
  if (!target) return `the embedded PostgreSQL did not answer (${code ?? messageOf(error)}); its log is DATA_DIR/postgres/server.log`;
  if (code && NETWORK_CODES.has(code)) {
    return `network: cannot reach PostgreSQL at ${target.host} (${code === 'ETIMEDOUT' ? messageOf(error) : code}): is the server running, and are the host and port in DATABASE_URL right?`;
  }
  switch (code) {
    case '28P01':
      return `the server at ${target.host} refused the password of user ${target.user} (28P01): fix the user or password in DATABASE_URL`;
    case '28000':
      return `the server at ${target.host} does not let user ${target.user} in (28000: ${messageOf(error)}): fix the user in DATABASE_URL, or allow it in pg_hba.conf`;
    case '3D000':
      return `database ${target.database} does not exist at ${target.host} (3D000): create it (createdb ${target.database}) or fix its name in DATABASE_URL`;
    case '42501':
      return `user ${target.user} may not use database ${target.database} (42501): grant it CONNECT and CREATE, or use another user in DATABASE_URL`;
    default:
      return `PostgreSQL at ${target.host} refused the connection (${code ?? 'no code'}: ${messageOf(error)}): check DATABASE_URL`;
  }
}
