import { describe, expect, it } from 'vitest';
import { backoffSeconds, nextFetchAfterFailure, nextFetchAfterSuccess, refreshIntervalSeconds } from '../../src/news/fetch-schedule.js';

const bounds = { minSeconds: 60, maxSeconds: 3600, maxBackoffSeconds: 6 * 3600 };

describe('fetch schedule', () => {
  it('honours the longest of ttl, sy:updatePeriod and max-age within the bounds', () => {
    expect(refreshIntervalSeconds([null, null], bounds)).toBe(60);
    expect(refreshIntervalSeconds([1800, 300], bounds)).toBe(1800);
    expect(refreshIntervalSeconds([null, 900], bounds)).toBe(900);
    expect(refreshIntervalSeconds([10, 0], bounds)).toBe(60);
    expect(refreshIntervalSeconds([86_400], bounds)).toBe(3600);
  });

  it('is due again a little before the interval ends, so the cron tick that follows catches it', () => {
    const now = new Date('2026-11-28T12:00:00Z');
    expect(nextFetchAfterSuccess(now, [1800], bounds).toISOString()).toBe('2026-11-28T12:29:55.000Z');
  });

  it('backs off exponentially from the minimum, doubling, capped at 6 hours', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 50].map((n) => backoffSeconds(n, bounds))).toEqual([
      60, 120, 240, 480, 960, 1920, 3840, 7680, 15360, 21600, 21600,
    ]);
    const now = new Date('2026-11-28T12:00:00Z');
    expect(nextFetchAfterFailure(now, 3, bounds).getTime() - now.getTime()).toBe(235_000);
  });
});
