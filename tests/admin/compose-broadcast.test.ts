import { describe, expect, it } from 'vitest';
import { composeBroadcast } from '../../src/bot/admin/compose-broadcast.js';
import { entitiesToHtml } from '../../src/bot/admin/entities-html.js';

const photo = [{ file_id: 'small', file_unique_id: 's', width: 90, height: 60 }, { file_id: 'large', file_unique_id: 'l', width: 800, height: 600 }];

describe('composing the breaking post', () => {
  it('refuses an empty text and whitespace only', () => {
    for (const text of ['', '   \n ']) {
      const result = composeBroadcast({ text });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/has no text/);
    }
  });

  it('accepts text up to Telegram’s 4096 limit with the label, refuses one more', () => {
    const room = 4096 - '🚨 BREAKING\n\n'.length;
    expect(composeBroadcast({ text: 'a'.repeat(room) }).ok).toBe(true);
    const over = composeBroadcast({ text: 'a'.repeat(room + 1) });
    expect(over.ok).toBe(false);
  });

  it('takes the largest photo and refuses a caption over 1024 with advice', () => {
    const ok = composeBroadcast({ photo, caption: 'Flood in the capital' });
    expect(ok).toEqual({ ok: true, html: '🚨 <b>BREAKING</b>\n\nFlood in the capital', photo: 'large', length: 33 });
    const long = composeBroadcast({ photo, caption: 'x'.repeat(1020) });
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.reason).toMatch(/A photo caption holds at most 1024 characters.*or send it as text without the photo/);
    expect(composeBroadcast({ photo })).toMatchObject({ ok: true, html: '🚨 <b>BREAKING</b>', photo: 'large' });
  });

  it('keeps formatting, escapes everything typed, and nests entities correctly', () => {
    expect(entitiesToHtml('a <b> & c', [])).toBe('a &lt;b&gt; &amp; c');
    expect(
      entitiesToHtml('Bold italic link', [
        { type: 'bold', offset: 0, length: 11 },
        { type: 'italic', offset: 5, length: 6 },
        { type: 'text_link', offset: 12, length: 4, url: 'https://x.test/?a=1&b="2"' },
      ]),
    ).toBe('<b>Bold <i>italic</i></b> <a href="https://x.test/?a=1&amp;b=&quot;2&quot;">link</a>');
    // Emoji are two UTF-16 units: offsets count them as Telegram does.
    expect(entitiesToHtml('🚨 alert', [{ type: 'bold', offset: 3, length: 5 }])).toBe('🚨 <b>alert</b>');
    // Entities the post cannot carry (mentions, hashtags) are plain text.
    expect(entitiesToHtml('#tag', [{ type: 'hashtag', offset: 0, length: 4 }])).toBe('#tag');
  });
});
