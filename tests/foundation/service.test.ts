import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBotApi, type FakeBotApi } from '../helpers/fake-bot-api.js';
import { startFakeFeedServer, type FakeFeedServer } from '../helpers/fake-feed-server.js';
import { startHerald, type RunningHerald } from '../helpers/run-herald.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/** Dates relative to the wall clock: Herald posts only what is recent, and the real process reads the real clock. */
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3600_000);

// Herald as a service: cron polling, the sender loop and the listening bot in one process.
describe('Herald running as a service', () => {
  let telegram: FakeBotApi;
  let outlet: FakeFeedServer;
  let testDb: TestDb;
  let herald: RunningHerald;

  beforeAll(async () => {
    telegram = await startFakeBotApi();
    telegram.addChannel({ username: 'outlet_news' });
    outlet = await startFakeFeedServer();
    outlet.setFeed('/rss.xml', {
      title: 'The Outlet',
      items: [{ guid: 'n-1', title: 'First headline', link: 'https://outlet.example/n/1', description: 'Lead.', pubDate: hoursAgo(2) }],
    });
    testDb = await createTestDb();
    herald = startHerald({
      BOT_TOKEN: telegram.token,
      BOT_API_ROOT: telegram.apiRoot,
      CHANNEL_ID: '@outlet_news',
      FEEDS: outlet.url('/rss.xml'),
      // Every second, so the test sees several ticks without waiting minutes.
      POLL_CRON: '* * * * * *',
      FEED_MIN_REFRESH_SECONDS: '1',
      PORT: '0',
      DATABASE_URL: testDb.url,
    });
  });

  afterAll(async () => {
    await herald?.stop();
    await testDb?.close();
    await telegram?.close();
    await outlet?.close();
  });

  it('registers its command list and answers /start and /help in a private chat', async () => {
    await telegram.waitForCall('setMyCommands', undefined, { timeoutMs: 45_000 });
    const registered = JSON.stringify(telegram.callsOf('setMyCommands').map((c) => c.params.commands));
    expect(registered).toContain('"start"');
    expect(registered).toContain('"help"');
    const reader = telegram.addUser({ first_name: 'Leyla' });
    telegram.sendCommand(reader.id, 'start');
    const welcome = await telegram.waitForMessage(reader.id, (m) => m.from === 'bot', { timeoutMs: 20_000 });
    expect((welcome.text ?? '').length).toBeGreaterThan(10);
    telegram.sendCommand(reader.id, 'help');
    const help = await telegram.waitForMessage(reader.id, (m) => m.from === 'bot' && /\/start/.test(m.text ?? ''), { timeoutMs: 20_000 });
    expect(help.text).toMatch(/\/stop/);
  }, 90_000);

  it('posts a new item on a later cron tick, without a restart', async () => {
    await telegram.waitForMessage('@outlet_news', (m) => (m.text ?? m.caption ?? '').includes('First headline'), { timeoutMs: 45_000 });
    outlet.addItem('/rss.xml', { guid: 'n-2', title: 'Second headline', link: 'https://outlet.example/n/2', description: 'Lead two.', pubDate: hoursAgo(1) });
    await telegram.waitForMessage('@outlet_news', (m) => (m.text ?? m.caption ?? '').includes('Second headline'), { timeoutMs: 30_000 });
    expect(telegram.sentTo('@outlet_news')).toHaveLength(2);
  }, 90_000);

  it('shuts down cleanly on SIGTERM', async () => {
    const code = await herald.stop();
    expect(code, herald.output().slice(-2000)).toBe(0);
    expect(herald.output()).not.toContain(telegram.token);
  });
});
