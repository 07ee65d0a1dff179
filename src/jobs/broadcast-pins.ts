import type { Db } from '../db/create-db.js';
import type { Logger } from '../logger.js';
import { broadcastsToPin, broadcastsToUnpin, finishCompletedBroadcasts, markPinned, markUnpinned } from '../stores/broadcasts.js';

export interface PinDeps {
  db: Db;
  logger: Logger;
  now: () => Date;
  pin: (chatId: string, messageId: number) => Promise<void>;
  unpin: (chatId: string, messageId: number) => Promise<void>;
}

/**
 * After the sender has posted a breaking news item to a channel: pins it there when the editor
 * asked for a pin, unpins it when the chosen hours are up, and marks finished broadcasts
 * done. The claim comes first, so with two instances exactly one pins.
 */
export async function upkeepBroadcasts(deps: PinDeps): Promise<void> {
  for (const task of await broadcastsToPin(deps.db)) {
    if (!(await markPinned(deps.db, task, deps.now()))) continue;
    try {
      await deps.pin(task.chatId, task.messageId);
    } catch (error) {
      // Recorded as pinned all the same: a pin Telegram refused (no right to pin) is not retried forever.
      deps.logger.warn({ err: error, broadcastId: task.broadcastId }, 'could not pin the breaking news post');
    }
  }
  for (const task of await broadcastsToUnpin(deps.db, deps.now())) {
    if (!(await markUnpinned(deps.db, task, deps.now()))) continue;
    try {
      await deps.unpin(task.chatId, task.messageId);
    } catch (error) {
      deps.logger.warn({ err: error, broadcastId: task.broadcastId }, 'could not unpin the breaking news post');
    }
  }
  await finishCompletedBroadcasts(deps.db, deps.now());
}
