/**
 * Starts bench/support/fake-telegram-process.ts and follows its event lines: when getUpdates
 * calls arrive, how many private messages have been delivered, how many 429s were answered.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./fake-telegram-process.ts', import.meta.url));

export interface FakeTelegramTotals {
  breaches: number;
  tooMany: number;
  sent: number;
}

export interface FakeTelegram {
  readonly apiRoot: string;
  readonly token: string;
  readonly pid: number;
  /** Date.now() of every getUpdates call so far. */
  readonly getUpdatesAt: readonly number[];
  /** Private messages delivered (answered 200) so far, and 429 answers. */
  readonly sent: number;
  readonly tooMany: number;
  /** Resolves with the Date.now() of the first getUpdates call at or after `since`. */
  getUpdatesAfter(since: number, timeoutMs: number): Promise<number>;
  /** Resolves with the Date.now() at which the n-th private message was delivered. */
  sentReaches(n: number, timeoutMs: number): Promise<number>;
  /** Ends stdin: the fake prints its totals and exits. */
  finish(): Promise<FakeTelegramTotals>;
  /** SIGTERM and wait for the exit (idempotent). */
  kill(): Promise<void>;
}

type Line = Record<string, unknown>;

export async function startFakeTelegram(users: number): Promise<FakeTelegram> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SCRIPT, String(users)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = once(child, 'close').then(() => undefined);
  const getUpdatesAt: number[] = [];
  const sentAt: number[] = [];
  let tooMany = 0;
  let totals: FakeTelegramTotals | undefined;
  let closed = false;
  const listeners = new Set<() => void>();
  const changed = (): void => {
    for (const listener of [...listeners]) listener();
  };

  let resolveReady!: (line: Line) => void;
  let rejectReady!: (error: Error) => void;
  const ready = new Promise<Line>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (text) => {
    let line: Line;
    try {
      line = JSON.parse(text) as Line;
    } catch {
      return;
    }
    if (typeof line.apiRoot === 'string') resolveReady(line);
    else if (line.event === 'getUpdates') getUpdatesAt.push(Number(line.at));
    else if (line.event === 'sent') sentAt.push(Number(line.at));
    else if (line.event === '429') tooMany = Number(line.n);
    else if (typeof line.breaches === 'number') totals = line as unknown as FakeTelegramTotals;
    changed();
  });
  child.once('close', () => {
    closed = true;
    rejectReady(new Error('the fake Bot API process exited before listening'));
    changed();
  });

  /** Resolves with probe()'s first defined value, re-checked on every line from the fake. */
  const when = <T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const finish = (settle: () => void): void => {
        listeners.delete(check);
        clearTimeout(timer);
        settle();
      };
      const check = (): void => {
        const value = probe();
        if (value !== undefined) finish(() => resolve(value));
        else if (closed) finish(() => reject(new Error(`the fake Bot API exited while waiting for ${what}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} (fake: ${sentAt.length} sent, ${tooMany} answered 429)`))), timeoutMs);
      listeners.add(check);
      check();
    });

  let first: Line;
  try {
    first = await ready;
  } catch (error) {
    await exited;
    throw error;
  }
  return {
    apiRoot: String(first.apiRoot),
    token: String(first.token),
    pid: child.pid!,
    getUpdatesAt,
    get sent() {
      return sentAt.length;
    },
    get tooMany() {
      return tooMany;
    },
    getUpdatesAfter: (since, timeoutMs) => when(() => getUpdatesAt.find((at) => at >= since), timeoutMs, 'a getUpdates call'),
    sentReaches: (n, timeoutMs) => when(() => sentAt[n - 1], timeoutMs, `${n} private messages delivered`),
    async finish() {
      child.stdin!.end();
      const result = await when(() => totals, 10_000, "the fake's totals");
      await exited;
      return result;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
