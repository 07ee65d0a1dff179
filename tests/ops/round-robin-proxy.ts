/**
 * A tiny load balancer on loopback: each request goes to the next backend in turn; a
 * backend that refuses the connection is skipped, as a health-checked balancer would.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobinProxy {
  url: string;
  /** Index of the backend that answered each request, in order. */
  readonly servedBy: number[];
  close(): Promise<void>;
}

export async function startRoundRobinProxy(backendPorts: number[]): Promise<RoundRobinProxy> {
  const servedBy: number[] = [];
  let next = 0;
  const forward = (index: number, req: http.IncomingMessage, body: Buffer): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const upstream = http.request(
        { host: '127.0.0.1', port: backendPorts[index], method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${backendPorts[index]}` } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const first = next++ % backendPorts.length;
      for (let tried = 0; tried < backendPorts.length; tried++) {
        const index = (first + tried) % backendPorts.length;
        try {
          const answer = await forward(index, req, body);
          servedBy.push(index);
          res.writeHead(answer.status, { 'content-type': answer.headers['content-type'] ?? 'text/plain' });
          res.end(answer.body);
          return;
        } catch {
          // Connection refused: that instance is down; try the next.
        }
      }
      res.writeHead(502).end('no backend');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    servedBy,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
