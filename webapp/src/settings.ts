import './style.css';
import { pageEn, pageRu, type PageTexts } from '../../src/i18n/page-texts.ts';
import { call, type ApiError } from './api.ts';
import { byId, h } from './dom.ts';
import { launchFragment, startTelegram } from './telegram.ts';

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

let t: PageTexts = pageEn;
let lang: Lang = 'en';
let me: Me;
let draft: Settings;
let version = 0;
let dirty = false;
let countrySearch = '';
let notice: { kind: 'ok' | 'error'; text: string; reload?: boolean } | null = null;
let preview: { total: number; items: PreviewItem[] } | null = null;
let previewTimer: number | undefined;
let saving = false;

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

async function load(): Promise<void> {
  const result = await call<Me>('GET', 'me');
  if (!result.ok) return fail(problemText(result.problem));
  me = result.value;
  lang = me.lang;
  t = TEXTS[lang];
  document.documentElement.lang = lang;
  if (!me.settings || me.status === 'none') return fail(t.notSubscribed);
  draft = structuredClone(me.settings);
  version = me.version ?? 0;
  if (me.status === 'blocked') notice = { kind: 'error', text: t.blocked };
  else if (me.status === 'stopped') notice = { kind: 'error', text: t.stopped };
  render();
  refreshPreview();
}

function change(apply: () => void): void {
  apply();
  dirty = true;
  if (notice?.kind === 'ok') notice = null;
  render();
  window.clearTimeout(previewTimer);
  previewTimer = window.setTimeout(refreshPreview, 300);
}

function toggle(list: string[], value: string): string[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

async function refreshPreview(): Promise<void> {
  const { topics, regions, countries, keywords, itemLanguages } = draft;
  const result = await call<{ total: number; items: PreviewItem[] }>('POST', 'preview', { topics, regions, countries, keywords, itemLanguages });
  if (result.ok) {
    preview = result.value;
    renderPreview();
  }
}

async function save(): Promise<void> {
  if (saving) return;
  saving = true;
  render();
  const result = await call<Saved>('PUT', 'settings', { version, ...draft });
  saving = false;
  if (result.ok) {
    version = result.value.version;
    draft = structuredClone(result.value.settings);
    me.settings = result.value.settings;
    me.choices = result.value.choices;
    lang = result.value.lang;
    t = TEXTS[lang];
    document.documentElement.lang = lang;
    dirty = false;
    notice = { kind: 'ok', text: t.saved };
  } else {
    const stale = result.problem.error === 'stale';
    notice = { kind: 'error', text: problemText(result.problem), reload: stale };
  }
  render();
}

function chip(label: string, on: boolean, onClick: () => void, testId: string): HTMLButtonElement {
  return h('button', { type: 'button', class: 'chip', 'aria-pressed': on ? 'true' : 'false', 'data-testid': testId, onclick: onClick }, label);
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

function regionsSection(): HTMLElement {
  const query = countrySearch.trim().toLowerCase();
  const countries = me.choices.regions
    .flatMap((r) => r.countries)
    .filter((c, i, all) => all.findIndex((o) => o.code === c.code) === i)
    .filter((c) => draft.countries.includes(c.code) || (query.length > 0 && c.label.toLowerCase().includes(query)))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
  const search = h('input', { type: 'search', placeholder: t.searchCountries, value: countrySearch, 'data-testid': 'country-search', 'aria-label': t.searchCountries });
  search.addEventListener('input', () => {
    countrySearch = search.value;
    render();
    const again = app.querySelector<HTMLInputElement>('[data-testid="country-search"]');
    again?.focus();
    again?.setSelectionRange(again.value.length, again.value.length);
  });
  return h(
    'section',
    { 'data-testid': 'regions' },
    h('h2', { text: t.regions }),
    h('div', { class: 'chips' }, me.choices.regions.map((r) => chip(r.label, draft.regions.includes(r.id), () => change(() => (draft.regions = toggle(draft.regions, r.id))), `region-${r.id}`))),
    h('p', { class: 'hint', text: t.noneMeansAll }),
    h('h2', { text: t.countries }),
    h('div', { class: 'row' }, search),
    h('div', { class: 'chips' }, countries.map((c) => chip(c.label, draft.countries.includes(c.code), () => change(() => (draft.countries = toggle(draft.countries, c.code))), `country-${c.code}`))),
  );
}

function keywordsSection(): HTMLElement {
  const input = h('input', { type: 'text', placeholder: t.keywordPlaceholder, maxlength: 200, 'data-testid': 'keyword-input', 'aria-label': t.keywordPlaceholder });
  const add = () => {
    const value = input.value.trim();
    if (value === '' || draft.keywords.includes(value)) return;
    change(() => (draft.keywords = [...draft.keywords, value]));
    app.querySelector<HTMLInputElement>('[data-testid="keyword-input"]')?.focus();
  };
  input.addEventListener('keydown', (e) => {
    if ((e as KeyboardEvent).key === 'Enter') add();
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
    h('div', { class: 'row' }, input, h('button', { type: 'button', class: 'secondary', 'data-testid': 'keyword-add', onclick: add }, t.add)),
  );
}

const pad = (n: number) => String(n).padStart(2, '0');
const clock = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
const minutesOf = (value: string) => {
  const [hh, mm] = value.split(':').map(Number);
  return (hh ?? 0) * 60 + (mm ?? 0);
};

function deliverySection(): HTMLElement {
  const radio = (mode: Mode, label: string) =>
    h('label', {}, h('input', { type: 'radio', name: 'mode', value: mode, checked: draft.mode === mode, 'data-testid': `mode-${mode}`, onchange: () => change(() => (draft.mode = mode)) }), ` ${label}`);
  const hour = h('select', { 'data-testid': 'digest-hour', 'aria-label': t.digestHour, disabled: draft.mode !== 'digest' });
  for (let i = 0; i < 24; i++) hour.append(h('option', { value: String(i), text: `${pad(i)}:00` }));
  hour.value = String(draft.digestHour);
  hour.addEventListener('change', () => change(() => (draft.digestHour = Number(hour.value))));

  const zones = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  const zone = h('select', { 'data-testid': 'time-zone', 'aria-label': t.timeZone });
  for (const z of zones.includes(draft.timeZone) ? zones : [draft.timeZone, ...zones]) zone.append(h('option', { value: z, text: z }));
  zone.value = draft.timeZone;
  zone.addEventListener('change', () => change(() => (draft.timeZone = zone.value)));
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const suggestion =
    browserZone && browserZone !== draft.timeZone
      ? h('p', { class: 'hint', 'data-testid': 'zone-suggestion' }, `${t.timeZoneSuggest(browserZone)} `, h('button', { type: 'button', class: 'secondary', 'data-testid': 'zone-use', onclick: () => change(() => (draft.timeZone = browserZone)) }, t.useIt))
      : null;

  const quietOn = draft.quiet !== null;
  const from = h('input', { type: 'time', value: clock(draft.quiet?.start ?? 22 * 60), disabled: !quietOn, 'data-testid': 'quiet-from', 'aria-label': t.quietFrom });
  const to = h('input', { type: 'time', value: clock(draft.quiet?.end ?? 7 * 60), disabled: !quietOn, 'data-testid': 'quiet-to', 'aria-label': t.quietTo });
  const setQuiet = () => change(() => (draft.quiet = { start: minutesOf(from.value), end: minutesOf(to.value) }));
  from.addEventListener('change', setQuiet);
  to.addEventListener('change', setQuiet);
  const quietToggle = h('input', { type: 'checkbox', checked: quietOn, 'data-testid': 'quiet-on' });
  quietToggle.addEventListener('change', () => change(() => (draft.quiet = quietToggle.checked ? { start: minutesOf(from.value), end: minutesOf(to.value) } : null)));

  const language = h('select', { 'data-testid': 'language', 'aria-label': t.language });
  language.append(h('option', { value: 'en', text: 'English' }), h('option', { value: 'ru', text: 'Русский' }));
  language.value = draft.language;
  language.addEventListener('change', () => change(() => (draft.language = language.value === 'ru' ? 'ru' : 'en')));

  return h(
    'section',
    { 'data-testid': 'delivery' },
    h('h2', { text: t.delivery }),
    h('div', { class: 'row' }, radio('instant', t.instant), radio('digest', t.digest)),
    h('div', { class: 'row' }, h('span', { text: t.digestHour }), hour),
    h('h2', { text: t.timeZone }),
    h('div', { class: 'row' }, zone),
    suggestion,
    h('h2', { text: t.quietHours }),
    h('div', { class: 'row' }, h('label', {}, quietToggle, ` ${t.quietHours}`), h('span', { text: t.quietFrom }), from, h('span', { text: t.quietTo }), to),
    h('h2', { text: t.language }),
    h('div', { class: 'row' }, language),
    itemLanguagesControl(),
  );
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

function render(): void {
  const readOnly = me.status !== 'active';
  const children: (HTMLElement | null)[] = [
    h('h1', { text: t.settingsTitle }),
    notice
      ? h(
          'div',
          { class: `notice ${notice.kind}`, role: notice.kind === 'error' ? 'alert' : 'status', 'data-testid': 'notice' },
          notice.text,
          notice.reload ? h('div', { class: 'row' }, h('button', { type: 'button', class: 'primary', 'data-testid': 'reload', onclick: () => location.reload() }, t.reload)) : null,
        )
      : null,
    me.isEditor ? h('p', {}, h('a', { href: `dashboard${launchFragment()}`, 'data-testid': 'open-dashboard', text: t.openDashboard })) : null,
    topicsSection(),
    regionsSection(),
    keywordsSection(),
    deliverySection(),
    previewSection(),
    h(
      'div',
      { class: 'savebar' },
      h('span', { class: 'hint', text: dirty ? t.unsaved : '' }),
      h('button', { type: 'button', class: 'primary', 'data-testid': 'save', disabled: saving || readOnly || !dirty, onclick: () => void save() }, saving ? t.saving : t.save),
    ),
  ];
  app.replaceChildren(...children.filter((c): c is HTMLElement => c !== null));
  renderPreview();
}

startTelegram();
void load();
