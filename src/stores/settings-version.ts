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
 *
 * A version that is no longer the stored one is not always a conflict:
 * - the stored choices already are exactly the patch: a save that went through and whose
 *   answer was lost (the network dropped it), tried again. It is answered as saved, with the
 *   stored version, and nothing is written.
 * - the stored choices are exactly one of `over`: saves this page sent whose answers it never
 *   had (a lost answer, or the save sent as Telegram hid the page while another was on its
 *   way). Those were the page's own, so this one goes over them.
 * Anything else (a command or another page changed the choices) is stale, as before.
 */
export async function saveIfVersion(db: Db, chatId: number, expected: number, patch: SubscriberPatch, now: Date, over: readonly SubscriberPatch[] = []): Promise<VersionedSave> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('subscribers').select(['settings_version', 'status']).where('chat_id', '=', chatId).forUpdate().executeTakeFirst();
    if (!row) return { kind: 'missing' as const };
    if (row.status !== 'active') {
      const subscriber = await getSubscriber(trx, chatId);
      return subscriber ? { kind: 'not-active' as const, subscriber } : { kind: 'missing' as const };
    }
    if (row.settings_version !== expected) {
      const stored = await getSubscriber(trx, chatId);
      if (!stored) return { kind: 'missing' as const };
      if (holds(stored, patch)) return { kind: 'saved' as const, subscriber: stored, version: row.settings_version };
      if (!over.some((earlier) => holds(stored, earlier))) return { kind: 'stale' as const, version: row.settings_version };
    }
    const subscriber = await updateSubscriber(trx, chatId, patch, now);
    if (!subscriber) return { kind: 'missing' as const };
    const after = await trx.selectFrom('subscribers').select('settings_version').where('chat_id', '=', chatId).executeTakeFirstOrThrow();
    return { kind: 'saved' as const, subscriber, version: after.settings_version };
  });
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Whether the stored subscriber already has every value the patch sets, compared as the
 * version trigger compares them (lists in their order), so "holds" means "writing it would
 * not bump the version".
 */
function holds(s: Subscriber, patch: SubscriberPatch): boolean {
  const checks: boolean[] = [
    patch.language === undefined || patch.language === s.language,
    patch.mode === undefined || patch.mode === s.mode,
    patch.digestHour === undefined || patch.digestHour === s.digestHour,
    patch.timeZone === undefined || patch.timeZone === s.timeZone,
    patch.quiet === undefined || (patch.quiet === null ? s.quietStart === null && s.quietEnd === null : patch.quiet.start === s.quietStart && patch.quiet.end === s.quietEnd),
    patch.topics === undefined || sameList(patch.topics, s.topics),
    patch.regions === undefined || sameList(patch.regions, s.regions),
    patch.countries === undefined || sameList(patch.countries, s.countries),
    patch.keywords === undefined || sameList(patch.keywords, s.keywords),
    patch.itemLanguages === undefined || sameList(patch.itemLanguages, s.itemLanguages),
    patch.threadId === undefined || patch.threadId === s.threadId,
    patch.onboarded === undefined || patch.onboarded === s.onboarded,
    patch.title === undefined || patch.title === s.title,
  ];
  return checks.every(Boolean);
}
