import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DbHandle } from '../../src/db/create-db.js';
import { openDb } from '../../src/db/open-db.js';

/**
 * A database of the default install for one bench part: Herald's embedded PostgreSQL in a
 * fresh temp directory (DATABASE_URL, when given, is used instead), removed on close.
 */
export async function openScratchDb(databaseUrl: string | undefined = undefined): Promise<DbHandle> {
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-bench-'));
  // As root the embedded server runs as the system user herald, which must be able to enter it.
  await chmod(dataDir, 0o755);
  const opened = await openDb({ databaseUrl, dataDir });
  if (!opened.ok) throw new Error(opened.error);
  const { handle } = opened;
  return {
    ...handle,
    async close() {
      await handle.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
