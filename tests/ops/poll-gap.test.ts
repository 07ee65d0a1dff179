import { describe, expect, it } from 'vitest';
import { longestPollGapSeconds, pollMaxAgeSeconds } from '../../src/server/poll-gap.js';

describe('how old the last poll may be, from POLL_CRON', () => {
  it('reads the gap between ticks and allows three missed ticks, at least ten minutes', () => {
    expect(longestPollGapSeconds('* * * * *')).toBe(60);
    expect(longestPollGapSeconds('0 6,18 * * *')).toBe(43_200);
    expect(pollMaxAgeSeconds('* * * * *')).toBe(600);
    expect(pollMaxAgeSeconds('0 * * * *')).toBe(10_800);
  });
});
