import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDb } from '../helpers/test-db.js';

const serverUrl = process.env.TEST_DATABASE_URL;

describe('test database', () => {
  it('creates a migrated database that answers queries, resets and closes (default mode)', async () => {
    const t = await createTestDb();
    try {
      expect(t.kind).toBe(serverUrl ? 'postgres' : 'pglite');
      const { rows } = await sql<{ x: number; big: number }>`select 1 as x, 9007199254740991::int8 as big`.execute(t.db);
      expect(rows).toEqual([{ x: 1, big: 9007199254740991 }]);
      const names = await t.db.introspection.getTables();
      expect(names.map((n) => n.name)).toContain('feeds');

      await sql`insert into feeds (url) values ('https://caliber.az/rss.xml')`.execute(t.db);
      await t.reset();
      await sql`insert into feeds (url) values ('https://caliber.az/rss.xml')`.execute(t.db);
      const after = await sql<{ id: number }>`select id from feeds`.execute(t.db);
      expect(after.rows).toEqual([{ id: 1 }]);
      if (t.kind === 'pglite') await expect(t.disconnect()).rejects.toThrow(/onDisk/);
    } finally {
      await t.close();
    }
    await t.close();
  });

  it('skips migrations when asked', async () => {
    const t = await createTestDb({ migrate: false });
    try {
      expect(await t.db.introspection.getTables()).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('PGlite on disk: data survives disconnect/reconnect in DATA_DIR/pglite, and close removes it', async () => {
    const t = await createTestDb({ serverUrl: '', onDisk: true, migrate: false });
    const dir = t.dataDir!;
    try {
      expect(existsSync(join(dir, 'pglite'))).toBe(true);
      await sql`create table kept (v text)`.execute(t.db);
      await sql`insert into kept values ('still here')`.execute(t.db);
      await t.disconnect();
      expect(() => t.db).toThrow(/disconnected/);
      const db = await t.reconnect();
      const { rows } = await sql<{ v: string }>`select v from kept`.execute(db);
      expect(rows).toEqual([{ v: 'still here' }]);
    } finally {
      await t.close();
    }
    expect(existsSync(dir)).toBe(false);
  });

  it.skipIf(!serverUrl)('PostgreSQL: a fresh database per call, dropped on close even with a client still connected', async () => {
    const a = await createTestDb({ migrate: false });
    const b = await createTestDb({ migrate: false });
    const name = new URL(a.url!).pathname.slice(1);
    expect(name).toMatch(/^herald_t_/);
    expect(a.url).not.toBe(b.url);
    const straggler = new pg.Client({ connectionString: a.url });
    await straggler.connect();
    straggler.on('error', () => undefined);
    await b.close();
    await a.close();
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query('select 1 from pg_database where datname = $1', [name]);
      expect(rows).toEqual([]);
    } finally {
      await admin.end();
      await straggler.end().catch(() => undefined);
    }
  });
});
