import { describe, expect, it } from 'vitest';
import { formatItemPost, type PostItem } from '../../src/delivery/format-post.js';
import { postLabels } from '../../src/delivery/post-labels.js';
import { trimPlain } from '../../src/delivery/telegram-text.js';
import { parseHtml } from '../helpers/fake-bot-api.js';

const base: PostItem = {
  title: 'Pipeline talks resume',
  summary: 'Ministers met in Baku to discuss the route.',
  section: 'analytics',
  author: 'A. Writer',
  url: 'https://outlet.example/a/1',
  imageUrl: 'https://outlet.example/a/1.jpg',
  topics: ['energy'],
  regions: ['south-caucasus', 'central-asia'],
};

/** What Telegram counts: the text after its HTML parser, in UTF-16 units. */
const units = (html: string) => parseHtml(html).text.length;

describe('formatItemPost', () => {
  it('puts label, bold title, byline, summary, hashtags and a Read more button in one post', () => {
    const post = formatItemPost(base, '42');
    expect(post.html).toBe(
      '📊 Analytics\n\n<b>Pipeline talks resume</b>\n<i>By A. Writer</i>\n\nMinisters met in Baku to discuss the route.\n\n#SouthCaucasus #CentralAsia #Energy',
    );
    expect(post.photoUrl).toBe(base.imageUrl);
    expect(post.buttons).toEqual([[{ text: 'Read more', url: base.url }]]);
  });

  it('leaves out the byline for news and uses taxonomy labels when given', () => {
    const labels = postLabels({ sections: { news: '🗞 Headlines' }, hashtags: { energy: '#EnergySecurity' } });
    const post = formatItemPost({ ...base, section: 'news' }, '42', { labels });
    expect(post.html).toContain('🗞 Headlines');
    expect(post.html).not.toContain('A. Writer');
    expect(post.html).toContain('#EnergySecurity');
  });

  it('escapes hostile feed text so Telegram parses it as text', () => {
    const post = formatItemPost({ ...base, title: '<script>alert(1)</script> & <b>', summary: 'x < y && z > "q"', author: '</i><b>' }, '1');
    const parsed = parseHtml(post.html);
    expect(parsed.text).toContain('<script>alert(1)</script> & <b>');
    expect(parsed.text).toContain('x < y && z > "q"');
    expect(parsed.text).toContain('By </i><b>');
  });

  it('sends a text post with a link preview when the caption would not fit 1,024 units', () => {
    const long = 'word '.repeat(260).trim();
    const post = formatItemPost({ ...base, summary: long }, '1');
    expect(post.photoUrl).toBeNull();
    expect(post.previewUrl).toBe(base.url);
    expect(parseHtml(post.html).text).toContain(long);
  });

  it('trims an over-long text post at a word, within 4,096 units as Telegram counts them', () => {
    // Emoji are two UTF-16 units each; entities (&amp;) are one unit after parsing.
    const summary = Array.from({ length: 2000 }, (_, i) => (i % 3 === 0 ? '😀&x' : 'wörd')).join(' ');
    const post = formatItemPost({ ...base, imageUrl: null, summary }, '1');
    const text = parseHtml(post.html).text;
    expect(units(post.html)).toBeLessThanOrEqual(4096);
    expect(units(post.html)).toBeGreaterThan(4000);
    expect(text).toMatch(/(😀&x|wörd)…\n\n#SouthCaucasus/);
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('keeps an edited photo post a caption within 1,024 units and marks it updated', () => {
    const summary = 'Long sentence of news. '.repeat(100);
    const post = formatItemPost({ ...base, summary }, '1', { updated: true, as: 'photo' });
    expect(units(post.html)).toBeLessThanOrEqual(1024);
    expect(post.html.startsWith('📊 Analytics · ✏️ Updated')).toBe(true);
    expect(parseHtml(post.html).text).toContain('…');
  });

  it('drops links Telegram would refuse and tags it cannot hold', () => {
    const post = formatItemPost({ ...base, url: 'javascript:alert(1)', imageUrl: 'ftp://x/y.jpg', topics: ['2024', 'oil & gas'] }, '1');
    expect(post.buttons).toEqual([]);
    expect(post.photoUrl).toBeNull();
    expect(post.html).toContain('#OilGas');
    expect(post.html).not.toContain('#2024');
  });
});

describe('trimPlain', () => {
  it('never splits a surrogate pair or a word', () => {
    expect(trimPlain('😀😀😀😀', 4)).toBe('😀…');
    expect(trimPlain('alpha beta gamma', 12)).toBe('alpha beta…');
    expect(trimPlain('short', 10)).toBe('short');
  });
});
