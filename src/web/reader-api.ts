import { z } from 'zod';
import type { Db } from '../db/create-db.js';
import type { Logger } from '../logger.js';
import { catalog, toLang, type Catalog, type Lang } from '../i18n/index.js';
import { plainText } from '../news/plain-text.js';
import { checkKeyword, MAX_KEYWORD_LENGTH, MAX_KEYWORDS, type KeywordProblem } from '../readers/keyword-rules.js';
import { isValidTimeZone } from '../readers/local-time.js';
import { ITEM_LANGUAGES, withOtherEditions } from '../readers/item-languages.js';
import { itemMatches } from '../readers/matching.js';
import { countryLabel, regionLabel, topicLabel, type TaxonomyView } from '../readers/taxonomy-view.js';
import { previewCandidates } from '../stores/preview.js';
import { getVersionedSubscriber, saveIfVersion } from '../stores/settings-version.js';
import type { Subscriber, SubscriberPatch } from '../stores/subscribers.js';
import type { WebAppUser } from './init-data.js';

/** What one API call answers: a status and a JSON body. */
export interface ApiAnswer {
  status: number;
  body: unknown;
}

export interface ReaderApiDeps {
  db: Db;
  taxonomy: TaxonomyView;
  now: () => Date;
  logger: Logger;
}

/** Plain text of a bot text (Telegram HTML), for the page. */
const plain = (html: string) => plainText(html);

const ids = (max: number) => z.array(z.string().min(1).max(64)).max(max);

/**
 * Languages of items, preferred first, as stored: empty means "my interface language" (and
 * follows it). Optional, so a page that does not show them changes nothing.
 */
const itemLanguages = z.array(z.enum(ITEM_LANGUAGES)).max(ITEM_LANGUAGES.length).optional();

/** The whole of a reader's choices as the page sends them. */
const choicesShape = {
  topics: ids(100),
  regions: ids(100),
  countries: ids(400),
  keywords: z.array(z.string().max(200)).max(100),
  mode: z.enum(['instant', 'digest']),
  digestHour: z.number().int().min(0).max(23),
  timeZone: z.string().min(1).max(64),
  quiet: z.object({ start: z.number().int().min(0).max(1439), end: z.number().int().min(0).max(1439) }).strict().nullable(),
  language: z.enum(['en', 'ru']),
  itemLanguages,
};

/** How many earlier saves of unknown outcome a save may name (a lost answer, the save sent as the page hid). */
export const MAX_BASIS = 4;

/**
 * A save: the choices, the version they go over, and optionally `basis`, the page's own
 * earlier saves whose answers it never had: stored choices equal to one of them are not a
 * conflict (saveIfVersion). Unknown fields are refused.
 */
export const settingsBody = z
  .object({
    version: z.number().int().min(0).max(2 ** 31 - 1),
    ...choicesShape,
    basis: z.array(z.object(choicesShape).strict()).max(MAX_BASIS).optional(),
  })
  .strict();

export const previewBody = z
  .object({ topics: ids(100), regions: ids(100), countries: ids(400), keywords: z.array(z.string().max(200)).max(100), itemLanguages })
  .strict();

export type SettingsBody = z.infer<typeof settingsBody>;

export interface PageSettings {
  topics: string[];
  regions: string[];
  countries: string[];
  keywords: string[];
  mode: 'instant' | 'digest';
  digestHour: number;
  timeZone: string;
  quiet: { start: number; end: number } | null;
  language: Lang;
  /** The languages of items the reader chose, preferred first; empty: their interface language. */
  itemLanguages: string[];
}

function pageSettings(s: Subscriber): PageSettings {
  return {
    topics: s.topics,
    regions: s.regions,
    countries: s.countries,
    keywords: s.keywords,
    mode: s.mode,
    digestHour: s.digestHour,
    timeZone: s.timeZone,
    quiet: s.quietStart === null || s.quietEnd === null ? null : { start: s.quietStart, end: s.quietEnd },
    language: toLang(s.language),
    itemLanguages: s.itemLanguages,
  };
}

/** The language the page speaks to this user: their stored choice, else Telegram's. */
export function pageLanguage(subscriber: Subscriber | undefined, user: WebAppUser): Lang {
  return toLang(subscriber?.language ?? user.languageCode);
}

function choicesFor(taxonomy: TaxonomyView, lang: Lang) {
  return {
    topics: taxonomy.topics.map((t) => ({ id: t.id, label: topicLabel(taxonomy, t.id, lang) })),
    regions: taxonomy.regions.map((r) => ({
      id: r.id,
      label: regionLabel(taxonomy, r.id, lang),
      countries: r.countries.map((code) => ({ code, label: countryLabel(code, lang) })),
    })),
  };
}

/** GET api/me: who is asking, in which language, their choices and version, and what they may choose from. */
export async function readMe(deps: ReaderApiDeps, user: WebAppUser, isEditor: boolean): Promise<ApiAnswer> {
  const found = await getVersionedSubscriber(deps.db, user.id);
  const lang = pageLanguage(found?.subscriber, user);
  return {
    status: 200,
    body: {
      user: { id: user.id, firstName: user.firstName },
      lang,
      isEditor,
      status: found?.subscriber.status ?? 'none',
      version: found?.version ?? null,
      settings: found ? pageSettings(found.subscriber) : null,
      choices: choicesFor(deps.taxonomy, lang),
      limits: { maxKeywords: MAX_KEYWORDS, maxKeywordLength: MAX_KEYWORD_LENGTH },
    },
  };
}

function keywordProblem(t: Catalog, problem: KeywordProblem): string {
  switch (problem) {
    case 'too-long':
      return plain(t.keywordTooLong(MAX_KEYWORD_LENGTH));
    case 'too-short':
      return plain(t.keywordTooShort);
    case 'control-characters':
      return plain(t.keywordControlCharacters);
    case 'markup':
      return plain(t.keywordMarkup);
  }
}

type Checked<T> = { ok: true; value: T } | { ok: false; answer: ApiAnswer };

const invalid = (field: string, message: string, error = 'invalid'): { ok: false; answer: ApiAnswer } => ({
  ok: false,
  answer: { status: 400, body: { error, field, message } },
});

/** Keywords as /keywords stores them (checkKeyword), duplicates dropped, at most MAX_KEYWORDS. */
function checkKeywords(t: Catalog, raw: string[]): Checked<string[]> {
  const keywords: string[] = [];
  for (const input of raw) {
    const checked = checkKeyword(input);
    if (!checked.ok) return invalid('keywords', `${input.slice(0, MAX_KEYWORD_LENGTH + 5)}: ${keywordProblem(t, checked.problem)}`);
    if (!keywords.includes(checked.keyword)) keywords.push(checked.keyword);
  }
  if (keywords.length > MAX_KEYWORDS) return invalid('keywords', plain(t.keywordTooMany(MAX_KEYWORDS)));
  return { ok: true, value: keywords };
}

/** Every id must be one the taxonomy offers (regions' countries for countries). */
function checkChoices(t: Catalog, taxonomy: TaxonomyView, body: { topics: string[]; regions: string[]; countries: string[] }): Checked<{ topics: string[]; regions: string[]; countries: string[] }> {
  const topicIds = new Set(taxonomy.topics.map((x) => x.id));
  const regionIds = new Set(taxonomy.regions.map((x) => x.id));
  const countryCodes = new Set(taxonomy.regions.flatMap((x) => x.countries));
  const unique = (values: string[]) => [...new Set(values)];
  for (const [field, values, known] of [
    ['topics', body.topics, topicIds],
    ['regions', body.regions, regionIds],
    ['countries', body.countries, countryCodes],
  ] as const) {
    const unknown = values.find((v) => !known.has(v));
    if (unknown !== undefined) return invalid(field, t.page.unknownChoice(unknown.slice(0, 64)), 'unknown-choice');
  }
  return { ok: true, value: { topics: unique(body.topics), regions: unique(body.regions), countries: unique(body.countries) } };
}

/** The chosen languages as stored: duplicates dropped; exactly the interface language is none chosen (it then follows the interface language). */
function storedItemLanguages(chosen: readonly string[], interfaceLanguage: string): string[] {
  const unique = [...new Set(chosen)];
  return unique.length === 1 && unique[0] === interfaceLanguage ? [] : unique;
}

type PageChoices = Omit<SettingsBody, 'version' | 'basis'>;

/** The choices as they would be stored, or why they are refused (the same checks as the bot's commands). */
function toPatch(t: Catalog, taxonomy: TaxonomyView, body: PageChoices): Checked<SubscriberPatch> {
  const choices = checkChoices(t, taxonomy, body);
  if (!choices.ok) return choices;
  const keywords = checkKeywords(t, body.keywords);
  if (!keywords.ok) return keywords;
  if (!isValidTimeZone(body.timeZone) || !/^[A-Za-z0-9_+\-/]+$/.test(body.timeZone)) {
    return invalid('timeZone', plain(t.timeZoneUnknown(body.timeZone.slice(0, 64))));
  }
  if (body.quiet && body.quiet.start === body.quiet.end) return invalid('quiet', plain(t.quietInvalid));
  return {
    ok: true,
    value: {
      ...choices.value,
      keywords: keywords.value,
      mode: body.mode,
      digestHour: body.digestHour,
      timeZone: body.timeZone,
      quiet: body.quiet,
      language: body.language,
      ...(body.itemLanguages ? { itemLanguages: storedItemLanguages(body.itemLanguages, body.language) } : {}),
    },
  };
}

/**
 * PUT api/settings: the whole of the reader's choices, saved only over the version the page
 * loaded, or over the page's own saves of unknown outcome (`basis`); a save already stored
 * (its answer lost) is answered as saved (saveIfVersion).
 */
export async function saveSettings(deps: ReaderApiDeps, user: WebAppUser, raw: unknown): Promise<ApiAnswer> {
  const current = await getVersionedSubscriber(deps.db, user.id);
  const t = catalog(pageLanguage(current?.subscriber, user));
  const parsed = settingsBody.safeParse(raw);
  if (!parsed.success) return { status: 400, body: { error: 'invalid', field: String(parsed.error.issues[0]?.path[0] ?? ''), message: t.page.badInput } };
  const { version, basis = [], ...body } = parsed.data;
  if (!current) return { status: 404, body: { error: 'not-subscribed', message: t.page.notSubscribed } };

  const patch = toPatch(t, deps.taxonomy, body);
  if (!patch.ok) return patch.answer;
  // An earlier save the checks refuse was never stored, so it cannot be what is stored now.
  const earlier = basis.map((b) => toPatch(t, deps.taxonomy, b)).flatMap((p) => (p.ok ? [p.value] : []));
  const saved = await saveIfVersion(deps.db, user.id, version, patch.value, deps.now(), earlier);
  switch (saved.kind) {
    case 'missing':
      return { status: 404, body: { error: 'not-subscribed', message: t.page.notSubscribed } };
    case 'not-active':
      return { status: 409, body: { error: saved.subscriber.status, message: saved.subscriber.status === 'blocked' ? t.page.blocked : t.page.stopped } };
    case 'stale':
      return { status: 409, body: { error: 'stale', message: t.page.stale, version: saved.version } };
    case 'saved': {
      const s = saved.subscriber;
      const lang = toLang(s.language);
      // The page saves as the reader goes, so the answer brings the preview of what was saved: one request per change, not two.
      // The choices are stored by now: a preview that fails does not fail the save (the page would take it for not saved,
      // try again and be told it is stale); it answers preview null, and the page asks for the preview on its own.
      let shown: Awaited<ReturnType<typeof previewOf>> | null = null;
      try {
        shown = await previewOf(deps, { topics: s.topics, regions: s.regions, countries: s.countries, keywords: s.keywords, language: s.language, itemLanguages: s.itemLanguages });
      } catch (error) {
        deps.logger.error({ err: error, userId: user.id }, 'Mini App: the preview after a save failed; the save stands');
      }
      return { status: 200, body: { version: saved.version, settings: pageSettings(s), lang, choices: choicesFor(deps.taxonomy, lang), preview: shown } };
    }
  }
}

/** How far back the preview looks, and how many items it considers and lists. */
const PREVIEW_WINDOW_MS = 24 * 3600_000;
const PREVIEW_CANDIDATES = 2000;
const PREVIEW_SHOWN = 50;

/** POST api/preview: the last 24 hours' items the given (unsaved) choices would have brought, by the fan-out's own rule. */
export async function preview(deps: ReaderApiDeps, user: WebAppUser, raw: unknown): Promise<ApiAnswer> {
  const current = await getVersionedSubscriber(deps.db, user.id);
  const t = catalog(pageLanguage(current?.subscriber, user));
  const parsed = previewBody.safeParse(raw);
  if (!parsed.success) return { status: 400, body: { error: 'invalid', message: t.page.badInput } };
  const choices = checkChoices(t, deps.taxonomy, parsed.data);
  if (!choices.ok) return choices.answer;
  // A keyword still being typed (too short, say) is left out of the preview rather than refused.
  const keywords = parsed.data.keywords.flatMap((k) => {
    const checked = checkKeyword(k);
    return checked.ok ? [checked.keyword] : [];
  });
  const language = current?.subscriber.language ?? pageLanguage(undefined, user);
  const chosenLanguages = parsed.data.itemLanguages ? storedItemLanguages(parsed.data.itemLanguages, language) : (current?.subscriber.itemLanguages ?? []);
  return { status: 200, body: await previewOf(deps, { ...choices.value, keywords, language, itemLanguages: chosenLanguages }) };
}

type PreviewPrefs = Parameters<typeof itemMatches>[0];

/** The last 24 hours' items these choices would have brought, by the fan-out's own rule. */
async function previewOf(deps: ReaderApiDeps, prefs: PreviewPrefs) {
  const now = deps.now();
  const candidates = await previewCandidates(deps.db, new Date(now.getTime() - PREVIEW_WINDOW_MS), PREVIEW_CANDIDATES);
  const matching = withOtherEditions(candidates).filter((item) => itemMatches(prefs, item));
  return {
    total: matching.length,
    items: matching.slice(0, PREVIEW_SHOWN).map((i) => ({ id: i.id, title: i.title, url: i.url, section: i.section, publishedAt: i.publishedAt.toISOString() })),
  };
}
