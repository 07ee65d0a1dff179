import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';

/** migrations/ sits at the top level, two folders up from src/db (and from dist/src/db). */
const MIGRATIONS_URL = new URL('../../migrations/', import.meta.url);

/**
 * Reads every migration file in the folder. Unlike Kysely's FileMigrationProvider, the
 * import happens here in project code, so the same provider works under tsx, vitest and
 * compiled JavaScript.
 */
function folderProvider(folder: URL): MigrationProvider {
  return {
    async getMigrations() {
      const names = (await readdir(fileURLToPath(folder))).filter((n) => /\.(ts|js|mjs)$/.test(n) && !n.endsWith('.d.ts')).sort();
      const migrations: Record<string, Migration> = {};
      for (const name of names) {
        const module = (await import(pathToFileURL(fileURLToPath(new URL(name, folder))).href)) as Partial<Migration>;
        if (typeof module.up !== 'function') throw new Error(`migration ${name} exports no up()`);
        migrations[name.replace(/\.(ts|js|mjs)$/, '')] = module as Migration;
      }
      return migrations;
    },
  };
}

export type MigrationOutcome = { ok: true; applied: string[] } | { ok: false; error: string; applied: string[] };

export async function migrateToLatest(db: Kysely<any>): Promise<MigrationOutcome> {
  const migrator = new Migrator({ db, provider: folderProvider(MIGRATIONS_URL) });
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: failed ? `migration ${failed} failed: ${message}` : `migrations could not run: ${message}`, applied };
  }
  return { ok: true, applied };
}
