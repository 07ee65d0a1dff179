import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The Mini App's two pages, built into dist/webapp (src/web/static-files.ts serves them).
 * Relative asset paths: Herald adds a <base> with WEBAPP_URL's path when it serves a page.
 * Everything is bundled (uPlot included): the pages load nothing from elsewhere but
 * Telegram's telegram-web-app.js.
 */
export default defineConfig({
  root: here('.'),
  base: './',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: here('../dist/webapp'),
    emptyOutDir: true,
    target: 'es2020',
    // No inline scripts or styles (the pages' CSP forbids them), no data: module preloads.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    rollupOptions: {
      input: { index: here('index.html'), dashboard: here('dashboard.html') },
    },
  },
});
