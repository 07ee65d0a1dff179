/**
 * Runs tasks with a global cap and a per-host cap. A waiting task for a busy host never
 * blocks a task for an idle host: the next task started is the first whose host has room.
 */
export interface BoundedRunner {
  run<T>(host: string, task: () => Promise<T>): Promise<T>;
  /** Tasks started or waiting. */
  readonly pending: number;
  /** Tasks started and not yet finished; below the global cap, every waiting task is held by its busy host. */
  readonly active: number;
}

export interface RunnerLimits {
  global: number;
  perHost: number;
}

interface Waiting {
  host: string;
  start: () => void;
}

export function createBoundedRunner(limits: RunnerLimits): BoundedRunner {
  const global = Math.max(1, limits.global);
  const perHost = Math.max(1, limits.perHost);
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
    run<T>(host: string, task: () => Promise<T>): Promise<T> {
      pending++;
      return new Promise<T>((resolve, reject) => {
        waiting.push({
          host,
          start: () => {
            active++;
            activeByHost.set(host, (activeByHost.get(host) ?? 0) + 1);
            const finish = () => {
              active--;
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
