/**
 * A sending process for the crash and takeover tests: the sender and leader election as
 * app.ts wires them, configured from the environment. Prints one JSON line per event.
 */
import pino from 'pino';
import { createDb } from '../../../src/db/create-db.js';
import { createLeaderElection } from '../../../src/delivery/leader.js';
import { createSender } from '../../../src/delivery/sender.js';
import { createTelegramTransport } from '../../../src/delivery/telegram-transport.js';
import { createLogger } from '../../../src/logger.js';

const env = process.env;
const say = (event: string, extra: Record<string, unknown> = {}) => process.stdout.write(`${JSON.stringify({ event, pid: process.pid, ...extra })}\n`);

const logger = createLogger({ level: env.LOG_LEVEL ?? 'silent', destination: pino.destination(2) });
const handle = createDb({ databaseUrl: env.DATABASE_URL!, poolSize: 4 });
const sender = createSender(
  { db: handle.db, transport: createTelegramTransport({ token: env.BOT_TOKEN!, apiRoot: env.BOT_API_ROOT!, timeoutSeconds: 30 }), logger },
  { sendRate: Number(env.SEND_RATE ?? 30), channelRate: 20, maxInFlight: Number(env.MAX_IN_FLIGHT ?? 4), idleMs: 100, retryBaseMs: Number(env.RETRY_BASE_MS ?? 5000) },
);
const election = createLeaderElection({
  databaseUrl: env.DATABASE_URL,
  lockName: `herald-sender:${env.BOT_TOKEN!.split(':')[0]}`,
  checkMs: Number(env.LEADER_CHECK_MS ?? 2000),
  logger,
  onElected: () => {
    sender.start();
    say('leader');
  },
  onDeposed: () => sender.stop(),
});

process.once('SIGTERM', () => {
  void (async () => {
    await election.stop();
    await handle.close();
    say('stopped');
    process.exit(0);
  })();
});

if (env.DRAIN_AND_EXIT) {
  // Sends everything left, however long retries take, then exits: the test then reads the table.
  const result = await sender.drain(600_000);
  await handle.close();
  say('drained', { ...result });
  process.exit(0);
} else {
  await election.start();
  say('started');
}
