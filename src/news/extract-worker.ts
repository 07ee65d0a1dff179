/**
 * Worker thread of the extractor pool (extractor-pool.ts): extracts one article page at a
 * time. It runs off the main thread so that a page which keeps readability busy for a
 * minute costs a terminated worker, not a frozen bot, sender and heartbeat.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { extractArticle } from './understand/extract-article.js';
import type { FurnitureRules } from './understand/types.js';
import type { ExtractJob, ExtractOutcome, WorkerMessage } from './extract-protocol.js';

const port = parentPort;
if (!port) throw new Error('extract-worker.ts runs only as a worker thread');
const furniture = (workerData as { furniture?: FurnitureRules } | undefined)?.furniture;

port.on('message', (job: ExtractJob) => {
  let outcome: ExtractOutcome;
  try {
    const article = extractArticle(job.html, job.url, furniture);
    outcome = article ? { kind: 'extracted', article } : { kind: 'no-article' };
  } catch (error) {
    // e.g. a page nested thousands deep overflows the DOM library's stack.
    outcome = { kind: 'failed', reason: `extraction failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  port.postMessage({ type: 'done', id: job.id, outcome } satisfies WorkerMessage);
});
port.postMessage({ type: 'ready' } satisfies WorkerMessage);
