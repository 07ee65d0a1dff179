/**
 * Server settings for a small host (1 GB, 1–2 cores). Idle, the server's own processes
 * (postmaster, checkpointer, background writer, walwriter, autovacuum launcher) take about
 * 10 MB (PSS) and each of Herald's open sessions about 6 MB; shared buffers in use add to
 * that, up to shared_buffers. Herald's own pool takes at most 10 connections; the rest leave
 * room for `psql`, `pg_dump` and `npm run migrate` next to a running Herald.
 */
export const SMALL_HOST_SETTINGS: Readonly<Record<string, string>> = {
  // Herald's hot data (the outbox's due rows, feeds, readers) is a few MB; the OS caches the rest.
  // Shared memory stays resident once touched, so this caps what the server keeps after busy hours.
  shared_buffers: '16MB',
  max_connections: '20',
  work_mem: '4MB',
  maintenance_work_mem: '32MB',
  effective_cache_size: '256MB',
  max_wal_size: '256MB',
  // By default a 32nd of shared_buffers (512 kB here): a fan-out to a million readers writes
  // some hundreds of MB of WAL, and with buffers that small each of its backends stops to write
  // WAL out itself. 8 MB took such a fan-out from 5.1 s to 4.8 s for some 8 MB more resident.
  wal_buffers: '8MB',
  // PostgreSQL 18 reads through 3 I/O worker processes by default; Herald's reads are few and
  // small, so each session reads for itself (as PostgreSQL 17 did) and there is no I/O worker.
  io_method: 'sync',
  autovacuum_max_workers: '2',
  autovacuum_worker_slots: '2',
  max_worker_processes: '4',
  max_parallel_workers: '2',
  max_parallel_workers_per_gather: '1',
  // No replication from the embedded server (back it up with pg_dump): no WAL sender or slot
  // is reserved, and no logical replication launcher is started.
  max_wal_senders: '0',
  max_replication_slots: '0',
  max_logical_replication_workers: '0',
};

/**
 * On top of those for a cluster no one needs after a crash (the demo's, in a temporary
 * directory): nothing waits for the disk, so a first start on a busy machine is seconds quicker.
 */
export const DISPOSABLE_SETTINGS: Readonly<Record<string, string>> = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' };

/** Where the server listens: a Unix socket in its own directory, or loopback TCP when the path is too long. */
export type Listen = { kind: 'socket'; directory: string; port: number } | { kind: 'tcp'; host: '127.0.0.1'; port: number };

/** herald.conf, included from the cluster's postgresql.conf: rewritten on every start. */
export function heraldConf(listen: Listen, overrides: Readonly<Record<string, string>> = {}): string {
  const settings: Record<string, string> = {
    ...SMALL_HOST_SETTINGS,
    ...(listen.kind === 'socket'
      ? { listen_addresses: '', unix_socket_directories: listen.directory, unix_socket_permissions: '0700' }
      : { listen_addresses: listen.host, unix_socket_directories: '' }),
    port: String(listen.port),
    ...overrides,
  };
  const lines = Object.entries(settings).map(([name, value]) => `${name} = '${value.replace(/'/g, "''")}'`);
  return `# Written by Herald on every start of its embedded server; edits here are overwritten.\n${lines.join('\n')}\n`;
}

/** The line appended to postgresql.conf at initialisation; also how Herald recognises its own cluster. */
export const INCLUDE_LINE = "include_if_exists = 'herald.conf'  # added by Herald";
