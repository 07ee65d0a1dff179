/**
 * The ways into the Mini App from the chat: the menu button, /settings, the end of onboarding
 * and the editors' /dashboard, each opening exactly WEBAPP_URL's pages; and, without a
 * WEBAPP_URL, none of them, with the chat menus as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startAppWorld, type AppWorld } from '../helpers/app-world.js';
import type { FakeMessage } from '../helpers/fake-bot-api.js';

const WEBAPP_URL = 'https://news.example/app';

/** Every button of a message's inline keyboard as Telegram receives it. */
function buttons(message: FakeMessage | undefined): { text: string; web_app?: { url: string }; callback_data?: string }[] {
  const markup = message?.reply_markup as { inline_keyboard?: { text: string; web_app?: { url: string } }[][] } | undefined;
  return (markup?.inline_keyboard ?? []).flat();
}

describe('with WEBAPP_URL', () => {
  let world: AppWorld;
  beforeAll(async () => {
    world = await startAppWorld({ feeds: [], sender: false, env: { WEBAPP_URL } });
    await world.start();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('sets the bot’s menu button to open exactly WEBAPP_URL', async () => {
    const call = await world.api.waitForCall('setChatMenuButton');
    expect(call.params.menu_button).toMatchObject({ type: 'web_app', web_app: { url: WEBAPP_URL } });
  });

  it('offers the settings page in /settings and at the end of onboarding, in private chats', async () => {
    const reader = world.api.addUser({ first_name: 'Aysel' });
    let [step] = await world.command(reader.id, 'start');
    for (let i = 0; i < 3 && !/All set/.test(step?.text ?? ''); i++) {
      const next = buttons(world.current(step!)).find((b) => /Next|Daily digest|Instant|As they come/.test(b.text));
      [step] = await world.press(reader.id, world.current(step!), { text: next!.text });
    }
    expect(step?.text).toContain('All set!');
    expect(buttons(step).find((b) => b.web_app)?.web_app?.url).toBe(WEBAPP_URL);

    const [settings] = await world.command(reader.id, 'settings');
    expect(buttons(settings)[0]?.web_app?.url).toBe(WEBAPP_URL);
  });

  it('gives an editor a /dashboard button to the dashboard page, and refuses anyone else', async () => {
    const [answer] = await world.command(world.editor!.id, 'dashboard');
    expect(buttons(answer).map((b) => b.web_app?.url)).toEqual([`${WEBAPP_URL}/dashboard`]);

    // Punctuation after the command is tried with the other editors' commands in tests/security/commands.test.ts.
    const stranger = world.api.addUser({ first_name: 'Mallory' });
    const replies = await world.command(stranger.id, 'dashboard');
    expect(replies.map((m) => m.text)).toEqual(['Sorry, /dashboard is only for Herald’s editors.']);
    expect(replies.flatMap(buttons)).toEqual([]);
  });
});

describe('without WEBAPP_URL', () => {
  let world: AppWorld;
  const lines: string[] = [];
  beforeAll(async () => {
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
    world = await startAppWorld({ feeds: [], sender: false, logger });
    await world.start();
  });

  it('says once in the log that the Mini App is off', () => {
    const off = lines.map((line) => JSON.parse(line) as { msg: string }).filter((line) => /no WEBAPP_URL.*Mini App is off/.test(line.msg));
    expect(off).toHaveLength(1);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('keeps the chat menus and says why /dashboard has no page', async () => {
    const reader = world.api.addUser({ first_name: 'Aysel' });
    await world.command(reader.id, 'start');
    const [settings] = await world.command(reader.id, 'settings');
    expect(buttons(settings).some((b) => b.web_app)).toBe(false);
    expect(buttons(settings).length).toBeGreaterThan(0);
    const [answer] = await world.command(world.editor!.id, 'dashboard');
    expect(answer?.text).toMatch(/set WEBAPP_URL/);
    expect(buttons(answer)).toEqual([]);
    expect(world.api.callsOf('setChatMenuButton')).toEqual([]);
  });
});
