/**
 * Fault: slow feeds and slow article pages en masse. 100 feeds on one outlet drip their answer
 * a byte a second (half of them the feed itself, half a quick feed whose article pages drip),
 * and one healthy feed on another host has news. Its post reaches the channel while every slow
 * fetch is still dripping: the slow ones are bounded by the fetch timeout (FETCH_TIMEOUT_MS) and
 * by their own host's slots (FETCH_PER_HOST), and wait for nothing of the healthy one's. Herald's
 * own settings throughout (FETCH_CONCURRENCY 8, FETCH_PER_HOST 2, FETCH_TIMEOUT_MS 15 s), and the
 * healthy feed is the last of the due feeds, the worst place to be.
 *
 * Then the same on 50 hosts, two dripping feeds each: all 100 may be open at once as far as each
 * host's FETCH_PER_HOST goes, far more than the 8 work slots. A fetch waiting on the network holds
 * no work slot (news/bounded-runner.ts), so all 100 drip at once and the healthy feed, due after
 * them, is fetched and posted without waiting for any of them to end or to give anything up.
 * (Before, a slow fetch gave its slot up only after half a second, and at most 40 could be open:
 * the healthy feed waited for the 15 s timeouts.) Each test has a world of its own: a channel post
 * left by one would pace the other's by CHANNEL_RATE.
 */
import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedFeeds } from '../../src/stores/feeds.js';
import { startAppWorld, type AppWorld } from '../helpers/app-world.js';
import { startFakeFeedServer, type FakeFeedServer, type RequestLog } from '../helpers/fake-feed-server.js';
import type { FaultFigures } from './support.js';

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

/** The most requests a host saw open at once. */
function peakOpen(requests: readonly RequestLog[]): number {
  const edges = requests.flatMap((r) => [
    { at: r.at, step: 1 },
    { at: r.endedAt ?? Infinity, step: -1 },
  ]);
  // Ends before starts at one instant: a request that ended as the next began did not overlap it.
  edges.sort((a, b) => a.at - b.at || a.step - b.step);
  let open = 0;
  let peak = 0;
  for (const edge of edges) peak = Math.max(peak, (open += edge.step));
  return peak;
}

let world: AppWorld;
let healthy: FakeFeedServer;

beforeEach(async () => {
  // The world's feed server is the slow outlet; the healthy one is another host (127.0.0.2, or another port: hosts count by host:port).
  world = await startAppWorld({ feeds: [], editor: false });
  healthy = await startFakeFeedServer({ host: (await canListen('127.0.0.2')) ? '127.0.0.2' : '127.0.0.1' });
  await world.start();
}, 60_000);

afterEach(async () => {
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
    // Politeness held: the slow outlet never had more than FETCH_PER_HOST requests open at once.
    expect(peakOpen(slow.requests)).toBeLessThanOrEqual(world.config.fetchPerHost);

    // The slow outlet goes away: its dripping answers end, the rest of the poll fails fast and ends.
    await slow.close();
    await poll;
  }, 120_000);

  it('100 dripping feeds on 50 hosts are all open at once, hold no slot, and do not hold back a healthy feed', async () => {
    const HOSTS = 50;
    const { fetchConcurrency, fetchPerHost } = world.config;
    // Every dripping feed may be open at once as far as its host goes, and they are many more than
    // the work slots and than the 5 × FETCH_CONCURRENCY fetches the old runner ever let open.
    expect(SLOW_FEEDS / HOSTS).toBeLessThanOrEqual(fetchPerHost);
    expect(SLOW_FEEDS).toBeGreaterThan(5 * fetchConcurrency);
    const servers = await Promise.all(Array.from({ length: HOSTS }, () => startFakeFeedServer()));
    try {
      const slowUrls: string[] = [];
      const slowPaths = new Map<FakeFeedServer, string[]>();
      for (let i = 1; i <= SLOW_FEEDS; i++) {
        const server = servers[i % HOSTS]!;
        server.setFeed(`/drip/${i}.xml`, { title: `Drip ${i}`, items: [{ guid: `drip-${i}`, title: `Dripping story ${i}`, link: server.url(`/drip/${i}`), pubDate: world.clock.now() }] }, { drip: DRIP });
        slowUrls.push(server.url(`/drip/${i}.xml`));
        slowPaths.set(server, [...(slowPaths.get(server) ?? []), `/drip/${i}.xml`]);
      }
      healthy.setFeed('/second.xml', {
        title: 'Healthy outlet, second desk',
        items: [{ guid: 'healthy-2', title: 'Healthy outlet: harbour reopens', description: 'The harbour reopened this morning after repairs to the breakwater.', link: healthy.url('/news/2'), pubDate: world.clock.now() }],
      });
      // The healthy feed is stored last, so it is the last of the due feeds to be claimed.
      await seedFeeds(world.db, slowUrls);
      await seedFeeds(world.db, [healthy.url('/second.xml')]);
      await world.db.updateTable('feeds').set({ next_fetch_at: world.clock.now() }).execute();

      const startedAt = performance.now();
      let pollDone = false;
      const poll = world.runJob('poll').finally(() => (pollDone = true)); // not awaited: the slow fetches take 15 s
      poll.catch(() => undefined);
      const dripping = () => servers.flatMap((server) => server.requests.filter((r) => r.path.startsWith('/drip/')));
      await world.api.waitForMessage(world.channel.id, (m) => m.text?.includes('Healthy outlet: harbour reopens') ?? false, { timeoutMs: 30_000, message: 'the healthy feed to be posted' });
      const postedAt = performance.now();
      // Posted before any dripping fetch ended (each ends only at the 15 s fetch timeout).
      expect(dripping().filter((r) => r.endedAt !== undefined).map((r) => r.path)).toEqual([]);
      // All 100 drip at once, none having waited for another to end: with slots held by waiting
      // fetches, the later ones (and the healthy feed among them) would start only at a timeout.
      await Promise.all(servers.flatMap((server) => slowPaths.get(server)!.map((path) => server.waitForRequest(path, { timeoutMs: 30_000 }))));
      expect(dripping()).toHaveLength(SLOW_FEEDS);
      expect(dripping().filter((r) => r.endedAt !== undefined).map((r) => r.path)).toEqual([]);
      expect(pollDone).toBe(false);
      // Politeness held: no host had more than FETCH_PER_HOST requests open at once.
      expect(Math.max(...servers.map((server) => peakOpen(server.requests)))).toBeLessThanOrEqual(fetchPerHost);
      const [fetch] = healthy.requestsTo('/second.xml');
      expect(fetch?.endedAt).toBeDefined();

      const file = process.env.HERALD_FAULT_FIGURES;
      if (file) {
        const figures: FaultFigures = {
          fault: `slow feeds: ${SLOW_FEEDS} dripping on ${HOSTS} hosts`,
          lost: 0,
          duplicates: 0,
          inFlightCap: 0,
          recoverySeconds: null,
          peakRssMb: Math.round(process.memoryUsage().rss / 1048576),
          healthyPostSeconds: (postedAt - startedAt) / 1000,
          healthyFetchSeconds: (fetch!.endedAt! - fetch!.at) / 1000,
        };
        const { appendFile } = await import('node:fs/promises');
        await appendFile(file, `${JSON.stringify(figures)}\n`);
      }
      for (const server of servers) await server.close();
      await poll;
    } finally {
      for (const server of servers) await server.close().catch(() => undefined);
    }
  }, 120_000);
});
