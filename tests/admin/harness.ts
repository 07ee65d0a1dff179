/**
 * Herald with the editors' features, as the admin tests drive it: a thin use of the app world
 * (tests/helpers/app-world.ts): the real createApp over the fake Bot API and a test database,
 * updates by long polling, one editor, a channel, no feeds yet. The sender loop does not run:
 * a test sends with `sender.drain()`, and moves the clock (which stands still) by hand.
 */
import type { Db } from '../../src/db/create-db.js';
import type { DrainResult } from '../../src/delivery/sender.js';
import { Clock, startAppWorld, type AppWorld } from '../helpers/app-world.js';
import type { FakeBotApi, FakeMessage } from '../helpers/fake-bot-api.js';
import type { TestDb } from '../helpers/test-db.js';

export interface AdminHarness {
  world: AppWorld;
  api: FakeBotApi;
  testDb: TestDb;
  db: Db;
  channelId: number;
  adminId: number;
  /** The world's clock as a Date: read it, or assign to move it. */
  clock: { now: Date };
  /** Herald's own sender: drain() sends everything due. */
  sender: { drain(): Promise<DrainResult> };
  /** Sends a command or text as the user and returns the bot's next new message in that chat. */
  say(userId: number, text: string): Promise<FakeMessage>;
  command(userId: number, command: string, args?: string): Promise<FakeMessage>;
  /** The bot's message number `count` (0-based) in the user's chat, once it exists. */
  nextBotMessage(userId: number, count: number): Promise<FakeMessage>;
  close(): Promise<void>;
}

export interface AdminHarnessOptions {
  /** The per-user allowance; generous by default, since most admin tests are not about flooding. */
  rateLimit?: { burst: number; perSecond: number };
}

export async function startAdminHarness(opts: AdminHarnessOptions = {}): Promise<AdminHarness> {
  const time = new Clock(new Date());
  const world = await startAppWorld({ clock: time, feeds: [], sender: false, ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}) });
  await world.start();
  const { api } = world;
  const admin = world.editor!;
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
    world,
    api,
    testDb: world.testDb,
    db: world.db,
    channelId: world.channel.id,
    adminId: admin.id,
    clock: {
      get now() {
        return time.now();
      },
      set now(at: Date) {
        time.set(at);
      },
    },
    sender: { drain: () => world.drain() },
    nextBotMessage,
    say,
    command: (userId, command, args) => say(userId, args ? `/${command} ${args}` : `/${command}`),
    close: () => world.close(),
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
