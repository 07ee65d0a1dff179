/** `npm start -- --check` as a process: its lines on stdout, exit 0 only when every check passes, no secret printed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBotApi, type FakeBotApi } from '../helpers/fake-bot-api.js';
import { startFakeFeedServer, type FakeFeedServer } from '../helpers/fake-feed-server.js';
import { runHeraldOnce } from '../helpers/run-herald.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

let api: FakeBotApi;
let feeds: FakeFeedServer;
let testDb: TestDb;

beforeAll(async () => {
  api = await startFakeBotApi();
  feeds = await startFakeFeedServer();
  testDb = await createTestDb();
  api.addChannel({ username: 'herald_news' });
  feeds.setFeed('/rss.xml', { title: 'Outlet', language: 'en', items: [{ guid: 'a', title: 'A story', pubDate: new Date(Date.now() - 60_000) }] });
});
afterAll(async () => {
  await api?.close();
  await feeds?.close();
  await testDb?.close();
});

const env = () => ({ BOT_TOKEN: api.token, BOT_API_ROOT: api.apiRoot, CHANNEL_ID: '@herald_news', DATABASE_URL: testDb.url, FEEDS: feeds.url('/rss.xml') });

describe('npm start -- --check', () => {
  it('a right setup: every line ✓, exit 0', async () => {
    const run = await runHeraldOnce(env(), ['--check']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Herald setup check\n✓ configuration: valid; live, updates by long polling; 1 feed\n✓ database: PostgreSQL /);
    expect(run.stdout).toMatch(/\n✓ BOT_TOKEN: the bot is @\w+ /);
    expect(run.stdout).toMatch(/\n✓ feed http:\/\/127\.0\.0\.1:\d+\/rss\.xml: “Outlet”, 1 item, /);
    expect(run.stdout).toMatch(/\nAll 6 checks passed\.\n$/);
    // The check sends nothing and polls nothing.
    expect(api.callsOf('sendMessage')).toHaveLength(0);
  });

  it('a wrong setting: its ✗ line, exit 1, and neither the token nor the password printed', async () => {
    const password = new URL(testDb.url).password || 'unused-password';
    api.failNext('getMe', 1, { kind: 'error', code: 401, description: 'Unauthorized' });
    const run = await runHeraldOnce({ ...env(), FEEDS: feeds.url('/gone.xml') }, ['--check']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ BOT_TOKEN: Telegram does not accept this token (401 Unauthorized)');
    expect(run.stdout).toContain(`✗ feed ${feeds.url('/gone.xml')}: HTTP 404: there is no feed at this address: fix the URL in FEEDS`);
    expect(run.stdout).toMatch(/\n2 of 4 checks failed: fix the lines marked ✗ and run the check again\.\n$/);
    expect(run.stdout + run.stderr).not.toContain(api.token);
    expect(run.stdout + run.stderr).not.toContain(password);
  });

  it('a configuration that does not parse: one ✗ line per setting, exit 1', async () => {
    const run = await runHeraldOnce({ ...env(), CHANNEL_ID: 'my channel', SEND_RATE: 'fast' }, ['--check']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ CHANNEL_ID: must be @channelname or a numeric id such as -1001234567890 (fix it in the environment or in .env)');
    expect(run.stdout).toContain('✗ SEND_RATE: must be a number from 0.1 to 1000');
  });
});
