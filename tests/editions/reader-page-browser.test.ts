/**
 * The languages of news on the Mini App's settings page, in headless Chromium (Debian's
 * chromium via playwright-core) against Herald in-process on the fakes: the page language is
 * ticked when the reader never chose, a tap adds a language and the preview follows, the
 * last ticked language stays, and Save stores the choice. Nothing leaves the machine.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSubscriber } from '../../src/stores/subscribers.js';
import { storeClassified } from '../subscribers/support/items.js';
import { ensurePagesBuilt, startWebWorld, type WebWorld } from '../webapp/support.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TELEGRAM_SCRIPT = 'https://telegram.org/js/telegram-web-app.js';

let web: WebWorld;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  await ensurePagesBuilt();
  web = await startWebWorld({ sender: false });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  await storeClassified(
    web.world.db,
    [
      { title: 'Pipeline deal signed in Baku', language: 'en' },
      { title: 'В Баку подписано соглашение о трубопроводе', language: 'ru' },
    ],
    web.world.clock.now(),
  );
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await web?.close();
});

/** The settings page as Telegram opens it for `initData` (a stand-in for telegram-web-app.js; every other address refused). */
async function open(initData: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 430, height: 900 }, locale: 'en-GB', timezoneId: 'Asia/Baku' });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(TELEGRAM_SCRIPT)) {
      const body = `window.Telegram = { WebApp: { initData: ${JSON.stringify(initData)}, colorScheme: 'light', themeParams: {}, ready() {}, expand() {}, onEvent() {}, showConfirm(m, cb) { cb(true); } } };`;
      return route.fulfill({ contentType: 'text/javascript', body });
    }
    if (url.startsWith('http://127.0.0.1:')) return route.continue();
    return route.abort();
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(web.base);
  return { page, errors };
}

const pressed = (page: Page, code: string) => page.getByTestId(`item-language-${code}`).getAttribute('aria-pressed');

describe('languages of news on the settings page, in a browser', () => {
  it('ticks the page language, adds a language with the preview following, keeps the last one, and saves each change', async () => {
    const reader = web.world.api.addUser({ first_name: 'Elnur', language_code: 'en' });
    await web.subscribe(reader);
    const { page, errors } = await open(web.sign(reader));
    await page.getByTestId('item-language-en').waitFor();
    expect([await pressed(page, 'en'), await pressed(page, 'ru'), await pressed(page, 'az')]).toEqual(['true', 'false', 'false']);
    await page.getByTestId('preview-item').first().waitFor();
    expect(await page.getByTestId('preview-item').allTextContents()).toEqual([expect.stringContaining('Pipeline deal signed')]);

    await page.getByTestId('item-language-ru').click();
    await page.getByTestId('preview-count').filter({ hasText: '2 stories' }).waitFor();
    expect(await pressed(page, 'ru')).toBe('true');

    // English off, then Russian is the last one: a tap on it leaves it ticked.
    await page.getByTestId('item-language-en').click();
    await page.getByTestId('item-language-ru').click();
    expect([await pressed(page, 'en'), await pressed(page, 'ru')]).toEqual(['false', 'true']);

    // Each tap is saved as it is made: no Save button.
    await page.getByTestId('save-state').filter({ hasText: 'Saved.' }).waitFor();
    expect((await getSubscriber(web.world.db, reader.id))?.itemLanguages).toEqual(['ru']);
    expect(errors).toEqual([]);
  });
});
