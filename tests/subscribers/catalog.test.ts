import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { ru } from '../../src/i18n/ru.js';
import type { Catalog } from '../../src/i18n/catalog.js';
import { parseHtml } from '../helpers/fake-bot-api.js';

const HOSTILE = '<b>x</b> & "y" <script>';

/**
 * Plain-text pieces, sent without parse_mode or escaped by their caller: button labels, parts
 * that catalog.summary escapes, and the editors' plain answers (their usage lines show
 * placeholders such as <id> as typed). They must take what they are given as it is.
 */
const PLAIN = new Set([
  'deliveryDigest', 'quietRange', 'settingsMode', 'settingsDigestHour', 'settingsQuiet', 'settingsTimeZone',
  'editorsPrivateOnly', 'editorsOnlyButton', 'editorsOnlyCommand',
  'adminsUsage', 'adminsForwardAsk', 'adminsNotUserId', 'adminsFromConfig', 'adminsNotYourself', 'adminsNotEditor', 'adminsRemoved',
  'adminsNotForwarded', 'adminsHiddenAccount', 'adminsAlready', 'adminsAdded',
  'breakingAsk', 'breakingEmpty', 'breakingTooLong', 'breakingSendCorrected', 'breakingRefused', 'breakingRefusedNoReason', 'breakingAlready',
  'breakingDraftGone', 'breakingAlreadyDone', 'breakingSendingToast', 'breakingQueued', 'breakingCancelledToast', 'breakingDiscarded',
  'breakingChoiceGone', 'breakingEveryone', 'breakingChooseAudience', 'breakingEditAudience', 'breakingPassQuiet', 'breakingRespectQuiet',
  'breakingPin', 'breakingNoPin', 'breakingSendNow', 'breakingCancelButton', 'breakingNoChoices', 'breakingDone',
  'broadcastsNone', 'cancelStopped', 'cancelNothing', 'cancelNotNumber', 'cancelUnknown', 'cancelFinished', 'cancelDone',
  'feedsUsage', 'feedsAddUsage', 'feedsIdUsage', 'feedsBadSection', 'feedsChecking', 'feedsNotAdded', 'feedsExists', 'feedsAdded', 'feedsUnknown',
  'feedPaused', 'feedResumed', 'feedRemoved', 'feedSectionSet',
  'feedNotAddress', 'feedBadScheme', 'feedFetchFailed', 'feedNotModified', 'feedNotFeed', 'feedNotFeedAtAll',
  'channelsUsage', 'channelsAddUsage', 'channelsRefUsage', 'channelsUnknownPart', 'channelsBadValue', 'channelsChecking', 'channelsNotAdded',
  'channelsExists', 'channelAdded', 'channelsUnknown', 'channelRuleSet', 'channelPaused', 'channelResumed', 'channelRemoved', 'channelsFromConfig',
  'breakingChannelsButton', 'breakingLanguagesButton', 'breakingAllChannels', 'breakingAllLanguages', 'breakingLanguageName',
  'settingsItemLanguages', 'itemLanguagesSaved',
]);

/** Texts whose every argument is a number. */
const NUMERIC = new Set(['keywordTooLong', 'keywordTooMany', 'latestInvalid', 'keywordsHelp', 'quietCollapsed', 'feedsTitle', 'channelsTitle', 'alertSenderStalled', 'alertQueueGrowing']);

const hostileSummary = (catalog: Catalog) => catalog.summary({ topics: HOSTILE, regions: HOSTILE, keywords: HOSTILE, delivery: HOSTILE });

/** Arguments for the texts that take more than strings or numbers: one call per list entry. */
function specialArgs(key: string, catalog: Catalog): unknown[][] | undefined {
  switch (key) {
    case 'summary':
      return [[{ topics: HOSTILE, regions: HOSTILE, keywords: HOSTILE, delivery: HOSTILE }]];
    case 'settingsTitle':
      return [[{ mode: HOSTILE, digestHour: HOSTILE, timeZone: HOSTILE, localTime: HOSTILE, quiet: HOSTILE, language: HOSTILE }]];
    // These take a summary already rendered by catalog.summary (which escapes its parts).
    case 'onboardingDone':
    case 'onboardingTooLong':
    case 'welcomeBack':
    case 'alreadySubscribed':
      return [[hostileSummary(catalog)]];
    case 'keywordsList':
      return [[[HOSTILE, 'oil']]];
    case 'routeList':
      return [[[{ label: HOSTILE, here: true, threadId: 5 }, { label: HOSTILE, here: false, threadId: 7 }]], [[]]];
    case 'adminsList':
      return [
        [[{ userId: 1, name: HOSTILE, fromConfig: false, addedBy: 2, addedOn: HOSTILE }, { userId: 3, name: null, fromConfig: true, addedBy: null, addedOn: '2024-01-01' }]],
        [[]],
      ];
    case 'adminsAdded':
      return [[7, HOSTILE], [7, null]];
    case 'breakingTooLong':
      return [[{ length: 2000, limit: 1024, room: 1011, label: HOSTILE, photo: true }], [{ length: 5000, limit: 4096, room: 4083, label: HOSTILE, photo: false }]];
    case 'breakingQueued':
      return [[3, 1, 1], [3, 0, 21], [3, 2, 5]];
    case 'breakingControl': {
      // The channel and language lines come rendered (and escaped) by breakingChannels and breakingLanguages.
      const draft = { id: 4, topics: [HOSTILE], regions: [HOSTILE], readers: 2, channels: catalog.breakingChannels([HOSTILE], 2), languages: catalog.breakingLanguages([HOSTILE]), passQuietHours: true, pinHours: 3 };
      return [[draft], [{ ...draft, topics: [], regions: [], readers: 1, channels: catalog.breakingChannels(null, 0), languages: catalog.breakingLanguages([]), passQuietHours: false, pinHours: null }]];
    }
    case 'breakingChannels':
      return [[[HOSTILE], 3], [null, 3], [[], 0]];
    case 'breakingLanguages':
      return [[[HOSTILE, 'en']], [[]]];
    case 'channelLine': {
      const line = { id: 2, name: HOSTILE, chatId: HOSTILE, rule: HOSTILE, state: 'active', fromConfig: true, sentToday: 1, waiting: 2 };
      return [[line], [{ ...line, state: 'paused', rule: '', fromConfig: false }], [{ ...line, state: 'paused-config' }]];
    }
    case 'channelsNotAdded':
      return [
        [{ kind: 'not-found', ref: HOSTILE }],
        [{ kind: 'not-a-channel', ref: HOSTILE, type: HOSTILE }],
        [{ kind: 'not-member', name: HOSTILE, bot: HOSTILE }],
        [{ kind: 'not-admin', name: HOSTILE, bot: HOSTILE }],
        [{ kind: 'missing-rights', name: HOSTILE, bot: HOSTILE, missing: ['post', 'edit'] }],
        [{ kind: 'refused', ref: HOSTILE, description: HOSTILE }],
      ];
    case 'channelsUnknownPart':
      return [[HOSTILE, [HOSTILE]]];
    case 'channelsBadValue':
      return [[HOSTILE, HOSTILE, [HOSTILE, 'en']]];
    case 'channelRemoved':
      return [[2, HOSTILE, 0], [2, HOSTILE, 3]];
    case 'broadcastLine': {
      const line = { id: 5, status: HOSTILE, created: HOSTILE, head: HOSTILE, sent: 1, failed: 2, waiting: 3, cancelled: 4, progress: { perSecond: 0.5, finish: HOSTILE } };
      return [[line], [{ ...line, cancelled: 0, progress: 'stalled' }], [{ ...line, progress: null }]];
    }
    case 'alertFeedFailing':
      return [[{ id: 3, name: HOSTILE, failures: 5, lastError: HOSTILE }]];
    case 'alertFeedRecovered':
      return [[{ id: 3, name: HOSTILE }]];
    case 'alertFeedSilent':
      return [[{ id: 3, name: HOSTILE, silentForMs: 30 * 3600_000, usualGapMs: 600_000 }], [{ id: 3, name: HOSTILE, silentForMs: 5 * 86_400_000, usualGapMs: 3 * 86_400_000 }]];
    case 'feedsAdded':
      return [[{ id: 6, name: HOSTILE, via: HOSTILE, entries: 12 }], [{ id: 6, name: HOSTILE, via: null, entries: 1 }]];
    case 'feedLine': {
      const feed = { id: 8, name: HOSTILE, url: HOSTILE, state: 'failing', failures: 2, section: HOSTILE, lastSuccessMinutes: 5, itemsPerDay: 1.5, lastError: HOSTILE };
      return [[feed], [{ ...feed, state: 'paused', lastError: null, lastSuccessMinutes: null }], [{ ...feed, state: 'healthy', lastSuccessMinutes: 200 }], [{ ...feed, state: 'new', lastSuccessMinutes: 5000 }]];
    }
    case 'statsReport': {
      const readers = { active: 1, stopped: 2, blocked: 3, newLastDay: 4, newLastWeek: 5, lostLastWeek: 6 };
      return [
        [{ readers, deliveries: [[HOSTILE, 2], ['sent', 1]], rateLimitWaitSeconds: 1.4, topTopics: [{ name: HOSTILE, readers: 1 }], topRegions: [{ name: HOSTILE, readers: 2 }], channels: [{ id: 2, name: HOSTILE, paused: true, sent: 3, waiting: 1 }] }],
        [{ readers, deliveries: [], rateLimitWaitSeconds: 0, topTopics: [], topRegions: [], channels: [] }],
      ];
    }
    default:
      return undefined;
  }
}

/** Every text of a catalog, functions called with hostile arguments; a group of plain texts (the command menu, the Mini App's page) as `group.key`. */
function allTexts(catalog: Catalog): [string, string][] {
  return Object.entries(catalog).flatMap(([key, value]): [string, string][] => {
    if (typeof value === 'string') return [[key, value]];
    if (typeof value === 'object' && value !== null) {
      return Object.entries(value as Record<string, unknown>).map(([inner, text]): [string, string] => [`${key}.${inner}`, typeof text === 'function' ? String((text as (...a: unknown[]) => unknown)(HOSTILE, HOSTILE)) : String(text)]);
    }
    const fn = value as (...args: unknown[]) => string;
    const calls = specialArgs(key, catalog) ?? [Array.from({ length: fn.length }, (_, i) => (NUMERIC.has(key) ? 20 + i : HOSTILE))];
    return calls.map((args) => [key, fn(...args)]);
  });
}

/** The command menu's descriptions and the Mini App's texts are plain text (Telegram and the page show them as given). */
function isGroupText(key: string): boolean {
  return key.includes('.');
}

describe('message catalogues', () => {
  it('English and Russian have the same texts', () => {
    expect(allTexts(ru).map(([key]) => key).sort()).toEqual(allTexts(en).map(([key]) => key).sort());
  });

  for (const [name, catalog] of [['en', en], ['ru', ru]] as const) {
    it(`${name}: every text is valid Telegram HTML and escapes what it is given`, () => {
      for (const [key, text] of allTexts(catalog)) {
        if (PLAIN.has(key) || isGroupText(key)) continue;
        expect(() => parseHtml(text), `${name}.${key}`).not.toThrow();
        expect(text, `${name}.${key}`).not.toContain('<script>');
      }
    });

    it(`${name}: plain texts keep what they are given as it is`, () => {
      for (const [key, text] of allTexts(catalog)) {
        if (!PLAIN.has(key) && !isGroupText(key)) continue;
        expect(text, `${name}.${key}`).not.toMatch(/&(lt|gt|amp|quot);/);
        if (typeof catalog[key as keyof Catalog] === 'function' && (catalog[key as keyof Catalog] as (...a: unknown[]) => string).length > 0 && !specialArgs(key, catalog)) {
          expect(text, `${name}.${key}`).toContain(HOSTILE);
        }
      }
    });
  }

  it('Russian counts stories with the right word form', () => {
    expect(ru.quietCollapsed(1)).toContain('1 материал ');
    expect(ru.quietCollapsed(3)).toContain('3 материала');
    expect(ru.quietCollapsed(11)).toContain('11 материалов');
    expect(ru.quietCollapsed(25)).toContain('25 материалов');
  });

  it('Russian counts editors’ readers and messages with the right word form', () => {
    expect(ru.cancelDone(1, 1)).toContain('1 сообщение.');
    expect(ru.cancelDone(1, 22)).toContain('22 сообщения.');
    expect(ru.cancelDone(1, 12)).toContain('12 сообщений.');
    expect(ru.breakingQueued(1, 0, 21)).toContain('21 читателю');
    expect(ru.breakingQueued(1, 1, 5)).toContain('в канал и 5 читателям');
  });
});
