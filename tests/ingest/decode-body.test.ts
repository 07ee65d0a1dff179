import { describe, expect, it } from 'vitest';
import { cleanText, decodeBody } from '../../src/news/decode-body.js';
import { encodeSingleByte } from '../helpers/fake-feed-server.js';

const RUSSIAN = 'Новости Баку: «Ёлка» и №5';
const xml = (encoding: string | null, text: string) =>
  `${encoding ? `<?xml version="1.0" encoding="${encoding}"?>` : '<?xml version="1.0"?>'}<rss version="2.0"><channel><title>${text}</title></channel></rss>`;

describe('decodeBody', () => {
  it('reads windows-1251 named in Content-Type', () => {
    const bytes = encodeSingleByte(xml(null, RUSSIAN), 'windows-1251');
    const out = decodeBody(bytes, 'application/rss+xml; charset=windows-1251');
    expect(out.encoding).toBe('windows-1251');
    expect(out.text).toContain(RUSSIAN);
  });

  it('reads KOI8-R named only in the XML declaration', () => {
    // KOI8-R has no « » or №.
    const text = 'Новости Баку: Ёлка и ёж';
    const bytes = encodeSingleByte(xml('KOI8-R', text), 'koi8-r');
    const out = decodeBody(bytes, 'text/xml');
    expect(out.encoding).toBe('koi8-r');
    expect(out.text).toContain(text);
  });

  it('lets the header win over the declaration', () => {
    const bytes = encodeSingleByte(xml('koi8-r', RUSSIAN), 'windows-1251');
    expect(decodeBody(bytes, 'text/xml; charset="cp1251"').text).toContain(RUSSIAN);
  });

  it('reads UTF-8 that a server mislabels as ISO-8859-1', () => {
    const bytes = Buffer.from(xml(null, RUSSIAN), 'utf8');
    const out = decodeBody(bytes, 'application/xml; charset=ISO-8859-1');
    expect(out.encoding).toBe('utf-8');
    expect(out.text).toContain(RUSSIAN);
  });

  it('falls through a false UTF-8 label to the declaration', () => {
    const bytes = encodeSingleByte(xml('windows-1251', RUSSIAN), 'windows-1251');
    expect(decodeBody(bytes, 'application/xml; charset=utf-8').text).toContain(RUSSIAN);
  });

  it('ignores an unknown charset label', () => {
    const bytes = Buffer.from(xml(null, 'plain'), 'utf8');
    expect(decodeBody(bytes, 'text/xml; charset=x-made-up').text).toContain('plain');
  });

  it('strips a UTF-8 BOM and honours a UTF-16 one', () => {
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml(null, RUSSIAN), 'utf8')]);
    const out = decodeBody(utf8, null);
    expect(out.text.startsWith('<?xml')).toBe(true);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml(null, RUSSIAN), 'utf16le')]);
    expect(decodeBody(utf16, null).text).toContain(RUSSIAN);
  });

  it('removes control characters XML forbids but keeps tabs and newlines', () => {
    expect(cleanText('a\u0001b\u000Bc\u001Fd\te\nf\rg\uFFFEh')).toBe('abcd\te\nf\rgh');
  });
});
