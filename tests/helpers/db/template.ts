import pg from 'pg';
import { createDb } from '../../../src/db/create-db.js';
import { migrateTestDb } from './migrate.js';
import { urlFor } from './test-server.js';

/** A database migrated once, then marked as a template so test files can clone it. */
export async function createTemplate(adminUrl: string, name: string): Promise<void> {
  await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const handle = createDb({ databaseUrl: urlFor(adminUrl, name), poolSize: 2 });
  try {
    await migrateTestDb(handle.db);
  } finally {
    // Cloning needs the template free of connections.
    await handle.close();
  }
  await admin(adminUrl, (c) => c.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE true`));
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await admin(adminUrl, async (c) => {
    await c.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE false`).catch(() => undefined);
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
}

export async function admin(adminUrl: string, work: (c: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
