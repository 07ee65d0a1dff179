import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileMigrationProvider, Migrator, type Kysely, type MigrationResultSet } from 'kysely';

/** migrations/ sits at the top level, two folders up from src/db (and from dist/src/db). */
function migrationFolder(): string {
  return fileURLToPath(new URL('../../migrations', import.meta.url));
}

export type MigrationOutcome = { ok: true; applied: string[] } | { ok: false; error: string; applied: string[] };

export async function migrateToLatest(db: Kysely<any>): Promise<MigrationOutcome> {
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: migrationFolder() }),
  });
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown migration';
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `migration ${failed} failed: ${message}`, applied };
  }
  return { ok: true, applied };
}
