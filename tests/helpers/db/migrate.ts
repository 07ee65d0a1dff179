/** Runs the project's own migrations (src/db/migrate.ts) for a test database. */
import type { Kysely } from 'kysely';
import { migrateToLatest } from '../../../src/db/migrate.js';

export async function migrateTestDb(db: Kysely<any>): Promise<void> {
  const outcome = await migrateToLatest(db);
  if (!outcome.ok) throw new Error(outcome.error);
}
