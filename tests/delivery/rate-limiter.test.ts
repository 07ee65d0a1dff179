import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/delivery/rate-limiter.js';

function clocked(sendRate: number, channelRate: number) {
  let t = 1_000_000;
  const limiter = createRateLimiter({ sendRate, channelRate, now: () => t });
  return { limiter, advance: (ms: number) => (t += ms), at: () => t };
}

describe('rate limiter', () => {
  it('spaces all messages by 1/SEND_RATE without bursts', () => {
    const { limiter, advance } = clocked(10, 20);
    expect(limiter.turn('1', 'private')).toEqual({ kind: 'now' });
    limiter.take('1', 'private');
    const next = limiter.turn('2', 'private');
    expect(next.kind).toBe('wait');
    expect(next.kind === 'wait' && next.ms).toBe(100);
    advance(100);
    expect(limiter.turn('2', 'private')).toEqual({ kind: 'now' });
  });

  it('keeps a private chat a second apart and a channel 60/CHANNEL_RATE seconds apart, deferring busy chats', () => {
    const { limiter, advance, at } = clocked(1000, 20);
    limiter.take('7', 'private');
    limiter.take('-100', 'channel');
    advance(10);
    expect(limiter.turn('7', 'private')).toEqual({ kind: 'defer', until: at() - 10 + 1000 });
    expect(limiter.turn('-100', 'channel')).toEqual({ kind: 'defer', until: at() - 10 + 3000 });
    expect(limiter.turn('8', 'private')).toEqual({ kind: 'now' });
  });

  it('a 429 pauses every chat until retry_after has passed', () => {
    const { limiter, advance } = clocked(1000, 20);
    limiter.pause(2000);
    const turn = limiter.turn('9', 'private');
    expect(turn).toEqual({ kind: 'wait', ms: 2000 });
    advance(2000);
    expect(limiter.turn('9', 'private')).toEqual({ kind: 'now' });
  });
});
