/**
 * vitest globalSetup: one PostgreSQL server for the whole run, and one migrated template
 * database on it; every test file clones the template (CREATE DATABASE … TEMPLATE), which
 * takes milliseconds where migrating would take seconds.
 *
 * The server is Herald's own embedded PostgreSQL (src/db/embedded) in a temp directory,
 * or, with TEST_DATABASE_URL, the outside server it names (CI's second pass).
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../../src/db/embedded/server.js';
import { createTemplate, dropDatabase } from './template.js';
import type { TestServer } from './test-server.js';

/** More than Herald's own 20: test files run in parallel, each with pools and child processes. */
const TEST_SERVER_SETTINGS = { max_connections: '200', fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const outside = process.env.TEST_DATABASE_URL;
  if (outside) {
    const template = `herald_template_${randomBytes(4).toString('hex')}`;
    await createTemplate(outside, template);
    project.provide('heraldTestServer', { adminUrl: outside, template } satisfies TestServer);
    return () => dropDatabase(outside, template);
  }
  const dir = await mkdtemp(join(tmpdir(), 'herald-test-pg-'));
  // As root the server runs as the system user herald, which must be able to enter the directory.
  await chmod(dir, 0o755);
  const started = await startEmbeddedPostgres({ dataDir: dir, database: 'postgres', settings: TEST_SERVER_SETTINGS });
  if (!started.ok) throw new Error(`test database server: ${started.error}`);
  const server = started.value;
  const template = 'herald_template';
  try {
    await createTemplate(server.adminUrl, template);
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw error;
  }
  project.provide('heraldTestServer', { adminUrl: server.adminUrl, template } satisfies TestServer);
  return async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
