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
  now?: () => number;
}

export type ChatKind = 'private' | 'channel';

export type Turn = { kind: 'now' } | { kind: 'wait'; ms: number } | { kind: 'defer'; until: number };

/** A chat waited on for longer than this goes back to the queue rather than holding a slot. */
const DEFER_AFTER_MS = 50;

/** How much timer lateness one slot may make up. */
const CATCH_UP_MS = 3;

export function createRateLimiter(options: RateLimiterOptions) {
  const now = options.now ?? Date.now;
  const gapMs = 1000 / options.sendRate;
  const privateGapMs = options.privateGapMs ?? 1000;
  const channelGapMs = 60_000 / options.channelRate;
  // Above 100/s (paid broadcast) a timer per message cannot keep the pace, so the bucket
  // holds 20 ms of sends; at ordinary rates it holds one, and nothing ever bursts.
  const burstMs = options.sendRate > 100 ? 20 - gapMs : 0;
  const catchUpMs = Math.max(burstMs, Math.min(gapMs / 2, CATCH_UP_MS));
  /** When the next message may go overall. */
  let nextSlot = 0;
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
      const slot = Math.max(nextSlot, pausedUntil, ready);
      return slot > at ? { kind: 'wait', ms: slot - at } : { kind: 'now' };
    },

    /** Records a message going out now; call only after turn() said 'now'. */
    take(chatId: string, kind: ChatKind): void {
      const at = now();
      // The slot is counted from when it was due, not when the timer fired, so a timer's
      // usual lateness does not lower the pace; a longer stall is not made up (no bursts).
      nextSlot = (at - nextSlot <= catchUpMs ? nextSlot : at - burstMs) + gapMs;
      chatReady.set(chatId, at + (kind === 'channel' ? channelGapMs : privateGapMs));
      if (++takenSincePrune >= 10_000) {
        takenSincePrune = 0;
        prune(at);
      }
    },

    /** Telegram said 429: nothing at all goes out until retry_after has passed. */
    pause(ms: number): void {
      pausedUntil = Math.max(pausedUntil, now() + ms);
    },

    pausedUntil: () => pausedUntil,
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
