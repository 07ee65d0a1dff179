/**
 * The fault suite's world: the whole of Herald in-process (tests/helpers/app-world.ts) with its
 * sender loop running, a newsroom of `readers` subscribers who take everything, the channel, and
 * the outlet's feed (/rss.xml) seen once, so the next item posted there fans out to all of them.
 * bench/faults.ts runs the same scenarios and measures them.
 */
import { sql } from 'kysely';
import { expect } from 'vitest';
import { startAppWorld, type AppWorld, type AppWorldOptions, type SenderTuning } from '../helpers/app-world.js';
import type { FakeUser, NewUser } from '../helpers/fake-bot-api.js';
import { captureLog, type LogLine } from '../helpers/log-capture.js';
import { ChangeSignal, type WaitOptions } from '../helpers/wait.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { seedSubscribers } from '../delivery/support/seed.js';
import { readState, StateKey } from '../../src/stores/service-state.js';

/** Quick back-off and a short Bot API timeout, so a fault's effects show in seconds, not minutes. */
export const FAULT_TUNING: SenderTuning = { sendRate: 500, channelRate: 600, retryBaseMs: 200, idleMs: 50, maxInFlight: 8, timeoutSeconds: 1 };

export interface FaultWorld {
  world: AppWorld;
  readers: FakeUser[];
  /** The editor alerts go to (when asked for), with a Russian chat with the bot: alerts must reach them in Russian. */
  editor: FakeUser | null;
  /** Chats (readers and the channel) that have a message with this title so far. */
  reached(title: string): number;
  /** Alerts and recovery notices the editor got, in order. */
  alerts(): string[];
  /** Posts a new item on the outlet's feed and polls it: one channel post and one message per reader queued. */
  publish(title: string, options?: { due?: boolean }): Promise<void>;
  /** GET /healthz from Herald's own HTTP server. */
  health(): Promise<{ status: number; problems: string[] }>;
  /** For each title: readers (and the channel) that got it not at all, and more than once. */
  tally(titles: string[]): { lost: number; duplicates: number };
  /** What the bot sent to the chat so far (texts and captions), oldest first; cheap to ask again and again. */
  sentTexts(chat: number): string[];
  /** The outbox rows by status. */
  statuses(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

let guid = 0;

/**
 * How often the fault world runs the operations tick (heartbeat, alerts, pins) on the wall
 * clock when a test wants alerts: alerts are then waited for like anything else.
 */
export const FAULT_TICK_MS = 200;

export async function startFaultWorld(
  options: {
    readers?: number;
    senderTuning?: SenderTuning;
    env?: Record<string, string>;
    /** An editor who gets alerts (their chat with the bot is in Russian), and the operations tick every FAULT_TICK_MS. */
    alerts?: boolean;
  } & Pick<AppWorldOptions, 'testDb' | 'logger'> = {},
): Promise<FaultWorld> {
  const editorInit: NewUser = { first_name: 'Ирина', language_code: 'ru' };
  const world = await startAppWorld({
    editor: options.alerts ? editorInit : false,
    senderTuning: options.senderTuning ?? FAULT_TUNING,
    ...(options.env ? { env: options.env } : {}),
    ...(options.alerts ? { tickMs: FAULT_TICK_MS } : {}),
    // A database on a server of the test's own (one it stops), and a logger whose lines it counts.
    ...(options.testDb ? { testDb: options.testDb } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const readers = Array.from({ length: options.readers ?? 500 }, (_, i) => world.api.addUser({ first_name: `Reader ${i}` }));
  await seedSubscribers(world.db, readers.map((r) => ({ chatId: r.id })));
  const editor = world.editor;
  // The editor chose Russian in their chat with the bot (and takes no news there).
  if (editor) await world.db.insertInto('subscribers').values({ chat_id: editor.id, language: 'ru', status: 'stopped' }).execute();
  await world.start();
  await world.runJob('poll'); // the feed's first sight: recorded, nothing posted

  // Texts the bot sent, per chat, read from the fake's message list as it grows. A wait's probe
  // runs on every change of the fake; scanning every message for every chat each time made the
  // waits quadratic (seconds of blocked event loop per fan-out, in the process Herald runs in,
  // long enough for its sends to time out and be sent again).
  const texts = new Map<number, string[]>();
  let indexed = 0;
  const sentTexts = (chat: number): string[] => {
    const messages = world.api.state.messages;
    for (; indexed < messages.length; indexed++) {
      const m = messages[indexed]!;
      if (m.from !== 'bot') continue;
      const list = texts.get(m.chat_id) ?? [];
      list.push(m.text ?? m.caption ?? '');
      texts.set(m.chat_id, list);
    }
    return texts.get(chat) ?? [];
  };
  const all = () => [world.channel.id, ...readers.map((r) => r.id)];
  return {
    world,
    readers,
    editor,
    sentTexts,
    reached: (title) => all().filter((chat) => sentTexts(chat).some((t) => t.includes(title))).length,
    alerts: () => (editor ? sentTexts(editor.id) : []),
    async publish(title, { due = true } = {}) {
      world.feeds.addItem('/rss.xml', { guid: `fault-${++guid}`, title, link: `https://outlet.example/fault/${guid}`, pubDate: world.clock.now() });
      // A fresh fetch each time, whatever the feed's schedule says (unless the schedule is the point).
      if (due) await world.db.updateTable('feeds').set({ next_fetch_at: world.clock.now() }).execute();
      await world.runJob('poll');
    },
    async health() {
      const response = await fetch(`http://127.0.0.1:${world.app.httpPort}/healthz`);
      const body = (await response.json()) as { problems: string[] };
      return { status: response.status, problems: body.problems };
    },
    tally(titles) {
      let lost = 0;
      let duplicates = 0;
      for (const chat of all()) {
        const got = sentTexts(chat);
        for (const title of titles) {
          const n = got.filter((t) => t.includes(title)).length;
          if (n === 0) lost++;
          else duplicates += n - 1;
        }
      }
      return { lost, duplicates };
    },
    async statuses() {
      const rows = await sql<{ status: string; n: number }>`select status, count(*)::int as n from deliveries group by status`.execute(world.db);
      return Object.fromEntries(rows.rows.map((r) => [r.status, Number(r.n)]));
    },
    close: () => world.close(),
  };
}

/** Everyone (the readers and the channel) has each title: waits on the fake, event-driven. */
export async function allDelivered(fw: FaultWorld, titles: string[], timeoutMs = 20_000): Promise<void> {
  const chats = [fw.world.channel.id, ...fw.readers.map((r) => r.id)];
  await fw.world.api.waitFor(
    () => chats.every((chat) => titles.every((title) => fw.sentTexts(chat).some((t) => t.includes(title)))),
    { timeoutMs, message: `every reader and the channel to get ${titles.join(', ')}` },
  );
}

/**
 * What bench/faults.ts reports for one fault: messages lost and doubled, seconds from the
 * fault's end to the first successful send, peak memory while it lasted. Measured here, never
 * asserted on time: the suite writes them to HERALD_FAULT_FIGURES (a JSON-lines file) when set.
 */
export interface FaultFigures {
  fault: string;
  lost: number;
  duplicates: number;
  inFlightCap: number;
  recoverySeconds: number | null;
  peakRssMb: number;
  /** Slow feeds: seconds from the poll's start to the healthy feed's post, and its own fetch's seconds. */
  healthyPostSeconds?: number;
  healthyFetchSeconds?: number;
}

export function measureFault(fw: FaultWorld, fault: string) {
  let peak = process.memoryUsage().rss;
  // A sampler, not a wait: it only reads memory while the fault lasts.
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  let endedAt: number | null = null;
  let callsBefore = 0;
  return {
    /** The fault is over (the fake answers again; the clock is left alone). */
    ended(): void {
      endedAt = fw.world.clock.ms();
      callsBefore = fw.world.api.calls.length;
      peak = Math.max(peak, process.memoryUsage().rss);
    },
    async record(titles: string[], inFlightCap: number): Promise<void> {
      clearInterval(sampler);
      const file = process.env.HERALD_FAULT_FIGURES;
      if (!file) return;
      const firstSend = fw.world.api.calls.slice(callsBefore).find((c) => c.status === 200 && /^send(Message|Photo)$/.test(c.method));
      const figures: FaultFigures = {
        fault,
        ...fw.tally(titles),
        inFlightCap,
        recoverySeconds: firstSend && endedAt !== null ? (firstSend.at - endedAt) / 1000 : null,
        peakRssMb: Math.round(peak / 1048576),
      };
      const { appendFile } = await import('node:fs/promises');
      await appendFile(file, `${JSON.stringify(figures)}\n`);
    },
  };
}

/**
 * Herald's log lines as they are written, for tests that count or wait for them: waitFor's
 * probe runs on each new line, so a test waits for what Herald says, never for a while.
 */
export function faultLog(level = process.env.FAULT_LOG_LEVEL ?? 'info') {
  const capture = captureLog();
  const signal = new ChangeSignal();
  const write = capture.destination._write.bind(capture.destination);
  capture.destination._write = (chunk, encoding, done) => write(chunk, encoding, (error) => {
    done(error);
    signal.notify();
  });
  const parsed: LogLine[] = [];
  const lines = (): LogLine[] => {
    for (let i = parsed.length; i < capture.raw.length; i++) parsed.push(JSON.parse(capture.raw[i]!) as LogLine);
    return parsed;
  };
  const logger: Logger = createLogger({ level, destination: capture.destination });
  return {
    logger,
    raw: capture.raw,
    lines,
    /** Lines with this message, from line `from` on. */
    named: (msg: string, from = 0) => lines().slice(from).filter((l) => l.msg === msg),
    /** Resolves once the probe holds over the lines so far (re-checked as each line is written). */
    waitFor: <T>(probe: (lines: LogLine[]) => T | undefined | null | false, opts: WaitOptions & { message: string }) =>
      signal.waitFor(() => probe(lines()), () => `last lines: ${lines().slice(-5).map((l) => l.msg).join(' | ')}`, { timeoutMs: 20_000, ...opts }),
    close: () => signal.close(),
  };
}

/**
 * Resolves once the operations tick (alerts and all) has run `n` more times, seen by the row its
 * queue check writes each time: what a test waits for before saying that no further alert came.
 */
export async function ticksRan(fw: FaultWorld, n = 3): Promise<void> {
  const stamp = async () => (await readState<{ lastAt?: string }>(fw.world.db, StateKey.queueGrowth))?.value.lastAt ?? null;
  let last = await stamp();
  for (let i = 0; i < n; i++) {
    const seen = last;
    await expect.poll(stamp, { timeout: 20_000, message: 'the operations tick to run' }).not.toBe(seen);
    last = await stamp();
  }
}
