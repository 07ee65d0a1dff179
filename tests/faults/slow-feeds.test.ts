/**
 * Fault: slow feeds and slow article pages en masse. 100 feeds on one outlet drip their answer
 * a byte a second (half of them the feed itself, half a quick feed whose article pages drip),
 * and one healthy feed on another host has news. Its post reaches the channel while every slow
 * fetch is still dripping: the slow ones are bounded by the fetch timeout (FETCH_TIMEOUT_MS) and
 * by their own host's slots (FETCH_PER_HOST), and wait for nothing of the healthy one's. Herald's
 * own settings throughout (FETCH_CONCURRENCY 8, FETCH_PER_HOST 2, FETCH_TIMEOUT_MS 15 s), and the
 * healthy feed is the last of the due feeds, the worst place to be.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFeeds } from '../../src/stores/feeds.js';
import { startAppWorld, type AppWorld } from '../helpers/app-world.js';
import { startFakeFeedServer, type FakeFeedServer, type RequestLog } from '../helpers/fake-feed-server.js';

const SLOW_FEEDS = 100;
const DRIP = { intervalMs: 1000, bytesPerTick: 1, endless: true };
const PAGE = `<!DOCTYPE html><html><head><title>Slow page</title></head><body><article>${'<p>A paragraph of an article that arrives a byte a second.</p>'.repeat(40)}</article></body></html>`;

/** Whether this machine can listen on the address (a second IPv4 loopback address stands for another host). */
async function canListen(host: string): Promise<boolean> {
  const server = http.createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(0, host, () => server.close(() => resolve(true)));
  });
}

let world: AppWorld;
let healthy: FakeFeedServer;

beforeAll(async () => {
  // The world's feed server is the slow outlet; the healthy one is another host (127.0.0.2, or another port: hosts count by host:port).
  world = await startAppWorld({ feeds: [], editor: false });
  healthy = await startFakeFeedServer({ host: (await canListen('127.0.0.2')) ? '127.0.0.2' : '127.0.0.1' });
  await world.start();
}, 60_000);

afterAll(async () => {
  await world?.close();
  await healthy?.close();
});

describe('slow feeds en masse', () => {
  it('100 dripping feeds and article pages do not hold back a healthy feed on another host', async () => {
    const slow = world.feeds;
    const slowUrls: string[] = [];
    const dripping = new Set<string>();
    for (let i = 1; i <= SLOW_FEEDS; i++) {
      if (i % 2 === 1) {
        // The feed itself drips.
        slow.setFeed(`/slow/${i}.xml`, { title: `Slow ${i}`, items: [{ guid: `slow-${i}`, title: `Slow story ${i}`, link: slow.url(`/slow/${i}/article`), pubDate: world.clock.now() }] }, { drip: DRIP });
        dripping.add(`/slow/${i}.xml`);
      } else {
        // The feed answers at once with a teaser; its article page drips.
        slow.setFeed(`/slow/${i}.xml`, { title: `Slow ${i}`, items: [{ guid: `slow-${i}`, title: `Slow story ${i}`, description: 'Read more…', link: slow.url(`/slow/${i}/article`), pubDate: world.clock.now() }] });
        slow.setHtml(`/slow/${i}/article`, PAGE, { drip: DRIP });
        dripping.add(`/slow/${i}/article`);
      }
      slowUrls.push(slow.url(`/slow/${i}.xml`));
    }
    healthy.setHtml('/news/1', `<!DOCTYPE html><html><body><article><p>${'The healthy outlet reports the pipeline deal in full. '.repeat(20)}</p></article></body></html>`);
    healthy.setFeed('/rss.xml', {
      title: 'Healthy outlet',
      items: [{ guid: 'healthy-1', title: 'Healthy outlet: pipeline deal signed', description: 'Read more…', link: healthy.url('/news/1'), pubDate: world.clock.now() }],
    });
    // The healthy feed is stored last, so it is the last of the due feeds to be claimed.
    await seedFeeds(world.db, slowUrls);
    await seedFeeds(world.db, [healthy.url('/rss.xml')]);
    await world.db.updateTable('feeds').set({ next_fetch_at: world.clock.now() }).execute();

    let pollDone = false;
    const poll = world.runJob('poll').finally(() => (pollDone = true)); // not awaited: the slow fetches take minutes
    poll.catch(() => undefined); // a failed assertion below leaves it to world.close(), which ends it

    const slowRequests = (): RequestLog[] => slow.requests.filter((r) => dripping.has(r.path));
    const post = await world.api.waitForMessage(world.channel.id, (m) => m.text?.includes('Healthy outlet: pipeline deal signed') ?? false, {
      // Well inside the first slow fetches' timeout (15 s); without the fix the healthy feed waited for 16 of them.
      timeoutMs: 30_000,
      message: 'the healthy feed to be posted',
    });
    // While the slow outlet is still dripping: not one dripping answer has ended (each ends only at the
    // fetch timeout), feeds and article pages alike have started dripping, and the poll goes on with them.
    const ended = slowRequests().filter((r) => r.endedAt !== undefined);
    expect(ended.map((r) => r.path)).toEqual([]);
    expect(slowRequests().some((r) => r.path.endsWith('.xml'))).toBe(true);
    expect(slowRequests().some((r) => r.path.endsWith('/article'))).toBe(true);
    expect(pollDone).toBe(false);
    // Its fetch did not wait for a slow one: it was asked before any slow fetch ended.
    expect(healthy.requestsTo('/rss.xml')).toHaveLength(1);
    expect(post.text).toContain('Healthy outlet');

    // The slow outlet goes away: its dripping answers end, the rest of the poll fails fast and ends.
    await slow.close();
    await poll;
  }, 120_000);
});
