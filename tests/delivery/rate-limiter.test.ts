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

describe('rate limiter against Telegram’s one-second window', () => {
  it('never lets SEND_RATE + 1 messages into any second, even when late timers are made up', () => {
    const { limiter, advance, at } = clocked(30, 20);
    const sent: number[] = [];
    // A sender whose timer fires 3 ms late now and then: the pace alone would let 31 into a second.
    for (let i = 0; sent.length < 200; i++) {
      const turn = limiter.turn(String(i), 'private');
      if (turn.kind === 'wait') advance(turn.ms + (sent.length % 7 === 0 ? 3 : 0));
      // Telegram answers at once here: the window is counted from the answers.
      limiter.answered(limiter.take(String(i), 'private'));
      sent.push(at());
    }
    for (let k = 30; k < sent.length; k++) expect(sent[k]! - sent[k - 30]!, `send ${k}`).toBeGreaterThanOrEqual(1000);
    // And the pace stays close to SEND_RATE: 200 messages in little more than 200/30 s.
    expect((sent.at(-1)! - sent[0]!) / 199).toBeLessThan(1000 / 30 + 1);
  });
});
