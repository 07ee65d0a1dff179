/**
 * Fault: the host's clock is corrected by ten minutes, forward and back, in the middle of a
 * 500-reader fan-out and between polls of a changing feed. No message goes out twice (a lease
 * that lapses on a jump forward does not hand an in-flight send to the next claim), and nothing
 * waits out the jump (a fan-out queued, or a feed fetched, "in the future" of a clock set back
 * is due now, not ten minutes later). Durations in /metrics are measured on a monotonic clock: a
 * feed fetch under way while the clock jumps back (or forward) is timed as long as it really took,
 * never negative and never ten minutes. A jump is not an outage: the editor gets no alert for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Faults } from '../helpers/fake-bot-api.js';
import { renderRss } from '../helpers/fake-feed-server.js';
import { allDelivered, FAULT_TUNING, measureFault, startFaultWorld, type FaultWorld } from './support.js';

const SENDS = ['sendMessage', 'sendPhoto'];
const TEN_MINUTES = 10 * 60_000;
let fw: FaultWorld;

beforeAll(async () => {
  // Batches of 25 (about a second at SEND_RATE's default), so the sender claims again while earlier sends are out.
  fw = await startFaultWorld({ senderTuning: { ...FAULT_TUNING, batchSize: 25, timeoutSeconds: 5 }, alerts: true });
}, 60_000);

afterAll(async () => {
  await fw?.close();
});

/** /metrics as Herald serves it: every sample, by name with its labels. */
async function scrape(): Promise<{ name: string; value: number }[]> {
  const text = await (await fetch(`http://127.0.0.1:${fw.world.app.httpPort}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const at = line.lastIndexOf(' ');
      return { name: line.slice(0, at), value: Number(line.slice(at + 1)) };
    });
}

/** The feed fetch histogram's total seconds and count (all outcomes). */
function fetchTimes(samples: { name: string; value: number }[]): { seconds: number; count: number } {
  const sum = (suffix: string) => samples.filter((s) => s.name.startsWith(`herald_feed_fetch_duration_seconds_${suffix}`)).reduce((n, s) => n + s.value, 0);
  return { seconds: sum('sum'), count: sum('count') };
}

describe('clock jumps', () => {
  it('forward 10 min while sends are in flight: their leases lapse, yet nothing is sent twice', async () => {
    const { world } = fw;
    const { api } = world;
    // Four sends are slow to be answered (the others are not): they are in flight when the clock jumps.
    const measured = measureFault(fw, 'clock jumps forward 10 min');
    const slow = api.failNext(SENDS, 4, Faults.delay(3_000));
    await fw.publish('Forward jump story');
    await api.waitFor(() => slow.remaining === 0 && api.calls.filter((c) => c.fault === 'delay' && c.outcome === 'pending').length === 4, {
      message: 'four slow sends in flight',
    });
    world.clock.advance(TEN_MINUTES);
    measured.ended();
    await allDelivered(fw, ['Forward jump story']);
    await expect.poll(async () => (await fw.statuses()).pending ?? 0, { timeout: 10_000 }).toBe(0);
    await api.waitFor(() => api.calls.every((c) => c.outcome !== 'pending' || c.method === 'getUpdates'), { message: 'every send answered' });
    await measured.record(['Forward jump story'], FAULT_TUNING.maxInFlight!);
    expect(fw.tally(['Forward jump story'])).toEqual({ lost: 0, duplicates: 0 });
  }, 60_000);

  it('back 10 min during a fan-out: the queued rows are still due, and the next poll still fetches', async () => {
    const { world } = fw;
    const { api } = world;
    // Sends hang while the fan-out is queued, so the clock is set back before most rows are tried.
    const measured = measureFault(fw, 'clock jumps back 10 min');
    const stall = api.failNext(SENDS, Infinity, Faults.hang());
    await fw.publish('Backward jump story');
    await api.waitFor(() => api.calls.filter((c) => c.fault === 'hang' && c.outcome === 'hung').length === FAULT_TUNING.maxInFlight, { message: 'the fan-out to start and stall' });
    world.clock.advance(-TEN_MINUTES);
    stall.cancel();
    measured.ended();
    // Rows queued before the jump go out now, not when the clock catches up (the hung ones once they time out).
    await allDelivered(fw, ['Backward jump story']);
    await measured.record(['Backward jump story'], FAULT_TUNING.maxInFlight!);

    // The feed was fetched "ten minutes from now": its next fetch is not ten minutes away.
    await fw.publish('After the jump story', { due: false });
    await allDelivered(fw, ['After the jump story']);
    expect(fw.tally(['Forward jump story', 'Backward jump story', 'After the jump story'])).toEqual({ lost: 0, duplicates: 0 });
  }, 60_000);

  it('a feed fetch under way while the clock jumps is timed as long as it took: no negative (or ten-minute) durations in /metrics', async () => {
    const { world } = fw;
    const feeds = world.feeds;
    for (const jump of [-TEN_MINUTES, TEN_MINUTES]) {
      const before = fetchTimes(await scrape());
      // The outlet's answer is held until the clock has jumped.
      let answer!: () => void;
      const held = new Promise<void>((resolve) => (answer = resolve));
      const body = renderRss({ title: 'The Outlet', items: feeds.feed('/rss.xml')?.items ?? [] });
      feeds.route('/rss.xml', {
        handler: async (_req, res) => {
          await held;
          res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);
        },
      });
      await world.db.updateTable('feeds').set({ next_fetch_at: world.clock.now() }).execute();
      const seen = feeds.requests.at(-1)?.seq ?? 0;
      const startedAt = performance.now();
      const poll = world.runJob('poll');
      await feeds.waitForRequest((r) => r.path === '/rss.xml' && r.seq > seen, { message: 'the fetch to be under way' });
      world.clock.advance(jump);
      answer();
      await poll;
      const took = (performance.now() - startedAt) / 1000;

      const samples = await scrape();
      // Every duration Herald reports (histograms, sums, gauges in seconds) is at least zero. (NaN is
      // not a duration: prom-client's event-loop lag mean is NaN when no delay was sampled since the last scrape.)
      const durations = samples.filter((s) => /_seconds(_sum|_bucket|_count|_total)?(\{|$)/.test(s.name));
      expect(durations.filter((s) => !Number.isNaN(s.value)).length).toBeGreaterThan(0);
      expect(durations.filter((s) => s.value < 0)).toEqual([]);
      // The held fetch was timed: as long as it really took, not minus or plus ten minutes.
      const after = fetchTimes(samples);
      expect(after.count).toBe(before.count + 1);
      expect(after.seconds - before.seconds).toBeGreaterThan(0);
      expect(after.seconds - before.seconds).toBeLessThanOrEqual(took);
    }
    // The operations tick (alerts) ran every FAULT_TICK_MS through all of the jumps: none of them was an outage to tell the editor of.
    expect(fw.alerts()).toEqual([]);
  }, 60_000);
});
