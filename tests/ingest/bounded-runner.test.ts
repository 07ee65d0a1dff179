import { describe, expect, it } from 'vitest';
import { createBoundedRunner, hostOf } from '../../src/news/bounded-runner.js';

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
