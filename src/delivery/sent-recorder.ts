import type { Db } from '../db/create-db.js';
import { isDatabaseUnavailable } from '../db/connection-errors.js';
import type { Logger } from '../logger.js';
import { markSentMany, type SentRecord } from '../stores/deliveries.js';

/**
 * Group commit for successful sends: sends that finish while a write is under way are
 * recorded together in the next one. Each caller's promise resolves once its row is
 * written, so the sender counts a send as in flight until then.
 */
export function createSentRecorder(db: Db, logger: Logger, now: () => Date, lingerMs = 0) {
  const queue: (SentRecord & { done: () => void })[] = [];
  let flushing: Promise<void> | null = null;

  async function flush(): Promise<void> {
    // At high rates a few milliseconds gather several sends into one write; each write
    // costs about as much as a one-row write, so this is most of the sender's database work.
    if (lingerMs > 0) await new Promise((resolve) => setTimeout(resolve, lingerMs));
    while (queue.length > 0) {
      const batch = queue.splice(0, 1000);
      // A database restarting, unreachable or with its disk full: these messages WERE sent, so dropping the write would
      // send each again once its lease lapses. Retry (backing off) until the server is back; the
      // sends stay in flight meanwhile, which also holds the sender still (maxInFlight).
      for (let attempt = 0; ; attempt++) {
        try {
          await markSentMany(db, batch, now());
          if (attempt > 0) logger.info({ rows: batch.length, attempts: attempt + 1 }, 'recorded sent messages after the database came back');
          else logger.debug({ rows: batch.length }, 'sent messages recorded');
          break;
        } catch (error) {
          if (!isDatabaseUnavailable(error)) {
            // A wrong write will not come right by repeating it: the rows stay leased and are sent again after the lease.
            logger.error({ err: error, rows: batch.length }, 'recording sent messages failed');
            break;
          }
          if (attempt === 0) logger.warn({ err: error, rows: batch.length }, 'database unavailable: recording sent messages again when it is back');
          await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 5_000)));
        }
      }
      for (const entry of batch) entry.done();
    }
    flushing = null;
  }

  return {
    record(sent: SentRecord): Promise<void> {
      return new Promise((resolve) => {
        queue.push({ ...sent, done: resolve });
        flushing ??= flush();
      });
    },
  };
}
