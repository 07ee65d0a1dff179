/**
 * Article extraction off the main thread, with a time budget per page. extractArticle is
 * synchronous and some pages keep it busy for over a minute (89 s was measured on one
 * 2.9 MB page); on the main thread that froze the bot, the sender and the heartbeat. Here a
 * page past its budget fails as a value, its worker is terminated, and the next page gets
 * a fresh one.
 *
 * A worker (a V8 heap of its own with linkedom and readability, some 20–30 MB) starts with the
 * first page and stops once it has been idle for `idleMs`: between polls that bring new
 * articles Herald holds none.
 */
import type { Worker } from 'node:worker_threads';
import type { ExtractJob, ExtractOutcome, WorkerMessage } from './extract-protocol.js';
import { siblingModule, startModuleWorker } from './module-worker.js';
import type { FurnitureRules } from './understand/types.js';

export type { ExtractOutcome } from './extract-protocol.js';

export interface ExtractorPoolOptions {
  /** Worker threads; pages wait for a free one. */
  size: number;
  /** Time one page may take once a worker has it. */
  timeoutMs: number;
  furniture?: FurnitureRules;
  /** Heap of each worker: a page that balloons costs its worker, not Herald. */
  maxHeapMb?: number;
  /** A worker with nothing to do for this long stops (default 30 s); the next page starts one. */
  idleMs?: number;
  /** Told when a worker starts and when one stops, and why (the log says so at debug level). */
  onWorker?: (event: { kind: 'started' } | { kind: 'stopped'; reason: string }) => void;
}

export interface ArticleExtractor {
  /** Never rejects: a page that fails, overruns or holds no article is an outcome. */
  extract(html: string, url: string): Promise<ExtractOutcome>;
  /** Terminates the workers; pages still waiting fail. */
  close(): Promise<void>;
  /** Worker threads alive now (starting, busy or idle). */
  workers(): number;
}

const WORKER_MODULE = siblingModule(import.meta.url, 'extract-worker');
/** Loading linkedom and readability takes well under a second; this only catches a worker that never comes up. */
const STARTUP_LIMIT_MS = 30_000;
const DEFAULT_MAX_HEAP_MB = 512;
/** Longer than the pages of one poll take, shorter than the minute between polls. */
const DEFAULT_IDLE_MS = 30_000;

interface Waiting {
  html: string;
  url: string;
  resolve: (outcome: ExtractOutcome) => void;
}

interface Running extends Waiting {
  id: number;
  timer: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  running: Running | null;
  startupTimer: NodeJS.Timeout;
  /** Set while the worker is ready and has nothing to do. */
  idleTimer: NodeJS.Timeout | null;
}

export function createExtractorPool(options: ExtractorPoolOptions): ArticleExtractor {
  const size = Math.max(1, options.size);
  const idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
  const waiting: Waiting[] = [];
  const slots = new Set<Slot>();
  let closed = false;
  let nextId = 1;

  const spawn = (): void => {
    const worker = startModuleWorker(WORKER_MODULE, {
      workerData: { furniture: options.furniture },
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? DEFAULT_MAX_HEAP_MB },
    });
    const slot: Slot = {
      worker,
      ready: false,
      running: null,
      idleTimer: null,
      startupTimer: setTimeout(() => void retire(slot, `the extraction worker did not start within ${STARTUP_LIMIT_MS / 1000} s`), STARTUP_LIMIT_MS).unref(),
    };
    slots.add(slot);
    options.onWorker?.({ kind: 'started' });
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') {
        slot.ready = true;
        clearTimeout(slot.startupTimer);
      } else if (slot.running?.id === message.id) {
        clearTimeout(slot.running.timer);
        slot.running.resolve(message.outcome);
        slot.running = null;
      }
      dispatch();
    });
    worker.on('error', (error) => void retire(slot, `the extraction worker failed: ${error.message}`));
    worker.on('exit', (code) => void retire(slot, `the extraction worker stopped (exit code ${code})`));
  };

  /** Takes a worker out of the pool for good; the page it was on fails with `reason`. */
  const retire = (slot: Slot, reason: string): Promise<unknown> => {
    if (!slots.delete(slot)) return Promise.resolve();
    options.onWorker?.({ kind: 'stopped', reason });
    clearTimeout(slot.startupTimer);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    const terminated = slot.worker.terminate();
    if (slot.running) {
      clearTimeout(slot.running.timer);
      slot.running.resolve({ kind: 'failed', reason });
      slot.running = null;
    }
    // A worker that dies before it is ready would die again: fail the waiting pages instead of respawning in a loop.
    if (!slot.ready) for (const page of waiting.splice(0)) page.resolve({ kind: 'failed', reason });
    dispatch();
    return terminated;
  };

  const dispatch = (): void => {
    if (closed) return;
    for (const slot of slots) {
      if (!slot.ready || slot.running) continue;
      const page = waiting.shift();
      if (!page) break;
      const id = nextId++;
      const kb = Math.round(page.html.length / 1024);
      const timer = setTimeout(
        () => void retire(slot, `extraction took longer than ${options.timeoutMs} ms (a ${kb} KB page): stopped, the feed text is used`),
        options.timeoutMs,
      );
      slot.running = { ...page, id, timer };
      slot.worker.postMessage({ id, html: page.html, url: page.url } satisfies ExtractJob);
    }
    // An idle worker stops after idleMs; work cancels the countdown.
    for (const slot of slots) {
      const idle = slot.ready && !slot.running && waiting.length === 0;
      if (!idle && slot.idleTimer) {
        clearTimeout(slot.idleTimer);
        slot.idleTimer = null;
      } else if (idle && !slot.idleTimer) {
        slot.idleTimer = setTimeout(() => void retire(slot, 'idle'), idleMs).unref();
      }
    }
    const starting = [...slots].filter((s) => !s.ready).length;
    for (let i = starting; i < waiting.length && slots.size < size; i++) spawn();
    // A worker with work keeps Herald alive (at most one budget); an idle one never holds up shutdown.
    for (const slot of slots) {
      if (slot.running || waiting.length > 0) slot.worker.ref();
      else slot.worker.unref();
    }
  };

  return {
    extract(html, url) {
      if (closed) return Promise.resolve({ kind: 'failed', reason: 'the extractor is closed (Herald is stopping)' });
      return new Promise((resolve) => {
        waiting.push({ html, url, resolve });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const page of waiting.splice(0)) page.resolve({ kind: 'failed', reason: 'Herald is stopping' });
      await Promise.all([...slots].map((slot) => retire(slot, 'Herald is stopping')));
    },
    workers: () => slots.size,
  };
}
