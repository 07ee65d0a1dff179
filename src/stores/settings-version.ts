import type { Db } from '../db/create-db.js';
import { getSubscriber, updateSubscriber, type Subscriber, type SubscriberPatch } from './subscribers.js';

// The Mini App's settings page saves a reader's choices only over the version it loaded
// (subscribers.settings_version, bumped by the database on every change of a choice, by a
// command, a menu or the page alike). The choices themselves are read and written by the
// same store functions as the bot's commands: getSubscriber and updateSubscriber.

export interface VersionedSubscriber {
  subscriber: Subscriber;
  version: number;
}

export async function getVersionedSubscriber(db: Db, chatId: number): Promise<VersionedSubscriber | undefined> {
  const subscriber = await getSubscriber(db, chatId);
  if (!subscriber) return undefined;
  const row = await db.selectFrom('subscribers').select('settings_version').where('chat_id', '=', chatId).executeTakeFirst();
  return row ? { subscriber, version: row.settings_version } : undefined;
}

export type VersionedSave =
  | { kind: 'saved'; subscriber: Subscriber; version: number }
  | { kind: 'stale'; version: number }
  | { kind: 'not-active'; subscriber: Subscriber }
  | { kind: 'missing' };

/**
 * Applies the patch when the stored choices are still at `expected` and the subscriber is
 * active; the check and the write are one transaction holding the row, so two pages (or a
 * page and a command) cannot both win.
 */
export async function saveIfVersion(db: Db, chatId: number, expected: number, patch: SubscriberPatch, now: Date): Promise<VersionedSave> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('subscribers').select(['settings_version', 'status']).where('chat_id', '=', chatId).forUpdate().executeTakeFirst();
    if (!row) return { kind: 'missing' as const };
    if (row.status !== 'active') {
      const subscriber = await getSubscriber(trx, chatId);
      return subscriber ? { kind: 'not-active' as const, subscriber } : { kind: 'missing' as const };
    }
    if (row.settings_version !== expected) return { kind: 'stale' as const, version: row.settings_version };
    const subscriber = await updateSubscriber(trx, chatId, patch, now);
    if (!subscriber) return { kind: 'missing' as const };
    const after = await trx.selectFrom('subscribers').select('settings_version').where('chat_id', '=', chatId).executeTakeFirstOrThrow();
    return { kind: 'saved' as const, subscriber, version: after.settings_version };
  });
}
