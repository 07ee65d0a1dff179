import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHtml, startFakeBotApi, type FakeBotApi } from '../helpers/fake-bot-api.js';

describe('parseHtml (Telegram HTML parse_mode)', () => {
  it('strips tags, decodes entities and reports entities in UTF-16 units', () => {
    expect(parseHtml('😀 <b>bold <i>both</i></b> &lt;tag&gt; &#8212; &copy;')).toEqual({
      text: '😀 bold both <tag> — &copy;',
      entities: [
        { type: 'bold', offset: 3, length: 9 },
        { type: 'italic', offset: 8, length: 4 },
      ],
    });
  });

  it('understands links, spoilers, blockquotes and pre with a language', () => {
    const r = parseHtml('<a href="https://caliber.az/post/1?a=1&amp;b=2">Read</a> <span class="tg-spoiler">s</span> ' +
      '<blockquote expandable>q</blockquote> <pre><code class="language-ts">x</code></pre>');
    expect(r.entities).toEqual([
      { type: 'text_link', offset: 0, length: 4, url: 'https://caliber.az/post/1?a=1&b=2' },
      { type: 'spoiler', offset: 5, length: 1 },
      { type: 'expandable_blockquote', offset: 7, length: 1 },
      { type: 'pre', offset: 9, length: 1, language: 'ts' },
    ]);
  });

  it("rejects what Telegram rejects, with tdlib's wording", () => {
    expect(() => parseHtml('<b>x')).toThrow('Can\'t find end tag corresponding to start tag "b"');
    expect(() => parseHtml('a<br>b')).toThrow('Unsupported start tag "br" at byte offset 1');
    expect(() => parseHtml('<b>x</i>')).toThrow('Unmatched end tag at byte offset 4, expected "</b>", found "</i>"');
    expect(() => parseHtml('x</b>')).toThrow('Unexpected end tag at byte offset 1');
    expect(() => parseHtml('1 < 2')).toThrow('Unsupported start tag "" at byte offset 2');
    expect(() => parseHtml('<span>x</span>')).toThrow('Tag "span" must have class "tg-spoiler"');
    expect(() => parseHtml('<a href="x>y</a>')).toThrow(/Unclosed/);
  });
});

describe('fake Bot API: text limits', () => {
  let api: FakeBotApi;
  let tg: Api;
  let chat: number;
  beforeAll(async () => {
    api = await startFakeBotApi({ rateLimits: false });
    tg = new Api(api.token, { apiRoot: api.apiRoot });
    chat = api.addUser().id;
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers 400 for unbalanced or unsupported HTML', async () => {
    await expect(tg.sendMessage(chat, '<b>x', { parse_mode: 'HTML' })).rejects.toMatchObject({
      error_code: 400,
      description: 'Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"',
    });
    await expect(tg.sendMessage(chat, 'Breaking<br>news', { parse_mode: 'HTML' })).rejects.toMatchObject({
      description: expect.stringContaining('Unsupported start tag "br"'),
    });
    // Without parse_mode the same text is just text.
    await tg.sendMessage(chat, '<b>x');
  });

  it('counts length after parsing, in UTF-16 units', async () => {
    await expect(tg.sendMessage(chat, 'a'.repeat(4097))).rejects.toMatchObject({ description: 'Bad Request: message is too long' });
    await tg.sendMessage(chat, `<b>${'a'.repeat(4096)}</b>`, { parse_mode: 'HTML' });
    await tg.sendMessage(chat, '&amp;'.repeat(4096), { parse_mode: 'HTML' });
    await expect(tg.sendMessage(chat, '😀'.repeat(2049))).rejects.toMatchObject({ description: 'Bad Request: message is too long' });
    await expect(tg.sendPhoto(chat, 'https://img.example/a.jpg', { caption: 'c'.repeat(1025) })).rejects.toMatchObject({
      description: 'Bad Request: message caption is too long',
    });
    await tg.sendPhoto(chat, 'https://img.example/a.jpg', { caption: `<i>${'c'.repeat(1024)}</i>`, parse_mode: 'HTML' });
  });

  it('refuses empty text, including text that is empty once parsed', async () => {
    await expect(tg.sendMessage(chat, '')).rejects.toMatchObject({ description: 'Bad Request: message text is empty' });
    await expect(tg.sendMessage(chat, '<b> </b>\n', { parse_mode: 'HTML' })).rejects.toMatchObject({
      description: 'Bad Request: message text is empty',
    });
  });

  it('refuses callback data over 64 bytes', async () => {
    await expect(
      tg.sendMessage(chat, 'x', { reply_markup: { inline_keyboard: [[{ text: 'b', callback_data: 'й'.repeat(33) }]] } }),
    ).rejects.toMatchObject({ description: 'Bad Request: BUTTON_DATA_INVALID' });
  });
});
