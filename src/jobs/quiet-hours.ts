import type { Db } from '../db/create-db.js';
import type { Logger } from '../logger.js';
import { inQuietHours } from '../readers/local-time.js';
import { catalog, toLang } from '../i18n/index.js';
import {
  cancelHeldRows,
  HeldRowsChanged,
  quietHeldItems,
  releaseHeldRows,
  replaceHeldWithSummaries,
  subscribersWithQuietHeld,
} from '../stores/subscribers.js';
import { itemLine, splitMessages } from '../delivery/item-list.js';

/** More waiting items than this become one message instead of a burst. */
export const COLLAPSE_ABOVE = 3;

export interface QuietHoursDeps {
  db: Db;
  logger: Logger;
  now: () => Date;
}

export interface QuietRelease {
  released: number;
  collapsed: number;
  cancelled: number;
}

/**
 * Releases private messages held through quiet hours once a reader's quiet hours are over.
 * The fan-out (stores/fan-out.ts) queues an instant reader's items as 'held' 'direct' rows
 * while their quiet hours run; here up to three go out as they are, oldest first, and more
 * are collapsed into one message listing them (payload {html}), so a reader does not wake to
 * a burst. Rows of a reader who stopped or blocked Herald meanwhile are cancelled. Runs every
 * minute with the injected clock; idempotent. (Breaking news never waits here: the broadcast
 * store dates a quiet reader's row to the end of their quiet hours instead.)
 */
export async function releaseQuietHours(deps: QuietHoursDeps): Promise<QuietRelease> {
  const result: QuietRelease = { released: 0, collapsed: 0, cancelled: 0 };
  const now = deps.now();
  for (const subscriber of await subscribersWithQuietHeld(deps.db)) {
    if (subscriber.status !== 'active') {
      result.cancelled += await cancelHeldRows(deps.db, subscriber.chatId, `subscriber ${subscriber.status}`);
      continue;
    }
    if (inQuietHours(now, subscriber.timeZone, subscriber.quietStart, subscriber.quietEnd)) continue;
    const items = await quietHeldItems(deps.db, subscriber.chatId);
    if (items.length <= COLLAPSE_ABOVE) {
      result.released += await releaseHeldRows(deps.db, items.map((i) => i.deliveryId), now);
      continue;
    }
    const t = catalog(toLang(subscriber.language));
    const parts = splitMessages(t.quietCollapsed(items.length), t.quietCollapsed(items.length), items.map(itemLine));
    try {
      await replaceHeldWithSummaries(deps.db, subscriber, items.map((i) => i.deliveryId), parts.map((html) => ({ kind: 'direct' as const, html })), now);
      result.collapsed += items.length;
    } catch (error) {
      if (!(error instanceof HeldRowsChanged)) throw error;
    }
  }
  if (result.released + result.collapsed + result.cancelled > 0) deps.logger.info(result, 'quiet hours over: held messages released');
  return result;
}
