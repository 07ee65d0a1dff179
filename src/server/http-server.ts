import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger.js';
import type { HealthReport } from './health.js';

export interface HttpServerDeps {
  logger: Logger;
  health: () => Promise<HealthReport>;
  registry: Registry;
  /** Webhook mode: POSTs to `path` go to the handler (which checks the secret token itself). */
  webhook?: { path: string; handle: (req: IncomingMessage, res: ServerResponse) => Promise<void> };
  /** The Mini App (src/web, passed in by app.ts): every request at `path` or below it goes to the handler. */
  webApp?: { path: string; handle: (req: IncomingMessage, res: ServerResponse) => Promise<void> };
}

/** Every interface: what a container needs. HOST narrows it (127.0.0.1 behind a local proxy). */
export const DEFAULT_HOST = '0.0.0.0';

export interface HttpServer {
  /** Resolves with the port actually bound (PORT=0 picks a free one). */
  listen(port: number, host?: string): Promise<number>;
  /** Stops taking requests and waits for those in progress. */
  close(): Promise<void>;
}

/** Herald's one HTTP server: /healthz, /metrics, in webhook mode the webhook path, and the Mini App's pages and API when configured. */
export function createHttpServer(deps: HttpServerDeps): HttpServer {
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      deps.logger.error({ err: error, path: req.url }, 'HTTP request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error\n');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (deps.webhook && path === deps.webhook.path) {
      if (req.method !== 'POST') return send(res, 405, 'text/plain', 'POST only\n');
      await deps.webhook.handle(req, res);
      return;
    }
    const webApp = deps.webApp;
    if (webApp && (path === webApp.path || path.startsWith(`${webApp.path}/`))) return webApp.handle(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'GET only\n');
    if (path === '/healthz') {
      const report = await deps.health();
      return send(res, report.ok ? 200 : 503, 'application/json', `${JSON.stringify(publicHealth(report))}\n`);
    }
    if (path === '/metrics') return send(res, 200, deps.registry.contentType, await deps.registry.metrics());
    return send(res, 404, 'text/plain', 'not found\n');
  }

  return {
    listen(port, host = DEFAULT_HOST) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive connections would otherwise hold close() open.
        server.closeIdleConnections();
      });
    },
  };
}

/** What anyone who can reach /healthz may see: named fields only, so a field added to the report later stays private until listed here. */
function publicHealth(report: HealthReport) {
  return {
    status: report.ok ? 'ok' : 'unhealthy',
    ok: report.ok,
    problems: report.problems,
    database: report.database,
    lastPollAgeSeconds: report.lastPollAgeSeconds,
    senderHeartbeatAgeSeconds: report.senderHeartbeatAgeSeconds,
  };
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType });
  res.end(body);
}
