import { inject } from 'vitest';

/** What globalSetup hands every test file: the server, and the migrated database to clone. */
export interface TestServer {
  /** A database on the server to connect to for CREATE/DROP DATABASE. */
  adminUrl: string;
  /** The migrated template database. */
  template: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    heraldTestServer: TestServer;
  }
}

/** The run's server, as tests/helpers/db/global-setup.ts started it. */
export function testServer(): TestServer {
  const server = inject('heraldTestServer');
  if (!server) throw new Error('no test database server: run the tests with vitest (vitest.config.ts starts one in globalSetup)');
  return server;
}

/** The same server's URL for another database on it. */
export function urlFor(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
