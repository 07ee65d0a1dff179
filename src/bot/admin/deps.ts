import type { Db } from '../../db/create-db.js';
import type { Logger } from '../../logger.js';
import type { FetchOutcome } from '../../news/types.js';

/** What the editors' features need, handed in once by createBot. */
export interface AdminDeps {
  db: Db;
  logger: Logger;
  now: () => Date;
  /** Where breaking news is posted publicly; null: readers only. */
  channelChatId: string | null;
  /** ADMIN_IDS: admins from the start, who cannot be removed from inside Telegram. */
  configAdminIds: number[];
  /** Fetches a feed address once (same limits as polling), for /feeds add. */
  fetchFeed: (url: string) => Promise<FetchOutcome>;
}
