import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../db/create-db.js';
import type { Logger } from '../logger.js';
import type { TaxonomyView } from '../readers/taxonomy-view.js';
import { isDatabaseUnreachable } from '../db/connection-errors.js';
import { catalog, toLang } from '../i18n/index.js';
import { plainText } from '../news/plain-text.js';
import { isAdmin } from '../stores/admins.js';
import { lastAuditAt, recordAudit } from '../stores/audit.js';
import { forgetIdleAllowances, takeAllowance } from '../stores/rate-limits.js';
import { cancel, readDashboard, setFeed } from './dashboard-api.js';
import { fromLoopback, readJsonBody, sendFile, sendJson } from './http.js';
import { verifyInitData, type WebAppUser } from './init-data.js';
import { preview, readMe, saveSettings, type ApiAnswer } from './reader-api.js';
import { createStaticFiles, defaultStaticDir } from './static-files.js';

export interface WebAppOptions {
  /** Where the pages answer on Herald's HTTP server: WEBAPP_URL's path ("/app"). */
  path: string;
  /** The key initData is checked with: initDataKey(bot token), or a random one for the local demo. */
  key: Buffer;
  /** The local demo: requests from anywhere but loopback are refused. */
  loopbackOnly?: boolean;
  /** A user who counts as an editor without being in the admins table (the local demo's). */
  demoEditorId?: number;
  /**
   * Per-user allowance of API requests. A request is a press: it draws on the same bucket, kept in
   * the database, as the user's button presses in the bot, on every instance. Default: the bot's
   * default for presses, 24 at once, then 1.5/s; app.ts passes the bot's.
   */
  rateLimit?: { burst: number; perSecond: number };
  /** Where the built pages are (default dist/webapp beside package.json). */
  staticDir?: string;
}

export interface WebAppDeps {
  db: Db;
  logger: Logger;
  taxonomy: TaxonomyView;
  now: () => Date;
  /** Called when a dashboard action changed what the sender should do (a cancelled broadcast). */
  onChanged?: () => void;
  /** Called the first time a user opens the page (the local demo creates its reader here). */
  onFirstSight?: (user: WebAppUser) => Promise<void>;
}

export interface WebApp {
  path: string;
  /** Handles a request whose path is the mount path or below it. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

const DEFAULT_RATE_LIMIT = { burst: 24, perSecond: 1.5 };
/** Allowances untouched this long (or until full, when longer) are deleted: the same as no row (at most once per SWEEP_EVERY_MS from here). */
const IDLE_ALLOWANCE_MS = 3600_000;
const SWEEP_EVERY_MS = 10 * 60_000;
/** A refused non-editor is written to the audit log at most this often (as in the bot). */
const REFUSAL_AUDIT_INTERVAL_MS = 60_000;

/**
 * The Mini App: two static pages (readers' settings, editors' dashboard) and their JSON API,
 * mounted on Herald's HTTP server. Every API request carries Telegram's signed initData in
 * `Authorization: tma <initData>`; the user is the signed one, never one named in the body.
 */
export function createWebApp(options: WebAppOptions, deps: WebAppDeps): WebApp {
  const base = options.path.replace(/\/+$/, '');
  const files = createStaticFiles(options.staticDir ?? defaultStaticDir(), base);
  const limit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  let lastSweep = 0;
  const seen = new Set<number>();
  const log = deps.logger;
  const readerDeps = { db: deps.db, taxonomy: deps.taxonomy, now: deps.now, logger: deps.logger };
  const dashboardDeps = { ...readerDeps, ...(deps.onChanged ? { onChanged: deps.onChanged } : {}) };

  async function allowed(userId: number): Promise<boolean> {
    const now = deps.now();
    if (now.getTime() - lastSweep >= SWEEP_EVERY_MS) {
      lastSweep = now.getTime();
      const fullAfterMs = (limit.burst / limit.perSecond) * 1000;
      await forgetIdleAllowances(deps.db, new Date(now.getTime() - Math.max(IDLE_ALLOWANCE_MS, fullAfterMs)));
    }
    return (await takeAllowance(deps.db, userId, 'press', limit, now)).allowed;
  }

  async function isEditor(userId: number): Promise<boolean> {
    return userId === options.demoEditorId || (await isAdmin(deps.db, userId));
  }

  async function refuseStranger(user: WebAppUser, attempted: string): Promise<ApiAnswer> {
    const now = deps.now();
    const last = await lastAuditAt(deps.db, user.id, 'refused');
    if (!last || now.getTime() - last.getTime() >= REFUSAL_AUDIT_INTERVAL_MS) {
      log.warn({ userId: user.id, attempted }, 'editors’ page refused: not an editor');
      await recordAudit(deps.db, user.id, 'refused', { attempted, via: 'webapp' }, now);
    }
    return { status: 403, body: { error: 'not-editor' } };
  }

  async function api(req: IncomingMessage, res: ServerResponse, route: string): Promise<ApiAnswer> {
    const header = req.headers.authorization ?? '';
    const initData = header.startsWith('tma ') ? header.slice(4) : null;
    const checked = verifyInitData(initData, options.key, deps.now());
    if (!checked.ok) {
      req.resume();
      return { status: 401, body: { error: 'unauthorized', reason: checked.problem } };
    }
    const user = checked.user;
    try {
      return await serve(req, res, route, user);
    } catch (error) {
      if (!isDatabaseUnreachable(error)) throw error;
      // The database is down or restarting: a short "try again in a minute", as the bot says, rather than a bare 500.
      req.resume();
      log.warn({ err: error, route }, 'Mini App request not served: database unreachable');
      return { status: 503, body: { error: 'unavailable', message: plainText(catalog(toLang(user.languageCode)).databaseUnavailable) } };
    }
  }

  async function serve(req: IncomingMessage, res: ServerResponse, route: string, user: WebAppUser): Promise<ApiAnswer> {
    if (!(await allowed(user.id))) {
      req.resume();
      return { status: 429, body: { error: 'rate-limited' } };
    }
    if (!seen.has(user.id) && deps.onFirstSight) {
      await deps.onFirstSight(user);
      seen.add(user.id);
    }
    const method = req.method ?? 'GET';
    const body = async (): Promise<{ ok: true; value: unknown } | { ok: false; answer: ApiAnswer }> => {
      const read = await readJsonBody(req, res);
      return read.ok ? read : { ok: false, answer: { status: read.status, body: { error: read.error } } };
    };

    if (route === 'me' && method === 'GET') return readMe(readerDeps, user, await isEditor(user.id));
    if (route === 'settings' && method === 'PUT') {
      const read = await body();
      return read.ok ? saveSettings(readerDeps, user, read.value) : read.answer;
    }
    if (route === 'preview' && method === 'POST') {
      const read = await body();
      return read.ok ? preview(readerDeps, user, read.value) : read.answer;
    }

    // The editors' endpoints: the admins table is read on every request, so a removed editor loses access at once.
    const editorRoute = route === 'dashboard' || route.startsWith('feeds/') || route.startsWith('broadcasts/');
    if (editorRoute) {
      if (!(await isEditor(user.id))) {
        req.resume();
        return refuseStranger(user, route.split('/')[0] ?? route);
      }
      if (route === 'dashboard' && method === 'GET') return readDashboard(dashboardDeps, user);
      const feed = /^feeds\/(\d{1,9})\/(pause|resume)$/.exec(route);
      if (feed && method === 'POST') {
        req.resume();
        return setFeed(dashboardDeps, user, Number(feed[1]), feed[2] as 'pause' | 'resume');
      }
      const broadcast = /^broadcasts\/(\d{1,12})\/cancel$/.exec(route);
      if (broadcast && method === 'POST') {
        req.resume();
        return cancel(dashboardDeps, user, Number(broadcast[1]));
      }
    }
    req.resume();
    return { status: 404, body: { error: 'not-found' } };
  }

  return {
    path: base,
    async handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const rest = url.pathname.slice(base.length).replace(/^\/+/, '');
      if (options.loopbackOnly && !fromLoopback(req)) {
        // The demo's key signs only for this computer: its initData is no credential from anywhere else.
        req.resume();
        return rest.startsWith('api/') ? sendJson(res, 401, { error: 'unauthorized', reason: 'loopback-only' }) : sendJson(res, 403, { error: 'loopback-only' });
      }
      const method = req.method ?? 'GET';
      if (rest.startsWith('api/')) {
        const answer = await api(req, res, rest.slice(4));
        if (answer.status >= 500) log.error({ route: rest, status: answer.status }, 'Mini App API failed');
        return sendJson(res, answer.status, answer.body);
      }
      req.resume();
      if (method !== 'GET' && method !== 'HEAD') return sendJson(res, 405, { error: 'method-not-allowed' });
      const head = method === 'HEAD';
      if (!files.built) {
        return sendFile(res, 503, 'text/plain; charset=utf-8', 'The Mini App pages are not built: run npm run build.\n', 'no-store', head);
      }
      if (rest === '' || rest === 'index.html') return files.page(res, 'index', head);
      if (rest === 'dashboard' || rest === 'dashboard.html') return files.page(res, 'dashboard', head);
      if (rest.startsWith('assets/') && (await files.asset(res, rest.slice('assets/'.length), head))) return;
      return sendFile(res, 404, 'text/plain; charset=utf-8', 'not found\n', 'no-store', head);
    },
  };
}
