/**
 * README's pictures of the Mini App (docs/screenshots/), taken from the real pages: the demo
 * (`npm start -- --demo`: the sample outlet's stories, 48 invented readers) is started, and
 * headless Chromium (Debian's) opens its signed loopback links with a stand-in for Telegram's
 * telegram-web-app.js that gives the theme (light, then Telegram's dark one). Nothing leaves
 * the machine.
 *
 *   npx tsx scripts/mini-app-screenshots.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startDemoProcess } from '../bench/support/demo-process.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TELEGRAM_SCRIPT = 'https://telegram.org/js/telegram-web-app.js';

// Telegram's own colours for its light and dark themes (as its clients pass them in themeParams).
const LIGHT = { bg_color: '#ffffff', text_color: '#000000', hint_color: '#707579', link_color: '#3390ec', button_color: '#3390ec', button_text_color: '#ffffff', secondary_bg_color: '#f4f4f5' };
const DARK = { bg_color: '#212121', text_color: '#ffffff', hint_color: '#aaaaaa', link_color: '#8774e1', button_color: '#8774e1', button_text_color: '#ffffff', secondary_bg_color: '#181818' };

/** What telegram-web-app.js gives a page, minus initData (the page reads the demo link's). */
const standIn = (scheme: 'light' | 'dark') =>
  `window.Telegram = { WebApp: { initData: '', colorScheme: ${JSON.stringify(scheme)}, themeParams: ${JSON.stringify(scheme === 'dark' ? DARK : LIGHT)}, ready() {}, expand() {}, onEvent() {} } };`;

async function open(browser: Browser, link: string, scheme: 'light' | 'dark', width: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1, colorScheme: scheme, locale: 'en-GB', timezoneId: 'Asia/Baku' });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(TELEGRAM_SCRIPT)) return route.fulfill({ contentType: 'text/javascript', body: standIn(scheme) });
    return url.startsWith('http://127.0.0.1:') ? route.continue() : route.abort();
  });
  const page = await context.newPage();
  await page.goto(link);
  return page;
}

/** The whole page: the viewport grows to its height, so the sticky status bar sits at the end. */
async function shoot(page: Page, name: string): Promise<void> {
  const width = page.viewportSize()?.width ?? 430;
  const height = await page.evaluate<number>('document.documentElement.scrollHeight');
  await page.setViewportSize({ width, height: Math.min(height, 4000) });
  await page.screenshot({ path: join(OUT, name) });
  console.log(`docs/screenshots/${name}`);
}

const build = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(ROOT, 'webapp', 'vite.config.ts')], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
mkdirSync(OUT, { recursive: true });
const demo = await startDemoProcess();
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
try {
  // A reader mid-way: a few choices made (each saved as it is made), the time zone not yet
  // confirmed; the preview follows the choices. The dark picture opens the same reader again.
  for (const scheme of ['light', 'dark'] as const) {
    const page = await open(browser, demo.readerLink, scheme, 430);
    if (scheme === 'light') {
      await page.getByTestId('topic-economy-business').click();
      await page.getByTestId('topic-energy').click();
      await page.getByTestId('region-south-caucasus').click();
      await page.getByTestId('digest-hour-8').click();
      await page.getByTestId('keyword-input').fill('ferry');
      await page.getByTestId('keyword-input').press('Enter');
      await page.getByTestId('keyword').filter({ hasText: 'ferry' }).waitFor();
    }
    await page.locator('[data-testid="save-state"]:not(.saving)').waitFor();
    await page.getByTestId('preview-count').waitFor();
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(resolve))');
    await page.getByTestId('zone-suggestion').waitFor();
    await shoot(page, scheme === 'light' ? 'mini-app-settings.png' : 'mini-app-settings-dark.png');
    await page.context().close();
  }
  const dashboard = await open(browser, demo.dashboardLink, 'light', 1000);
  await dashboard.locator('[data-testid="chart-growth"] canvas').waitFor();
  await shoot(dashboard, 'mini-app-dashboard.png');
} finally {
  await browser.close();
  await demo.stop();
}
