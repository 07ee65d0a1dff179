import { Api } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeBotApi, type FakeBotApi, type RateLimitOptions } from '../helpers/fake-bot-api.js';

let api: FakeBotApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** The clock stands still unless the test moves it, so "back-to-back" is exact. */
async function start(rateLimits: RateLimitOptions = {}): Promise<{ api: FakeBotApi; tg: Api; advance: (ms: number) => void }> {
  let t = 0;
  api = await startFakeBotApi({ now: () => t, rateLimits });
  return { api, tg: new Api(api.token, { apiRoot: api.apiRoot }), advance: (ms) => (t += ms) };
}

describe('fake Bot API: rate limits', () => {
  it('counts a breach when one private chat gets 3 messages back-to-back, but delivers them', async () => {
    const { api, tg } = await start();
    const user = api.addUser();
    for (const text of ['1', '2', '3']) await tg.sendMessage(user.id, text);
    expect(api.sentTo(user.id)).toHaveLength(3);
    expect(api.breaches).toHaveLength(1);
    expect(api.breaches[0]).toMatchObject({ kind: 'private', chat_id: user.id, method: 'sendMessage' });
  });

  it('a sender paced at 1/s per private chat never breaches', async () => {
    const { api, tg, advance } = await start();
    const user = api.addUser();
    for (let i = 0; i < 5; i++) {
      await tg.sendMessage(user.id, `m${i}`);
      advance(1000);
    }
    expect(api.breaches).toEqual([]);
  });

  it('enforce mode answers 429 and holds that chat back until retry_after', async () => {
    const { api, tg, advance } = await start({ mode: 'enforce' });
    const user = api.addUser();
    await tg.sendMessage(user.id, '1');
    await tg.sendMessage(user.id, '2');
    await expect(tg.sendMessage(user.id, '3')).rejects.toMatchObject({ error_code: 429, parameters: { retry_after: 1 } });
    await expect(tg.sendMessage(user.id, '4')).rejects.toMatchObject({ error_code: 429 });
    expect(api.earlyRequests).toHaveLength(1);
    advance(1000);
    await tg.sendMessage(user.id, '5');
    expect(api.sentTo(user.id).map((m) => m.text)).toEqual(['1', '2', '5']);
  });

  it('20 messages per minute into a group or channel', async () => {
    const { api, tg, advance } = await start();
    const channel = api.addChannel();
    for (let i = 0; i < 21; i++) {
      await tg.sendMessage(channel.id, `post ${i}`);
      advance(100);
    }
    expect(api.breaches.map((b) => b.kind)).toEqual(['channel']);
    advance(60_000);
    await tg.sendMessage(channel.id, 'later');
    expect(api.breaches).toHaveLength(1);
  });

  it('about 30 messages per second overall; allow_paid_broadcast lifts it to 1000', async () => {
    const { api, tg, advance } = await start();
    const users = Array.from({ length: 35 }, () => api.addUser());
    for (const u of users) await tg.sendMessage(u.id, 'free');
    expect(api.breaches.filter((b) => b.kind === 'global')).toHaveLength(5);
    advance(5_000);
    for (const u of users) await tg.sendMessage(u.id, 'paid', { allow_paid_broadcast: true });
    expect(api.breaches).toHaveLength(5);
    expect(api.sentTo(users[0]!.id).at(-1)).toMatchObject({ allow_paid_broadcast: true });
  });

  it('can be switched off', async () => {
    api = await startFakeBotApi({ now: () => 0, rateLimits: false });
    const tg = new Api(api.token, { apiRoot: api.apiRoot });
    const user = api.addUser();
    for (let i = 0; i < 5; i++) await tg.sendMessage(user.id, `m${i}`);
    expect(api.breaches).toEqual([]);
  });
});
