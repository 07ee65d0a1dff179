import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sendFile } from './http.js';
import type { ServerResponse } from 'node:http';

/** Vite writes the pages here (vite.config.ts); `npm run build` builds them, `npm start` when missing. */
export const WEBAPP_OUT_DIR = join('dist', 'webapp');

/** The folder with package.json above this module (src/web under tsx and vitest, dist/src/web compiled). */
export function defaultStaticDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, WEBAPP_OUT_DIR);
    dir = dirname(dir);
  }
  return resolve(WEBAPP_OUT_DIR);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** The two pages: their HTML is read once, and given a <base> so their relative assets resolve under the mount path. */
export type PageName = 'index' | 'dashboard';

export interface StaticFiles {
  /** Whether the built pages exist (else the mount answers 503 with how to build them). */
  readonly built: boolean;
  page(res: ServerResponse, name: PageName, head: boolean): Promise<void>;
  /** Serves `assets/<name>` (hashed by Vite: cached for a year); false when there is no such file. */
  asset(res: ServerResponse, name: string, head: boolean): Promise<boolean>;
}

export function createStaticFiles(dir: string, mountPath: string): StaticFiles {
  const root = resolve(dir);
  const pages = new Map<PageName, string>();
  return {
    get built() {
      return existsSync(join(root, 'index.html'));
    },
    async page(res, name, head) {
      let html = pages.get(name);
      if (html === undefined) {
        const raw = await readFile(join(root, `${name}.html`), 'utf8');
        html = raw.replace(/<head>/i, `<head>\n    <base href="${mountPath}/">`);
        pages.set(name, html);
      }
      // Pages are small and name the current hashed assets: always revalidated.
      sendFile(res, 200, TYPES['.html']!, html, 'no-cache', head);
    },
    async asset(res, name, head) {
      if (!/^[A-Za-z0-9._-]{1,128}$/.test(name) || name.startsWith('.')) return false;
      const file = resolve(root, 'assets', name);
      if (!file.startsWith(`${root}${sep}assets${sep}`)) return false;
      const type = TYPES[name.slice(name.lastIndexOf('.'))];
      if (!type) return false;
      let body: Buffer;
      try {
        body = await readFile(file);
      } catch {
        return false;
      }
      sendFile(res, 200, type, body, 'public, max-age=31536000, immutable', head);
      return true;
    },
  };
}
