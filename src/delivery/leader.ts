import pg from 'pg';
import type { Logger } from '../logger.js';
import { checkLockConnection, releaseSenderLock, tryTakeSenderLock } from '../stores/sender-lock.js';

export interface LeaderOptions {
  /** PostgreSQL; absent means Herald's embedded server, which admits one Herald per DATA_DIR: always the leader. */
  databaseUrl: string | undefined;
  /** One sender per bot: the name includes the bot's id (never its token). */
  lockName: string;
  /** How often a follower tries for the lock and a leader checks its connection. */
  checkMs?: number;
  logger: Logger;
  /** Start sending. */
  onElected: () => void | Promise<void>;
  /** Stop sending (let in-flight sends finish); awaited before the lock is let go. */
  onDeposed: () => Promise<void>;
}

/**
 * Elects the one process that sends, with a PostgreSQL advisory lock held on its own
 * connection. Polling and listening run everywhere; only the leader sends.
 */
export function createLeaderElection(options: LeaderOptions) {
  const checkMs = options.checkMs ?? 2000;
  const log = options.logger;
  let leader = false;
  let running = false;
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  let ticking: Promise<void> = Promise.resolve();

  async function becomeLeader(): Promise<void> {
    leader = true;
    log.info({ lock: options.lockName }, 'elected as the sending process');
    await options.onElected();
  }

  async function loseLeadership(reason: string): Promise<void> {
    if (!leader) return;
    leader = false;
    log.warn({ reason }, 'no longer the sending process');
    // Called from tick()'s catch: a throw here would be an unhandled rejection and leave the
    // broken connection in place, so the lock would never be taken again.
    await Promise.resolve()
      .then(options.onDeposed)
      .catch((error: unknown) => log.error({ err: error }, 'stopping the sender after losing the lock failed'));
  }

  async function dropClient(): Promise<void> {
    const old = client;
    client = null;
    // Dropped because it failed: ending a broken connection often fails too, and changes nothing.
    await old?.end().catch((error: unknown) => log.debug({ err: error }, 'closing the old sender lock connection failed'));
  }

  async function tick(): Promise<void> {
    try {
      if (!client) {
        const fresh = new pg.Client({ connectionString: options.databaseUrl });
        // An idle connection's error must not crash the process; the next tick notices.
        fresh.on('error', (error) => log.warn({ err: error }, 'sender lock connection failed'));
        await fresh.connect();
        client = fresh;
      }
      if (leader) await checkLockConnection(client);
      else if (await tryTakeSenderLock(client, options.lockName)) await becomeLeader();
    } catch (error) {
      await loseLeadership(`lock connection failed: ${error instanceof Error ? error.message : String(error)}`);
      await dropClient();
    }
  }

  function schedule(): void {
    if (!running) return;
    timer = setTimeout(() => {
      ticking = tick().finally(schedule);
    }, checkMs);
  }

  return {
    async start(): Promise<void> {
      if (running) return;
      running = true;
      if (!options.databaseUrl) {
        await becomeLeader();
        return;
      }
      ticking = tick();
      await ticking;
      schedule();
    },

    /** Stops sending first, then lets the lock go so another process can take over at once. */
    async stop(): Promise<void> {
      running = false;
      if (timer) clearTimeout(timer);
      await ticking;
      await loseLeadership('stopping');
      // Closing the connection below releases the lock anyway; a failed unlock only costs a warning.
      if (client) await releaseSenderLock(client, options.lockName).catch((error: unknown) => log.warn({ err: error }, 'could not release the sender lock; closing its connection releases it'));
      await dropClient();
    },

    get isLeader() {
      return leader;
    },
  };
}

export type LeaderElection = ReturnType<typeof createLeaderElection>;
