/** Where every world's clock starts unless told otherwise: a fixed instant, so runs are alike. */
export const WORLD_START = '2026-11-28T10:00:00Z';

/**
 * The one clock of a test, shared by Herald (`now: clock.now`) and the fake Bot API
 * (`now: clock.ms`). It stands still unless `running`, in which case it runs at real
 * speed from wherever it was last set. Herald's sender paces chats by real time and waits for
 * rows to fall due on this clock, so a clock that stands still runs while the sender drains
 * (`runDuring`, which the app world's drain() uses); moving it by hand works either way.
 */
export class Clock {
  #at: number;
  #setAt = performance.now();
  #running: boolean;

  constructor(start: Date | string = WORLD_START, options: { running?: boolean } = {}) {
    this.#at = new Date(start).getTime();
    this.#running = options.running ?? false;
  }

  get running(): boolean {
    return this.#running;
  }

  /** Milliseconds since the epoch, for the fake Bot API's clock. */
  readonly ms = (): number => this.#at + (this.#running ? performance.now() - this.#setAt : 0);
  readonly now = (): Date => new Date(this.ms());

  set(to: Date | string): void {
    this.#at = new Date(to).getTime();
    this.#setAt = performance.now();
  }

  advance(ms: number): void {
    this.set(new Date(this.ms() + ms));
  }

  /** Runs at real speed while `task` runs, then stands still again where it got to (a running clock just runs on). */
  async runDuring<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running) return task();
    this.set(new Date(this.ms()));
    this.#running = true;
    try {
      return await task();
    } finally {
      const reached = this.ms();
      this.#running = false;
      this.set(new Date(reached));
    }
  }
}
