import type { Db } from '../db/create-db.js';
import type { Logger } from '../logger.js';
import { createProgress, PROGRESS_INTERVAL_MS, type Progress, type ProgressOptions } from '../progress.js';
import { broadcastProgress } from '../stores/broadcasts.js';

export interface BroadcastProgressDeps {
  db: Db;
  logger: Logger;
  now: () => Date;
  /** How often, at most, and on what clock (progress.ts; tests set both). */
  progress?: Pick<ProgressOptions, 'intervalMs' | 'clock'>;
}

/**
 * Breaking news to many readers says how far it is in the sending process's log: done (sent,
 * failed or cancelled) of all its messages, and the time left at the pace so far, at most once
 * every few seconds. Told of each broadcast message's outcome; reads the counts from the
 * database only when a line is due, so a send costs nothing extra.
 */
export function createBroadcastProgressLog(deps: BroadcastProgressDeps) {
  const clock = deps.progress?.clock ?? (() => performance.now());
  const interval = deps.progress?.intervalMs ?? PROGRESS_INTERVAL_MS;
  const trackers = new Map<number, Progress>();
  let lastRead = clock();
  let reading: Promise<void> | null = null;
  // A read skipped for being too soon runs at the end of the interval, so the last messages' line (and the finish) is not lost.
  let trailing: NodeJS.Timeout | null = null;
  let readAgain = false;

  async function read(): Promise<void> {
    const sending = (await broadcastProgress(deps.db, deps.now())).filter((b) => b.status === 'sending' || trackers.has(b.id));
    for (const b of sending) {
      const done = b.sent + b.failed + b.cancelled;
      let tracker = trackers.get(b.id);
      if (!tracker) {
        // The first line comes one interval after this, so a small broadcast that ends meanwhile logs nothing.
        tracker = createProgress({ ...deps.progress, logger: deps.logger, what: `broadcast #${b.id}`, total: done + b.waiting, fields: { broadcastId: b.id } });
        trackers.set(b.id, tracker);
      }
      tracker.set(done);
      if (b.status !== 'sending' || b.waiting === 0) {
        tracker.finish({ sent: b.sent, failed: b.failed, cancelled: b.cancelled });
        trackers.delete(b.id);
      }
    }
  }

  /** A broadcast message was sent (or failed): a progress line when one is due. */
  function outcome(): void {
    const at = clock();
    if (reading) {
      readAgain = true;
      return;
    }
    if (trackers.size > 0 && at - lastRead < interval) {
      trailing ??= setTimeout(() => {
        trailing = null;
        outcome();
      }, Math.max(0, interval - (at - lastRead))).unref();
      return;
    }
    lastRead = at;
    reading = read()
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not read broadcast progress'))
      .finally(() => {
        reading = null;
        if (readAgain) {
          readAgain = false;
          outcome();
        }
      });
  }

  return {
    outcome,
    /** Resolves once a read in progress is done (tests, shutdown). */
    async idle(): Promise<void> {
      await reading;
    },
  };
}
