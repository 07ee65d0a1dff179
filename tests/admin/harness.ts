/**
 * An in-process Herald bot with the editors' features, over the fake Bot API and a test
 * database: what the admin tests drive. Updates arrive by long polling (grammY runner).
 */
import { run, type RunnerHandle } from '@grammyjs/runner';
import { pino } from 'pino';
import { createBot } from '../../src/bot/create-bot.js';
import type { Db } from '../../src/db/create-db.js';
import { createSender } from '../../src/delivery/sender.js';
import { createTelegramTransport } from '../../src/delivery/telegram-transport.js';
import type { FetchOutcome } from '../../src/news/types.js';
import { seedAdmins } from '../../src/stores/admins.js';
import { startFakeBotApi, type FakeBotApi, type FakeMessage } from '../helpers/fake-bot-api.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

export interface AdminHarness {
  api: FakeBotApi;
  testDb: TestDb;
  db: Db;
  channelId: number;
  adminId: number;
  clock: { now: Date };
  sender: ReturnType<typeof createSender>;
  /** Sends a command or text as the user and returns the bot's next new message in that chat. */
  say(userId: number, text: string): Promise<FakeMessage>;
  command(userId: number, command: string, args?: string): Promise<FakeMessage>;
  /** The bot's message number `count` (0-based) in the user's chat, once it exists. */
  nextBotMessage(userId: number, count: number): Promise<FakeMessage>;
  close(): Promise<void>;
}

export interface AdminHarnessOptions {
  fetchFeed?: (url: string) => Promise<FetchOutcome>;
  /** The per-user allowance; generous by default, since most admin tests are not about flooding. */
  rateLimit?: { burst: number; perSecond: number };
}

export async function startAdminHarness(opts: AdminHarnessOptions = {}): Promise<AdminHarness> {
  const api = await startFakeBotApi({ rateLimits: false });
  const testDb = await createTestDb();
  const db = testDb.db as Db;
  const channel = api.addChannel({ title: 'Herald News', username: 'herald_news' });
  const admin = api.addUser({ first_name: 'Editor' });
  await seedAdmins(db, [admin.id]);
  const clock = { now: new Date() };
  const logger = pino({ level: 'silent' });
  const transport = createTelegramTransport({ token: api.token, apiRoot: api.apiRoot });
  const sender = createSender({ db, transport, logger }, { sendRate: 1000, channelRate: 60, now: () => clock.now });
  const bot = createBot(
    { token: api.token, apiRoot: api.apiRoot },
    {
      db,
      logger,
      now: () => clock.now,
      rateLimit: opts.rateLimit ?? { burst: 1000, perSecond: 1000 },
      admin: {
        channelChatId: String(channel.id),
        configAdminIds: [admin.id],
        fetchFeed: opts.fetchFeed ?? (async () => ({ kind: 'failed', reason: 'no feed fetching in this test', status: null })),
      },
    },
  );
  const runner: RunnerHandle = run(bot);
  const botCount = (userId: number) => api.messages(userId, { botOnly: true }).length;
  const nextBotMessage = (userId: number, count: number) =>
    api.waitFor(() => api.messages(userId, { botOnly: true })[count], { message: `bot message #${count + 1} to ${userId}` });
  async function say(userId: number, text: string): Promise<FakeMessage> {
    const before = botCount(userId);
    if (text.startsWith('/')) {
      const [name, ...rest] = text.split(' ');
      api.sendCommand(userId, name!, rest.length ? { args: rest.join(' ') } : {});
    } else {
      api.sendUserText(userId, text);
    }
    return nextBotMessage(userId, before);
  }
  return {
    api,
    testDb,
    db,
    channelId: channel.id,
    adminId: admin.id,
    clock,
    sender,
    nextBotMessage,
    say,
    command: (userId, command, args) => say(userId, args ? `/${command} ${args}` : `/${command}`),
    async close() {
      if (runner.isRunning()) await runner.stop();
      await api.close();
      await testDb.close();
    },
  };
}

export interface NewReader {
  chatId: number;
  topics?: string[];
  regions?: string[];
  status?: 'active' | 'stopped' | 'blocked';
  quietStart?: number | null;
  quietEnd?: number | null;
  timeZone?: string;
  createdAt?: Date;
}

export async function addReaders(db: Db, readers: NewReader[]): Promise<void> {
  await db
    .insertInto('subscribers')
    .values(
      readers.map((r) => ({
        chat_id: r.chatId,
        status: r.status ?? 'active',
        topics: r.topics ?? [],
        regions: r.regions ?? [],
        quiet_start: r.quietStart ?? null,
        quiet_end: r.quietEnd ?? null,
        time_zone: r.timeZone ?? 'UTC',
        title: null,
        message_thread_id: null,
        last_digest_at: null,
        ...(r.createdAt ? { created_at: r.createdAt, status_changed_at: r.createdAt, updated_at: r.createdAt } : {}),
      })),
    )
    .execute();
}

/** The inline buttons of a bot message, by text. */
export function buttons(message: FakeMessage): { text: string; callback_data?: string }[] {
  const markup = message.reply_markup as { inline_keyboard?: { text: string; callback_data?: string }[][] } | undefined;
  return (markup?.inline_keyboard ?? []).flat();
}
