/** A sender wired to a test database and the fake Bot API, as app.ts wires it. */
import type { Db } from '../../../src/db/create-db.js';
import { createSender, type SenderOptions } from '../../../src/delivery/sender.js';
import { createTelegramTransport } from '../../../src/delivery/telegram-transport.js';
import { createLogger } from '../../../src/logger.js';
import { startFakeBotApi, type FakeBotApi, type FakeBotApiOptions } from '../../helpers/fake-bot-api.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';

export interface Harness {
  api: FakeBotApi;
  testDb: TestDb;
  db: Db;
  sender(options?: Partial<SenderOptions>, transportTimeoutSeconds?: number): ReturnType<typeof createSender>;
  close(): Promise<void>;
}

export const quietLogger = () => createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export async function startHarness(apiOptions: FakeBotApiOptions = {}): Promise<Harness> {
  const api = await startFakeBotApi(apiOptions);
  const testDb = await createTestDb();
  const db = testDb.db as Db;
  const senders: ReturnType<typeof createSender>[] = [];
  return {
    api,
    testDb,
    db,
    sender(options = {}, transportTimeoutSeconds = 5) {
      const transport = createTelegramTransport({ token: api.token, apiRoot: api.apiRoot, timeoutSeconds: transportTimeoutSeconds });
      const sender = createSender(
        { db, transport, logger: quietLogger() },
        { sendRate: 30, channelRate: 20, retryBaseMs: 20, idleMs: 50, ...options },
      );
      senders.push(sender);
      return sender;
    },
    async close() {
      for (const s of senders) await s.stop();
      await api.close();
      await testDb.close();
    },
  };
}
