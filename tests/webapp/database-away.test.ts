// The Mini App while the database is away (stopped, then started again): its API answers 503
// with the bot's "try again in a minute" in the reader's language instead of a bare error, the
// page shows it, and once the database is back the same page works again. The server is the
// test's own (tests/helpers/db/own-postgres.ts), never the run's shared one.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSubscriber } from '../../src/stores/subscribers.js';
import { startOwnPostgres, type OwnPostgres } from '../helpers/db/own-postgres.js';
import { ensurePagesBuilt, startWebWorld, type WebWorld } from './support.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(import.meta.dirname, '..', '..', 'test-output', 'webapp');

let pg: OwnPostgres;
let web: WebWorld;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  await ensurePagesBuilt();
  pg = await startOwnPostgres();
  web = await startWebWorld({ sender: false, testDb: await pg.createTestDb() });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await web?.close();
  await pg?.close();
});

describe('the Mini App while the database is away', () => {
  it('says “try again in a minute” in the reader’s language, then works again once the database is back', async () => {
    const reader = web.world.api.addUser({ first_name: 'Aysel', language_code: 'ru' });
    await web.subscribe(reader);
    const initData = web.sign(reader);
    expect((await web.api('GET', 'me', { initData })).status).toBe(200);

    await pg.stop('fast');
    const away = await web.api('GET', 'me', { initData });
    expect(away.status).toBe(503);
    expect(away.json).toEqual({ error: 'unavailable', message: 'Herald временно недоступен. Попробуйте ещё раз через минуту.' });
    // Forged initData is still refused first: the database is not needed to say no.
    expect((await web.api('GET', 'me', { initData: initData.replace(/hash=[0-9a-f]{4}/, 'hash=0000') })).status).toBe(401);

    const context = await browser.newContext({ viewport: { width: 430, height: 900 } });
    await context.route('**/*', (route) => (route.request().url().startsWith('http://127.0.0.1:') ? route.continue() : route.abort()));
    const page = await context.newPage();
    await page.goto(`${web.base}#tgWebAppData=${encodeURIComponent(initData)}`);
    const error = page.getByTestId('page-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('Herald временно недоступен. Попробуйте ещё раз через минуту.');
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'reader-database-away.png') });

    await pg.start();
    await page.reload();
    await page.getByTestId('topic-energy').waitFor();
    await page.getByTestId('topic-energy').click();
    await page.getByTestId('save-state').filter({ hasText: 'Saved' }).waitFor();
    expect((await getSubscriber(web.world.db, reader.id))?.topics).toEqual(['energy']);
    await context.close();
  }, 120_000);
});
