import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Listen } from './settings.js';

/** The port in the socket's file name (.s.PGSQL.5432); nothing listens on TCP in socket mode. */
const SOCKET_PORT = 5432;
/** sockaddr_un holds 108 bytes with the closing NUL: PostgreSQL refuses longer socket paths. */
const MAX_SOCKET_PATH_BYTES = 107;

/**
 * A Unix socket in the cluster's own directory (0700: only Herald's user, and root, can
 * connect). A DATA_DIR so deep that the socket path passes the kernel's 107-byte limit gets
 * loopback TCP on a free port instead, still behind the generated password.
 */
export async function chooseListen(cluster: string): Promise<Listen> {
  const socketPath = join(cluster, `.s.PGSQL.${SOCKET_PORT}`);
  if (Buffer.byteLength(socketPath) <= MAX_SOCKET_PATH_BYTES) return { kind: 'socket', directory: cluster, port: SOCKET_PORT };
  return { kind: 'tcp', host: '127.0.0.1', port: await freePort() };
}

/** The connection string for pg: a socket directory goes in the host parameter. */
export function connectionUrl(listen: Listen, role: string, password: string, database: string): string {
  const auth = `${encodeURIComponent(role)}:${encodeURIComponent(password)}`;
  if (listen.kind === 'tcp') return `postgres://${auth}@${listen.host}:${listen.port}/${encodeURIComponent(database)}`;
  return `postgres://${auth}@localhost:${listen.port}/${encodeURIComponent(database)}?host=${encodeURIComponent(listen.directory)}`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
