import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { createDb, type DbHandle } from '../../src/db/create-db.js';
import { findPostgresBinaries } from '../../src/db/embedded/binaries.js';
import { openScratchDb } from './scratch-db.js';

/**
 * The PostgreSQL servers a benchmark measures on, each giving a fresh scratch database per
 * open() (removed on close). Always Herald's embedded server (what a default install gets);
 * also the outside server BENCH_PG_URL names, when it is set. An outside server is never
 * guessed (not even 127.0.0.1:5432): a bench creates and drops databases there, which is for
 * the person running it to choose, and the default run stays the same on every machine.
 */
export interface BenchEngine {
  /** Names the server in each figure, with its version: "embedded PostgreSQL 18.4". */
  label: string;
  /** The server's maintenance URL for an outside server (CREATE DATABASE); null for the embedded one. */
  serverUrl: string | null;
  open(): Promise<DbHandle>;
}

export async function benchEngines(env: NodeJS.ProcessEnv = process.env): Promise<BenchEngine[]> {
  const binaries = await findPostgresBinaries();
  const embedded: BenchEngine = {
    label: `embedded PostgreSQL ${binaries.ok ? binaries.value.version : '(not installed)'}`,
    serverUrl: null,
    open: () => openScratchDb(),
  };
  const serverUrl = env.BENCH_PG_URL;
  if (!serverUrl) return [embedded];
  const version = await onServer(serverUrl, async (c) => (await c.query<{ server_version: string }>('show server_version')).rows[0]!.server_version.replace(/\s.*$/, ''));
  return [embedded, { label: `outside PostgreSQL ${version}`, serverUrl, open: () => openOutsideScratchDb(serverUrl) }];
}

/** A fresh database on an outside server, dropped (with any connection still on it) on close. */
export async function openOutsideScratchDb(serverUrl: string): Promise<DbHandle> {
  const name = `herald_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await onServer(serverUrl, (c) => c.query(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = createDb({ databaseUrl: url.toString() });
  return {
    ...handle,
    async close() {
      await handle.close();
      await onServer(serverUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}

async function onServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
