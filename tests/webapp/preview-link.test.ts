// Preview mode (no BOT_TOKEN): `npm start` logs one loopback link that opens the Mini App signed
// for a local demo reader who is also an editor, so a newcomer sees both pages with no bot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeFeedServer, type FakeFeedServer } from '../helpers/fake-feed-server.js';
import { freePort } from '../helpers/ports.js';
import { startHerald, waitForOutput, type RunningHerald } from '../helpers/run-herald.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';
import { ensurePagesBuilt } from './support.js';

const LINK = /Mini App demo \(this computer only[^)]*\): (http:\/\/127\.0\.0\.1:(\d+)\/app#tgWebAppData=[^\s"]+)/g;

let testDb: TestDb;
let feeds: FakeFeedServer;
let herald: RunningHerald;
let port: number;

beforeAll(async () => {
  await ensurePagesBuilt();
  testDb = await createTestDb();
  feeds = await startFakeFeedServer();
  feeds.setFeed('/rss.xml', { title: 'Local', items: [] });
  port = await freePort();
  herald = startHerald({ DATABASE_URL: testDb.url, FEEDS: feeds.url('/rss.xml'), PORT: String(port), HOST: '127.0.0.1' });
}, 120_000);
afterAll(async () => {
  await herald?.stop();
  await feeds?.close();
  await testDb?.close();
});

describe('preview mode', () => {
  it('logs one loopback link that opens the settings page and the dashboard, signed for the demo reader and editor', async () => {
    const output = await waitForOutput(herald, LINK, 90_000);
    const links = [...output.matchAll(new RegExp(LINK.source, 'g'))];
    expect(links).toHaveLength(1);
    const [, link, linkPort] = links[0]!;
    expect(Number(linkPort)).toBe(port);
    const initData = new URLSearchParams(new URL(link!).hash.slice(1)).get('tgWebAppData')!;
    const page = await fetch(link!.split('#')[0]!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<base href="/app/">');
    const me = await fetch(`http://127.0.0.1:${port}/app/api/me`, { headers: { authorization: `tma ${initData}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: { id: 1 }, isEditor: true, status: 'active' });
    const dashboard = await fetch(`http://127.0.0.1:${port}/app/api/dashboard`, { headers: { authorization: `tma ${initData}` } });
    expect(dashboard.status).toBe(200);
    expect(((await dashboard.json()) as { feeds: unknown[] }).feeds).toEqual([expect.objectContaining({ url: feeds.url('/rss.xml') })]);
    // The same link's initData, re-signed by anyone else, is refused.
    const forged = initData.replace(/hash=[0-9a-f]{4}/, 'hash=0000');
    expect((await fetch(`http://127.0.0.1:${port}/app/api/me`, { headers: { authorization: `tma ${forged}` } })).status).toBe(401);
  }, 120_000);
});
