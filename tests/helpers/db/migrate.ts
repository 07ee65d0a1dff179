/** Runs the project's own migrations (src/db/migrate.ts) for a test database. */
import { promises as fs } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { migrateToLatest } from '../../../src/db/migrate.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations', import.meta.url));

export async function migrateTestDb(db: Kysely<any>): Promise<void> {
  const outcome = await migrateToLatest(db);
  if (!outcome.ok) throw new Error(outcome.error);
}

/** The migration files, so a cached template database is rebuilt when they change. */
export async function migrationFiles(): Promise<string[]> {
  const files = await fs.readdir(MIGRATIONS_DIR).catch(() => [] as string[]);
  return files.filter((f) => /\.[cm]?[jt]s$/.test(f) && !f.endsWith('.d.ts')).sort();
}
