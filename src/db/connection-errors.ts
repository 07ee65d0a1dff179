/**
 * What a database error means for the work that met it. Recognised by code, never by message
 * text, except pg's own "Connection terminated" errors, which carry none.
 *
 * * unreachable: the server is down, restarting or failing over. The work is worth retrying once
 *   it is back; nothing about the work itself was wrong.
 * * disk-full: the server runs but cannot write (its disk is full, or it ran out of memory or
 *   another resource: SQLSTATE class 53). Reads still work; writes fail until an operator frees
 *   space. Retrying the same write later is right; treating it as the feed's or the reader's
 *   fault is not.
 *
 * A wrong query is neither: it will not come right by repeating it.
 */
const UNREACHABLE_CODES = new Set([
  // The socket: nothing listens, the connection was cut, or the host did not answer.
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOENT',
  // PostgreSQL: admin shutdown, crash shutdown, cannot connect now (starting up or shutting down).
  '57P01', '57P02', '57P03',
  // Class 08, connection exceptions.
  '08000', '08001', '08003', '08004', '08006',
]);

/**
 * Class 53, insufficient resources: 53100 disk_full, 53200 out_of_memory, 53300
 * too_many_connections, 53400 configuration_limit_exceeded (temp_file_limit). PostgreSQL
 * reports a write that met ENOSPC on its own files as 53100.
 */
const DISK_FULL_CODES = new Set(['53100']);
const RESOURCE_CODES = new Set(['53000', '53200', '53300', '53400']);

export type DatabaseProblem = 'unreachable' | 'disk-full' | 'resources';

/** Why the database could not do the work, when that is the database's condition and not the work's fault; null otherwise. */
export function databaseProblem(error: unknown): DatabaseProblem | null {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (UNREACHABLE_CODES.has(code)) return 'unreachable';
      if (DISK_FULL_CODES.has(code)) return 'disk-full';
      if (RESOURCE_CODES.has(code)) return 'resources';
    }
    const message = (e as { message?: unknown }).message;
    // pg raises these without a code when the server goes away under a query or a connect.
    if (typeof message === 'string' && /^Connection terminated( unexpectedly| due to connection timeout)?$/.test(message)) return 'unreachable';
  }
  return null;
}

export function isDatabaseUnreachable(error: unknown): boolean {
  return databaseProblem(error) === 'unreachable';
}

/** Unreachable, or up but out of disk or another resource: the work waits for the database, and is not lost or blamed on anything else. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return databaseProblem(error) !== null;
}
