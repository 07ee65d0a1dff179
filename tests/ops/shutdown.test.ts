import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBotApi, type FakeBotApi } from '../helpers/fake-bot-api.js';
import { startFakeFeedServer, type FakeFeedServer } from '../helpers/fake-feed-server.js';
import { startHerald } from '../helpers/run-herald.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

// A feed that never answers holds a poll open past the shutdown budget: the process must
// still exit cleanly and hand the feed back, so another instance need not wait out the lease.
describe('shutdown in the middle of a poll', () => {
  let telegram: FakeBotApi;
  let outlet: FakeFeedServer;
  let testDb: TestDb;

  beforeAll(async () => {
    telegram = await startFakeBotApi();
    outlet = await startFakeFeedServer();
    outlet.route('/slow.xml', { hang: true });
    testDb = await createTestDb();
  });

  afterAll(async () => {
    await testDb?.close();
    await telegram?.close();
    await outlet?.close();
  });

  it('exits 0 and releases the lease of the feed it was still fetching', async () => {
    const herald = startHerald({
      BOT_TOKEN: telegram.token,
      BOT_API_ROOT: telegram.apiRoot,
      FEEDS: outlet.url('/slow.xml'),
      // Longer than the whole shutdown budget: the fetch is still open when the process stops.
      FETCH_TIMEOUT_MS: '60000',
      PORT: '0',
      DATABASE_URL: testDb.url,
    });
    await outlet.waitForRequest('/slow.xml', { timeoutMs: 45_000 });
    const code = await herald.stop();
    expect(code, herald.output().slice(-6000)).toBe(0);

    const db = await testDb.reconnect();
    const [feed] = await db.selectFrom('feeds').select(['url', 'lease_until']).execute();
    expect(feed?.url).toContain('/slow.xml');
    expect(feed?.lease_until).toBeNull();
  }, 90_000);
});
