/**
 * Event-driven waiting shared by the fakes: a probe is re-evaluated each time the fake
 * reports a state change, so tests never poll on a timer. The only timer is the deadline.
 */

export interface WaitOptions {
  /** Deadline in ms (default 5000). */
  timeoutMs?: number;
  /** Extra words for the timeout error, e.g. what the test was waiting for. */
  message?: string;
}

export type Probe<T> = () => T | undefined | null | false;

export class ChangeSignal {
  readonly #listeners = new Set<(closed: boolean) => void>();
  #closed = false;

  /** Call after every state mutation; probes run synchronously. */
  notify(): void {
    for (const listener of [...this.#listeners]) listener(false);
  }

  /** Rejects every pending wait: the fake is going away, nothing will change any more. */
  close(): void {
    this.#closed = true;
    for (const listener of [...this.#listeners]) listener(true);
  }

  /**
   * Resolves with the probe's first truthy value. `describe` is called only on timeout,
   * to explain what the fake had seen by then.
   */
  waitFor<T>(probe: Probe<T>, describe: () => string, opts: WaitOptions = {}): Promise<T> {
    const timeoutMs = opts.timeoutMs ?? 5000;
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (fn: () => void): void => {
        this.#listeners.delete(listener);
        if (timer) clearTimeout(timer);
        fn();
      };
      const check = (): boolean => {
        let value: T | undefined | null | false;
        try {
          value = probe();
        } catch (err) {
          finish(() => reject(err));
          return true;
        }
        if (value) {
          const found = value;
          finish(() => resolve(found));
          return true;
        }
        return false;
      };
      const listener = (closed: boolean): void => {
        if (check()) return;
        if (closed) finish(() => reject(new Error(`waitFor: the fake was closed while waiting${suffix(opts)}\n${describe()}`)));
      };
      if (check()) return;
      if (this.#closed) {
        reject(new Error(`waitFor: the fake is already closed${suffix(opts)}\n${describe()}`));
        return;
      }
      this.#listeners.add(listener);
      timer = setTimeout(() => {
        finish(() => reject(new Error(`waitFor timed out after ${timeoutMs} ms${suffix(opts)}\n${describe()}`)));
      }, timeoutMs);
    });
  }
}

function suffix(opts: WaitOptions): string {
  return opts.message ? `: ${opts.message}` : '';
}
