import type { Db } from '../../../src/db/create-db.js';
import { ensureSubscriber, updateSubscriber, type SubscriberPatch } from '../../../src/stores/subscribers.js';

/** A reader who finished onboarding long ago, with the given choices (the database is the only shortcut). */
export async function seedReader(db: Db, chatId: number, patch: SubscriberPatch = {}, now = new Date('2026-11-01T00:00:00Z')): Promise<void> {
  await ensureSubscriber(db, { chatId, chatType: chatId > 0 ? 'private' : 'supergroup', title: null, language: patch.language ?? 'en' }, now);
  await updateSubscriber(db, chatId, { onboarded: true, ...patch }, now);
}
