import { randomBytes } from 'node:crypto';
import type { Db } from '../db/create-db.js';
import { ensureSubscriber } from '../stores/subscribers.js';
import { initDataKey, signInitData, type WebAppUser } from './init-data.js';

/**
 * Preview mode's local demo of the Mini App: with no bot token there is no Telegram to sign
 * initData, so Herald signs it itself with a key made at random for this start, for one demo
 * user who is both a reader and an editor. The pages then answer only on loopback.
 */
export const DEMO_USER = { id: 1, first_name: 'Demo', last_name: 'Reader', language_code: 'en' } as const;

export function demoKey(): Buffer {
  return initDataKey(randomBytes(32).toString('hex'));
}

/**
 * The link `npm start` prints: the reader page with signed initData in the URL's fragment,
 * where Telegram puts it too (tgWebAppData), so the page reads it the same way.
 */
export function demoLink(port: number, path: string, key: Buffer, now: Date): string {
  const initData = signInitData(key, DEMO_USER, now);
  return `http://127.0.0.1:${port}${path}#tgWebAppData=${encodeURIComponent(initData)}&tgWebAppVersion=8.0&tgWebAppPlatform=demo`;
}

/** The demo reader exists once its page is opened (and only then), with default choices. */
export async function ensureDemoReader(db: Db, user: WebAppUser, now: Date): Promise<void> {
  if (user.id !== DEMO_USER.id) return;
  await ensureSubscriber(db, { chatId: user.id, chatType: 'private', title: 'Demo Reader', language: 'en' }, now);
}
