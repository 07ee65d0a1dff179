/**
 * Starting PGlite means running initdb inside WebAssembly: seconds on a busy 2-core machine,
 * and the migrations add more. So the first test database is built once, dumped, and every
 * later one is loaded from the dump. The dump is also kept in the temp directory, keyed by
 * the PGlite and Kysely versions and the migrations' contents, so other test processes
 * (vitest runs each file in its own) and later runs skip the build too.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { PGLITE_PARSERS } from '../../../src/db/create-db.js';
import { MIGRATIONS_DIR, migrateTestDb, migrationFiles } from './migrate.js';

/** The same parsing as src/db/create-db.ts: int8 and numeric as JS numbers. */
export const PGLITE_OPTIONS: PGliteOptions = { parsers: PGLITE_PARSERS };

const TEMPLATE_DIR = join(tmpdir(), 'herald-test-pglite-templates');
const inProcess = new Map<string, Promise<Blob>>();

export function templateFor(migrate: boolean): Promise<Blob> {
  const make = async (): Promise<Blob> => {
    const key = await templateKey(migrate);
    const file = join(TEMPLATE_DIR, `${key}.tar`);
    const cached = await readFile(file).catch(() => undefined);
    if (cached) return new Blob([cached]);
    const blob = await buildTemplate(migrate);
    await mkdir(TEMPLATE_DIR, { recursive: true });
    // Written aside and renamed, so a process reading concurrently never sees half a file.
    const part = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(part, Buffer.from(await blob.arrayBuffer()));
    await rename(part, file);
    await pruneOld(file);
    return blob;
  };
  const key = String(migrate);
  let p = inProcess.get(key);
  if (!p) {
    p = make();
    p.catch(() => inProcess.delete(key));
    inProcess.set(key, p);
  }
  return p;
}

/** Each migration change makes a new 40 MB dump; old ones (and aborted writes) go after an hour. */
async function pruneOld(keep: string): Promise<void> {
  const hourAgo = Date.now() - 3_600_000;
  for (const name of await readdir(TEMPLATE_DIR).catch(() => [] as string[])) {
    const path = join(TEMPLATE_DIR, name);
    if (path === keep) continue;
    const s = await stat(path).catch(() => undefined);
    if (s && s.mtimeMs < hourAgo) await rm(path, { force: true }).catch(() => undefined);
  }
}

async function buildTemplate(migrate: boolean): Promise<Blob> {
  const pglite = await PGlite.create(PGLITE_OPTIONS);
  const db = new Kysely<any>({ dialect: new PGliteDialect(pglite) });
  try {
    if (migrate) await migrateTestDb(db);
    return await pglite.dumpDataDir('none');
  } finally {
    await db.destroy();
  }
}

async function templateKey(migrate: boolean): Promise<string> {
  const h = createHash('sha256');
  h.update(versionOf('@electric-sql/pglite')).update(versionOf('kysely')).update(String(migrate));
  if (migrate) {
    h.update(await readFile(new URL('../../../src/db/migrate.ts', import.meta.url)).catch(() => ''));
    for (const f of await migrationFiles()) {
      h.update(f).update(await readFile(join(MIGRATIONS_DIR, f)));
    }
  }
  return h.digest('hex').slice(0, 24);
}

function versionOf(pkg: string): string {
  try {
    const url = new URL(`../../../node_modules/${pkg}/package.json`, import.meta.url);
    return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
