import type { Api } from 'grammy';
import type { Db } from '../db/create-db.js';
import type { Logger } from '../logger.js';
import { catalog, toLang } from '../i18n/index.js';
import { listAdminsWithLanguage } from '../stores/admins.js';
import { createAlerts, DEFAULT_ALERT_OPTIONS, type AlertNotice, type AlertOptions } from './alerts.js';
import { upkeepBroadcasts } from './broadcast-pins.js';

/** The Bot API calls upkeep makes itself: alerts and pins go straight to Telegram, never through the outbox, which may be what is stuck. */
export type UpkeepApi = Pick<Api, 'sendMessage' | 'pinChatMessage' | 'unpinChatMessage'>;

export interface UpkeepDeps {
  db: Db;
  logger: Logger;
  now: () => Date;
  /** Absent in preview mode: pins are skipped and alerts only logged. */
  api: UpkeepApi | null;
  /** Whether this process is the sending one now: with the database away, only that one alerts at once (jobs/alerts.ts). */
  isSending?: () => boolean;
  /** This process's name in the sender's heartbeat (server/operations.ts writes it). */
  instanceId?: string;
}

/**
 * The jobs run on the operations tick (server/operations.ts calls `run` after the heartbeat):
 * alerts for admins (the database's condition first), then breaking-news pins. Errors propagate to the tick, which logs them.
 */
export function createUpkeep(deps: UpkeepDeps, alertOptions: Partial<AlertOptions> = {}) {
  const log = deps.logger;
  const alerts = createAlerts(
    {
      db: deps.db,
      logger: log.child({ part: 'alerts' }),
      now: deps.now,
      notify: (notice) => notifyAdmins(notice),
      ...(deps.isSending ? { isSending: deps.isSending } : {}),
      ...(deps.instanceId ? { instanceId: deps.instanceId } : {}),
    },
    { ...DEFAULT_ALERT_OPTIONS, ...alertOptions },
  );

  // The editors as last read: an alert that the database is away must still find them.
  let knownAdmins: { userId: number; language: string | null }[] | null = null;
  const readAdmins = async () => (knownAdmins = await listAdminsWithLanguage(deps.db));

  async function notifyAdmins(notice: AlertNotice): Promise<void> {
    const admins = await readAdmins().catch((error: unknown) => {
      if (knownAdmins) return knownAdmins;
      throw error;
    });
    if (!deps.api || admins.length === 0) {
      log.warn({ alert: notice(catalog('en')) }, 'alert (no bot or no admins to tell)');
      return;
    }
    let delivered = 0;
    for (const admin of admins) {
      try {
        await deps.api.sendMessage(admin.userId, notice(catalog(toLang(admin.language))), { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
        delivered++;
      } catch (error) {
        log.warn({ err: error, adminId: admin.userId }, 'could not deliver an alert to an admin');
      }
    }
    if (delivered === 0) throw new Error('no admin could be reached');
  }

  return {
    alerts,
    async run(): Promise<void> {
      const api = deps.api;
      // Alerts first: they probe the database, and with it away or full the pins would only fail.
      await alerts.check();
      if (!alerts.databaseUsable) return;
      await readAdmins();
      await upkeepBroadcasts({
        db: deps.db,
        logger: log,
        now: deps.now,
        pin: async (chatId, messageId) => {
          if (api) await api.pinChatMessage(chatId, messageId, { disable_notification: true });
        },
        unpin: async (chatId, messageId) => {
          if (api) await api.unpinChatMessage(chatId, messageId);
        },
      });
    },
  };
}

export type Upkeep = ReturnType<typeof createUpkeep>;
