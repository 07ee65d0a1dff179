/**
 * Telegram's sending limits, kept on our side so that Telegram never has to say 429:
 * an overall pace (a token bucket), a gap
 * between messages to one private chat, a gap between posts into one channel or group,
 * and a pause for everything when Telegram does answer 429.
 */
export interface RateLimiterOptions {
  /** Messages per second overall. */
  sendRate: number;
  /** Posts per minute into one channel or group. */
  channelRate: number;
  /** Gap between two messages to one private chat. */
  privateGapMs?: number;
  /** A monotonic clock in ms (default performance.now): a wall-clock step must not open or shut the window. */
  now?: () => number;
}

export type ChatKind = 'private' | 'channel';

export type Turn = { kind: 'now' } | { kind: 'wait'; ms: number } | { kind: 'defer'; until: number };

/** A chat waited on for longer than this goes back to the queue rather than holding a slot. */
const DEFER_AFTER_MS = 50;

/** How much timer lateness one slot may make up. */
const CATCH_UP_MS = 3;

/** While the send that bounds the one-second window is still unanswered, look again this soon. */
const UNANSWERED_RECHECK_MS = 5;

export function createRateLimiter(options: RateLimiterOptions) {
  // Sub-millisecond and monotonic: Date.now() is truncated to the millisecond, which let the
  // send that opens a new window go up to 1 ms before the window's oldest answer was a
  // second old; and a wall-clock step (NTP) would shift every slot.
  const now = options.now ?? (() => performance.now());
  const gapMs = 1000 / options.sendRate;
  const privateGapMs = options.privateGapMs ?? 1000;
  const channelGapMs = 60_000 / options.channelRate;
  // Above 100/s (paid broadcast) a timer per message cannot keep the pace, so the bucket
  // holds 20 ms of sends; at ordinary rates it holds one, and nothing ever bursts.
  const burstMs = options.sendRate > 100 ? 20 - gapMs : 0;
  const catchUpMs = Math.max(burstMs, Math.min(gapMs / 2, CATCH_UP_MS));
  /** When the next message may go overall. */
  let nextSlot = 0;
  /**
   * Telegram counts sends in a one-second window, by when they reach it. Even pacing alone
   * can put one too many into some window (a late timer made up, a request that reaches
   * Telegram sooner than the one before it), so the send that would be number sendRate + 1
   * waits until a second has passed since the answer to the oldest of the last sendRate: that
   * answer came after the oldest one reached Telegram, so no window ever holds more.
   * The ring holds, per send, when its answer came (undefined while in flight).
   */
  const perWindow = Math.max(1, Math.floor(options.sendRate));
  const answeredAt: (number | undefined)[] = [];
  let oldest = 0;
  let pausedUntil = 0;
  /** Per chat: when the next message to it may go. Entries in the past are pruned. */
  const chatReady = new Map<string, number>();
  let takenSincePrune = 0;

  function prune(at: number): void {
    for (const [chat, ready] of chatReady) if (ready <= at) chatReady.delete(chat);
  }

  return {
    /**
     * Whether a message to `chatId` may go now. 'wait' is short (the overall pace or a
     * pause); 'defer' means this chat is busy for a while and other chats should go first.
     */
    turn(chatId: string, _kind: ChatKind): Turn {
      const at = now();
      const ready = chatReady.get(chatId) ?? 0;
      if (ready - at > DEFER_AFTER_MS && ready > pausedUntil) return { kind: 'defer', until: ready };
      const bound = answeredAt.length < perWindow ? 0 : answeredAt[oldest];
      const windowFree = bound === undefined ? at + UNANSWERED_RECHECK_MS : bound === 0 ? 0 : bound + 1000;
      const slot = Math.max(nextSlot, pausedUntil, ready, windowFree);
      return slot > at ? { kind: 'wait', ms: slot - at } : { kind: 'now' };
    },

    /**
     * Records a message going out now; call only after turn() said 'now'. Returns its ticket:
     * pass it to answered() when Telegram's answer (or the request's failure) arrives.
     */
    take(chatId: string, kind: ChatKind): number {
      const at = now();
      // The slot is counted from when it was due, not when the timer fired, so a timer's
      // usual lateness does not lower the pace; a longer stall is not made up (no bursts).
      nextSlot = (at - nextSlot <= catchUpMs ? nextSlot : at - burstMs) + gapMs;
      let ticket: number;
      if (answeredAt.length < perWindow) {
        ticket = answeredAt.push(undefined) - 1;
      } else {
        ticket = oldest;
        answeredAt[oldest] = undefined;
        oldest = (oldest + 1) % perWindow;
      }
      chatReady.set(chatId, at + (kind === 'channel' ? channelGapMs : privateGapMs));
      if (++takenSincePrune >= 10_000) {
        takenSincePrune = 0;
        prune(at);
      }
      return ticket;
    },

    /** The send with this ticket was answered (or failed) now. */
    answered(ticket: number): void {
      answeredAt[ticket] = now();
    },

    /** Telegram said 429: nothing at all goes out until retry_after has passed. */
    pause(ms: number): void {
      pausedUntil = Math.max(pausedUntil, now() + ms);
    },

    pausedUntil: () => pausedUntil,

    /** The limiter's own clock, which turn()'s `until` is measured on. */
    now,
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
