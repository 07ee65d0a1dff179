import './style.css';
import 'uplot/dist/uPlot.min.css';
import uPlot from 'uplot';
import { pageEn, pageRu, type PageTexts } from '../../src/i18n/page-texts.ts';
import { call, type ApiError } from './api.ts';
import { byId, h } from './dom.ts';
import { confirmAction, launchFragment, startTelegram } from './telegram.ts';

type Lang = 'en' | 'ru';
type FeedState = 'paused' | 'failing' | 'healthy' | 'new';
type LaneName = 'breaking' | 'channel' | 'instant' | 'digest';
type Outcome = 'sent' | 'failed' | 'blocked' | 'skipped';

interface Dashboard {
  lang: Lang;
  now: string;
  feeds: { id: number; name: string; url: string; state: FeedState; failures: number; lastError: string | null; lastSuccessAt: string | null; nextFetchAt: string | null; itemsPerDay: number }[];
  queueNow: Record<LaneName, number>;
  queue24h: { at: string; lanes: Partial<Record<LaneName, number>> }[];
  deliveries7d: { at: string; outcomes: Partial<Record<Outcome, number>> }[];
  waits7d: { at: string; seconds: number; hits: number }[];
  broadcasts: { id: number; status: string; createdAt: string; head: string; sent: number; failed: number; waiting: number; cancelled: number; finish: string | null; stalled: boolean }[];
  readers: Record<'topics' | 'regions', { all: number; allGrowth: Growth; byChoice: ({ id: string; label: string; readers: number } & Growth)[] }>;
  growth30d: { day: string; joined: number; left: number; active: number }[];
  alerts: { kind: string; label: string; feedId: number | null; since: string; endedAt: string | null }[];
}

/** A topic's or region's readers over 30 days: arrived, left, and how many followed it 30 days ago. */
interface Growth {
  joined30d: number;
  left30d: number;
  readers30dAgo: number;
}

const TEXTS: Record<Lang, PageTexts> = { en: pageEn, ru: pageRu };
const LANES: LaneName[] = ['breaking', 'channel', 'instant', 'digest'];
const OUTCOMES: Outcome[] = ['sent', 'failed', 'blocked', 'skipped'];
const REFRESH_MS = 5000;
const app = byId('app');

let t: PageTexts = pageEn;
let lang: Lang = 'en';
let timer: number | undefined;
let message: { kind: 'ok' | 'error'; text: string } | null = null;
const charts = new Map<string, uPlot>();

function colour(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

function palette(): string[] {
  return [colour('--button', '#2481cc'), '#e0a030', '#3fa34d', colour('--danger', '#d14e4e'), '#8e6bbf'];
}

function problemText(problem: ApiError): string {
  if (problem.status === 403) return t.notEditor;
  if (problem.status === 401) return t.unauthorized;
  if (problem.status === 429) return t.rateLimited;
  return problem.message ?? t.failed;
}

/** The page shows nothing at all to someone who is not (or no longer) an editor. */
function refuse(problem: ApiError): void {
  window.clearTimeout(timer);
  for (const chart of charts.values()) chart.destroy();
  charts.clear();
  app.replaceChildren(h('div', { class: 'notice error', role: 'alert', 'data-testid': 'page-error', text: problemText(problem) }));
}

async function refresh(): Promise<void> {
  window.clearTimeout(timer);
  const result = await call<Dashboard>('GET', 'dashboard');
  if (!result.ok) {
    if (result.problem.status === 401 || result.problem.status === 403) return refuse(result.problem);
    message = { kind: 'error', text: problemText(result.problem) };
  } else {
    lang = result.value.lang;
    t = TEXTS[lang];
    document.documentElement.lang = lang;
    render(result.value);
  }
  timer = window.setTimeout(() => void refresh(), REFRESH_MS);
}

async function act(route: string, confirmText?: string): Promise<void> {
  if (confirmText && !(await confirmAction(confirmText))) return;
  const result = await call<{ message: string }>('POST', route);
  if (!result.ok && (result.problem.status === 401 || result.problem.status === 403)) return refuse(result.problem);
  message = result.ok ? { kind: 'ok', text: result.value.message } : { kind: 'error', text: problemText(result.problem) };
  await refresh();
}

const dateTime = () => new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const when = (iso: string | null) => (iso ? dateTime().format(new Date(iso)) : '—');

function feedsSection(d: Dashboard): HTMLElement {
  return h(
    'section',
    { 'data-testid': 'feeds' },
    h('h2', { text: t.feeds }),
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, ...['#', '', t.lastSuccess, t.failures, t.nextFetch, t.itemsPerDay, ''].map((c) => h('th', { text: c })))),
      h(
        'tbody',
        {},
        d.feeds.map((f) =>
          h(
            'tr',
            { 'data-testid': `feed-${f.id}` },
            h('td', { text: String(f.id) }),
            h('td', {}, h('div', { text: f.name }), h('div', { class: `hint state-${f.state}`, text: t.feedState[f.state] }), f.lastError ? h('div', { class: 'hint state-failing', text: f.lastError }) : null),
            h('td', { text: when(f.lastSuccessAt) }),
            h('td', { text: String(f.failures) }),
            h('td', { text: when(f.nextFetchAt) }),
            h('td', { text: String(f.itemsPerDay) }),
            h(
              'td',
              {},
              f.state === 'paused'
                ? h('button', { type: 'button', class: 'secondary', 'data-testid': `resume-${f.id}`, onclick: () => void act(`feeds/${f.id}/resume`) }, t.resume)
                : h('button', { type: 'button', class: 'secondary', 'data-testid': `pause-${f.id}`, onclick: () => void act(`feeds/${f.id}/pause`) }, t.pause),
            ),
          ),
        ),
      ),
    ),
  );
}

function broadcastsSection(d: Dashboard): HTMLElement {
  return h(
    'section',
    { 'data-testid': 'broadcasts' },
    h('h2', { text: t.broadcasts }),
    d.broadcasts.length === 0
      ? h('p', { class: 'hint', text: t.noBroadcasts })
      : h(
          'table',
          {},
          h(
            'tbody',
            {},
            d.broadcasts.map((b) => {
              const total = Math.max(1, b.sent + b.failed + b.waiting + b.cancelled);
              const bar = h('div', { class: 'progress' }, h('span', { class: 'sent' }), h('span', { class: 'failed' }));
              const [sent, failed] = [...bar.children] as HTMLElement[];
              sent!.style.width = `${(100 * b.sent) / total}%`;
              failed!.style.width = `${(100 * b.failed) / total}%`;
              return h(
                'tr',
                { 'data-testid': `broadcast-${b.id}` },
                h('td', {}, h('div', { text: `#${b.id} ${b.head}` }), h('div', { class: 'hint', text: `${when(b.createdAt)} · ${b.status}` }), bar),
                h(
                  'td',
                  { 'data-testid': `broadcast-${b.id}-counts` },
                  `${b.sent} ${t.sent} · ${b.waiting} ${t.waiting} · ${b.failed} ${t.failed_}`,
                  b.finish ? h('div', { class: 'hint', text: `${t.finish} ${when(b.finish)}` }) : b.stalled ? h('div', { class: 'hint state-failing', text: t.stalled }) : null,
                ),
                // Nothing waiting is nothing to cancel (the broadcast is marked done at the next upkeep tick).
                h('td', {}, b.status === 'sending' && b.waiting > 0 ? h('button', { type: 'button', class: 'danger', 'data-testid': `cancel-${b.id}`, onclick: () => void act(`broadcasts/${b.id}/cancel`, t.cancelConfirm(b.id)) }, t.cancel) : null),
              );
            }),
          ),
        ),
  );
}

function readersSection(title: string, data: Dashboard['readers']['topics'], testId: string): HTMLElement {
  const rows = [...data.byChoice, { id: '*', label: t.everything, readers: data.all, ...data.allGrowth }];
  const max = Math.max(1, ...rows.map((r) => r.readers));
  return h(
    'section',
    { 'data-testid': testId },
    h('h2', { text: title }),
    h(
      'table',
      { class: 'bars' },
      h(
        'tbody',
        {},
        rows.map((r) => {
          const bar = h('div', { class: 'bar' });
          bar.style.width = `${(100 * r.readers) / max}%`;
          const change = r.joined30d - r.left30d;
          return h(
            'tr',
            {},
            h('td', { text: r.label }),
            h('td', { text: String(r.readers) }),
            h('td', { class: change < 0 ? 'hint state-failing' : 'hint', 'data-testid': `${testId}-${r.id}-change`, title: `${r.readers30dAgo} → ${r.readers}`, text: t.change30d(r.joined30d, r.left30d) }),
            h('td', {}, bar),
          );
        }),
      ),
    ),
  );
}

function alertsSection(d: Dashboard): HTMLElement {
  return h(
    'section',
    { 'data-testid': 'alerts' },
    h('h2', { text: t.alerts }),
    d.alerts.length === 0
      ? h('p', { class: 'hint', text: t.noAlerts })
      : h(
          'ul',
          {},
          d.alerts.map((a) =>
            h('li', { class: a.endedAt ? 'hint' : 'state-failing', 'data-testid': a.endedAt ? 'alert-ended' : 'alert-open', text: `${a.label}${a.feedId !== null ? ` #${a.feedId}` : ''} · ${when(a.since)}${a.endedAt ? ` – ${t.ended} ${when(a.endedAt)}` : ''}` }),
          ),
        ),
  );
}

/** A time chart: reused across refreshes (setData), so the page does not flicker. */
function chart(key: string, holder: HTMLElement, xs: number[], series: { label: string; values: number[] }[], bars = false): void {
  const colours = palette();
  const data: uPlot.AlignedData = [xs, ...series.map((s) => s.values)];
  const width = Math.max(260, holder.clientWidth || 320);
  const existing = charts.get(key);
  if (existing && existing.series.length === series.length + 1) {
    holder.append(existing.root);
    existing.setData(data);
    if (Math.abs(existing.width - width) > 4) existing.setSize({ width, height: 180 });
    return;
  }
  existing?.destroy();
  const options: uPlot.Options = {
    width,
    height: 180,
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true } },
    axes: [
      { stroke: colour('--hint', '#707579'), grid: { stroke: 'rgba(128,128,128,0.15)' } },
      { stroke: colour('--hint', '#707579'), grid: { stroke: 'rgba(128,128,128,0.15)' } },
    ],
    series: [
      {},
      ...series.map((s, i) => ({
        label: s.label,
        stroke: colours[i % colours.length]!,
        width: 2,
        ...(bars ? { fill: colours[i % colours.length]!, paths: uPlot.paths.bars!({ size: [0.8, 12] }) } : {}),
      })),
    ],
  };
  charts.set(key, new uPlot(options, data, holder));
}

const seconds = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);

function render(d: Dashboard): void {
  const queueChart = h('div', { class: 'chart', 'data-testid': 'chart-queue' });
  const deliveriesChart = h('div', { class: 'chart', 'data-testid': 'chart-deliveries' });
  const waitsChart = h('div', { class: 'chart', 'data-testid': 'chart-waits' });
  const growthChart = h('div', { class: 'chart', 'data-testid': 'chart-growth' });
  app.replaceChildren(
    h('h1', { text: t.dashboardTitle }),
    message ? h('div', { class: `notice ${message.kind}`, role: message.kind === 'error' ? 'alert' : 'status', 'data-testid': 'notice', text: message.text }) : '',
    h('p', {}, h('a', { href: `./${launchFragment()}`, text: `‹ ${t.settingsTitle}` }), h('span', { class: 'hint', 'data-testid': 'updated', text: ` · ${t.updated} ${new Date(d.now).toLocaleTimeString(lang)}` })),
    h(
      'div',
      { class: 'grid' },
      h(
        'section',
        { 'data-testid': 'queue' },
        h('h2', { text: t.queueNow }),
        h('div', {}, LANES.map((lane) => h('span', { class: 'stat', 'data-testid': `queue-${lane}` }, h('b', { text: String(d.queueNow[lane] ?? 0) }), t.lanes[lane]))),
        h('h2', { text: t.queue24h }),
        queueChart,
      ),
      alertsSection(d),
    ),
    feedsSection(d),
    broadcastsSection(d),
    h('div', { class: 'grid' }, h('section', {}, h('h2', { text: t.deliveries7d }), deliveriesChart), h('section', {}, h('h2', { text: t.waits7d }), waitsChart)),
    h('div', { class: 'grid' }, readersSection(t.readersByTopic, d.readers.topics, 'readers-topics'), readersSection(t.readersByRegion, d.readers.regions, 'readers-regions')),
    h('section', {}, h('h2', { text: t.growth30d }), growthChart),
  );
  chart('queue', queueChart, d.queue24h.map((p) => seconds(p.at)), LANES.map((lane) => ({ label: t.lanes[lane], values: d.queue24h.map((p) => p.lanes[lane] ?? 0) })));
  chart('deliveries', deliveriesChart, d.deliveries7d.map((p) => seconds(p.at)), OUTCOMES.map((o) => ({ label: t.outcomes[o], values: d.deliveries7d.map((p) => p.outcomes[o] ?? 0) })));
  chart('waits', waitsChart, d.waits7d.map((p) => seconds(p.at)), [
    { label: t.rateLimitHits, values: d.waits7d.map((p) => p.hits) },
    { label: t.waitedSeconds, values: d.waits7d.map((p) => p.seconds) },
  ], true);
  chart('growth', growthChart, d.growth30d.map((g) => seconds(`${g.day}T00:00:00Z`)), [
    { label: t.active, values: d.growth30d.map((g) => g.active) },
    { label: t.joined, values: d.growth30d.map((g) => g.joined) },
    { label: t.left, values: d.growth30d.map((g) => g.left) },
  ]);
}

startTelegram();
void refresh();
