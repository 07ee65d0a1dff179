/**
 * Pending updates with Telegram's confirmation rule: getUpdates with offset N forgets every
 * update below N; until then the same updates are handed out again.
 */
import type { Update } from './types.js';

/** Telegram's default when allowed_updates is empty or never given. */
const NOT_BY_DEFAULT = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

export type NewUpdate = Omit<Update, 'update_id'>;

export class UpdateQueue {
  #nextId = 1;
  #pending: Update[] = [];
  #allowed: Set<string> | undefined;
  readonly #wakers = new Set<() => void>();
  /** Every update ever queued, for assertions. */
  readonly history: Update[] = [];
  /** Lets the webhook pusher start as soon as something is queued. */
  onQueued: (() => void) | undefined;

  push(u: NewUpdate): Update {
    const update = { update_id: this.#nextId++, ...u } as Update;
    this.history.push(update);
    if (this.#isAllowed(update)) {
      this.#pending.push(update);
      for (const wake of [...this.#wakers]) wake();
      this.onQueued?.();
    }
    return update;
  }

  get pendingCount(): number {
    return this.#pending.length;
  }

  /** Telegram remembers allowed_updates until the next call that gives it. */
  setAllowed(list: unknown): void {
    if (!Array.isArray(list)) return;
    this.#allowed = list.length === 0 ? undefined : new Set(list.map(String));
    this.#pending = this.#pending.filter((u) => this.#isAllowed(u));
  }

  get allowed(): string[] | undefined {
    return this.#allowed ? [...this.#allowed] : undefined;
  }

  confirm(offset: number): void {
    if (offset < 0) {
      // A negative offset keeps only the last -offset updates.
      this.#pending = this.#pending.slice(Math.max(0, this.#pending.length + offset));
    } else if (offset > 0) {
      this.#pending = this.#pending.filter((u) => u.update_id >= offset);
    }
  }

  peek(limit: number): Update[] {
    return this.#pending.slice(0, limit);
  }

  first(): Update | undefined {
    return this.#pending[0];
  }

  removeFirst(): void {
    this.#pending.shift();
  }

  drop(): void {
    this.#pending = [];
  }

  /** Resolves when an update is queued, the timeout passes or the signal aborts. */
  waitForUpdate(timeoutMs: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#wakers.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.#wakers.add(done);
      signal.addEventListener('abort', done, { once: true });
      if (signal.aborted) done();
    });
  }

  #isAllowed(u: Update): boolean {
    const type = Object.keys(u).find((k) => k !== 'update_id');
    if (!type) return false;
    return this.#allowed ? this.#allowed.has(type) : !NOT_BY_DEFAULT.has(type);
  }
}
