import type { Logger } from './logger.js';

/** How often a long piece of work says how far it is, at most. */
export const PROGRESS_INTERVAL_MS = 5_000;

export interface ProgressOptions {
  logger: Logger;
  /** The log message of every progress line, e.g. 'first poll' or 'migrating the database'. */
  what: string;
  /** Units of work in all (feeds, items, migrations, messages). */
  total: number;
  /** Fields on every line (a broadcast id, a feed id). */
  fields?: Record<string, unknown>;
  /** At most one line per this many ms (default 5 s). */
  intervalMs?: number;
  /** Milliseconds on a monotonic clock; performance.now by default (tests move it by hand). */
  clock?: () => number;
}

export interface ProgressLine {
  done: number;
  total: number;
  percent: number;
  /** Seconds left at the rate so far; null until anything is done. */
  etaSeconds: number | null;
  elapsedSeconds: number;
}

export interface Progress {
  /** `n` more units are done. */
  advance(n?: number): void;
  /** Sets how many units are done in all (for work counted elsewhere, such as a broadcast's sent rows). */
  set(done: number): void;
  /** The work is over: a last line, only when progress lines were written (short work stays silent). */
  finish(fields?: Record<string, unknown>): void;
  /** What the next line would say. */
  readonly current: ProgressLine;
}

/**
 * Progress of long work in the log: done / total, percent and an estimate of the time left,
 * at most once per interval. Work that finishes within the first interval writes nothing, so a
 * poll of three feeds or a migration of one table adds no lines; a first poll of 500 feeds, a
 * feed's archive or a broadcast to 100,000 readers says how far it is every few seconds.
 */
export function createProgress(options: ProgressOptions): Progress {
  const clock = options.clock ?? (() => performance.now());
  const interval = options.intervalMs ?? PROGRESS_INTERVAL_MS;
  const started = clock();
  let lastLine = started;
  let reported = false;
  let finished = false;
  let done = 0;

  const current = (): ProgressLine => {
    const elapsedMs = clock() - started;
    const total = Math.max(options.total, done);
    const rate = done > 0 && elapsedMs > 0 ? done / elapsedMs : 0;
    return {
      done,
      total,
      percent: total > 0 ? Math.floor((done / total) * 100) : 100,
      etaSeconds: rate > 0 ? Math.round((total - done) / rate / 1000) : null,
      elapsedSeconds: Math.round(elapsedMs / 1000),
    };
  };

  const maybeReport = () => {
    if (finished) return;
    const at = clock();
    if (at - lastLine < interval) return;
    lastLine = at;
    reported = true;
    const line = current();
    options.logger.info({ ...options.fields, progress: `${line.done}/${line.total}`, ...line }, `${options.what}: ${line.done} of ${line.total} (${line.percent}%)${eta(line.etaSeconds)}`);
  };

  return {
    advance(n = 1) {
      done += n;
      maybeReport();
    },
    set(value) {
      done = value;
      maybeReport();
    },
    finish(fields) {
      if (finished) return;
      finished = true;
      if (!reported) return;
      const line = current();
      options.logger.info({ ...options.fields, ...fields, progress: `${line.done}/${line.total}`, ...line, etaSeconds: 0 }, `${options.what}: finished, ${line.done} of ${line.total} in ${duration(line.elapsedSeconds)}`);
    },
    get current() {
      return current();
    },
  };
}

function eta(seconds: number | null): string {
  return seconds === null ? '' : `, about ${duration(seconds)} left`;
}

/** 42 → "42 s", 150 → "2 min 30 s", 7260 → "2 h 1 min". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 === 0 ? `${Math.floor(s / 60)} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
  const minutes = Math.floor((s % 3600) / 60);
  return minutes === 0 ? `${Math.floor(s / 3600)} h` : `${Math.floor(s / 3600)} h ${minutes} min`;
}
