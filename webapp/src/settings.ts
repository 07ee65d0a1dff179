import './style.css';
import { pageEn, pageRu, type PageTexts } from '../../src/i18n/page-texts.ts';
import { call, type ApiError } from './api.ts';
import { byId, h } from './dom.ts';
import { confirmClosing, launchFragment, startTelegram } from './telegram.ts';

type Lang = 'en' | 'ru';
type Mode = 'instant' | 'digest';

interface Settings {
  topics: string[];
  regions: string[];
  countries: string[];
  keywords: string[];
  mode: Mode;
  digestHour: number;
  timeZone: string;
  quiet: { start: number; end: number } | null;
  language: Lang;
  /** Languages of news, preferred first; empty: the page language (and it follows that). */
  itemLanguages: ItemLanguage[];
}

type ItemLanguage = 'en' | 'ru' | 'az';
const ITEM_LANGUAGES: readonly ItemLanguage[] = ['en', 'ru', 'az'];

interface Choices {
  topics: { id: string; label: string }[];
  regions: { id: string; label: string; countries: { code: string; label: string }[] }[];
}

interface Me {
  user: { id: number; firstName: string };
  lang: Lang;
  isEditor: boolean;
  status: 'active' | 'stopped' | 'blocked' | 'none';
  version: number | null;
  settings: Settings | null;
  choices: Choices;
  limits: { maxKeywords: number; maxKeywordLength: number };
}

interface Saved {
  version: number;
  settings: Settings;
  lang: Lang;
  choices: Choices;
  /** The preview of the choices just saved; null when it could not be had (the choices are saved all the same). */
  preview: Preview | null;
}

interface Preview {
  total: number;
  items: PreviewItem[];
}

interface PreviewItem {
  id: number;
  title: string;
  url: string | null;
  section: string | null;
  publishedAt: string;
}

const TEXTS: Record<Lang, PageTexts> = { en: pageEn, ru: pageRu };
const app = byId('app');

/**
 * A change is saved this long after the last tap, so a burst of taps is one save (and one
 * request of the reader's allowance). Short: the reader sees "Saved." about as soon as they
 * stop.
 */
const SAVE_AFTER_MS = 250;
/** After a refusal that time cures (429, the network, the database away), the save is tried again this much later. */
const RETRY_AFTER_MS = 3000;
/** Quiet-hour presets (minutes from midnight), one tap each; "Other…" shows two time fields. */
const QUIET_PRESETS: readonly { start: number; end: number }[] = [
  { start: 22 * 60, end: 7 * 60 },
  { start: 23 * 60, end: 8 * 60 },
  { start: 0, end: 8 * 60 },
];

let t: PageTexts = pageEn;
let lang: Lang = 'en';
let me: Me;
let draft: Settings;
let version = 0;
let countrySearch = '';
let keywordText = '';
/** The reader asked for quiet hours of their own (the time fields stay shown). */
let quietCustom = false;
let notice: { text: string; reload?: boolean } | null = null;
/** The preview shown; 'unavailable' when it could not be had; null before the first. */
let preview: Preview | 'unavailable' | null = null;
/** Counts preview requests, so an answer overtaken by a newer preview is dropped. */
let previewAsked = 0;

/** Where saving stands: nothing changed yet, a change waiting or being sent, saved, or refused (the notice says why). */
let saveState: 'idle' | 'saving' | 'saved' | 'failed' = 'idle';
/** A change the server has not been sent yet. */
let pending = false;
let inFlight = false;
/** The choices of the save on its way, while there is one. */
let sending: Settings | null = null;
/**
 * Saves this page sent whose outcome it does not know: their answer was lost (the network, a
 * server error after the write) or not waited for (the save sent as Telegram hid the page).
 * Each save names them (`basis`), so the server takes stored choices equal to one of them for
 * the page's own doing, not for a change made elsewhere ("reload").
 */
let unsure: Settings[] = [];
/** As many earlier saves as the server takes in `basis` (MAX_BASIS); the oldest go first. */
const MAX_UNSURE = 4;
/** A refusal no retry cures (stale page, blocked or stopped reader): nothing more is sent. */
let halted = false;
let saveTimer: number | undefined;

function problemText(problem: ApiError): string {
  if (problem.message) return problem.message;
  switch (problem.status) {
    case 401:
      return t.unauthorized;
    case 413:
      return t.tooLarge;
    case 429:
      return t.rateLimited;
    default:
      return t.failed;
  }
}

function fail(text: string): void {
  app.replaceChildren(h('div', { class: 'notice error', role: 'alert', 'data-testid': 'page-error', text }));
}

const readOnly = () => me.status !== 'active';

async function load(): Promise<void> {
  const result = await call<Me>('GET', 'me');
  if (!result.ok) return fail(problemText(result.problem));
  me = result.value;
  setLanguage(me.lang);
  if (!me.settings || me.status === 'none') return fail(t.notSubscribed);
  draft = structuredClone(me.settings);
  version = me.version ?? 0;
  quietCustom = draft.quiet !== null && !isPreset(draft.quiet);
  if (me.status === 'blocked') notice = { text: t.blocked };
  else if (me.status === 'stopped') notice = { text: t.stopped };
  render();
  await refreshPreview();
}

/** Asks for the preview of the choices on the page (at load, or when a save's answer came without one). */
async function refreshPreview(): Promise<void> {
  const asked = ++previewAsked;
  const shown = await call<Preview>('POST', 'preview', previewChoices(draft));
  if (asked !== previewAsked) return;
  preview = shown.ok ? shown.value : 'unavailable';
  renderPreview();
}

function setLanguage(next: Lang): void {
  lang = next;
  t = TEXTS[lang];
  document.documentElement.lang = lang;
}

const previewChoices = ({ topics, regions, countries, keywords, itemLanguages }: Settings) => ({ topics, regions, countries, keywords, itemLanguages });

/** Every change goes through here: the page shows it at once and saves it a moment later. */
function change(apply: () => void): void {
  if (readOnly() || halted) return;
  apply();
  notice = null;
  pending = true;
  saveState = 'saving';
  confirmClosing(true);
  render();
  window.clearTimeout(saveTimer);
  saveTimer = window.setTimeout(() => void save(), SAVE_AFTER_MS);
}

/**
 * Sends the reader's choices over the version the page holds. One save at a time: changes
 * made while one is under way go in the next, sent as soon as it returns, with the version it
 * brought back (so the page never refuses its own later save as stale).
 */
async function save(keepalive = false): Promise<void> {
  window.clearTimeout(saveTimer);
  if (!pending || halted || inFlight) return;
  inFlight = true;
  pending = false;
  const sent = structuredClone(draft);
  const carried = [...unsure];
  sending = sent;
  const result = await call<Saved>('PUT', 'settings', saveBody(sent, carried), { keepalive });
  inFlight = false;
  sending = null;
  // Saves sent while this one was on its way (as the page was hidden): their outcome is still unknown.
  const later = unsure.filter((s) => !carried.includes(s));
  if (result.ok) {
    const saved = result.value;
    unsure = later;
    // Why an earlier try failed (the network, too many requests) is over once one goes through.
    notice = null;
    version = saved.version;
    me.settings = saved.settings;
    me.choices = saved.choices;
    previewAsked++;
    if (saved.preview) preview = saved.preview;
    else void refreshPreview();
    const relabel = saved.lang !== lang;
    setLanguage(saved.lang);
    // The server's form of the choices (a keyword in lower case, say), unless the reader has changed more since.
    const normalised = !pending && JSON.stringify(saved.settings) !== JSON.stringify(draft);
    if (!pending) draft = structuredClone(saved.settings);
    saveState = pending ? 'saving' : 'saved';
    if (relabel || normalised) render();
    else {
      renderStatus();
      renderPreview();
    }
    if (pending) void save();
  } else {
    const problem = result.problem;
    if (problem.error === 'stale' && later.length > 0) {
      // A save sent as the page was hidden overtook this one: the choices go again, naming it.
      pending = true;
      return save();
    }
    // No answer at all: the page tries again by itself, and the save may even have gone through, so not "nothing was changed".
    notice = { text: problem.status === 0 ? t.unsaved : problemText(problem), reload: problem.error === 'stale' };
    saveState = 'failed';
    if (problem.error === 'stale' || problem.error === 'blocked' || problem.error === 'stopped' || problem.status === 401 || problem.status === 404) {
      halted = true;
    } else if (problem.status === 400 || problem.status === 413) {
      // A choice the server refuses (a keyword over the limits, say): back to what is saved, and it says why.
      draft = structuredClone(me.settings!);
      pending = false;
    } else {
      // Too many requests, the network or the database away: the choices go again shortly. With no answer,
      // or a server error, this save may have been stored all the same: the next one names it.
      if (problem.status === 0 || problem.status >= 500) remember(sent);
      pending = true;
      saveTimer = window.setTimeout(() => void save(), RETRY_AFTER_MS);
    }
    render();
  }
  if (!pending && !inFlight) confirmClosing(false);
}

const saveBody = (choices: Settings, basis: Settings[]) => ({ version, ...choices, ...(basis.length > 0 ? { basis } : {}) });

function remember(sent: Settings): void {
  const key = JSON.stringify(sent);
  unsure = [...unsure.filter((s) => JSON.stringify(s) !== key), sent].slice(-MAX_UNSURE);
}

function chip(label: string, on: boolean, onClick: () => void, testId: string, extra: Record<string, string> = {}): HTMLButtonElement {
  return h('button', { type: 'button', class: 'chip', 'aria-pressed': on ? 'true' : 'false', 'data-testid': testId, onclick: onClick, ...extra }, label);
}

function toggle(list: string[], value: string): string[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

function topicsSection(): HTMLElement {
  return h(
    'section',
    { 'data-testid': 'topics' },
    h('h2', { text: t.topics }),
    h('div', { class: 'chips' }, me.choices.topics.map((c) => chip(c.label, draft.topics.includes(c.id), () => change(() => (draft.topics = toggle(draft.topics, c.id))), `topic-${c.id}`))),
    h('p', { class: 'hint', text: t.noneMeansAll }),
  );
}

/** Enter on a field: not while an input method is still composing the text. */
const isEnter = (event: Event) => (event as KeyboardEvent).key === 'Enter' && !(event as KeyboardEvent).isComposing;

function regionsSection(): HTMLElement {
  const query = countrySearch.trim().toLowerCase();
  const found = me.choices.regions
    .flatMap((r) => r.countries)
    .filter((c, i, all) => all.findIndex((o) => o.code === c.code) === i)
    .filter((c) => query.length > 0 && c.label.toLowerCase().includes(query))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
  const chosen = me.choices.regions
    .flatMap((r) => r.countries)
    .filter((c, i, all) => draft.countries.includes(c.code) && all.findIndex((o) => o.code === c.code) === i && !found.some((f) => f.code === c.code))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
  const search = h('input', { type: 'search', placeholder: t.searchCountries, value: countrySearch, enterkeyhint: 'done', 'data-testid': 'country-search', 'aria-label': t.searchCountries, 'aria-describedby': 'country-hint' });
  search.addEventListener('input', () => {
    countrySearch = search.value;
    render();
  });
  // Enter picks the first country found that is not chosen yet, and empties the search for the next one.
  search.addEventListener('keydown', (event) => {
    if (!isEnter(event)) return;
    event.preventDefault();
    const first = found.find((c) => !draft.countries.includes(c.code));
    if (!first) return;
    countrySearch = '';
    change(() => (draft.countries = [...draft.countries, first.code]));
  });
  return h(
    'section',
    { 'data-testid': 'regions' },
    h('h2', { text: t.regions }),
    h('div', { class: 'chips' }, me.choices.regions.map((r) => chip(r.label, draft.regions.includes(r.id), () => change(() => (draft.regions = toggle(draft.regions, r.id))), `region-${r.id}`))),
    h('p', { class: 'hint', text: t.noneMeansAll }),
    h('h2', { text: t.countries }),
    h('div', { class: 'row' }, search),
    h('p', { class: 'hint', id: 'country-hint', text: t.searchHint }),
    h('div', { class: 'chips' }, [...chosen, ...found].map((c) => chip(c.label, draft.countries.includes(c.code), () => change(() => (draft.countries = toggle(draft.countries, c.code))), `country-${c.code}`))),
  );
}

function keywordsSection(): HTMLElement {
  const input = h('input', { type: 'text', placeholder: t.keywordPlaceholder, value: keywordText, maxlength: 200, enterkeyhint: 'done', 'data-testid': 'keyword-input', 'aria-label': t.keywordPlaceholder, 'aria-describedby': 'keyword-hint' });
  input.addEventListener('input', () => (keywordText = input.value));
  // Enter (the keyboard's Done) adds the keyword: no button to find and tap.
  input.addEventListener('keydown', (event) => {
    if (!isEnter(event)) return;
    event.preventDefault();
    const value = input.value.trim();
    if (value === '') return;
    keywordText = '';
    if (draft.keywords.includes(value)) return render();
    change(() => (draft.keywords = [...draft.keywords, value]));
  });
  return h(
    'section',
    { 'data-testid': 'keywords' },
    h('h2', { text: t.keywords }),
    h(
      'div',
      { class: 'chips' },
      draft.keywords.map((k) =>
        h('span', { class: 'chip keyword', 'data-testid': 'keyword' }, k, h('button', { type: 'button', 'aria-label': `${t.remove} ${k}`, onclick: () => change(() => (draft.keywords = draft.keywords.filter((x) => x !== k))) }, '×')),
      ),
    ),
    h('div', { class: 'row' }, input),
    h('p', { class: 'hint', id: 'keyword-hint', text: t.keywordHint }),
  );
}

const pad = (n: number) => String(n).padStart(2, '0');
const clock = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
const minutesOf = (value: string) => {
  const [hh, mm] = value.split(':').map(Number);
  return (hh ?? 0) * 60 + (mm ?? 0);
};
const isPreset = (quiet: { start: number; end: number }) => QUIET_PRESETS.some((p) => p.start === quiet.start && p.end === quiet.end);

/** Instantly, or a daily digest at an hour: one tap on the hour says both. */
function deliveryControl(): HTMLElement[] {
  const instant = draft.mode === 'instant';
  const hours = Array.from({ length: 24 }, (_, hour) =>
    chip(
      `${pad(hour)}:00`,
      !instant && draft.digestHour === hour,
      () => {
        if (!instant && draft.digestHour === hour) return;
        change(() => {
          draft.mode = 'digest';
          draft.digestHour = hour;
        });
      },
      `digest-hour-${hour}`,
      { 'aria-label': `${t.digestAt} ${pad(hour)}:00` },
    ),
  );
  return [
    h('h2', { text: t.delivery }),
    h('div', { class: 'chips' }, chip(t.instant, instant, () => instant || change(() => (draft.mode = 'instant')), 'mode-instant')),
    h('p', { class: 'hint', id: 'digest-at', text: t.digestAt }),
    h('div', { class: 'hours', role: 'group', 'aria-labelledby': 'digest-at' }, hours),
  ];
}

function timeZoneControl(): HTMLElement[] {
  const zones = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  const zone = h('select', { 'data-testid': 'time-zone', 'aria-label': t.timeZone });
  for (const z of zones.includes(draft.timeZone) ? zones : [draft.timeZone, ...zones]) zone.append(h('option', { value: z, text: z }));
  zone.value = draft.timeZone;
  zone.addEventListener('change', () => change(() => (draft.timeZone = zone.value)));
  // Proposed from the device, taken only when the reader taps it.
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const suggestion =
    browserZone && browserZone !== draft.timeZone
      ? h('p', { class: 'hint', 'data-testid': 'zone-suggestion' }, `${t.timeZoneSuggest(browserZone)} `, h('button', { type: 'button', class: 'secondary', 'data-testid': 'zone-use', onclick: () => change(() => (draft.timeZone = browserZone)) }, t.useIt))
      : null;
  return [h('h2', { text: t.timeZone }), h('div', { class: 'row' }, zone), ...(suggestion ? [suggestion] : [])];
}

function quietControl(): HTMLElement[] {
  const quiet = draft.quiet;
  const same = (p: { start: number; end: number }) => quiet !== null && !quietCustom && quiet.start === p.start && quiet.end === p.end;
  const chips = [
    chip(t.quietOff, quiet === null, () => {
      quietCustom = false;
      if (quiet !== null) change(() => (draft.quiet = null));
    }, 'quiet-off'),
    ...QUIET_PRESETS.map((p) =>
      chip(`${clock(p.start)}–${clock(p.end)}`, same(p), () => {
        quietCustom = false;
        if (same(p) || (quiet?.start === p.start && quiet.end === p.end)) return render();
        change(() => (draft.quiet = { ...p }));
      }, `quiet-${p.start}-${p.end}`),
    ),
    chip(t.quietOther, quietCustom, () => {
      quietCustom = true;
      if (quiet === null) change(() => (draft.quiet = { ...QUIET_PRESETS[0]! }));
      else render();
    }, 'quiet-other'),
  ];
  const fields: HTMLElement[] = [];
  if (quietCustom && quiet) {
    const from = h('input', { type: 'time', value: clock(quiet.start), 'data-testid': 'quiet-from', 'aria-label': t.quietFrom });
    const to = h('input', { type: 'time', value: clock(quiet.end), 'data-testid': 'quiet-to', 'aria-label': t.quietTo });
    const set = () => from.value && to.value && change(() => (draft.quiet = { start: minutesOf(from.value), end: minutesOf(to.value) }));
    from.addEventListener('change', set);
    to.addEventListener('change', set);
    fields.push(h('div', { class: 'row' }, h('span', { text: t.quietFrom }), from, h('span', { text: t.quietTo }), to));
  }
  return [h('h2', { text: t.quietHours }), h('div', { class: 'chips' }, chips), ...fields];
}

function languageControl(): HTMLElement[] {
  const names: Record<Lang, string> = { en: 'English', ru: 'Русский' };
  return [
    h('h2', { text: t.language }),
    h(
      'div',
      { class: 'chips', role: 'group', 'aria-label': t.language },
      (['en', 'ru'] as const).map((code) => chip(names[code], draft.language === code, () => draft.language === code || change(() => (draft.language = code)), `language-${code}`, { lang: code })),
    ),
  ];
}

function deliverySection(): HTMLElement {
  return h('section', { 'data-testid': 'delivery' }, ...deliveryControl(), ...timeZoneControl(), ...quietControl(), ...languageControl(), itemLanguagesControl());
}

/**
 * Languages of news: a chip per language, ticked when the reader receives it. None chosen
 * means the page language; choosing exactly that language again stores none, so it follows.
 * The last ticked chip stays ticked (news has to come in some language).
 */
function itemLanguagesControl(): HTMLElement {
  const read = draft.itemLanguages.length > 0 ? draft.itemLanguages : [draft.language];
  const tap = (code: ItemLanguage) => {
    const next = read.includes(code) ? read.filter((l) => l !== code) : [...read, code];
    if (next.length === 0) return;
    change(() => (draft.itemLanguages = next.length === 1 && next[0] === draft.language ? [] : next));
  };
  return h(
    'div',
    { 'data-testid': 'item-languages' },
    h('h2', { text: t.itemLanguages }),
    h('div', { class: 'chips' }, ITEM_LANGUAGES.map((code) => chip(t.itemLanguageName[code], read.includes(code), () => tap(code), `item-language-${code}`))),
    h('p', { class: 'hint', text: t.itemLanguagesHint }),
  );
}

function previewSection(): HTMLElement {
  return h('section', { class: 'preview', 'data-testid': 'preview' }, h('h2', { text: t.previewTitle }), h('div', { id: 'preview-body' }));
}

function renderPreview(): void {
  const body = document.getElementById('preview-body');
  if (!body || !preview) return;
  if (preview === 'unavailable') return body.replaceChildren(h('p', { class: 'hint', 'data-testid': 'preview-unavailable', text: t.previewUnavailable }));
  const time = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', timeZone: draft.timeZone });
  body.replaceChildren(
    preview.total === 0
      ? h('p', { class: 'hint', 'data-testid': 'preview-none', text: t.previewNone })
      : h('p', { class: 'hint', 'data-testid': 'preview-count', text: t.previewCount(preview.total) }),
    h(
      'ul',
      {},
      preview.items.map((item) =>
        h(
          'li',
          { 'data-testid': 'preview-item' },
          h('time', { datetime: item.publishedAt, text: time.format(new Date(item.publishedAt)) }),
          item.url && /^https?:\/\//.test(item.url) ? h('a', { href: item.url, target: '_blank', rel: 'noopener noreferrer', text: item.title }) : item.title,
        ),
      ),
    ),
  );
}

/** The bar at the foot of the screen: why something was refused, else whether the choices are saved. */
function statusBar(): HTMLElement {
  return h('div', { class: 'savebar', id: 'savebar' }, ...statusChildren());
}

function statusChildren(): HTMLElement[] {
  if (notice) {
    return [
      h(
        'div',
        { class: 'notice error', role: 'alert', 'data-testid': 'notice' },
        notice.text,
        notice.reload ? h('div', { class: 'row' }, h('button', { type: 'button', class: 'primary', 'data-testid': 'reload', onclick: () => location.reload() }, t.reload)) : null,
      ),
    ];
  }
  const text = { idle: t.autosave, saving: t.saving, saved: t.saved, failed: '' }[saveState];
  return [h('span', { class: `state ${saveState}`, role: 'status', 'data-testid': 'save-state', text })];
}

function renderStatus(): void {
  document.getElementById('savebar')?.replaceChildren(...statusChildren());
}

function render(): void {
  // The page is drawn afresh on each change: the field being typed in keeps its focus and caret.
  const active = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const focused = active?.dataset.testid;
  const caret = active instanceof HTMLInputElement && (active.type === 'text' || active.type === 'search') ? [active.selectionStart, active.selectionEnd] : null;
  const choices = h('fieldset', { class: 'choices', disabled: readOnly() || halted }, topicsSection(), regionsSection(), keywordsSection(), deliverySection());
  const children: (HTMLElement | null)[] = [
    h('h1', { text: t.settingsTitle }),
    me.isEditor ? h('p', {}, h('a', { href: `dashboard${launchFragment()}`, 'data-testid': 'open-dashboard', text: t.openDashboard })) : null,
    choices,
    previewSection(),
    statusBar(),
  ];
  app.replaceChildren(...children.filter((c): c is HTMLElement => c !== null));
  renderPreview();
  if (focused) {
    const again = app.querySelector<HTMLElement>(`[data-testid="${focused}"]`);
    again?.focus({ preventScroll: true });
    if (caret && again instanceof HTMLInputElement && (again.type === 'text' || again.type === 'search')) {
      const end = again.value.length;
      again.setSelectionRange(Math.min(caret[0] ?? end, end), Math.min(caret[1] ?? end, end));
    }
  }
}

// Telegram hides the page before closing it: a change not sent yet goes now, and the browser finishes the request.
// With a save still on its way, its answer would most likely come to a closed page, and the change made since
// with it: that change goes at once too, naming the save on its way (and any other of unknown outcome) as its
// basis, so it is taken whichever of the two the server sees first. Should the page stay open, the usual next
// save still follows the answer, and finds these choices already stored.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState !== 'hidden' || !pending || halted) return;
  if (!inFlight || !sending) return void save(true);
  const now = structuredClone(draft);
  void call<Saved>('PUT', 'settings', saveBody(now, [...unsure, sending].slice(-MAX_UNSURE)), { keepalive: true });
  remember(now);
});

startTelegram();
void load();
