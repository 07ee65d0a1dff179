import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Api, Bot, webhookCallback } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeBotApi, type FakeBotApi } from '../helpers/fake-bot-api.js';

let api: FakeBotApi;

beforeEach(async () => {
  api = await startFakeBotApi();
});
afterEach(async () => {
  await api.close();
});

describe('fake Bot API: updates', () => {
  it('long-polls: a grammY bot started with bot.start() gets a user command at once', async () => {
    const bot = new Bot(api.token, { client: { apiRoot: api.apiRoot } });
    bot.command('start', (ctx) => ctx.reply(`Welcome, ${ctx.from?.first_name ?? '?'}`));
    const user = api.addUser({ first_name: 'Rauf' });
    const running = bot.start({ timeout: 30 });
    try {
      // The bot is waiting inside a 30 s long poll when the user writes.
      const poll = await api.waitForCall('getUpdates', (c) => c.params.timeout === 30 && c.outcome === 'pending');
      api.sendCommand(user.id, 'start');
      const reply = await api.waitForMessage(user.id);
      expect(reply.text).toBe('Welcome, Rauf');
      expect(poll.response).toMatchObject({ ok: true, result: [{ message: { text: '/start' } }] });
      expect((poll.answeredAt ?? Infinity) - poll.at).toBeLessThan(5000);
    } finally {
      await bot.stop();
      await running;
    }
    // stop() confirmed the update, so nothing is handed out again.
    expect(api.state.updates.pendingCount).toBe(0);
    expect(api.callsOf('deleteWebhook')).toHaveLength(1);
  });

  it('getUpdates hands out updates until confirmed by offset, honouring limit', async () => {
    const tg = new Api(api.token, { apiRoot: api.apiRoot });
    const user = api.addUser();
    api.sendUserText(user.id, 'one');
    api.sendUserText(user.id, 'two');
    const first = await tg.getUpdates({ limit: 1 });
    expect(first.map((u) => u.message?.text)).toEqual(['one']);
    const again = await tg.getUpdates();
    expect(again.map((u) => u.message?.text)).toEqual(['one', 'two']);
    const after = await tg.getUpdates({ offset: (again[1]?.update_id ?? 0) + 1 });
    expect(after).toEqual([]);
  });

  it('a long poll returns empty when its timeout passes and ends promptly on close()', async () => {
    const tg = new Api(api.token, { apiRoot: api.apiRoot });
    expect(await tg.getUpdates({ timeout: 0 })).toEqual([]);
    // The fake accepts fractional seconds so a test need not wait a whole one.
    expect(await tg.getUpdates({ timeout: 0.05 })).toEqual([]);
    const timed = api.callsOf('getUpdates')[1];
    expect((timed?.answeredAt ?? 0) - (timed?.at ?? 0)).toBeGreaterThanOrEqual(40);
    const pending = tg.getUpdates({ timeout: 50 });
    await api.waitForCall('getUpdates', (c) => c.params.timeout === 50);
    const closing = api.close();
    await expect(pending).rejects.toThrow();
    await closing;
  });

  it('a second poller terminates the first with 409 like Telegram', async () => {
    const tg = new Api(api.token, { apiRoot: api.apiRoot });
    const first = tg.getUpdates({ timeout: 30 });
    await api.waitForCall('getUpdates', (c) => c.outcome === 'pending');
    const second = tg.getUpdates({ timeout: 0 });
    await expect(first).rejects.toMatchObject({ error_code: 409, description: expect.stringContaining('terminated by other getUpdates') });
    expect(await second).toEqual([]);
  });

  it('delivers updates to a webhook with the secret header, and refuses getUpdates meanwhile', async () => {
    const bot = new Bot(api.token, { client: { apiRoot: api.apiRoot } });
    bot.command('ping', (ctx) => ctx.reply('pong'));
    await bot.init();
    const secrets: Array<string | undefined> = [];
    const handle = webhookCallback(bot, 'http', { secretToken: 'sekret' });
    const hook = http.createServer((req, res) => {
      secrets.push(req.headers['x-telegram-bot-api-secret-token'] as string | undefined);
      void handle(req, res);
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
      await bot.api.setWebhook(url, { secret_token: 'sekret' });
      const user = api.addUser();
      api.sendCommand(user.id, 'ping');
      expect((await api.waitForMessage(user.id)).text).toBe('pong');
      expect(secrets).toEqual(['sekret']);
      await api.waitFor(() => api.webhookDelivered.length === 1);
      await expect(bot.api.getUpdates()).rejects.toMatchObject({ error_code: 409 });
      expect(await bot.api.getWebhookInfo()).toMatchObject({ url, pending_update_count: 0 });
    } finally {
      await new Promise<void>((r) => {
        hook.close(() => r());
        hook.closeAllConnections();
      });
    }
  });

  it('keeps retrying a failing webhook and reports the error in getWebhookInfo', async () => {
    await api.close();
    api = await startFakeBotApi({ webhookRetryMs: 10 });
    let attempts = 0;
    const hook = http.createServer((_req, res) => {
      attempts++;
      res.writeHead(attempts < 3 ? 500 : 200).end();
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    try {
      const tg = new Api(api.token, { apiRoot: api.apiRoot });
      await tg.setWebhook(`http://127.0.0.1:${(hook.address() as AddressInfo).port}/`);
      api.sendUserText(api.addUser().id, 'hello');
      await api.waitFor(() => api.webhookDelivered.length === 1);
      expect(attempts).toBe(3);
      expect((await tg.getWebhookInfo()).last_error_message).toMatch(/500/);
    } finally {
      await new Promise<void>((r) => {
        hook.close(() => r());
        hook.closeAllConnections();
      });
    }
  });

  it('commands in a group carry the bot mention and a bot_command entity', () => {
    const user = api.addUser();
    const group = api.addGroup({ type: 'supergroup' });
    const u = api.sendCommand(user.id, 'subscribe', { chat: group.id, mention: true, args: 'energy' });
    expect(u.message).toMatchObject({
      chat: { id: group.id, type: 'supergroup' },
      from: { id: user.id },
      text: '/subscribe@herald_test_bot energy',
      entities: [{ type: 'bot_command', offset: 0, length: 26 }],
    });
    expect(api.chat(group.id)?.members.get(user.id)).toBe('member');
  });

  it('emits my_chat_member when a user blocks the bot and when the bot joins a group', async () => {
    const user = api.addUser();
    const blocked = api.userBlocksBot(user.id);
    expect(blocked.my_chat_member?.new_chat_member.status).toBe('kicked');
    const group = api.addGroup({ botStatus: 'left' });
    const [joined, service] = api.addBotToGroup(group.id, user.id);
    expect(joined?.my_chat_member?.new_chat_member.status).toBe('member');
    expect(service?.message?.new_chat_members?.[0]?.id).toBe(api.bot.id);
  });
});
