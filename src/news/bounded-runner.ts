/**
 * Runs tasks (a feed's poll) under three caps: work slots, open tasks, and open tasks per host.
 *
 * Decision (issue #15, slow feeds en masse): waiting on the network does not hold a scarce slot.
 * A task holds one of the `global` work slots only while it works (parsing, classifying, storing;
 * article extraction has its own worker pool); around a network wait it steps aside with
 * `slot.away(wait)` and takes a work slot again after, ahead of tasks not yet started. A separate,
 * larger cap bounds open tasks (`maxOpen`, default 16 × global: sockets), and politeness is the
 * per-host cap, held from start to finish. So 100 feeds dripping a byte a second hold 100 open
 * tasks and no work slot, and a healthy feed of another host is fetched and stored at once,
 * however late it comes among the due feeds. Only past `maxOpen` slow tasks at once does a new one
 * wait for a slow one to end (its fetch timeout). (Rejected: putting feeds that were slow last
 * time after the others; the first poll has no such history.)
 *
 * Memory: fetches that end faster than the work slots take them must not pile up finished
 * bodies (all 128 open fetches answering 5 MB at once would be 640 MB). A body that grows past a
 * small size (fetch-feed's LARGE_BODY_BYTES, 64 KiB) first waits, its reading paused (the socket's
 * buffers fill and the server waits), for one of `bodies` allowances (default 2 × global), held
 * until its task ends. So large bodies being read, finished and waiting for a work slot, or being
 * worked on number at most 2 × global, and the feed bodies held at once are at most
 * 2 × FETCH_CONCURRENCY × FETCH_MAX_BYTES (80 MB with the defaults, 8 and 5 MB) plus maxOpen × 64 KiB
 * (8 MB) of small ones, whatever the network does. A dripping fetch holds only the bytes it has
 * received, and no work slot or allowance until it passes 64 KiB. (Article pages are not counted
 * here: at most two open per task, each up to ARTICLE_MAX_BYTES.) Starting fewer fetches would
 * not bound it: a new task already starts only on a free work slot, after the tasks back from the
 * network; it is the fetches already open that may all answer at once.
 *
 * The next task started is the first whose host has room: a waiting task for a busy host never
 * blocks a task for an idle host.
 */
export interface BoundedRunner {
  run<T>(host: string, task: (slot: Slot) => Promise<T>): Promise<T>;
  /** Tasks started or waiting. */
  readonly pending: number;
  /** Tasks started and not yet finished (each may hold network connections). */
  readonly open: number;
  /** Tasks holding a work slot now. */
  readonly working: number;
  /** Tasks back from the network, waiting for a work slot (each may hold a finished body). */
  readonly waitingForWork: number;
  /** Large-body allowances held now (Slot.largeBody). */
  readonly largeBodies: number;
  /** Tasks waiting for a large-body allowance, their reading paused. */
  readonly waitingForBodyRoom: number;
  /**
   * Tasks that would be started at once if they were given now: open slots that no waiting task
   * will take (each waiting task is held by its busy host). The poll claims this many more feeds.
   */
  readonly room: number;
}

/** A started task's hold on a work slot. */
export interface Slot {
  /** Gives the work slot up while `wait` (network) runs, and takes one again (ahead of new tasks) after it. */
  away<T>(wait: () => Promise<T>): Promise<T>;
  /**
   * Waits for room for one more large body (one of the runner's `bodies` allowances), held until
   * the task ends; a fetch calls it before reading past its first 64 KiB. Once per task: later
   * calls resolve as the first does.
   */
  largeBody(): Promise<void>;
}

export interface RunnerLimits {
  /** Tasks working at once (holding a work slot). */
  global: number;
  /** Tasks open at once for one host. */
  perHost: number;
  /** Tasks open at once in all, working or waiting on the network (default 16 × global). */
  maxOpen?: number;
  /** Tasks holding a large body at once (default 2 × global). */
  bodies?: number;
}

interface Waiting {
  host: string;
  start: () => void;
}

export function createBoundedRunner(limits: RunnerLimits): BoundedRunner {
  const global = Math.max(1, limits.global);
  const perHost = Math.max(1, limits.perHost);
  const maxOpen = Math.max(global, limits.maxOpen ?? 16 * global);
  const maxBodies = Math.max(global, limits.bodies ?? 2 * global);
  const openByHost = new Map<string, number>();
  const waiting: Waiting[] = [];
  // Tasks back from the network, waiting for a work slot: they go before new tasks.
  const returning: (() => void)[] = [];
  let open = 0;
  let working = 0;
  let pending = 0;
  let bodies = 0;
  // Tasks waiting for a large-body allowance, in order of asking.
  const bodyQueue: (() => void)[] = [];

  const takeBody = (): Promise<void> => {
    if (bodies < maxBodies) {
      bodies++;
      return Promise.resolve();
    }
    return new Promise<void>((granted) =>
      bodyQueue.push(() => {
        bodies++;
        granted();
      }),
    );
  };
  const giveBody = () => {
    bodies--;
    bodyQueue.shift()?.();
  };

  const hostHasRoom = (host: string) => (openByHost.get(host) ?? 0) < perHost;

  const startNext = () => {
    while (working < global) {
      const back = returning.shift();
      if (back) {
        working++;
        back();
        continue;
      }
      if (open >= maxOpen) return;
      const index = waiting.findIndex((w) => hostHasRoom(w.host));
      if (index < 0) return;
      const [next] = waiting.splice(index, 1);
      next!.start();
    }
  };

  return {
    get pending() {
      return pending;
    },
    get open() {
      return open;
    },
    get working() {
      return working;
    },
    get waitingForWork() {
      return returning.length;
    },
    get largeBodies() {
      return bodies;
    },
    get waitingForBodyRoom() {
      return bodyQueue.length;
    },
    get room() {
      const startable = waiting.filter((w) => hostHasRoom(w.host)).length;
      return Math.max(0, maxOpen - open - startable);
    },
    run<T>(host: string, task: (slot: Slot) => Promise<T>): Promise<T> {
      pending++;
      return new Promise<T>((resolve, reject) => {
        waiting.push({
          host,
          start: () => {
            open++;
            working++;
            openByHost.set(host, (openByHost.get(host) ?? 0) + 1);
            let holdsSlot = true;
            let body: Promise<void> | undefined;
            let holdsBody = false;
            let finished = false;
            const slot: Slot = {
              async away<W>(wait: () => Promise<W>): Promise<W> {
                if (!holdsSlot) return wait();
                holdsSlot = false;
                working--;
                startNext();
                try {
                  return await wait();
                } finally {
                  // Back in line for a work slot, ahead of tasks not yet started.
                  await new Promise<void>((resume) => {
                    returning.push(() => {
                      holdsSlot = true;
                      resume();
                    });
                    startNext();
                  });
                }
              },
              largeBody(): Promise<void> {
                body ??= takeBody().then(() => {
                  // Granted after the task ended (it gave up waiting): handed straight on.
                  if (finished) giveBody();
                  else holdsBody = true;
                });
                return body;
              },
            };
            const finish = () => {
              finished = true;
              if (holdsBody) giveBody();
              if (holdsSlot) working--;
              open--;
              pending--;
              const left = (openByHost.get(host) ?? 1) - 1;
              if (left === 0) openByHost.delete(host);
              else openByHost.set(host, left);
              startNext();
            };
            // A task that throws synchronously still frees its slots.
            Promise.resolve()
              .then(() => task(slot))
              .then(
                (value) => {
                  finish();
                  resolve(value);
                },
                (error: unknown) => {
                  finish();
                  reject(error);
                },
              );
          },
        });
        startNext();
      });
    },
  };
}

/** The key per-host limits count by: host and port, lower-cased ("" when not a URL). */
export function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return '';
  }
}
