/**
 * Loopback ports for tests: the system picks one that is free, the probe lets it go again.
 * Nothing listens on it afterwards, so it serves both as a port to start a server on (a
 * Herald's PORT, a PostgreSQL of a test's own) and as one where a connection is refused.
 * Another process could take it in between: rare, and a test that loses that race fails
 * loudly (EADDRINUSE, or a connection that is not refused), never quietly.
 */
import { createServer } from 'node:net';

/** A loopback TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** The same, named for its other use: a port where a connection is refused (a server that is down). */
export const closedPort = freePort;
