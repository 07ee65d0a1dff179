import { describe, expect, it } from 'vitest';
import { parseDeepLink } from '../../src/bot/features/deep-link.js';
import { deepLink, followTarget } from '../../src/delivery/follow-link.js';

describe('deep links', () => {
  it('a channel post’s follow link opens the bot on the item’s region, else its topic', () => {
    const target = followTarget({ regions: ['central-asia', 'europe'], topics: ['energy'] });
    expect(target).toEqual({ kind: 'region', id: 'central-asia' });
    const url = deepLink('herald_test_bot', target!);
    expect(url).toBe('https://t.me/herald_test_bot?start=region-central-asia');
    // What /start receives is read back into the same choice.
    expect(parseDeepLink(new URL(url).searchParams.get('start')!)).toEqual(target);
    expect(followTarget({ regions: [], topics: ['security-defence'] })).toEqual({ kind: 'topic', id: 'security-defence' });
    expect(followTarget({ regions: [], topics: [] })).toBeNull();
  });

  it('reads only well-formed payloads', () => {
    expect(parseDeepLink('topic-energy')).toEqual({ kind: 'topic', id: 'energy' });
    expect(parseDeepLink('country-az')).toEqual({ kind: 'country', id: 'AZ' });
    for (const junk of ['', 'energy', 'topic-', 'topic-<b>', 'region-central asia', `topic-${'a'.repeat(80)}`, 'user-1']) {
      expect(parseDeepLink(junk), junk).toBeNull();
    }
  });
});
