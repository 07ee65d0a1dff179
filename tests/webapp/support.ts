/**
 * The Mini App under test: the app world (the real createApp on the fakes, one clock) with
 * WEBAPP_URL set, so Herald serves the pages and their API at /app on its HTTP server, and
 * helpers to sign initData as Telegram would (with the fake bot's token) and to call the API.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureSubscriber, updateSubscriber } from '../../src/stores/subscribers.js';
import { initDataKey, signInitData, type SignableUser } from '../../src/web/init-data.js';
import { startAppWorld, type AppWorld, type AppWorldOptions } from '../helpers/app-world.js';
import type { FakeUser } from '../helpers/fake-bot-api.js';

export const WEBAPP_URL = 'https://news.example/app';

export interface WebWorld {
  world: AppWorld;
  /** http://127.0.0.1:<port>/app: what a TLS proxy would map WEBAPP_URL to. */
  base: string;
  /** initData for the user, signed with the bot's token at the world's clock (or `authDate`). */
  sign(user: FakeUser | SignableUser, opts?: { authDate?: Date; token?: string }): string;
  /** Calls the API as Telegram's page would, with `Authorization: tma <initData>`. */
  api(method: string, route: string, opts?: { initData?: string | null; body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string> }): Promise<{ status: number; json: any; headers: Headers }>;
  /** A reader who has subscribed (as /start leaves them, instant delivery, everything). */
  subscribe(user: FakeUser, patch?: Parameters<typeof updateSubscriber>[2]): Promise<void>;
  close(): Promise<void>;
}

export function asSignable(user: FakeUser | SignableUser): SignableUser {
  return { id: user.id, first_name: user.first_name, ...('language_code' in user && user.language_code ? { language_code: user.language_code } : {}) };
}

export async function startWebWorld(options: AppWorldOptions = {}): Promise<WebWorld> {
  const world = await startAppWorld({
    ...options,
    env: { WEBAPP_URL, ...options.env },
    botApi: { ...options.botApi, methods: { setChatMenuButton: () => true, ...options.botApi?.methods } },
  });
  await world.start();
  const port = world.app.httpPort;
  if (port === null) throw new Error('Herald’s HTTP server did not start');
  const base = `http://127.0.0.1:${port}/app`;
  const token = world.env.BOT_TOKEN!;
  return {
    world,
    base,
    sign: (user, opts = {}) => signInitData(initDataKey(opts.token ?? token), asSignable(user), opts.authDate ?? world.clock.now()),
    async api(method, route, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.initData !== null && opts.initData !== undefined) headers.authorization = `tma ${opts.initData}`;
      let body: string | Buffer | undefined;
      if (opts.rawBody !== undefined) body = opts.rawBody;
      else if (opts.body !== undefined) {
        body = JSON.stringify(opts.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${base}/api/${route}`, { method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await response.text();
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
      return { status: response.status, json, headers: response.headers };
    },
    async subscribe(user, patch = {}) {
      const now = world.clock.now();
      await ensureSubscriber(world.db, { chatId: user.id, chatType: 'private', title: user.first_name, language: 'en' }, now);
      await updateSubscriber(world.db, user.id, { onboarded: true, ...patch }, now);
    },
    close: () => world.close(),
  };
}

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * Builds the pages with Vite when dist/webapp is missing or older than the front-end's sources.
 * Test files run in parallel workers: one builds (holding a lock folder), the others wait for it.
 */
export async function ensurePagesBuilt(): Promise<void> {
  const built = join(ROOT, 'dist', 'webapp', 'index.html');
  const lock = join(ROOT, 'dist', '.webapp-build.lock');
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((max, e) => Math.max(max, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs), 0);
  const fresh = () => existsSync(built) && statSync(built).mtimeMs >= Math.max(newest(join(ROOT, 'webapp')), statSync(join(ROOT, 'src', 'i18n', 'page-texts.ts')).mtimeMs);
  const giveUpAt = Date.now() + 120_000;
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  for (;;) {
    if (fresh()) return;
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a crashed run is taken over once the wait is over.
      if (Date.now() > giveUpAt) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    if (!fresh()) execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(ROOT, 'webapp', 'vite.config.ts')], { cwd: ROOT, stdio: 'pipe' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
