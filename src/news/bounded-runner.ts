/**
 * Runs tasks with a global cap and a per-host cap. A waiting task for a busy host never
 * blocks a task for an idle host: the next task started is the first whose host has room.
 *
 * A task still running after `lingerAfterMs` stops counting against the global cap (it keeps
 * its host's slot, and its own timeout still ends it): slow hosts en masse (feeds dripping a byte
 * a second from more hosts than the global cap) would otherwise hold every slot until they time
 * out, and a healthy feed of another host would wait for them. Such a task is waiting on the
 * network, not working: it costs a socket and the few bytes it has received. At most
 * `maxLingering` of them at once; past that a slow task keeps its global slot.
 */
export interface BoundedRunner {
  run<T>(host: string, task: () => Promise<T>): Promise<T>;
  /** Tasks started or waiting. */
  readonly pending: number;
  /** Tasks started and not yet finished; below the global cap, every waiting task is held by its busy host. */
  readonly active: number;
  /** Tasks running past lingerAfterMs that no longer hold a global slot. */
  readonly lingering: number;
  /** Resolves the next time a global slot is given up (a task finished, or began to linger). */
  slotFreed(): Promise<void>;
}

export interface RunnerLimits {
  global: number;
  perHost: number;
  /** After this long a running task no longer holds a global slot (default 500 ms). */
  lingerAfterMs?: number;
  /** Lingering tasks at most (default 4 × global). */
  maxLingering?: number;
}

interface Waiting {
  host: string;
  start: () => void;
}

export function createBoundedRunner(limits: RunnerLimits): BoundedRunner {
  const global = Math.max(1, limits.global);
  const perHost = Math.max(1, limits.perHost);
  const lingerAfterMs = limits.lingerAfterMs ?? 500;
  const maxLingering = limits.maxLingering ?? 4 * global;
  let lingering = 0;
  let freed: (() => void)[] = [];
  const tellFreed = () => {
    const waiting = freed;
    freed = [];
    for (const resolve of waiting) resolve();
  };
  const activeByHost = new Map<string, number>();
  const waiting: Waiting[] = [];
  let active = 0;
  let pending = 0;

  const startNext = () => {
    while (active < global) {
      const index = waiting.findIndex((w) => (activeByHost.get(w.host) ?? 0) < perHost);
      if (index < 0) return;
      const [next] = waiting.splice(index, 1);
      next!.start();
    }
  };

  return {
    get pending() {
      return pending;
    },
    get active() {
      return active;
    },
    get lingering() {
      return lingering;
    },
    slotFreed() {
      return new Promise<void>((resolve) => freed.push(resolve));
    },
    run<T>(host: string, task: () => Promise<T>): Promise<T> {
      pending++;
      return new Promise<T>((resolve, reject) => {
        waiting.push({
          host,
          start: () => {
            active++;
            activeByHost.set(host, (activeByHost.get(host) ?? 0) + 1);
            let holdsSlot = true;
            let timer: NodeJS.Timeout | undefined;
            const linger = () => {
              if (lingering >= maxLingering) {
                timer = setTimeout(linger, lingerAfterMs).unref();
                return;
              }
              holdsSlot = false;
              lingering++;
              active--;
              startNext();
              tellFreed();
            };
            timer = setTimeout(linger, lingerAfterMs).unref();
            const finish = () => {
              clearTimeout(timer);
              if (holdsSlot) active--;
              else lingering--;
              pending--;
              const left = (activeByHost.get(host) ?? 1) - 1;
              if (left === 0) activeByHost.delete(host);
              else activeByHost.set(host, left);
              startNext();
            };
            // A task that throws synchronously still frees its slots.
            Promise.resolve()
              .then(task)
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
