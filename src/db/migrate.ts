import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';

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

export interface MigrateOptions {
  /** Told after each migration ran (inside the one transaction they all share): done of total, and its name. */
  onProgress?: (done: number, total: number, name: string) => void;
}

export async function migrateToLatest(db: Kysely<any>, options: MigrateOptions = {}): Promise<MigrationOutcome> {
  const folder = folderProvider(MIGRATIONS_URL);
  const migrator = new Migrator({ db, provider: options.onProgress ? await reportingProvider(db, folder, options.onProgress) : folder });
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: failed ? `migration ${failed} failed: ${message}` : `migrations could not run: ${message}`, applied };
  }
  return { ok: true, applied };
}

export interface MigrationStatus {
  /** Applied, in order. */
  applied: string[];
  /** Known to this Herald and not yet applied: the next start (or npm run migrate) applies them. */
  pending: string[];
  /** Applied to the database but unknown to this Herald: the database belongs to a newer version. */
  unknown: string[];
}

/** Where the database's schema stands against this Herald's migrations; changes nothing. */
export async function migrationStatus(db: Kysely<any>): Promise<MigrationStatus> {
  const migrator = new Migrator({ db, provider: folderProvider(MIGRATIONS_URL) });
  const known = await migrator.getMigrations();
  const names = new Set(known.map((m) => m.name));
  const table = await sql<{ present: string | null }>`select to_regclass('kysely_migration')::text as present`.execute(db);
  const recorded = table.rows[0]?.present ? (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)).rows.map((r) => r.name) : [];
  return {
    applied: known.filter((m) => m.executedAt !== undefined).map((m) => m.name),
    pending: known.filter((m) => m.executedAt === undefined).map((m) => m.name),
    unknown: recorded.filter((name) => !names.has(name)),
  };
}

/** The folder's migrations, each telling `onProgress` when its up() is done. */
async function reportingProvider(db: Kysely<any>, folder: MigrationProvider, onProgress: NonNullable<MigrateOptions['onProgress']>): Promise<MigrationProvider> {
  const total = (await new Migrator({ db, provider: folder }).getMigrations()).filter((m) => m.executedAt === undefined).length;
  let done = 0;
  return {
    async getMigrations() {
      const all = await folder.getMigrations();
      const wrapped: Record<string, Migration> = {};
      for (const [name, migration] of Object.entries(all)) {
        wrapped[name] = {
          ...migration,
          async up(trx) {
            await migration.up(trx);
            onProgress(++done, total, name);
          },
        };
      }
      return wrapped;
    },
  };
}
