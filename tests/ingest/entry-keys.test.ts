import { describe, expect, it } from 'vitest';
import { dedupeKeys } from '../../src/news/entry-keys.js';

const entry = (guid: string | null, link: string | null, title = 't', rawDate: string | null = null) => ({ guid, canonicalUrl: link, title, rawDate });

describe('dedupeKeys', () => {
  it('uses guids when every entry has a distinct one', () => {
    expect(dedupeKeys([entry('a', 'https://x/1'), entry('b', 'https://x/2')])).toEqual(['guid:a', 'guid:b']);
  });

  it('falls back to links for the whole fetch when a guid repeats or is missing', () => {
    expect(dedupeKeys([entry('same', 'https://x/1'), entry('same', 'https://x/2')])).toEqual(['url:https://x/1', 'url:https://x/2']);
    expect(dedupeKeys([entry('a', 'https://x/1'), entry(null, 'https://x/2')])).toEqual(['url:https://x/1', 'url:https://x/2']);
  });

  it('hashes title and the date as written when there is neither guid nor link', () => {
    const [a] = dedupeKeys([entry(null, null, 'Title', 'Sat, 28 Nov 2026 10:00:00 GMT')]);
    const [same] = dedupeKeys([entry(null, null, 'Title', 'Sat, 28 Nov 2026 10:00:00 GMT')]);
    const [other] = dedupeKeys([entry(null, null, 'Title', 'Sat, 28 Nov 2026 11:00:00 GMT')]);
    expect(a).toMatch(/^hash:[0-9a-f]{32}$/);
    expect(same).toBe(a);
    expect(other).not.toBe(a);
  });
});
