/**
 * Telegram's sending limits, measured on the fake's clock. Global and group limits are
 * sliding windows; a private chat is a token bucket, because "about 1/s with short bursts
 * allowed" is what a bucket means and a window would punish a paced sender's jitter.
 */
import type { ChatType, RateBreach, RateBreachKind, RateLimitOptions } from './types.js';

type Required_ = Required<RateLimitOptions>;

const DEFAULTS: Required_ = {
  mode: 'count',
  globalPerSecond: 30,
  paidPerSecond: 1000,
  privatePerSecond: 1,
  privateBurst: 2,
  groupPerMinute: 20,
  toleranceMs: 0,
};

interface Bucket {
  tokens: number;
  last: number;
}

export interface SendMeta {
  chat_id: number;
  chatType: ChatType;
  paid: boolean;
  method: string;
  callSeq: number;
}

export class RateLimiter {
  readonly options: Required_ | undefined;
  readonly breaches: RateBreach[] = [];
  readonly #global: number[] = [];
  readonly #groups = new Map<number, number[]>();
  readonly #buckets = new Map<number, Bucket>();

  constructor(
    opts: RateLimitOptions | false | undefined,
    private readonly now: () => number,
  ) {
    this.options = opts === false ? undefined : { ...DEFAULTS, ...opts };
  }

  get enforcing(): boolean {
    return this.options?.mode === 'enforce';
  }

  /** Records and returns the breaches this send would cause; does not count the send. */
  check(meta: SendMeta): RateBreach[] {
    const o = this.options;
    if (!o) return [];
    const at = this.now();
    const found: RateBreach[] = [];
    const breach = (kind: RateBreachKind, retryAfterMs: number): void => {
      found.push({ kind, chat_id: meta.chat_id, at, method: meta.method, callSeq: meta.callSeq, retryAfterMs });
    };
    const globalLimit = meta.paid ? o.paidPerSecond : o.globalPerSecond;
    const g = windowWait(this.#global, at, 1000, o.toleranceMs, globalLimit);
    if (g !== undefined) breach(meta.paid ? 'paid' : 'global', g);
    if (meta.chatType === 'private') {
      const b = this.#bucket(meta.chat_id, at, o);
      if (b.tokens < 1) breach('private', ((1 - b.tokens) * 1000) / o.privatePerSecond);
    } else {
      const w = windowWait(this.#groups.get(meta.chat_id) ?? [], at, 60_000, o.toleranceMs, o.groupPerMinute);
      if (w !== undefined) breach(meta.chatType === 'channel' ? 'channel' : 'group', w);
    }
    this.breaches.push(...found);
    return found;
  }

  /** Counts a send that was delivered. */
  commit(meta: SendMeta): void {
    const o = this.options;
    if (!o) return;
    const at = this.now();
    this.#global.push(at);
    prune(this.#global, at - 1000);
    if (meta.chatType === 'private') {
      const b = this.#bucket(meta.chat_id, at, o);
      // Clamped at zero so one burst is punished once, not for ever after.
      b.tokens = Math.max(0, b.tokens - 1);
    } else {
      let w = this.#groups.get(meta.chat_id);
      if (!w) this.#groups.set(meta.chat_id, (w = []));
      w.push(at);
      prune(w, at - 60_000);
    }
  }

  #bucket(chatId: number, at: number, o: Required_): Bucket {
    let b = this.#buckets.get(chatId);
    if (!b) {
      b = { tokens: o.privateBurst, last: at };
      this.#buckets.set(chatId, b);
    }
    b.tokens = Math.min(o.privateBurst, b.tokens + ((at - b.last) * o.privatePerSecond) / 1000);
    b.last = at;
    return b;
  }
}

/** ms until the window has room, or undefined if it has room now. */
function windowWait(stamps: number[], at: number, windowMs: number, toleranceMs: number, limit: number): number | undefined {
  const since = at - (windowMs - toleranceMs);
  const inWindow = stamps.filter((t) => t > since);
  if (inWindow.length < limit) return undefined;
  const oldestThatMustExpire = inWindow[inWindow.length - limit] ?? at;
  return Math.max(1, oldestThatMustExpire + windowMs - toleranceMs - at);
}

function prune(stamps: number[], before: number): void {
  let n = 0;
  while (n < stamps.length && (stamps[n] ?? 0) <= before) n++;
  if (n > 0) stamps.splice(0, n);
}
