import { loadEnv, parseConfig } from './config.js';
import { openDb } from './db/open-db.js';
import { migrateToLatest } from './db/migrate.js';

// `npm run migrate`: bring the configured database to the latest schema and report.
const parsed = parseConfig(loadEnv());
if (!parsed.ok) {
  process.stderr.write(`Cannot migrate; fix these settings:\n${parsed.problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(2);
}
const opened = await openDb({ databaseUrl: parsed.config.databaseUrl, dataDir: parsed.config.dataDir });
if (!opened.ok) {
  process.stderr.write(`Cannot migrate: ${opened.error}\n`);
  process.exit(1);
}
const handle = opened.handle;
const outcome = await migrateToLatest(handle.db).catch((error: unknown) => ({ ok: false as const, error: String(error), applied: [] as string[] }));
await handle.close();
if (!outcome.ok) {
  process.stderr.write(`${outcome.error}\n`);
  process.exit(1);
}
process.stdout.write(outcome.applied.length > 0 ? `applied: ${outcome.applied.join(', ')}\n` : 'database already up to date\n');
