import { createTask } from 'node-cron';

/**
 * The longest time between two POLL_CRON ticks (over the next 30), in seconds, so /healthz
 * can tell "polling stopped" from "polling is hourly by design". Null for an expression
 * node-cron cannot plan.
 */
export function longestPollGapSeconds(expression: string): number | null {
  const task = createTask(expression, () => undefined);
  try {
    const runs = task.getNextRuns(30);
    if (runs.length < 2) return null;
    return Math.max(...runs.slice(1).map((run, i) => (run.getTime() - runs[i]!.getTime()) / 1000));
  } catch {
    return null;
  } finally {
    void task.destroy();
  }
}

/** A poll is overdue after three missed ticks, and never sooner than ten minutes. */
export function pollMaxAgeSeconds(expression: string): number {
  return Math.max(600, 3 * (longestPollGapSeconds(expression) ?? 0));
}
