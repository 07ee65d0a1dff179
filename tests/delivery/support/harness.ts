/**
 * The delivery tests' Herald: the app world (tests/helpers/app-world.ts) with no feeds, no
 * editors and a clock that runs from the wall clock's now (rows are written due at `new Date()`).
 * Its sender is Herald's own, as createApp wires it (labels, the bot's username for the follow
 * button, outcomes into the metrics); `sender(options)` restarts Herald with the sender tuned so.
 */
import type { Db } from '../../../src/db/create-db.js';
import type { DrainResult } from '../../../src/delivery/sender.js';
import { Clock, startAppWorld, type AppWorld, type SenderTuning } from '../../helpers/app-world.js';
import type { FakeBotApi, FakeBotApiOptions } from '../../helpers/fake-bot-api.js';
import type { TestDb } from '../../helpers/test-db.js';

/** Quick retries and a short idle rest, so the tests' waits are short; SEND_RATE's and CHANNEL_RATE's defaults otherwise. */
const TUNING: SenderTuning = { sendRate: 30, channelRate: 20, retryBaseMs: 20, idleMs: 50 };

/** Herald's sender, running the loop (`start`, `stop`: Herald's services, stopped as SIGTERM would) or draining. */
export interface HeraldSender {
  drain(): Promise<DrainResult>;
  start(): void;
  stop(): Promise<void>;
}

export interface Harness {
  world: AppWorld;
  api: FakeBotApi;
  testDb: TestDb;
  db: Db;
  /**
   * Restarts Herald with its sender tuned by `options` (over the harness's) and the Bot API
   * requests' timeout, and returns that sender. Use one at a time: the next call restarts Herald.
   */
  sender(options?: SenderTuning, transportTimeoutSeconds?: number): HeraldSender;
  close(): Promise<void>;
}

export async function startHarness(apiOptions: Omit<FakeBotApiOptions, 'now'> = {}): Promise<Harness> {
  const world = await startAppWorld({
    clock: new Clock(new Date(), { running: true }),
    feeds: [],
    editor: false,
    botApi: apiOptions,
    senderTuning: { ...TUNING, timeoutSeconds: 5 },
  });
  return {
    world,
    api: world.api,
    testDb: world.testDb,
    db: world.db,
    sender(options = {}, transportTimeoutSeconds = 5) {
      const ready = world.restart({ senderTuning: { ...TUNING, ...options, timeoutSeconds: transportTimeoutSeconds } });
      // Reported by whichever of the sender's methods the test calls first.
      ready.catch(() => undefined);
      let started: Promise<void> = Promise.resolve();
      return {
        drain: async () => {
          await ready;
          return world.drain();
        },
        start() {
          started = ready.then(() => world.start());
          started.catch(() => undefined);
        },
        async stop() {
          await started;
          await world.stop();
        },
      };
    },
    close: () => world.close(),
  };
}
