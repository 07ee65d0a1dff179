import { chmod, mkdtemp, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOutletServer, type OutletServer } from './outlet-server.js';
import { SAMPLE_OUTLET, SAMPLE_STORIES } from './sample-stories.js';

export interface Demo {
  /**
   * The demo's whole environment, built from nothing: its own DATA_DIR, the sample feed, no
   * token, no DATABASE_URL. Only LOG_LEVEL and LOG_FORMAT come from the caller's.
   */
  env: Record<string, string>;
  /** The one private address the demo may fetch from: its own sample outlet on loopback. */
  allowAddresses: string[];
  /** The temporary DATA_DIR, removed by close(). */
  dataDir: string;
  outlet: OutletServer;
  stories: number;
  /** Stops the sample outlet and removes the temporary DATA_DIR. */
  close(): Promise<void>;
}

export interface DemoOptions {
  /** Where the temporary DATA_DIR is made (default the system's temp directory). */
  tmpRoot?: string;
  now?: Date;
}

/**
 * `npm start -- --demo`: a sample outlet served in-process on loopback and a Herald
 * configuration that reads it in preview mode, with a database of its own in a temporary
 * directory. Whatever the caller's environment says (DATA_DIR, DATABASE_URL, BOT_TOKEN,
 * ALLOW_PRIVATE_FETCH), the demo never uses it: real data is never touched and nothing is sent.
 */
export async function startDemo(callerEnv: Record<string, string | undefined>, options: DemoOptions = {}): Promise<Demo> {
  const dataDir = await mkdtemp(join(options.tmpRoot ?? tmpdir(), 'herald-demo-'));
  // Enterable by the embedded server's own user when Herald runs as root, so its cluster stays inside (and goes with) this directory.
  await chmod(dataDir, 0o755);
  let outlet: OutletServer;
  try {
    outlet = await startOutletServer(SAMPLE_OUTLET, SAMPLE_STORIES, options.now);
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    FEEDS: outlet.feedUrl,
    // Every sample story is posted, not only the newest as on a real first run.
    FIRST_RUN_POSTS: String(SAMPLE_STORIES.length),
    HOST: '127.0.0.1',
    PORT: '0',
    // The posts are the show: the log says only what went wrong, unless LOG_LEVEL asks for more.
    LOG_LEVEL: callerEnv.LOG_LEVEL || 'error',
    LOG_FORMAT: callerEnv.LOG_FORMAT || 'pretty',
  };
  return {
    env,
    allowAddresses: [outlet.address],
    dataDir,
    outlet,
    stories: SAMPLE_STORIES.length,
    async close() {
      await outlet.close();
      // A root Herald whose DATA_DIR its server's user cannot reach keeps the cluster elsewhere and links it (README: running as root).
      const cluster = await readlink(join(dataDir, 'postgres')).catch(() => null);
      if (cluster) await rm(cluster, { recursive: true, force: true });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
