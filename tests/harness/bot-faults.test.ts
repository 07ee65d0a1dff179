import { Api, GrammyError, HttpError } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { Faults, startFakeBotApi, type FakeBotApi } from '../helpers/fake-bot-api.js';

let api: FakeBotApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** A fake whose clock the test moves by hand, so retry_after needs no real waiting. */
async function withClock(): Promise<{ api: FakeBotApi; tg: Api; advance: (ms: number) => void }> {
  let t = 1_000;
  api = await startFakeBotApi({ now: () => t, rateLimits: false });
  return { api, tg: new Api(api.token, { apiRoot: api.apiRoot }), advance: (ms) => (t += ms) };
}

describe('fake Bot API: injected failures', () => {
  it('429 carries retry_after, and a send before it has elapsed is refused and counted as early', async () => {
    const { api, tg, advance } = await withClock();
    const user = api.addUser();
    api.failNext('sendMessage', 1, Faults.tooManyRequests(3));
    const err = await tg.sendMessage(user.id, 'a').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect(err).toMatchObject({ error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } });
    expect(api.earlyRequests).toHaveLength(0);

    advance(1_500);
    await expect(tg.sendMessage(user.id, 'b')).rejects.toMatchObject({ error_code: 429, parameters: { retry_after: 2 } });
    expect(api.earlyRequests).toHaveLength(1);
    expect(api.earlyRequests[0]).toMatchObject({ method: 'sendMessage', chat_id: user.id });

    advance(1_500);
    await tg.sendMessage(user.id, 'c');
    expect(api.sentTo(user.id).map((m) => m.text)).toEqual(['c']);
    expect(api.earlyRequests).toHaveLength(1);
  });

  it('a chat-scoped 429 only holds back that chat', async () => {
    const { api, tg } = await withClock();
    const a = api.addUser();
    const b = api.addUser();
    api.failNext('sendMessage', 1, Faults.tooManyRequests(5, 'chat'));
    await expect(tg.sendMessage(a.id, 'x')).rejects.toMatchObject({ error_code: 429 });
    await tg.sendMessage(b.id, 'fine');
    await expect(tg.sendMessage(a.id, 'too soon')).rejects.toMatchObject({ error_code: 429 });
    expect(api.earlyRequests.map((e) => e.chat_id)).toEqual([a.id]);
  });

  it('403 once the user blocked the bot, 403 for never-started and deactivated users', async () => {
    api = await startFakeBotApi();
    const tg = new Api(api.token, { apiRoot: api.apiRoot });
    const user = api.addUser();
    await tg.sendMessage(user.id, 'before');
    api.userBlocksBot(user.id);
    await expect(tg.sendMessage(user.id, 'after')).rejects.toMatchObject({
      error_code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    const shy = api.addUser({ started: false });
    await expect(tg.sendMessage(shy.id, 'hi')).rejects.toMatchObject({
      error_code: 403,
      description: "Forbidden: bot can't initiate conversation with a user",
    });
    const gone = api.addUser();
    api.deactivateUser(gone.id);
    await expect(tg.sendMessage(gone.id, 'hi')).rejects.toMatchObject({ error_code: 403, description: 'Forbidden: user is deactivated' });
  });

  it('a migrated group answers 400 with migrate_to_chat_id, and the new id works', async () => {
    api = await startFakeBotApi();
    const tg = new Api(api.token, { apiRoot: api.apiRoot });
    const group = api.addGroup({ title: 'Editors' });
    const supergroup = api.migrateGroup(group.id);
    expect(supergroup.id).toBeLessThan(-1_000_000_000_000);
    await expect(tg.sendMessage(group.id, 'x')).rejects.toMatchObject({
      error_code: 400,
      description: 'Bad Request: group chat was upgraded to a supergroup chat',
      parameters: { migrate_to_chat_id: supergroup.id },
    });
    await tg.sendMessage(supergroup.id, 'moved');
    expect(api.sentTo(supergroup.id)).toHaveLength(1);
    // Scripted form, for a chat the test did not set up as a group.
    const user = api.addUser();
    api.failNext('sendMessage', 1, Faults.migrated(-100123));
    await expect(tg.sendMessage(user.id, 'x')).rejects.toMatchObject({ parameters: { migrate_to_chat_id: -100123 } });
  });

  it('scripted faults apply in order, only to matching calls', async () => {
    api = await startFakeBotApi();
    const tg = new Api(api.token, { apiRoot: api.apiRoot });
    const a = api.addUser();
    const b = api.addUser();
    api.failNext('sendMessage', 1, Faults.badRequest('first'), (c) => c.params.chat_id === b.id);
    api.failNext('sendMessage', 1, Faults.internal(), (c) => c.params.chat_id === b.id);
    await tg.sendMessage(a.id, 'unaffected');
    await expect(tg.sendMessage(b.id, '1')).rejects.toMatchObject({ error_code: 400, description: 'Bad Request: first' });
    await expect(tg.sendMessage(b.id, '2')).rejects.toMatchObject({ error_code: 500 });
    await tg.sendMessage(b.id, '3');
    expect(api.callsTo(b.id, 'sendMessage').map((c) => c.status)).toEqual([400, 500, 200]);
  });

  it("502 from the proxy is HTML, which grammY reports as an HttpError", async () => {
    api = await startFakeBotApi();
    const tg = new Api(api.token, { apiRoot: api.apiRoot });
    const user = api.addUser();
    api.failNext('*', 1, Faults.badGateway());
    await expect(tg.sendMessage(user.id, 'x')).rejects.toBeInstanceOf(HttpError);
    expect(api.calls.at(-1)).toMatchObject({ status: 502, fault: 'http' });
    expect(api.sentTo(user.id)).toHaveLength(0);
  });

  it('a hung request stays open until the client gives up', async () => {
    api = await startFakeBotApi();
    const tg = new Api(api.token, { apiRoot: api.apiRoot });
    const user = api.addUser();
    api.failNext('sendMessage', 1, Faults.hang());
    const abort = new AbortController();
    // grammY types the signal with the abort-controller polyfill; the native one works.
    const pending = tg.sendMessage(user.id, 'x', {}, abort.signal as Parameters<Api['sendMessage']>[3]);
    await api.waitForCall('sendMessage', (c) => c.outcome === 'hung');
    abort.abort();
    await expect(pending).rejects.toBeInstanceOf(HttpError);
    await api.waitForCall('sendMessage', (c) => c.outcome === 'client-gone');
  });

  it('a hung request ends when the fake closes', async () => {
    api = await startFakeBotApi();
    const tg = new Api(api.token, { apiRoot: api.apiRoot });
    const user = api.addUser();
    api.failNext('sendMessage', 1, Faults.hang());
    const pending = tg.sendMessage(user.id, 'x');
    await api.waitForCall('sendMessage', (c) => c.outcome === 'hung');
    await api.close();
    await expect(pending).rejects.toBeInstanceOf(HttpError);
  });

  it('a lost answer: the message is delivered but the client sees a broken connection', async () => {
    api = await startFakeBotApi();
    const tg = new Api(api.token, { apiRoot: api.apiRoot });
    const user = api.addUser();
    api.failNext('sendMessage', 1, Faults.lostAnswer('reset'));
    await expect(tg.sendMessage(user.id, 'maybe')).rejects.toBeInstanceOf(HttpError);
    expect(api.sentTo(user.id).map((m) => m.text)).toEqual(['maybe']);
    expect(api.calls.at(-1)).toMatchObject({ outcome: 'reset', response: { ok: true } });
  });

  it('reset drops the connection without doing anything', async () => {
    api = await startFakeBotApi();
    const tg = new Api(api.token, { apiRoot: api.apiRoot });
    const user = api.addUser();
    const handle = api.failNext('sendMessage', 2, Faults.reset());
    await expect(tg.sendMessage(user.id, 'x')).rejects.toBeInstanceOf(HttpError);
    expect(handle.remaining).toBe(1);
    handle.cancel();
    await tg.sendMessage(user.id, 'y');
    expect(api.sentTo(user.id).map((m) => m.text)).toEqual(['y']);
  });
});
