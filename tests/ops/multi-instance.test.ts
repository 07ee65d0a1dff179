import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBotApi, type FakeBotApi } from '../helpers/fake-bot-api.js';
import { startFakeFeedServer, type FakeFeedServer } from '../helpers/fake-feed-server.js';
import { freePort } from '../helpers/ports.js';
import { startHerald, waitForOutput, type RunningHerald } from '../helpers/run-herald.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';
import { startRoundRobinProxy, type RoundRobinProxy } from './round-robin-proxy.js';

const SECRET = 'two-instances-secret';
const FETCH_DELAY_MS = 400;

describe('two Herald processes on one PostgreSQL, webhook mode behind one URL', () => {
  let api: FakeBotApi;
  let feeds: FakeFeedServer;
  let testDb: TestDb;
  let proxy: RoundRobinProxy;
  let instances: RunningHerald[] = [];
  let channelId: number;
  let adminId: number;

  beforeAll(async () => {
    api = await startFakeBotApi({ rateLimits: false });
    feeds = await startFakeFeedServer();
    testDb = await createTestDb();
    channelId = api.addChannel({ title: 'Herald News' }).id;
    adminId = api.addUser({ first_name: 'Editor' }).id;
    const now = Date.now();
    feeds.setFeed(
      '/wire.xml',
      {
        title: 'Wire',
        items: [
          { guid: 'w2', title: 'Second story', link: 'https://wire.example/2', pubDate: new Date(now - 60_000) },
          { guid: 'w1', title: 'First story', link: 'https://wire.example/1', pubDate: new Date(now - 120_000) },
        ],
      },
      // Each answer takes FETCH_DELAY_MS, so two fetches at once would arrive closer together than that.
      { delayMs: FETCH_DELAY_MS },
    );
    const ports = [await freePort(), await freePort()];
    proxy = await startRoundRobinProxy(ports);
    instances = ports.map((port) =>
      startHerald({
        DATABASE_URL: testDb.url,
        BOT_TOKEN: api.token,
        BOT_API_ROOT: api.apiRoot,
        CHANNEL_ID: String(channelId),
        ADMIN_IDS: String(adminId),
        FEEDS: feeds.url('/wire.xml'),
        POLL_CRON: '*/2 * * * * *',
        FEED_MIN_REFRESH_SECONDS: '1',
        PORT: String(port),
        WEBHOOK_URL: `${proxy.url}/telegram/hook`,
        WEBHOOK_SECRET: SECRET,
        LOG_LEVEL: 'info',
      }),
    );
    await Promise.all(instances.map((h, i) => waitForOutput(h, /bot listening \(webhook\)/, 60_000, `instance ${i} to listen`)));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(instances.map((h) => h.stop()));
    await proxy?.close();
    await api?.close();
    await feeds?.close();
    await testDb?.close();
  });

  const channelPosts = () => api.sentTo(channelId).map((m) => m.text ?? m.caption ?? '');
  const askStats = async () => {
    const before = api.messages(adminId, { botOnly: true }).length;
    api.sendCommand(adminId, 'stats');
    const answer = await api.waitFor(() => api.messages(adminId, { botOnly: true })[before], { timeoutMs: 20_000, message: 'the /stats answer' });
    expect(answer.text).toMatch(/^Readers\nactive 0 · stopped 0 · blocked 0/);
  };

  it('both answer commands through the one webhook URL', async () => {
    for (let i = 0; i < 4; i++) await askStats();
    expect(new Set(proxy.servedBy)).toEqual(new Set([0, 1]));
  }, 60_000);

  it('posts each item once, and the sender role fails over within 10 s of a kill', async () => {
    await api.waitFor(() => channelPosts().some((t) => t.includes('Second story')), { timeoutMs: 30_000, message: 'the first post' });
    feeds.addItem('/wire.xml', { guid: 'w3', title: 'Third story', link: 'https://wire.example/3', pubDate: new Date() });
    await api.waitFor(() => channelPosts().some((t) => t.includes('Third story')), { timeoutMs: 30_000, message: 'the third story' });
    // Both instances keep polling the feed: later polls must not post anything again.
    const polled = feeds.count('/wire.xml');
    await feeds.waitForRequest(() => feeds.count('/wire.xml') >= polled + 4, { timeoutMs: 30_000 });

    // Kill the sending process only once its sends are recorded, so no send is in flight.
    await api.waitFor(() => instances.some((h) => /elected as the sending process/.test(h.output())), { timeoutMs: 10_000 });
    const leader = instances.findIndex((h) => /elected as the sending process/.test(h.output()));
    const survivor = instances[1 - leader]!;
    const unsent = async () => (await testDb.db.selectFrom('deliveries').select('id').where('status', '<>', 'sent').execute()).length;
    expect(await unsent()).toBe(0);
    instances[leader]!.child.kill('SIGKILL');
    const killedAt = Date.now();
    await waitForOutput(survivor, /elected as the sending process/, 10_000, 'the survivor to take over sending');
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    // A feed the killed process was fetching stays leased to it until the lease lapses
    // (minutes, in src/ingest/poll-feeds.ts); the test lets that time pass at once.
    await testDb.db.updateTable('feeds').set({ lease_until: null }).execute();

    feeds.addItem('/wire.xml', { guid: 'w4', title: 'Fourth story', link: 'https://wire.example/4', pubDate: new Date() });
    await api.waitFor(() => channelPosts().some((t) => t.includes('Fourth story')), { timeoutMs: 30_000, message: 'the fourth story after failover' });
    // Commands still answered: the balancer skips the dead instance.
    await askStats();

    // Both processes poll on the same cron second, yet the feed was never fetched by both at once.
    const arrivals = feeds.requestsTo('/wire.xml').map((r) => r.at);
    expect(arrivals.length).toBeGreaterThan(6);
    const gaps = arrivals.slice(1).map((at, i) => at - arrivals[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(FETCH_DELAY_MS - 5);

    const titles = channelPosts();
    for (const story of ['Second story', 'Third story', 'Fourth story']) expect(titles.filter((t) => t.includes(story)), story).toHaveLength(1);
    expect(titles.some((t) => t.includes('First story'))).toBe(false);
  }, 120_000);

  it('SIGTERM: the survivor stops taking updates, finishes and exits 0 within 10 s', async () => {
    const survivor = instances.find((h) => h.child.exitCode === null && h.child.signalCode === null)!;
    const started = Date.now();
    const code = await survivor.stop();
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(survivor.output()).toMatch(/"signal":"SIGTERM".*shutting down/);
    // The sender lock went with it: nothing still holds an advisory lock on the database.
    const locks = await sql`select objid from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())`.execute(testDb.db);
    expect(locks.rows).toEqual([]);
  }, 30_000);
});
