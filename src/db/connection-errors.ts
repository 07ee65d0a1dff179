/**
 * Whether an error means the database cannot be reached right now (down, restarting, failing
 * over), as opposed to a query that is wrong. Such work is worth retrying once the server is
 * back; a wrong query is not. Recognised by code, never by message text, except pg's own
 * "Connection terminated" errors, which carry none.
 */
const UNREACHABLE_CODES = new Set([
  // The socket: nothing listens, the connection was cut, or the host did not answer.
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOENT',
  // PostgreSQL: admin shutdown, crash shutdown, cannot connect now (starting up or shutting down).
  '57P01', '57P02', '57P03',
  // Class 08, connection exceptions.
  '08000', '08001', '08003', '08004', '08006',
]);

export function isDatabaseUnreachable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return true;
    const message = (e as { message?: unknown }).message;
    // pg raises these without a code when the server goes away under a query or a connect.
    if (typeof message === 'string' && /^Connection terminated( unexpectedly| due to connection timeout)?$/.test(message)) return true;
  }
  return false;
}
