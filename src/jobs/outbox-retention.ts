import type { Db } from '../db/create-db.js';
import type { Logger } from '../logger.js';
import { pruneDeliveries } from '../stores/outbox-retention.js';

const DAY_MS = 86_400_000;

/**
 * Removes finished private-message rows older than `retentionDays` (DELIVERY_RETENTION_DAYS):
 * a fan-out writes a row per reader, so without this the outbox only ever grows.
 */
export async function pruneOldDeliveries(deps: { db: Db; logger: Logger; now: () => Date }, retentionDays: number): Promise<number> {
  const deleted = await pruneDeliveries(deps.db, new Date(deps.now().getTime() - retentionDays * DAY_MS));
  if (deleted > 0) deps.logger.info({ deleted, days: retentionDays }, 'old outbox rows removed');
  return deleted;
}
