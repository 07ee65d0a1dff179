// Both Mini App pages in headless Chromium (Debian's `chromium`, driven by playwright-core) against
// Herald in-process on the fakes. A local stand-in for Telegram's telegram-web-app.js supplies the
// signed initData and the theme; nothing leaves the machine (every other address is refused).
// Every test saves a screenshot of each page it opened under test-output/webapp/tests/, and some
// name further moments under test-output/webapp/ (git-ignored).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addAdmin, removeAdmin } from '../../src/stores/admins.js';
import { recentAudit } from '../../src/stores/audit.js';
import { createDraft, queueBroadcast } from '../../src/stores/broadcasts.js';
import { getSubscriber, updateSubscriber } from '../../src/stores/subscribers.js';
import type { FakeUser } from '../helpers/fake-bot-api.js';
import { ensurePagesBuilt, startWebWorld, type WebWorld } from './support.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(import.meta.dirname, '..', '..', 'test-output', 'webapp');
const TELEGRAM_SCRIPT = 'https://telegram.org/js/telegram-web-app.js';

const LIGHT = { bg_color: '#ffffff', text_color: '#000000', hint_color: '#707579', link_color: '#3390ec', button_color: '#3390ec', button_text_color: '#ffffff', secondary_bg_color: '#f4f4f5' };
const DARK = { bg_color: '#212121', text_color: '#ffffff', hint_color: '#aaaaaa', link_color: '#8774e1', button_color: '#8774e1', button_text_color: '#ffffff', secondary_bg_color: '#181818' };

/** The stand-in for telegram-web-app.js: what Telegram's script gives a page, for one signed user and theme. */
function telegramStandIn(initData: string, theme: Record<string, string>, scheme: 'light' | 'dark'): string {
  return `window.Telegram = { WebApp: {
    initData: ${JSON.stringify(initData)},
    colorScheme: ${JSON.stringify(scheme)},
    themeParams: ${JSON.stringify(theme)},
    ready() { window.__telegramReady = true; },
    expand() {},
    onEvent(event, handler) { (window.__telegramEvents ||= {})[event] = handler; },
    showConfirm(message, callback) { window.__confirmed = message; callback(true); },
  } };`;
}

let web: WebWorld;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** The pages the running test opened: each is saved as a screenshot when the test ends, however it ends. */
let opened: Page[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  mkdirSync(join(SHOTS, 'tests'), { recursive: true });
  await ensurePagesBuilt();
  web = await startWebWorld({ sender: false });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}, 120_000);
afterEach(async (context) => {
  const name = context.task.name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80).toLowerCase();
  for (const [i, page] of opened.entries()) {
    if (!page.isClosed()) await page.screenshot({ path: join(SHOTS, 'tests', `${name}${opened.length > 1 ? `-${i + 1}` : ''}.png`), fullPage: true }).catch(() => undefined);
  }
  opened = [];
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await web?.close();
});

/** Opens a page as `initData` would in Telegram (null: the script answers with no initData). */
async function open(path: string, initData: string | null, options: { theme?: 'light' | 'dark'; timeZone?: string } = {}): Promise<Page> {
  const scheme = options.theme ?? 'light';
  const context = await browser.newContext({ viewport: { width: path.startsWith('/dashboard') ? 1000 : 430, height: 900 }, colorScheme: scheme, locale: 'en-GB', timezoneId: options.timeZone ?? 'Asia/Baku' });
  contexts.push(context);
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(TELEGRAM_SCRIPT)) return route.fulfill({ contentType: 'text/javascript', body: telegramStandIn(initData ?? '', scheme === 'dark' ? DARK : LIGHT, scheme) });
    if (url.startsWith('http://127.0.0.1:')) return route.continue();
    return route.abort();
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/.test(message.text())) errors.push(message.text());
  });
  (page as Page & { errors: string[] }).errors = errors;
  opened.push(page);
  await page.goto(`${web.base}${path}`);
  return page;
}

const errorsOf = (page: Page) => (page as Page & { errors: string[] }).errors;
/** A screenshot of the whole page: the viewport grows to the page's height, so the sticky save bar sits at its end. */
async function shot(page: Page, name: string): Promise<void> {
  const width = page.viewportSize()?.width ?? 430;
  const height = await page.evaluate<number>('document.documentElement.scrollHeight');
  await page.setViewportSize({ width, height: Math.min(Math.max(height, 300), 4000) });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  await page.setViewportSize({ width, height: 900 });
}

/** Waits until the page says its choices are saved (it saves each change a moment after it is made). */
async function saved(page: Page): Promise<void> {
  await page.getByTestId('save-state').filter({ hasText: 'Saved.' }).waitFor({ timeout: 10_000 });
}

async function noticeText(page: Page): Promise<string> {
  const notice = page.getByTestId('notice');
  await notice.waitFor({ timeout: 10_000 });
  return (await notice.textContent()) ?? '';
}

describe('the reader settings page', () => {
  let reader: FakeUser;

  beforeAll(async () => {
    reader = web.world.api.addUser({ first_name: 'Aysel', language_code: 'en' });
    await web.subscribe(reader);
    // The outlet's feed is seen once (its first fetch posts at most one item), then a story arrives.
    await web.world.runJob('poll');
    web.world.clock.advance(10 * 60_000); // the feed is due again
    web.world.feeds.addItem('/rss.xml', { guid: 'ferry-1', title: 'Caspian ferry line reopens after storm', link: 'https://outlet.example/ferry-1', description: 'The crossing resumes on Monday.', pubDate: web.world.clock.now() });
    await web.world.runJob('poll');
    await web.world.drain();
  });

  it('a reader changes topics and keywords, with no Save to tap: each change is saved as made, and the database, the next fan-out and the preview follow', async () => {
    const page = await open('', web.sign(reader));
    await page.getByTestId('topic-sport').waitFor();
    expect(await page.evaluate<boolean>('window.__telegramReady === true')).toBe(true);
    expect(await page.getByTestId('save').count()).toBe(0);
    expect(await page.getByTestId('save-state').textContent()).toBe('Changes are saved as you make them.');
    // Everything is followed now: the preview lists the ferry story.
    await page.getByTestId('preview-item').first().waitFor();
    expect(await page.getByTestId('preview-item').allTextContents()).toEqual([expect.stringContaining('Caspian ferry line reopens')]);

    // Sport only: nothing of the last day matches; then the keyword "ferry" brings the story back.
    await page.getByTestId('topic-sport').click();
    await page.getByTestId('preview-none').waitFor();
    await saved(page);
    expect((await getSubscriber(web.world.db, reader.id))?.topics).toEqual(['sport']);
    // A keyword is added with Enter (the keyboard's Done): there is no Add button.
    expect(await page.getByTestId('keyword-add').count()).toBe(0);
    await page.getByTestId('keyword-input').fill('Ferry');
    await page.getByTestId('keyword-input').press('Enter');
    expect(await page.getByTestId('keyword-input').inputValue()).toBe('');
    await page.getByTestId('preview-item').first().waitFor();
    expect(await page.getByTestId('topic-sport').getAttribute('aria-pressed')).toBe('true');
    await saved(page);
    expect(await page.getByTestId('keyword').allTextContents()).toEqual([expect.stringContaining('ferry')]);
    await shot(page, 'reader-settings');

    const stored = await getSubscriber(web.world.db, reader.id);
    expect(stored).toMatchObject({ topics: ['sport'], keywords: ['ferry'], status: 'active' });
    // The bot reads the same row: /keywords lists what the page saved.
    const [keywords] = await web.world.command(reader.id, 'keywords');
    expect(keywords?.text).toContain('ferry');

    // The next fan-out: the ferry story (keyword) reaches the reader, the election story (politics) does not.
    web.world.clock.advance(10 * 60_000);
    web.world.feeds.addItem('/rss.xml', { guid: 'ferry-2', title: 'Baku ferry timetable changes for winter', link: 'https://outlet.example/ferry-2', description: 'Fewer crossings until March.', pubDate: web.world.clock.now() });
    web.world.feeds.addItem('/rss.xml', { guid: 'vote-1', title: 'Parliament debates new election law', link: 'https://outlet.example/vote-1', description: 'Opposition parties object to the threshold.', pubDate: web.world.clock.now() });
    await web.world.runJob('poll');
    await web.world.drain();
    await web.world.api.waitForMessage(web.world.channel.id, (m) => m.text?.includes('Parliament debates') ?? false);
    const toReader = web.world.api.sentTo(reader.id).map((m) => m.text ?? '');
    expect(toReader.some((t) => t.includes('Baku ferry timetable'))).toBe(true);
    expect(toReader.some((t) => t.includes('Parliament debates'))).toBe(false);
    expect(errorsOf(page)).toEqual([]);
  });

  it('proposes the device’s time zone and stores it only once the reader confirms it; a different stored zone is kept until then', async () => {
    const traveller = web.world.api.addUser({ first_name: 'Leyla' });
    await web.subscribe(traveller, { timeZone: 'Europe/Berlin' });
    // The phone is in Tokyo; the reader chose Berlin in the chat.
    const page = await open('', web.sign(traveller), { timeZone: 'Asia/Tokyo' });
    const suggestion = page.getByTestId('zone-suggestion');
    await suggestion.waitFor();
    expect(await suggestion.textContent()).toContain('Your device says Asia/Tokyo.');
    expect(await page.getByTestId('time-zone').inputValue()).toBe('Europe/Berlin');

    // Saving something else leaves the stored zone alone: the proposal is not taken silently.
    await page.getByTestId('topic-culture').click();
    await saved(page);
    expect(await getSubscriber(web.world.db, traveller.id)).toMatchObject({ topics: ['culture'], timeZone: 'Europe/Berlin' });
    expect(await suggestion.isVisible()).toBe(true);

    // The reader confirms: the page shows Tokyo, the save stores it, and the proposal is gone.
    await page.getByTestId('zone-use').click();
    expect(await page.getByTestId('time-zone').inputValue()).toBe('Asia/Tokyo');
    await saved(page);
    expect((await getSubscriber(web.world.db, traveller.id))?.timeZone).toBe('Asia/Tokyo');
    expect(await page.getByTestId('zone-suggestion').count()).toBe(0);
    await shot(page, 'reader-time-zone-confirmed');

    // Opened again from the same device: nothing to propose.
    const again = await open('', web.sign(traveller), { timeZone: 'Asia/Tokyo' });
    await again.getByTestId('time-zone').waitFor();
    expect(await again.getByTestId('time-zone').inputValue()).toBe('Asia/Tokyo');
    expect(await again.getByTestId('zone-suggestion').count()).toBe(0);
    expect([...errorsOf(page), ...errorsOf(again)]).toEqual([]);
  });

  it('finds a single country by searching its name: Enter picks the first found, and it is saved', async () => {
    const searcher = web.world.api.addUser({ first_name: 'Nino' });
    await web.subscribe(searcher);
    const page = await open('', web.sign(searcher));
    await page.getByTestId('country-search').waitFor();
    expect(await page.locator('[data-testid^="country-"]:not([data-testid="country-search"])').count()).toBe(0);
    await page.getByTestId('country-search').pressSequentially('Geor');
    await page.getByTestId('country-GE').waitFor();
    // The search went on being typed into while the list changed under it.
    expect(await page.getByTestId('country-search').inputValue()).toBe('Geor');
    await page.getByTestId('country-search').press('Enter');
    expect(await page.getByTestId('country-GE').getAttribute('aria-pressed')).toBe('true');
    // The search is emptied for the next country; the chosen one stays listed, and the field keeps the keyboard.
    expect(await page.getByTestId('country-search').inputValue()).toBe('');
    expect(await page.evaluate<string | undefined>('document.activeElement?.dataset.testid')).toBe('country-search');
    await saved(page);
    expect((await getSubscriber(web.world.db, searcher.id))?.countries).toEqual(['GE']);
    // A tap on a found country works as well, and a second tap takes it back.
    await page.getByTestId('country-search').pressSequentially('Arm');
    await page.getByTestId('country-AM').click();
    await saved(page);
    expect((await getSubscriber(web.world.db, searcher.id))?.countries).toEqual(['GE', 'AM']);
    expect(errorsOf(page)).toEqual([]);
  });

  it('a digest-hour chip is one tap for “a daily digest at that hour”: saved, and the digest comes at that hour', async () => {
    const { world } = web;
    const early = world.api.addUser({ first_name: 'Murad' });
    await web.subscribe(early, { timeZone: 'UTC' });
    // Half past the next hour: far enough ahead for a story to arrive first.
    const at = new Date(world.clock.now());
    at.setUTCMinutes(30, 0, 0);
    at.setUTCHours(at.getUTCHours() + 1);
    const hour = at.getUTCHours();
    const page = await open('', web.sign(early), { timeZone: 'UTC' });
    expect(await page.getByTestId('mode-instant').getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId(`digest-hour-${hour}`).click();
    expect(await page.getByTestId(`digest-hour-${hour}`).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('mode-instant').getAttribute('aria-pressed')).toBe('false');
    await saved(page);
    expect(await getSubscriber(world.db, early.id)).toMatchObject({ mode: 'digest', digestHour: hour });

    // A story now is kept for the digest, not sent at once…
    world.clock.advance(10 * 60_000);
    world.feeds.addItem('/rss.xml', { guid: 'tea-1', title: 'Tea harvest ends early in Lankaran', link: 'https://outlet.example/tea-1', description: 'A dry autumn.', pubDate: world.clock.now() });
    await world.runJob('poll');
    await world.drain();
    expect(world.api.sentTo(early.id).some((m) => m.text?.includes('Tea harvest'))).toBe(false);
    // …and comes in the digest at the hour the chip said.
    world.clock.set(at.toISOString());
    await world.runJob('digests');
    await world.drain();
    const digest = await world.api.waitForMessage(early.id, (m) => m.text?.startsWith('🗞 Your digest') ?? false);
    expect(digest.text).toContain('Tea harvest');

    // “Instantly” takes it back.
    await page.getByTestId('mode-instant').click();
    await saved(page);
    expect((await getSubscriber(world.db, early.id))?.mode).toBe('instant');
    expect(errorsOf(page)).toEqual([]);
  });

  it('quiet hours and the language are a tap each: a preset, hours of one’s own, and the page speaks Russian at once', async () => {
    const night = web.world.api.addUser({ first_name: 'Gunel', language_code: 'en' });
    await web.subscribe(night);
    const page = await open('', web.sign(night));
    expect(await page.getByTestId('quiet-off').getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('quiet-1320-420').click();
    await saved(page);
    expect(await getSubscriber(web.world.db, night.id)).toMatchObject({ quietStart: 22 * 60, quietEnd: 7 * 60 });

    // Hours of one's own: “Other…” shows the two times, starting from the chosen ones.
    expect(await page.getByTestId('quiet-from').count()).toBe(0);
    await page.getByTestId('quiet-other').click();
    expect(await page.getByTestId('quiet-from').inputValue()).toBe('22:00');
    await page.getByTestId('quiet-from').fill('23:30');
    await saved(page);
    expect(await getSubscriber(web.world.db, night.id)).toMatchObject({ quietStart: 23 * 60 + 30, quietEnd: 7 * 60 });

    // The language: the page turns Russian as soon as the choice is saved, and the bot follows it.
    await page.getByTestId('language-ru').click();
    await page.getByRole('heading', { level: 1, name: 'Ваши новости' }).waitFor();
    await page.getByTestId('save-state').filter({ hasText: 'Сохранено.' }).waitFor();
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('ru');
    expect((await getSubscriber(web.world.db, night.id))?.language).toBe('ru');
    await shot(page, 'reader-settings-russian');
    await page.getByTestId('quiet-off').click();
    await page.getByTestId('save-state').filter({ hasText: 'Сохранено.' }).waitFor();
    expect(await getSubscriber(web.world.db, night.id)).toMatchObject({ quietStart: null, quietEnd: null });
    expect(errorsOf(page)).toEqual([]);
  });

  it('a change made while the last one is being saved is kept: it goes next, over the version the first brought back', async () => {
    const quick = web.world.api.addUser({ first_name: 'Orkhan' });
    await web.subscribe(quick);
    const page = await open('', web.sign(quick));
    await page.getByTestId('topic-energy').waitFor();
    // The first save is held on its way, as a slow network would.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let saves = 0;
    await page.route('**/api/settings', async (route) => {
      saves++;
      if (saves === 1) await held;
      await route.continue();
    });
    await page.getByTestId('topic-energy').click();
    await expect.poll(() => saves).toBe(1);
    await page.getByTestId('topic-culture').click();
    expect(await page.getByTestId('save-state').textContent()).toBe('Saving…');
    release();
    await saved(page);
    expect(saves).toBe(2);
    expect((await getSubscriber(web.world.db, quick.id))?.topics).toEqual(['energy', 'culture']);
    expect(await page.getByTestId('notice').count()).toBe(0);
    expect(errorsOf(page)).toEqual([]);
  });

  it('a save whose answer is lost on the way back is not taken for a stale page: tried again, “Saved.”, and stored', async () => {
    const mobile = web.world.api.addUser({ first_name: 'Leyla' });
    await web.subscribe(mobile);
    const page = await open('', web.sign(mobile));
    await page.getByTestId('topic-energy').waitFor();
    // The first save reaches Herald and is stored; its answer is then lost, as when a phone's network drops.
    const answers: number[] = [];
    let loseNext = true;
    await page.route('**/api/settings', async (route) => {
      const response = await route.fetch();
      answers.push(response.status());
      if (!loseNext) return route.fulfill({ response });
      loseNext = false;
      return route.abort('internetdisconnected');
    });
    await page.getByTestId('topic-energy').click();
    await expect.poll(() => answers.length).toBe(1);
    expect((await getSubscriber(web.world.db, mobile.id))?.topics).toEqual(['energy']);
    // Before the page tries again, the reader adds a topic: it goes with the retry, over the save the page is unsure of.
    await page.getByTestId('topic-culture').click();
    await saved(page);
    expect(answers).toEqual([200, 200]);
    expect(await page.getByTestId('reload').count()).toBe(0);
    expect((await getSubscriber(web.world.db, mobile.id))?.topics).toEqual(['energy', 'culture']);

    // Lost again, with nothing changed before the retry: the very choices go again, and are recognised as stored.
    loseNext = true;
    await page.getByTestId('topic-culture').click();
    await expect.poll(() => answers.length).toBe(3);
    expect((await getSubscriber(web.world.db, mobile.id))?.topics).toEqual(['energy']);
    await saved(page);
    expect(answers).toEqual([200, 200, 200, 200]);
    expect(await page.getByTestId('notice').count()).toBe(0);
    expect((await getSubscriber(web.world.db, mobile.id))?.topics).toEqual(['energy']);
    expect(errorsOf(page)).toEqual([]);
  });

  it('a change made while a save is on its way goes at once when Telegram hides the page, and is stored though the page then closes', async () => {
    const leaving = web.world.api.addUser({ first_name: 'Nigar' });
    await web.subscribe(leaving);
    const page = await open('', web.sign(leaving));
    await page.getByTestId('topic-energy').waitFor();
    // The first save reaches Herald and is stored, but its answer is slow to come back.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let saves = 0;
    await page.route('**/api/settings', async (route) => {
      saves++;
      if (saves > 1) return route.continue();
      const response = await route.fetch();
      await held;
      await route.fulfill({ response }).catch(() => undefined); // the page may be closed by then
    });
    await page.getByTestId('topic-energy').click();
    await expect.poll(async () => (await getSubscriber(web.world.db, leaving.id))?.topics).toEqual(['energy']);
    await page.getByTestId('topic-culture').click();
    // Telegram hides the page before closing it.
    await page.evaluate(`Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true }); document.dispatchEvent(new Event('visibilitychange'));`);
    await expect.poll(async () => (await getSubscriber(web.world.db, leaving.id))?.topics).toEqual(['energy', 'culture']);
    await page.close();
    release();
  });

  it('follows Telegram’s dark theme', async () => {
    const page = await open('', web.sign(reader), { theme: 'dark' });
    await page.getByTestId('topic-sport').waitFor();
    const colours = await page.evaluate<{ bg: string; scheme: string }>('({ bg: getComputedStyle(document.body).backgroundColor, scheme: document.documentElement.dataset.scheme })');
    expect(colours).toEqual({ bg: 'rgb(33, 33, 33)', scheme: 'dark' });
    await shot(page, 'reader-settings-dark');
  });

  it('follows a theme change made in Telegram while the page is open', async () => {
    const page = await open('', web.sign(reader), { theme: 'light' });
    await page.getByTestId('topic-sport').waitFor();
    const background = () => page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    expect(await background()).toBe('rgb(255, 255, 255)');
    // What Telegram's script does when the user switches to the dark theme: new colours, then themeChanged.
    await page.evaluate(`Object.assign(window.Telegram.WebApp, { colorScheme: 'dark', themeParams: ${JSON.stringify(DARK)} }); window.__telegramEvents.themeChanged();`);
    expect(await background()).toBe('rgb(33, 33, 33)');
    expect(await page.evaluate<string>('document.documentElement.dataset.scheme')).toBe('dark');
  });

  it('a keyword over the limit: the bot’s message on the page, nothing saved', async () => {
    const before = await getSubscriber(web.world.db, reader.id);
    const page = await open('', web.sign(reader));
    await page.getByTestId('keyword-input').fill('x'.repeat(41));
    await page.getByTestId('keyword-input').press('Enter');
    expect(await noticeText(page)).toContain('too long: at most 40 characters');
    expect(await getSubscriber(web.world.db, reader.id)).toEqual(before);
    // The page is back to what is saved: the refused keyword is not shown as if it were kept.
    expect(await page.getByTestId('keyword').allTextContents()).toEqual((before?.keywords ?? []).map((k) => expect.stringContaining(k)));
    await shot(page, 'reader-keyword-too-long');
  });

  it('a stale page saving over newer choices is refused with “reload”', async () => {
    const page = await open('', web.sign(reader));
    await page.getByTestId('topic-energy').waitFor();
    // Meanwhile the reader changes their digest hour in the chat (/digest 9).
    await updateSubscriber(web.world.db, reader.id, { digestHour: 9 }, web.world.clock.now());
    await page.getByTestId('topic-energy').click();
    expect(await noticeText(page)).toContain('Reload to see them');
    await page.getByTestId('reload').waitFor();
    expect((await getSubscriber(web.world.db, reader.id))?.topics).toEqual(['sport']);
    // Nothing more is sent from a stale page: its choices are shown but cannot be changed.
    expect(await page.getByTestId('topic-culture').isDisabled()).toBe(true);
    await shot(page, 'reader-stale');
  });

  it('forged initData gets 401: the page says to open it from Telegram and shows nothing else', async () => {
    const forged = web.sign(reader).replace(/hash=[0-9a-f]{6}/, 'hash=abcdef');
    const page = await open('', forged);
    const error = page.getByTestId('page-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('works only when opened from Telegram');
    expect(await page.getByTestId('topics').count()).toBe(0);
    await shot(page, 'reader-forged');
  });

  it('a reader who blocked the bot sees why, and cannot save', async () => {
    const blocker = web.world.api.addUser({ first_name: 'Blocker' });
    await web.subscribe(blocker);
    await web.world.handled(web.world.api.userBlocksBot(blocker.id));
    const page = await open('', web.sign(blocker));
    expect(await noticeText(page)).toContain('blocked the bot');
    expect(await page.getByTestId('topic-energy').isDisabled()).toBe(true);
    expect(await page.getByTestId('keyword-input').isDisabled()).toBe(true);
    expect((await getSubscriber(web.world.db, blocker.id))).toMatchObject({ status: 'blocked', topics: [] });
  });
});

describe('the editors’ dashboard', () => {
  it('a non-editor gets 403: nothing rendered', async () => {
    const stranger = web.world.api.addUser({ first_name: 'Stranger' });
    await web.subscribe(stranger);
    const page = await open('/dashboard', web.sign(stranger));
    const error = page.getByTestId('page-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('Only Herald’s editors can see this page.');
    expect(await page.locator('canvas').count()).toBe(0);
    expect(await page.getByTestId('feeds').count()).toBe(0);
    await shot(page, 'dashboard-refused');
  });

  it('renders its charts with data and cancels a broadcast, audited as /cancel is', async () => {
    const editor = web.world.editor!;
    const { db, clock } = web.world;
    const now = clock.now();
    // A week of sends to draw: some sent, one failed, a 429 wait recorded by the sender.
    const rows = Array.from({ length: 30 }, (_, i) => {
      const at = new Date(now.getTime() - (i + 1) * 3 * 3600_000);
      return { item_id: null, broadcast_id: null, chat_id: String(900_000 + i), message_thread_id: null, kind: 'direct' as const, priority: 2, status: i % 10 === 9 ? ('failed' as const) : ('sent' as const), payload: null, next_attempt_at: at, lease_owner: null, message_id: null, sent_as: null, last_error: null, last_error_code: null, created_at: new Date(at.getTime() - 60_000), sent_at: i % 10 === 9 ? null : at };
    });
    await db.insertInto('deliveries').values(rows).execute();
    await db.insertInto('service_state').values({ key: `rate-limit-wait:${new Date(now.getTime() - 2 * 3600_000).toISOString().slice(0, 13)}`, value: JSON.stringify(12), updated_at: now }).execute();
    await db.insertInto('service_state').values({ key: `rate-limit-hits:${new Date(now.getTime() - 2 * 3600_000).toISOString().slice(0, 13)}`, value: JSON.stringify(3), updated_at: now }).execute();
    // An alert that has ended: still listed, as ended.
    await db.insertInto('alert_history').values({ key: 'alert:sender-stalled', started_at: new Date(now.getTime() - 5 * 3600_000), ended_at: new Date(now.getTime() - 4 * 3600_000) }).execute();
    // Breaking news on its way to every reader, nothing sent yet.
    const id = await createDraft(db, { authorId: editor.id, html: '🚨 BREAKING Bridge closed for repairs', photo: null }, now);
    const queued = await queueBroadcast(db, id, now);
    expect(queued.ok && queued.readers).toBeGreaterThan(0);

    const page = await open('/dashboard', web.sign(editor));
    await page.getByTestId(`broadcast-${id}`).waitFor();
    await page.locator('[data-testid="chart-deliveries"] canvas').waitFor();
    // Every chart is drawn: its canvas has painted pixels.
    const painted = await page.evaluate<[string, number][]>(`
      ['chart-queue', 'chart-deliveries', 'chart-waits', 'chart-growth'].map((id) => {
        const canvas = document.querySelector('[data-testid="' + id + '"] canvas');
        if (!canvas) return [id, 0];
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
        return [id, n];
      })
    `);
    for (const [id, pixels] of painted) expect(pixels, String(id)).toBeGreaterThan(500);
    expect(await page.getByTestId(`broadcast-${id}-counts`).textContent()).toMatch(/0 sent · \d+ waiting/);
    expect(await page.getByTestId('feeds').textContent()).toContain('The Outlet');
    expect(await page.getByTestId('alert-ended').first().textContent()).toMatch(/^Sender stalled · .+ – ended /);
    expect(await page.getByTestId('readers-topics').locator('[data-testid$="-change"]').first().textContent()).toMatch(/^\+\d+ −\d+ in 30 days$/);
    expect(await page.getByTestId('chart-waits').textContent()).toContain('429s');
    await shot(page, 'dashboard');

    await page.getByTestId(`cancel-${id}`).click();
    expect(await noticeText(page)).toMatch(new RegExp(`Broadcast #${id} cancelled`));
    expect((await db.selectFrom('broadcasts').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('cancelled');
    const audit = await recentAudit(db, 5);
    expect(audit.find((a) => a.action === 'breaking.cancel')).toMatchObject({ actorId: editor.id, details: { broadcastId: id } });
    expect(errorsOf(page)).toEqual([]);
    await shot(page, 'dashboard-cancelled');
  });

  it('pauses and resumes a feed, the row following each time', async () => {
    const editor = web.world.editor!;
    const feed = (await web.world.db.selectFrom('feeds').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
    const page = await open('/dashboard', web.sign(editor));
    await page.getByTestId(`pause-${feed}`).click();
    expect(await noticeText(page)).toMatch(new RegExp(`#${feed}.*paused`, 'i'));
    await page.getByTestId(`resume-${feed}`).waitFor();
    expect(await page.getByTestId(`feed-${feed}`).textContent()).toContain('paused');
    expect((await web.world.db.selectFrom('feeds').select('enabled').where('id', '=', feed).executeTakeFirstOrThrow()).enabled).toBe(false);
    await page.getByTestId(`resume-${feed}`).click();
    await page.getByTestId(`pause-${feed}`).waitFor();
    expect((await web.world.db.selectFrom('feeds').select('enabled').where('id', '=', feed).executeTakeFirstOrThrow()).enabled).toBe(true);
    expect(errorsOf(page)).toEqual([]);
  });

  it('shows a broadcast’s progress live: what the sender sends appears without a reload', async () => {
    const { db, clock } = web.world;
    const editor = web.world.editor!;
    for (const name of ['Rauf', 'Sabina', 'Tural']) await web.subscribe(web.world.api.addUser({ first_name: name }));
    const id = await createDraft(db, { authorId: editor.id, html: '🚨 BREAKING Ferry service suspended', photo: null }, clock.now());
    const queued = await queueBroadcast(db, id, clock.now());
    expect(queued.ok && queued.readers).toBeGreaterThanOrEqual(3);
    const page = await open('/dashboard', web.sign(editor));
    const counts = page.getByTestId(`broadcast-${id}-counts`);
    await counts.filter({ hasText: /^0 sent · [1-9]\d* waiting/ }).waitFor();
    const updatedBefore = await page.getByTestId('updated').textContent();

    // The sender goes through the queue; the page, left alone, follows within a refresh.
    const drained = await web.world.drain();
    expect(drained.sent).toBeGreaterThan(0);
    const progress = await db
      .selectFrom('deliveries')
      .select((eb) => [eb.fn.count<number>('id').filterWhere('status', '=', 'sent').as('sent'), eb.fn.count<number>('id').filterWhere('status', 'in', ['pending', 'held']).as('waiting')])
      .where('broadcast_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(Number(progress.sent)).toBeGreaterThan(0);
    await counts.filter({ hasText: new RegExp(`^${Number(progress.sent)} sent · ${Number(progress.waiting)} waiting · 0 failed`) }).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('updated').textContent()).not.toBe(updatedBefore);
    if (Number(progress.waiting) === 0) expect(await page.getByTestId(`cancel-${id}`).count()).toBe(0);
    expect(errorsOf(page)).toEqual([]);
    await shot(page, 'dashboard-live');
  });

  it('an editor removed while the dashboard is open loses it at the next refresh, without doing anything', async () => {
    const editor = web.world.api.addUser({ first_name: 'Kamran' });
    await addAdmin(web.world.db, editor.id, 'Kamran', web.world.editor!.id, web.world.clock.now());
    const page = await open('/dashboard', web.sign(editor));
    await page.locator('[data-testid="chart-queue"] canvas').waitFor();
    await removeAdmin(web.world.db, editor.id);
    const error = page.getByTestId('page-error');
    await error.waitFor({ timeout: 15_000 });
    expect(await error.textContent()).toBe('Only Herald’s editors can see this page.');
    expect(await page.locator('canvas').count()).toBe(0);
    expect(await page.getByTestId('feeds').count()).toBe(0);
  });

  it('an editor removed while the dashboard is open is refused at their next action, and nothing changes', async () => {
    const editor = web.world.api.addUser({ first_name: 'Nigar' });
    await addAdmin(web.world.db, editor.id, 'Nigar', web.world.editor!.id, web.world.clock.now());
    const page = await open('/dashboard', web.sign(editor));
    const feedRow = page.locator('[data-testid^="pause-"]').first();
    await feedRow.waitFor();
    await removeAdmin(web.world.db, editor.id);
    await feedRow.click();
    const error = page.getByTestId('page-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('Only Herald’s editors can see this page.');
    expect(await page.locator('canvas').count()).toBe(0);
    const feeds = await web.world.db.selectFrom('feeds').select('enabled').execute();
    expect(feeds.every((f) => f.enabled)).toBe(true);
  });
});
