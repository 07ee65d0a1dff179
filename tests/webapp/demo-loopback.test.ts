// Preview mode's local demo of the Mini App: signed with a key made for each start, and
// answering only requests that come over loopback (a signed link is no credential elsewhere).
import { createServer, type Server } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { loadTaxonomy } from '../../src/news/understand/load-taxonomy.js';
import { DEMO_USER, demoKey, demoLink, ensureDemoReader } from '../../src/web/demo.js';
import { createWebApp } from '../../src/web/web-app.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';
import { ensurePagesBuilt } from './support.js';

/** This machine's address on a real network interface, if it has one (requests from it are not loopback). */
const outside = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && !a.internal && a.family === 'IPv4')?.address;

let testDb: TestDb;
let server: Server;
let port: number;
const key = demoKey();

beforeAll(async () => {
  await ensurePagesBuilt();
  testDb = await createTestDb();
  const db = testDb.db;
  const webApp = createWebApp(
    { path: '/app', key, loopbackOnly: true, demoEditorId: DEMO_USER.id },
    { db, logger: createLogger({ level: 'silent' }), taxonomy: loadTaxonomy(), now: () => new Date(), onFirstSight: (user) => ensureDemoReader(db, user, new Date()) },
  );
  // Listening on every interface, as a careless HOST=0.0.0.0 would: the web app itself must refuse.
  server = createServer((req, res) => void webApp.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', () => resolve()));
  port = (server.address() as { port: number }).port;
}, 120_000);
afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await testDb?.close();
});

const initDataOf = (link: string) => new URLSearchParams(new URL(link).hash.slice(1)).get('tgWebAppData')!;
const me = (host: string, initData: string) => fetch(`http://${host}:${port}/app/api/me`, { headers: { authorization: `tma ${initData}` } });

describe('the local demo of the Mini App', () => {
  it('answers its signed link over loopback: the demo reader, who is also an editor', async () => {
    const initData = initDataOf(demoLink(port, '/app', key, new Date()));
    const answer = await me('127.0.0.1', initData);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ user: { id: DEMO_USER.id }, isEditor: true });
    const dashboard = await fetch(`http://127.0.0.1:${port}/app/api/dashboard`, { headers: { authorization: `tma ${initData}` } });
    expect(dashboard.status).toBe(200);
  });

  it.skipIf(!outside)('refuses the same signed link from anywhere but loopback: 401 for the API, 403 for the pages', async () => {
    const initData = initDataOf(demoLink(port, '/app', key, new Date()));
    const answer = await me(outside!, initData);
    expect(answer.status).toBe(401);
    expect(await answer.json()).toEqual({ error: 'unauthorized', reason: 'loopback-only' });
    expect((await fetch(`http://${outside}:${port}/app`)).status).toBe(403);
    expect((await fetch(`http://${outside}:${port}/app/dashboard`)).status).toBe(403);
  });

  it('makes a new signing key at each start: a link from another start is refused', async () => {
    const other = demoKey();
    expect(other.equals(key)).toBe(false);
    const stale = initDataOf(demoLink(port, '/app', other, new Date()));
    expect((await me('127.0.0.1', stale)).status).toBe(401);
  });
});
