import { Api, GrammyError, InlineKeyboard, InputFile } from 'grammy';
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

describe('fake Bot API: speaking Telegram to grammY', () => {
  it('answers getMe with the bot whose id is the token number', async () => {
    const me = await tg.getMe();
    expect(me).toMatchObject({ id: 123456789, is_bot: true, username: 'herald_test_bot' });
  });

  it('stores a sent message as the user sees it and returns a Telegram Message', async () => {
    const user = api.addUser({ first_name: 'Aysel' });
    const sent = await tg.sendMessage(user.id, '<b>Breaking</b> &amp; more', {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      disable_notification: true,
    });
    expect(sent).toMatchObject({ message_id: 1, chat: { id: user.id, type: 'private' }, text: 'Breaking & more' });
    expect(sent.entities).toEqual([{ type: 'bold', offset: 0, length: 8 }]);
    const [msg] = api.sentTo(user.id);
    expect(msg).toMatchObject({
      text: 'Breaking & more',
      parse_mode: 'HTML',
      source: { text: '<b>Breaking</b> &amp; more', parse_mode: 'HTML' },
      link_preview_options: { is_disabled: true },
      disable_notification: true,
    });
    expect(api.calls.at(-1)).toMatchObject({ method: 'sendMessage', encoding: 'json', status: 200, outcome: 'answered' });
  });

  it('numbers messages per chat and resolves channels by @username', async () => {
    const a = api.addUser();
    const channel = api.addChannel({ username: 'caliber_news', title: 'Caliber' });
    await tg.sendMessage(a.id, 'one');
    await tg.sendMessage(a.id, 'two');
    const post = await tg.sendMessage('@caliber_news', 'post');
    expect(api.sentTo(a.id).map((m) => m.message_id)).toEqual([1, 2]);
    expect(post).toMatchObject({ message_id: 1, chat: { id: channel.id, type: 'channel' }, sender_chat: { id: channel.id } });
    expect(api.sentTo(channel.id)).toHaveLength(1);
  });

  it('refuses unknown chats, non-admin channel posts and forum threads that do not exist', async () => {
    await expect(tg.sendMessage(42, 'hi')).rejects.toMatchObject({ error_code: 400, description: 'Bad Request: chat not found' });
    const ch = api.addChannel({ botStatus: 'member' });
    await expect(tg.sendMessage(ch.id, 'hi')).rejects.toMatchObject({
      error_code: 400,
      description: 'Bad Request: need administrator rights in the channel chat',
    });
    const forum = api.addGroup({ forum: true });
    const topic = api.createTopic(forum.id, 'News');
    await tg.sendMessage(forum.id, 'in topic', { message_thread_id: topic });
    expect(api.messages(forum.id, { threadId: topic })).toHaveLength(1);
    await expect(tg.sendMessage(forum.id, 'x', { message_thread_id: 999 })).rejects.toMatchObject({
      description: 'Bad Request: message thread not found',
    });
  });

  it('uploads an InputFile as multipart and decodes the JSON-encoded fields', async () => {
    const user = api.addUser();
    const kb = new InlineKeyboard().text('More', 'more:1');
    await tg.sendPhoto(user.id, new InputFile(Buffer.from('not really a jpeg'), 'cover.jpg'), {
      caption: '<i>Cover</i>',
      parse_mode: 'HTML',
      reply_markup: kb,
    });
    const call = api.callsOf('sendPhoto')[0];
    expect(call?.encoding).toBe('multipart');
    expect(call?.files[0]).toMatchObject({ filename: 'cover.jpg', size: 17 });
    const [msg] = api.sentTo(user.id);
    expect(msg?.photo).toMatchObject({ source: 'upload', value: 'cover.jpg' });
    expect(msg).toMatchObject({ caption: 'Cover', caption_entities: [{ type: 'italic', offset: 0, length: 5 }] });
    expect(msg?.reply_markup).toEqual({ inline_keyboard: [[{ text: 'More', callback_data: 'more:1' }]] });
  });

  it('sends a photo by URL and can be told Telegram could not fetch it', async () => {
    await api.close();
    api = await startFakeBotApi({ rejectPhotoUrl: (url) => (url.includes('broken') ? 'failed to get HTTP URL content' : undefined) });
    tg = new Api(api.token, { apiRoot: api.apiRoot });
    const user = api.addUser();
    const ok = await tg.sendPhoto(user.id, 'https://img.example/cover.jpg', { caption: 'c' });
    expect(ok.photo?.length).toBeGreaterThan(0);
    expect(api.sentTo(user.id)[0]?.photo).toMatchObject({ source: 'url', value: 'https://img.example/cover.jpg' });
    await expect(tg.sendPhoto(user.id, 'https://img.example/broken.jpg')).rejects.toMatchObject({
      description: 'Bad Request: failed to get HTTP URL content',
    });
  });

  it('edits keep history, refuse no-op edits and drop the keyboard when reply_markup is omitted', async () => {
    const user = api.addUser();
    const kb = new InlineKeyboard().text('A', 'a');
    const m = await tg.sendMessage(user.id, 'v1', { reply_markup: kb });
    await tg.editMessageText(user.id, m.message_id, 'v2');
    const stored = api.sentTo(user.id)[0];
    expect(stored).toMatchObject({ text: 'v2' });
    expect(stored?.reply_markup).toBeUndefined();
    expect(stored?.edits.map((v) => v.text)).toEqual(['v1']);
    await expect(tg.editMessageText(user.id, m.message_id, 'v2')).rejects.toMatchObject({
      error_code: 400,
      description: expect.stringContaining('message is not modified'),
    });
    await tg.editMessageReplyMarkup(user.id, m.message_id, { reply_markup: kb });
    expect(api.sentTo(user.id)[0]?.reply_markup).toEqual({ inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] });
    await tg.deleteMessage(user.id, m.message_id);
    expect(api.messages(user.id)).toHaveLength(0);
    await expect(tg.deleteMessage(user.id, m.message_id)).rejects.toMatchObject({ description: 'Bad Request: message to delete not found' });
  });

  it('pressButton sends a callback_query for a button the message shows, and records the answer', async () => {
    const user = api.addUser();
    const m = await tg.sendMessage(user.id, 'Pick', { reply_markup: new InlineKeyboard().text('Politics', 'topic:politics') });
    expect(() => api.pressButton(user.id, { chat_id: user.id, message_id: m.message_id }, 'topic:sport')).toThrow(/no button/);
    const { update, queryId } = api.pressButton(user.id, m, { text: 'Politics' });
    expect(update.callback_query).toMatchObject({ data: 'topic:politics', message: { message_id: m.message_id } });
    await tg.answerCallbackQuery(queryId, { text: 'Saved' });
    expect(api.callbackQuery(queryId)?.answer).toMatchObject({ text: 'Saved' });
    await expect(tg.answerCallbackQuery(queryId)).rejects.toBeInstanceOf(GrammyError);
  });

  it('keeps commands per scope and language', async () => {
    await tg.setMyCommands([{ command: 'start', description: 'Start' }]);
    await tg.setMyCommands([{ command: 'start', description: 'Начать' }], { language_code: 'ru' });
    expect(await tg.getMyCommands()).toEqual([{ command: 'start', description: 'Start' }]);
    expect(api.commands({ language_code: 'ru' })).toEqual([{ command: 'start', description: 'Начать' }]);
    await expect(tg.setMyCommands([{ command: 'Bad-Name', description: 'x' }])).rejects.toMatchObject({ error_code: 400 });
    await tg.deleteMyCommands();
    expect(await tg.getMyCommands()).toEqual([]);
  });

  it('answers group-admin questions', async () => {
    const owner = api.addUser();
    const member = api.addUser();
    const group = api.addGroup({ type: 'supergroup', members: { [owner.id]: 'creator', [member.id]: 'member' } });
    expect((await tg.getChatMember(group.id, owner.id)).status).toBe('creator');
    expect((await tg.getChatMember(group.id, member.id)).status).toBe('member');
    const admins = await tg.getChatAdministrators(group.id);
    expect(admins.map((a) => a.user.id)).toEqual([owner.id]);
    expect((await tg.getChat(group.id)).type).toBe('supergroup');
  });

  it('answers 404 for unknown methods, 401 for malformed tokens, and matches method names case-insensitively', async () => {
    const res = await fetch(`${api.apiRoot}/bot${api.token}/sendTelepathy`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
    const bad = await fetch(`${api.apiRoot}/botnot-a-token/getMe`);
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ ok: false, error_code: 401, description: 'Unauthorized' });
    const me = await fetch(`${api.apiRoot}/bot${api.token}/GETME`);
    expect(await me.json()).toMatchObject({ ok: true, result: { is_bot: true } });
  });

  it('reads form-encoded and query-string parameters as Telegram does', async () => {
    const user = api.addUser();
    const body = new URLSearchParams({ chat_id: String(user.id), text: 'true', disable_notification: 'true' });
    const res = await fetch(`${api.apiRoot}/bot${api.token}/sendMessage`, { method: 'POST', body });
    expect(res.status).toBe(200);
    expect(api.sentTo(user.id)[0]).toMatchObject({ text: 'true', disable_notification: true });
    const q = await fetch(`${api.apiRoot}/bot${api.token}/sendMessage?chat_id=${user.id}&text=hi`);
    expect((await q.json()) as unknown).toMatchObject({ ok: true, result: { text: 'hi' } });
  });

  it('copies and forwards messages', async () => {
    const user = api.addUser();
    const channel = api.addChannel();
    const post = await tg.sendMessage(channel.id, 'Original');
    const copy = await tg.copyMessage(user.id, channel.id, post.message_id);
    const fwd = await tg.forwardMessage(user.id, channel.id, post.message_id);
    expect(api.sentTo(user.id).map((m) => [m.method, m.text])).toEqual([
      ['copyMessage', 'Original'],
      ['forwardMessage', 'Original'],
    ]);
    expect(copy.message_id).toBe(1);
    expect(fwd.forward_origin).toMatchObject({ type: 'channel', message_id: post.message_id });
  });

  it('waitFor rejects with the recent calls when nothing matches in time', async () => {
    const user = api.addUser();
    await tg.sendMessage(user.id, 'something else');
    await expect(api.waitForMessage(user.id, (m) => m.text === 'never', { timeoutMs: 50 })).rejects.toThrow(
      /timed out after 50 ms: a bot message in chat \d+\n.*#1 sendMessage chat_id=\d+ text="something else" → 200/s,
    );
  });
});
