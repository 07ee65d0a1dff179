import type { Db } from '../db/create-db.js';
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
      try {
        await markSentMany(db, batch, now());
      } catch (error) {
        // The rows stay leased and are sent again after the lease: a duplicate, never a loss.
        logger.error({ err: error, rows: batch.length }, 'recording sent messages failed');
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
