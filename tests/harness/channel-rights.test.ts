/**
 * The fake Bot API's channels, as strict as Telegram: the bot's administrator rights are what
 * getChatMember reports, and an administrator without "Post messages" may not post (nor, without
 * "Edit messages of others", pin). /channels add relies on both (tests/channels/command.test.ts).
 */
import { Api, GrammyError } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeBotApi, type FakeBotApi } from '../helpers/fake-bot-api.js';

let api: FakeBotApi;
let tg: Api;

beforeEach(async () => {
  api = await startFakeBotApi({ rateLimits: false });
  tg = new Api(api.token, { apiRoot: api.apiRoot });
});
afterEach(async () => {
  await api.close();
});

const refusal = (promise: Promise<unknown>) => promise.then(() => 'answered', (error: unknown) => (error instanceof GrammyError ? `${error.error_code} ${error.description}` : String(error)));

describe('fake Bot API: the bot’s rights in a channel', () => {
  it('reports an administrator’s rights, both by default', async () => {
    const me = await tg.getMe();
    const full = api.addChannel({ username: 'full_rights' });
    const limited = api.addChannel({ username: 'limited_rights', botRights: { can_post_messages: false } });
    expect(await tg.getChatMember(full.id, me.id)).toMatchObject({ status: 'administrator', can_post_messages: true, can_edit_messages: true });
    expect(await tg.getChatMember('@limited_rights', me.id)).toMatchObject({ status: 'administrator', can_post_messages: false, can_edit_messages: true });
    expect((await tg.getChatAdministrators(limited.id)).find((m) => m.user.id === me.id)).toMatchObject({ can_post_messages: false });
  });

  it('refuses a post without "Post messages" and a pin without "Edit messages of others"', async () => {
    const noPost = api.addChannel({ botRights: { can_post_messages: false } });
    expect(await refusal(tg.sendMessage(noPost.id, 'Hello'))).toBe('400 Bad Request: need administrator rights in the channel chat');
    expect(api.sentTo(noPost.id)).toEqual([]);
    const noEdit = api.addChannel({ botRights: { can_edit_messages: false } });
    const sent = await tg.sendMessage(noEdit.id, 'Hello');
    expect(await refusal(tg.pinChatMessage(noEdit.id, sent.message_id))).toBe('400 Bad Request: not enough rights to pin a message');
    // Its own post it may still edit, as Telegram lets an administrator who posted it.
    expect(await refusal(tg.editMessageText(noEdit.id, sent.message_id, 'Hello again'))).toBe('answered');
  });

  it('a channel where the bot is a plain member or gone: getChatMember says so, a public one is still found', async () => {
    const me = await tg.getMe();
    api.addChannel({ username: 'member_only', botStatus: 'member' });
    const hidden = api.addChannel({ botStatus: 'left' });
    expect((await tg.getChat('@member_only')).type).toBe('channel');
    expect((await tg.getChatMember('@member_only', me.id)).status).toBe('member');
    expect(await refusal(tg.getChat(hidden.id))).toBe('400 Bad Request: chat not found');
  });
});
