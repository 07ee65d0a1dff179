import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { ru } from '../../src/i18n/ru.js';
import type { Catalog } from '../../src/i18n/catalog.js';
import { parseHtml } from '../helpers/fake-bot-api.js';

const HOSTILE = '<b>x</b> & "y" <script>';
/** Plain-text pieces: button labels and parts that catalog.summary escapes. */
const PLAIN = new Set(['deliveryDigest', 'quietRange', 'settingsMode', 'settingsDigestHour', 'settingsQuiet', 'settingsTimeZone']);

/** Every text of a catalog, functions called with hostile arguments. */
function allTexts(catalog: Catalog): [string, string][] {
  return Object.entries(catalog).map(([key, value]) => {
    if (typeof value === 'string') return [key, value];
    const fn = value as (...args: unknown[]) => string;
    if (key === 'summary') return [key, fn({ topics: HOSTILE, regions: HOSTILE, keywords: HOSTILE, delivery: HOSTILE })];
    if (key === 'settingsTitle') return [key, fn({ mode: HOSTILE, digestHour: HOSTILE, timeZone: HOSTILE, localTime: HOSTILE, quiet: HOSTILE, language: HOSTILE })];
    // These take a summary already rendered by catalog.summary (which escapes its parts).
    if (key === 'onboardingDone' || key === 'onboardingTooLong' || key === 'welcomeBack' || key === 'alreadySubscribed') {
      return [key, fn(catalog.summary({ topics: HOSTILE, regions: HOSTILE, keywords: HOSTILE, delivery: HOSTILE }))];
    }
    if (key === 'keywordsList') return [key, fn([HOSTILE, 'oil'])];
    if (key === 'routeList') return [key, fn([{ label: HOSTILE, here: true, threadId: 5 }, { label: HOSTILE, here: false, threadId: 7 }])];
    return [key, fn(...Array.from({ length: fn.length }, (_, i) => (key.startsWith('keywordToo') || key === 'latestInvalid' || key === 'latestTitle' || key === 'keywordsHelp' || key === 'quietCollapsed' ? 20 + i : HOSTILE)))];
  });
}

describe('message catalogues', () => {
  it('English and Russian have the same texts', () => {
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
  });

  for (const [name, catalog] of [['en', en], ['ru', ru]] as const) {
    it(`${name}: every text is valid Telegram HTML and escapes what it is given`, () => {
      for (const [key, text] of allTexts(catalog)) {
        if (PLAIN.has(key)) continue;
        expect(() => parseHtml(text), `${name}.${key}`).not.toThrow();
        expect(text, `${name}.${key}`).not.toContain('<script>');
      }
    });
  }

  it('Russian counts stories with the right word form', () => {
    expect(ru.quietCollapsed(1)).toContain('1 материал ');
    expect(ru.quietCollapsed(3)).toContain('3 материала');
    expect(ru.quietCollapsed(11)).toContain('11 материалов');
    expect(ru.quietCollapsed(25)).toContain('25 материалов');
  });
});
