/**
 * A running Herald bot (the real createBot, long polling) against the fake Bot API and a
 * test database, with one clock (standing still) shared by the bot and the fake. Tests act as
 * readers: commands, button presses. Only the bot runs, with a small taxonomy and the editors'
 * features when asked; for the whole Herald (createApp: poll, sender, jobs) use the app world,
 * tests/helpers/app-world.ts.
 */
import { userActions } from '../../helpers/user-actions.js';
import type { Bot } from 'grammy';
import { createBot } from '../../../src/bot/create-bot.js';
import type { HeraldContext } from '../../../src/bot/context.js';
import type { TaxonomyView } from '../../../src/readers/taxonomy-view.js';
import type { Db } from '../../../src/db/create-db.js';
import { createLogger, type Logger } from '../../../src/logger.js';
import { getSubscriber } from '../../../src/stores/subscribers.js';
import { startFakeBotApi, type ButtonRef, type CommandOptions, type FakeBotApi, type FakeMessage, type Update } from '../../helpers/fake-bot-api.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';
import { Clock } from '../../helpers/clock.js';

export { Clock };

export const TAXONOMY: TaxonomyView = {
  topics: [
    { id: 'energy', label: { en: 'Energy', ru: 'Энергетика' } },
    { id: 'security-defence', label: { en: 'Security & defence', ru: 'Безопасность и оборона' } },
    { id: 'economy', label: { en: 'Economy', ru: 'Экономика' } },
    { id: 'sport', label: { en: 'Sport', ru: 'Спорт' } },
  ],
  regions: [
    { id: 'south-caucasus', label: { en: 'South Caucasus', ru: 'Южный Кавказ' }, countries: ['AM', 'AZ', 'GE'] },
    { id: 'central-asia', label: { en: 'Central Asia', ru: 'Центральная Азия' }, countries: ['KZ', 'KG', 'TJ', 'TM', 'UZ'] },
    { id: 'europe', label: { en: 'Europe', ru: 'Европа' }, countries: ['DE', 'FR', 'GB'] },
  ],
};

export interface WorldOptions {
  rateLimit?: { burst: number; perSecond: number };
  /** Registers the editors' features too (editors are whoever the admins table names). */
  editors?: boolean;
}

export interface World {
  api: FakeBotApi;
  testDb: TestDb;
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Stops the running bot and starts a new one on the same database (a restart). */
  restart(): Promise<void>;
  /** Resolves once the bot has finished handling the update (its next getUpdates moved past it). */
  handled(update: Update | Update[]): Promise<void>;
  /** Sends a command and waits until it is handled; returns the bot's new messages in that chat. */
  command(userId: number, command: string, opts?: CommandOptions): Promise<FakeMessage[]>;
  text(userId: number, text: string): Promise<FakeMessage[]>;
  /** Presses a button and waits until the press is handled; returns the bot's new messages. */
  press(userId: number, message: FakeMessage, button: ButtonRef): Promise<FakeMessage[]>;
  /** The message as the fake holds it now (after edits). */
  current(message: FakeMessage): FakeMessage;
  subscriber(chatId: number): ReturnType<typeof getSubscriber>;
  close(): Promise<void>;
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const clock = new Clock('2026-11-28T10:00:00Z');
  const api = await startFakeBotApi({ rateLimits: false, now: clock.ms });
  const testDb = await createTestDb();
  const db = testDb.db as Db;
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  let bot: Bot<HeraldContext>;
  let running: Promise<void>;

  const launch = () => {
    bot = createBot(
      { token: api.token, apiRoot: api.apiRoot },
      {
        db,
        logger,
        taxonomy: TAXONOMY,
        now: clock.now,
        rateLimit: options.rateLimit ?? { burst: 1000, perSecond: 1000 },
        ...(options.editors
          ? {
              admin: {
                channelChatId: null,
                configAdminIds: [],
                fetchFeed: async () => ({ kind: 'failed' as const, reason: 'no feed fetching in this test', status: null }),
              },
            }
          : {}),
      },
    );
    running = bot.start({ timeout: 30 });
  };
  launch();

  const handled = async (update: Update | Update[]) => {
    const last = Math.max(...(Array.isArray(update) ? update : [update]).map((u) => u.update_id));
    await api.waitForCall('getUpdates', (c) => Number(c.params.offset ?? 0) > last, { message: `update ${last} to be handled` });
  };

  return {
    api,
    testDb,
    db,
    clock,
    logger,
    async restart() {
      await bot.stop();
      await running;
      launch();
    },
    handled,
    ...userActions(api, handled),
    current: (message) => {
      const found = api.state.findMessage(message.chat_id, message.message_id);
      if (!found) throw new Error(`message ${message.message_id} is gone`);
      return found;
    },
    subscriber: (chatId) => getSubscriber(db, chatId),
    async close() {
      await bot.stop();
      await running;
      await api.close();
      await testDb.close();
    },
  };
}

/** The labels of a message's inline buttons, row by row. */
export function buttonsOf(message: FakeMessage): string[][] {
  const markup = message.reply_markup as { inline_keyboard?: { text: string }[][] } | undefined;
  return (markup?.inline_keyboard ?? []).map((row) => row.map((b) => b.text));
}

export function flatButtons(message: FakeMessage): string[] {
  return buttonsOf(message).flat();
}
