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
const WARM_UP_PAGE = `<!doctype html><html><head><title>Warm-up</title></head><body><nav><a href="/">Home</a></nav><article><h1>Warm-up</h1>${'<p>A paragraph long enough to be read as article text, so that every step of extraction runs once.</p>'.repeat(4)}</article><aside class="related">Read also</aside></body></html>`;
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
// The first extraction in a fresh worker pays for cold code (selector parsing, readability's first
// run): about 280 ms on a quiet machine, well over a 500 ms budget on a busy one. Paying it here,
// before the worker says it is ready, leaves each page's budget to the page itself.
extractArticle(WARM_UP_PAGE, 'https://warm-up.invalid/', furniture);
port.postMessage({ type: 'ready' } satisfies WorkerMessage);
