import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { GuardedFetch } from '../news/guarded-fetch.js';
import { discardBody } from '../news/discard-body.js';
import { errorCode, fail, pass, skip, type CheckLine } from './lines.js';

/** Codes of a port nobody listens on (Herald is simply not running here). */
const NOT_LISTENING = new Set(['ECONNREFUSED', 'ECONNRESET']);

/**
 * The Mini App as this machine serves it: its pages are built, and a Herald running here on
 * PORT answers at WEBAPP_URL's path (what the https proxy forwards to). A Herald that is not
 * running is no failure: the line says how to see it answer.
 */
export async function checkWebAppServed(
  webApp: { path: string },
  deps: { port: number; pagesDir: string; guardedFetch: GuardedFetch; timeoutMs: number },
): Promise<CheckLine[]> {
  const subject = 'Mini App pages';
  const missing = ['index.html', 'dashboard.html'].filter((page) => !existsSync(join(deps.pagesDir, page)));
  if (missing.length > 0) return [fail(subject, `not built (${missing.join(', ')} missing in ${deps.pagesDir}): run npm run build (npm start builds them when missing)`)];
  const lines = [pass(subject, `built in ${deps.pagesDir}`)];
  const local = new URL(`http://127.0.0.1:${deps.port}${webApp.path}/`);
  const where = `served here (${local.href})`;
  try {
    const answer = await deps.guardedFetch.request(local, { headers: { accept: 'text/html' }, signal: AbortSignal.timeout(deps.timeoutMs) });
    if (answer.kind === 'refused') return [...lines, fail(where, answer.reason)];
    const { response } = answer;
    const type = response.headers.get('content-type') ?? '';
    await discardBody(response.body);
    if (response.status === 200 && type.startsWith('text/html')) return [...lines, pass(where, `Herald answers with the settings page; point your https proxy for WEBAPP_URL at it`)];
    return [...lines, fail(where, `answered ${response.status} ${type || 'without a content type'}: another program holds PORT ${deps.port}, or PORT differs from the running Herald's; free the port or set PORT to Herald's`)];
  } catch (error) {
    const code = errorCode(error);
    if (code !== null && NOT_LISTENING.has(code)) return [...lines, skip(where, `no Herald is running on PORT ${deps.port} here: start it and run the check again to see it answer`)];
    return [...lines, fail(where, `network: ${code ?? (error instanceof Error ? error.message : String(error))} on 127.0.0.1:${deps.port}: check that Herald can listen there`)];
  }
}
