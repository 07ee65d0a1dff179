/**
 * Delivery figures: sustained rate, paid-broadcast overhead, fan-out over 1,000,000
 * subscribers (real PostgreSQL), poll-to-channel latency, and how soon a channel post
 * overtakes a 100,000-recipient fan-out.
 *
 *   npx tsx bench/delivery.ts [rate|paid|fanout|latency|overtake|all]   (default all)
 *
 * Each part runs in well under two minutes; `all` runs them one after another.
 * BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server the
 * fan-out part creates its own database on (dropped afterwards).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { createDb, type Db } from '../src/db/create-db.js';
import { Lane } from '../src/db/schema.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createSender } from '../src/delivery/sender.js';
import { createTelegramTransport } from '../src/delivery/telegram-transport.js';
import { createLogger } from '../src/logger.js';
import { loadTaxonomy } from '../src/news/understand/index.js';
import { pollDueFeeds } from '../src/pipeline/poll-feeds.js';
import { createItemPreparer } from '../src/pipeline/prepare-item.js';
import { makeAllFeedsDue, seedFeeds } from '../src/stores/feeds.js';
import { fanOutItems } from '../src/stores/fan-out.js';
import { startFakeBotApi, type FakeBotApiOptions } from '../tests/helpers/fake-bot-api.js';
import { openScratchDb } from './support/scratch-db.js';
import { queueDirect, seedFeed, seedItem } from '../tests/delivery/support/seed.js';

interface Row {
  figure: string;
  value: string;
  aim: string;
}

const logger = createLogger({ level: 'silent' });
const rows: Row[] = [];
const add = (figure: string, value: string, aim: string) => rows.push({ figure, value, aim });

async function withSender<T>(fakeOptions: FakeBotApiOptions, users: number, senderOptions: { sendRate: number; paidBroadcast?: boolean }, work: (ctx: { api: Awaited<ReturnType<typeof startFakeBotApi>>; drain: () => Promise<unknown> }) => Promise<T>): Promise<T> {
  const api = await startFakeBotApi(fakeOptions);
  const handle = await openScratchDb();
  await migrateToLatest(handle.db);
  const ids = Array.from({ length: users }, (_, i) => 800_000_000 + i);
  for (const id of ids) api.addUser({ id });
  const itemId = await seedItem(handle.db, await seedFeed(handle.db), { title: 'Benchmark story' });
  await queueDirect(handle.db, itemId, ids);
  const transport = createTelegramTransport({ token: api.token, apiRoot: api.apiRoot });
  const sender = createSender({ db: handle.db, transport, logger }, { channelRate: 20, ...senderOptions });
  try {
    return await work({ api, drain: () => sender.drain() });
  } finally {
    await api.close();
    await handle.close();
  }
}

async function sustainedRate(): Promise<void> {
  const n = 3000;
  await withSender({ rateLimits: { mode: 'enforce', globalPerSecond: 30 } }, n, { sendRate: 30 }, async ({ api, drain }) => {
    await drain();
    const sent = api.state.messages.filter((m) => m.from === 'bot').map((m) => m.at).sort((a, b) => a - b);
    const seconds = (sent.at(-1)! - sent[0]!) / 1000;
    const rate = (sent.length - 1) / seconds;
    const too = api.calls.filter((c) => c.status === 429).length;
    add(`sustained rate, ${sent.length} messages at SEND_RATE=30 (fake enforces 30/s)`, `${rate.toFixed(2)}/s = ${((rate / 30) * 100).toFixed(1)}% of the limit`, '≥ 97% of the limit');
    add('429 answers in that run', String(too), '0');
    add('rate-limit breaches counted by the fake', String(api.breaches.length), '0');
  });
}

/** The fake runs in its own process here, so CPU and memory are the bot's own (sender + embedded PostgreSQL). */
async function paidOverhead(): Promise<void> {
  const n = Number(process.env.BENCH_PAID_N ?? 20_000);
  const fake = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./support/fake-bot-api-process.ts', import.meta.url)), String(n)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: fake.stdout! }), 'line')) as [string];
  const { apiRoot, token } = JSON.parse(line) as { apiRoot: string; token: string };
  const handle = await openScratchDb();
  try {
    await migrateToLatest(handle.db);
    const ids = Array.from({ length: n }, (_, i) => 800_000_000 + i);
    const itemId = await seedItem(handle.db, await seedFeed(handle.db), { title: 'Benchmark story' });
    await queueDirect(handle.db, itemId, ids);
    const sender = createSender({ db: handle.db, transport: createTelegramTransport({ token, apiRoot }), logger }, { sendRate: 1000, channelRate: 20, paidBroadcast: true });
    const rssBase = process.memoryUsage().rss;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await sender.drain();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    add(`paid broadcast, ${result.sent} messages (fake without limits, own process)`, `${(result.sent / seconds).toFixed(0)} messages/s`, '≥ 900/s on 2 cores');
    add('CPU per 1,000 messages (sender + embedded PostgreSQL)', `${(((cpu.user + cpu.system) / 1e6 / result.sent) * 1000).toFixed(2)} s`, 'report');
    add('peak RSS of the bot process (RSS with the queue loaded)', `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (${(rssBase / 2 ** 20).toFixed(0)} MB)`, 'report');
  } finally {
    fake.kill('SIGTERM');
    await handle.close();
  }
}

async function fanOut(): Promise<void> {
  const serverUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `herald_bench_${Date.now().toString(36)}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = createDb({ databaseUrl: url.toString(), poolSize: 2 });
  try {
    const db = handle.db as Db;
    await migrateToLatest(db as Kysely<any>);
    const n = 1_000_000;
    // Random preferences, generated inside the server so the benchmark itself holds none of them.
    await sql`
      insert into subscribers (chat_id, status, mode, topics, regions, countries, keywords)
      select g,
             case when random() < 0.9 then 'active' else 'stopped' end,
             case when random() < 0.8 then 'instant' else 'digest' end,
             case floor(random() * 5)::int when 0 then '{}'::text[] when 1 then '{energy}' when 2 then '{security}' when 3 then '{economy,energy}' else '{politics}' end,
             case floor(random() * 4)::int when 0 then '{}'::text[] when 1 then '{south-caucasus}' when 2 then '{central-asia}' else '{europe,russia}' end,
             case floor(random() * 3)::int when 2 then '{az}'::text[] else '{}' end,
             case floor(random() * 5)::int when 3 then '{pipeline}'::text[] when 4 then '{tanap,gas}' else '{}' end
      from generate_series(1, ${n}) g
    `.execute(db);
    await sql`analyze subscribers`.execute(db);
    const itemId = await seedItem(db, await seedFeed(db), { title: 'TANAP pipeline expansion agreed', summary: 'Gas flows to Europe.', topics: ['energy'], regions: ['south-caucasus'], countries: ['az'] });
    const rssBefore = process.memoryUsage().rss;
    const t0 = performance.now();
    const queued = await fanOutItems(db, [itemId], new Date());
    const seconds = (performance.now() - t0) / 1000;
    const rssAfter = process.memoryUsage().rss;
    add(`fan-out of one item over ${n.toLocaleString('en')} subscribers (PostgreSQL, one INSERT … SELECT)`, `${seconds.toFixed(2)} s, ${queued.toLocaleString('en')} rows`, '≤ 10 s');
    add('process RSS before → after the fan-out', `${(rssBefore / 2 ** 20).toFixed(0)} → ${(rssAfter / 2 ** 20).toFixed(0)} MB`, 'flat (no subscriber in memory)');
  } finally {
    await handle.close();
    await admin(`drop database if exists ${name} with (force)`);
  }
}

function rss(items: { title: string; link: string; date: Date }[]): string {
  const entries = items
    .map((i) => `<item><title>${i.title}</title><link>${i.link}</link><guid>${i.link}</guid><pubDate>${i.date.toUTCString()}</pubDate><description>Lead of ${i.title}.</description></item>`)
    .join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title><link>https://bench.example/</link><description>b</description>${entries}</channel></rss>`;
}

async function latency(): Promise<void> {
  const channelRate = 60;
  const api = await startFakeBotApi({ rateLimits: { mode: 'count', groupPerMinute: channelRate } });
  const channel = api.addChannel({ username: 'herald_bench' });
  const handle = await openScratchDb();
  await migrateToLatest(handle.db);
  const db = handle.db;
  const feedUrl = 'https://bench.example/rss.xml';
  await seedFeeds(db, [feedUrl]);
  let body = rss([]);
  const fetchFeed = async () => ({ kind: 'fetched' as const, body, encoding: 'utf-8', contentType: 'application/rss+xml', etag: null, lastModified: null, finalUrl: feedUrl, maxAgeSeconds: null });
  const pollDeps = { db, logger, now: () => new Date(), fetchFeed, prepareItem: createItemPreparer(loadTaxonomy()) } as unknown as Parameters<typeof pollDueFeeds>[0];
  const pollOptions = { channelChatId: String(channel.id), firstRunPosts: 0, backlogCap: 100, concurrency: 1 };
  await pollDueFeeds(pollDeps, pollOptions); // first fetch: records, posts nothing
  const sender = createSender({ db, transport: createTelegramTransport({ token: api.token, apiRoot: api.apiRoot }), logger }, { sendRate: 25, channelRate });
  sender.start();
  const now = Date.now();
  body = rss(Array.from({ length: 50 }, (_, i) => ({ title: `Story ${i}`, link: `https://bench.example/${i}`, date: new Date(now - i * 1000) })));
  await makeAllFeedsDue(db, new Date());
  const polledAt = performance.now();
  const reports = await pollDueFeeds(pollDeps, pollOptions);
  if (!reports.some((r) => r.queued >= 50)) throw new Error(`the poll queued too little: ${JSON.stringify(reports)}`);
  const polledDone = performance.now();
  sender.nudge();
  await api.waitFor(() => api.sentTo(channel.id).length >= 50, { timeoutMs: 120_000 });
  await sender.stop();
  const lat = api.sentTo(channel.id).map((m) => (m.at - polledAt) / 1000).sort((a, b) => a - b);
  const pct = (p: number) => lat[Math.min(lat.length - 1, Math.ceil((p / 100) * lat.length) - 1)]!;
  add(`poll → channel post, burst of 50 new items (poll itself ${((polledDone - polledAt) / 1000).toFixed(2)} s, CHANNEL_RATE=${channelRate}/min)`, `median ${pct(50).toFixed(1)} s, p95 ${pct(95).toFixed(1)} s, first ${lat[0]!.toFixed(2)} s`, `first post ≈ poll time; then one post per ${60 / channelRate} s (channel limit)`);
  add('rate-limit breaches in that run', String(api.breaches.length), '0');
  await api.close();
  await handle.close();
}

/**
 * Priority lanes under load: a 100,000-recipient fan-out is sending at SEND_RATE=30 when new
 * channel posts arrive; each should go out within a batch (about a second), not after the queue.
 */
async function overtake(): Promise<void> {
  const recipients = 100_000;
  const api = await startFakeBotApi({ rateLimits: { mode: 'count', globalPerSecond: 30, groupPerMinute: 20 } });
  const channel = api.addChannel({ username: 'herald_overtake' });
  const ids = Array.from({ length: recipients }, (_, i) => 700_000_000 + i);
  for (const id of ids) api.addUser({ id });
  const handle = await openScratchDb();
  try {
    await migrateToLatest(handle.db);
    const db = handle.db;
    const feedId = await seedFeed(db);
    await queueDirect(db, await seedItem(db, feedId, { title: 'The long fan-out' }), ids);
    const sender = createSender({ db, transport: createTelegramTransport({ token: api.token, apiRoot: api.apiRoot }), logger }, { sendRate: 30, channelRate: 20 });
    sender.start();
    await api.waitFor(() => api.calls.length >= 90, { timeoutMs: 60_000 });
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      const itemId = await seedItem(db, feedId, { title: `Channel story ${i}` });
      await db.insertInto('deliveries').values({ item_id: itemId, broadcast_id: null, chat_id: String(channel.id), message_thread_id: null, kind: 'channel', priority: Lane.channel, payload: null, next_attempt_at: new Date(), lease_owner: null, message_id: null, sent_as: null, last_error: null, last_error_code: null }).execute();
      const queuedAt = performance.now();
      sender.nudge();
      await api.waitFor(() => api.sentTo(channel.id).length > i, { timeoutMs: 60_000 });
      delays.push((performance.now() - queuedAt) / 1000);
      // Wait out the channel's own limit (20/min), so each figure measures the lanes, not CHANNEL_RATE.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 3_500 - (performance.now() - queuedAt))));
    }
    const waiting = await db.selectFrom('deliveries').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'pending').executeTakeFirstOrThrow();
    await sender.stop();
    add(`new channel post while ${recipients.toLocaleString('en')} private messages wait (SEND_RATE=30), 3 posts`, `${delays.map((d) => d.toFixed(2)).join(' s, ')} s (${Number(waiting.n).toLocaleString('en')} still waiting)`, '≤ a few seconds each');
  } finally {
    await api.close();
    await handle.close();
  }
}

function print(): void {
  const w = [Math.max(6, ...rows.map((r) => r.figure.length)), Math.max(5, ...rows.map((r) => r.value.length)), Math.max(3, ...rows.map((r) => r.aim.length))];
  const line = (a: string, b: string, c: string) => `| ${a.padEnd(w[0]!)} | ${b.padEnd(w[1]!)} | ${c.padEnd(w[2]!)} |`;
  console.log(line('figure', 'value', 'aim'));
  console.log(`|${'-'.repeat(w[0]! + 2)}|${'-'.repeat(w[1]! + 2)}|${'-'.repeat(w[2]! + 2)}|`);
  for (const r of rows) console.log(line(r.figure, r.value, r.aim));
}

const parts: Record<string, () => Promise<void>> = { rate: sustainedRate, paid: paidOverhead, fanout: fanOut, latency, overtake };
const chosen = process.argv[2] ?? 'all';
for (const [name, run] of Object.entries(parts)) {
  if (chosen !== 'all' && chosen !== name) continue;
  try {
    await run();
  } catch (error) {
    add(`${name}: failed`, error instanceof Error ? error.message.slice(0, 400) : String(error), '-');
  }
}
print();
