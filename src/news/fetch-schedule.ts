/**
 * When a feed is next fetched. After a good fetch: the longest interval the feed asks
 * for (<ttl>, sy:updatePeriod, Cache-Control max-age), held within [min, max]. After a
 * failure: exponential back-off, doubling from `min` per failure in a row, capped.
 */
export interface ScheduleBounds {
  minSeconds: number;
  maxSeconds: number;
  /** Longest back-off after failures (6 hours by default). */
  maxBackoffSeconds: number;
}

/**
 * Cron ticks land a hair after the minute; a feed due "in 60 s" would miss the next tick
 * by milliseconds and wait for the one after. Subtracting this slack keeps it on time.
 */
const TICK_SLACK_SECONDS = 5;

export function refreshIntervalSeconds(hints: (number | null | undefined)[], bounds: ScheduleBounds): number {
  const asked = Math.max(0, ...hints.filter((h): h is number => typeof h === 'number' && Number.isFinite(h)));
  return Math.min(Math.max(asked, bounds.minSeconds), bounds.maxSeconds);
}

export function nextFetchAfterSuccess(now: Date, hints: (number | null | undefined)[], bounds: ScheduleBounds): Date {
  const seconds = refreshIntervalSeconds(hints, bounds);
  return new Date(now.getTime() + Math.max(seconds - TICK_SLACK_SECONDS, 1) * 1000);
}

/** `failuresInARow` counts the failure being recorded now (1 for the first). */
export function backoffSeconds(failuresInARow: number, bounds: ScheduleBounds): number {
  const exponent = Math.min(Math.max(failuresInARow - 1, 0), 30);
  return Math.min(Math.max(bounds.minSeconds, 1) * 2 ** exponent, bounds.maxBackoffSeconds);
}

export function nextFetchAfterFailure(now: Date, failuresInARow: number, bounds: ScheduleBounds): Date {
  return new Date(now.getTime() + Math.max(backoffSeconds(failuresInARow, bounds) - TICK_SLACK_SECONDS, 1) * 1000);
}
