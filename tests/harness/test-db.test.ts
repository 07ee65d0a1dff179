import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { testServer } from '../helpers/db/test-server.js';
import { createTestDb } from '../helpers/test-db.js';

describe('test database', () => {
  it('clones a migrated database that answers queries, resets and closes', async () => {
    const t = await createTestDb();
    try {
      const { rows } = await sql<{ x: number; big: number }>`select 1 as x, 9007199254740991::int8 as big`.execute(t.db);
      expect(rows).toEqual([{ x: 1, big: 9007199254740991 }]);
      const names = await t.db.introspection.getTables();
      expect(names.map((n) => n.name)).toContain('feeds');

      await sql`insert into feeds (url) values ('https://caliber.az/rss.xml')`.execute(t.db);
      await t.reset();
      await sql`insert into feeds (url) values ('https://caliber.az/rss.xml')`.execute(t.db);
      const after = await sql<{ id: number }>`select id from feeds`.execute(t.db);
      expect(after.rows).toEqual([{ id: 1 }]);
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

  it('keeps the data across disconnect/reconnect, for handing the database to a child process', async () => {
    const t = await createTestDb({ migrate: false });
    try {
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
  });

  it('gives each call its own database, dropped on close even with a client still connected', async () => {
    const a = await createTestDb({ migrate: false });
    const b = await createTestDb({ migrate: false });
    const name = new URL(a.url).pathname.slice(1);
    expect(name).toMatch(/^herald_t_/);
    expect(a.url).not.toBe(b.url);
    const straggler = new pg.Client({ connectionString: a.url });
    await straggler.connect();
    straggler.on('error', () => undefined);
    await b.close();
    await a.close();
    const admin = new pg.Client({ connectionString: testServer().adminUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query('select 1 from pg_database where datname = $1', [name]);
      expect(rows).toEqual([]);
    } finally {
      await admin.end();
      await straggler.end().catch(() => undefined);
    }
  });

  it('runs on the embedded PostgreSQL unless TEST_DATABASE_URL names a server', async () => {
    const t = await createTestDb({ migrate: false });
    try {
      const { rows } = await sql<{ v: string }>`select current_setting('server_version_num') as v`.execute(t.db);
      if (process.env.TEST_DATABASE_URL) expect(new URL(t.url).host).toBe(new URL(process.env.TEST_DATABASE_URL).host);
      else expect(Number(rows[0]!.v)).toBeGreaterThanOrEqual(180000);
    } finally {
      await t.close();
    }
  });
});
