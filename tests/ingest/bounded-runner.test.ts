import { describe, expect, it, vi } from 'vitest';
import { createBoundedRunner, hostOf } from '../../src/news/bounded-runner.js';
import { fetchFeed, LARGE_BODY_BYTES, type FetchOptions } from '../../src/news/fetch-feed.js';
import { createGuardedFetch } from '../../src/news/guarded-fetch.js';
import { startFakeFeedServer } from '../helpers/fake-feed-server.js';

/** A task that stays running until released, recording how many ran at once. */
function gate() {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return { done, release };
}

describe('createBoundedRunner', () => {
  it('caps tasks in total and per host, and lets an idle host past a busy one', async () => {
    const runner = createBoundedRunner({ global: 3, perHost: 2 });
    const running = new Map<string, number>();
    let peak = 0;
    const peakPerHost = new Map<string, number>();
    const started: string[] = [];
    const gates: ReturnType<typeof gate>[] = [];
    const submit = (host: string, name: string) =>
      runner.run(host, async () => {
        started.push(name);
        running.set(host, (running.get(host) ?? 0) + 1);
        peakPerHost.set(host, Math.max(peakPerHost.get(host) ?? 0, running.get(host)!));
        peak = Math.max(peak, [...running.values()].reduce((a, b) => a + b, 0));
        const g = gate();
        gates.push(g);
        await g.done;
        running.set(host, running.get(host)! - 1);
        return name;
      });
    const all = [submit('slow', 's1'), submit('slow', 's2'), submit('slow', 's3'), submit('fast', 'f1')];
    await Promise.resolve();
    await new Promise((r) => setImmediate(r));
    // s3 waits for a slot of its host; f1, queued after it, starts at once.
    expect(started).toEqual(['s1', 's2', 'f1']);
    expect(runner.pending).toBe(4);
    while (gates.length > 0) {
      gates.shift()!.release();
      await new Promise((r) => setImmediate(r));
    }
    expect(await Promise.all(all)).toEqual(['s1', 's2', 's3', 'f1']);
    expect(peak).toBe(3);
    expect(peakPerHost.get('slow')).toBe(2);
    expect(runner.pending).toBe(0);
  });

  it('holds no work slot while a task waits on the network, but caps open tasks', async () => {
    const runner = createBoundedRunner({ global: 2, perHost: 1, maxOpen: 5 });
    const started: string[] = [];
    const networks = new Map<string, ReturnType<typeof gate>>();
    const works = new Map<string, ReturnType<typeof gate>>();
    const submit = (name: string) =>
      runner.run(name, async (slot) => {
        started.push(name);
        const network = gate();
        networks.set(name, network);
        await slot.away(() => network.done);
        // Working again: holds a work slot until released.
        const work = gate();
        works.set(name, work);
        await work.done;
        return name;
      });
    const settle = () => new Promise((r) => setImmediate(r));
    const all = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map(submit);
    await settle();
    // Waiting on the network, five tasks are open on 2 work slots; the open cap holds the rest.
    expect(started).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(runner.working).toBe(0);
    expect(runner.open).toBe(5);
    expect(runner.room).toBe(0);
    // Three answers arrive: two get the work slots, the third waits for one, ahead of new tasks.
    for (const name of ['a', 'b', 'c']) networks.get(name)!.release();
    await settle();
    expect(runner.working).toBe(2);
    expect([...works.keys()]).toEqual(['a', 'b']);
    works.get('a')!.release();
    await settle();
    // a's end frees an open slot and a work slot: c, back from the network, takes the work slot
    // before f may start (a task starts holding a work slot, until its fetch begins).
    expect([...works.keys()]).toEqual(['a', 'b', 'c']);
    expect(started).toEqual(['a', 'b', 'c', 'd', 'e']);
    // b's end frees a work slot: f starts, steps aside for its fetch, and g starts on the last open slot.
    works.get('b')!.release();
    await settle();
    expect(started).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(runner.open).toBe(5);
    for (const name of ['d', 'e', 'f', 'g']) networks.get(name)!.release();
    while (runner.pending > 0) {
      for (const work of works.values()) work.release();
      await settle();
    }
    expect(await Promise.all(all)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(runner.open).toBe(0);
    expect(runner.working).toBe(0);
  });

  it('has room for more tasks only where no waiting task will start', async () => {
    const runner = createBoundedRunner({ global: 1, perHost: 1, maxOpen: 4 });
    const gates: ReturnType<typeof gate>[] = [];
    const submit = (host: string) =>
      runner.run(host, async (slot) => {
        const g = gate();
        gates.push(g);
        await slot.away(() => g.done);
      });
    const all = [submit('slow'), submit('slow'), submit('slow')];
    await new Promise((r) => setImmediate(r));
    // One open for the slow host, two waiting for it: three more of other hosts would start.
    expect(runner.open).toBe(1);
    expect(runner.room).toBe(3);
    while (gates.length > 0) {
      gates.shift()!.release();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(all);
    expect(runner.room).toBe(4);
  });

  it('holds at most twice the work slots of large bodies while many fast fetches end at once', async () => {
    const feeds = await startFakeFeedServer();
    const guardedFetch = createGuardedFetch({ allowPrivate: true });
    try {
      const FETCHES = 30;
      const SIZE = 4 * LARGE_BODY_BYTES;
      const global = 2;
      for (let i = 0; i < FETCHES; i++) feeds.route(`/big/${i}.xml`, { body: `<rss>${String(i).padEnd(SIZE, '.')}</rss>`, contentType: 'application/rss+xml' });
      const runner = createBoundedRunner({ global, perHost: FETCHES, maxOpen: FETCHES });
      const options: FetchOptions = { guardedFetch, timeoutMs: 30_000, maxBytes: 1024 * 1024, userAgent: 'Herald/test (+https://example.invalid)' };
      // Bodies fetched in full and not yet let go (their task parsing, or waiting for a work slot to).
      let bodies = 0;
      let peak = 0;
      const works: ReturnType<typeof gate>[] = [];
      const all = Array.from({ length: FETCHES }, (_, i) =>
        runner.run(`host-${i}`, async (slot) => {
          const fetched = await slot.away(async () => {
            const out = await fetchFeed(feeds.url(`/big/${i}.xml`), { etag: null, lastModified: null }, { ...options, waitForBodyRoom: () => slot.largeBody() });
            // Held from here, while it waits for a work slot too.
            peak = Math.max(peak, ++bodies);
            return out;
          });
          if (fetched.kind !== 'fetched') throw new Error(`fetch ${i}: ${fetched.kind}`);
          const work = gate();
          works.push(work);
          await work.done;
          bodies--;
          return fetched.body.length;
        }),
      );
      // Every fetch is open at once (none holds a work slot), and every one of them is answered at
      // once, faster than two work slots parse: all but 2 × global wait with their reading paused.
      await vi.waitFor(() => expect(runner.waitingForBodyRoom).toBe(FETCHES - 2 * global), { timeout: 20_000 });
      expect(runner.open).toBe(FETCHES);
      expect(bodies).toBe(2 * global);
      expect(runner.working).toBe(global);
      expect(runner.waitingForWork).toBe(global);
      // Work goes on; each body let go lets one more be read, never more than 2 × global held.
      let released = 0;
      while (released < FETCHES) {
        await vi.waitFor(() => expect(works.length).toBeGreaterThan(released), { timeout: 20_000 });
        works[released++]!.release();
        expect(bodies).toBeLessThanOrEqual(2 * global);
        expect(runner.largeBodies).toBeLessThanOrEqual(2 * global);
      }
      // Every body was read whole in the end.
      expect(await Promise.all(all)).toEqual(Array.from({ length: FETCHES }, () => SIZE + '<rss></rss>'.length));
      expect(peak).toBe(2 * global);
      expect(runner.largeBodies).toBe(0);
    } finally {
      await guardedFetch.close();
      await feeds.close();
    }
  });

  it('frees the slot of a task that throws', async () => {
    const runner = createBoundedRunner({ global: 1, perHost: 1 });
    await expect(runner.run('h', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(runner.run('h', () => { throw new Error('sync'); })).rejects.toThrow('sync');
    expect(await runner.run('h', async () => 'after')).toBe('after');
  });

  it('keys hosts by host and port', () => {
    expect(hostOf('https://News.Example/rss')).toBe('news.example');
    expect(hostOf('http://127.0.0.1:8080/a')).toBe('127.0.0.1:8080');
    expect(hostOf('not a url')).toBe('');
  });
});
