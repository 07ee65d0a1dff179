/** Messages between the extractor pool and its worker threads, and what an extraction yields. */
import type { ExtractedArticle } from './understand/types.js';

export type ExtractOutcome =
  | { kind: 'extracted'; article: ExtractedArticle }
  | { kind: 'no-article' }
  | { kind: 'failed'; reason: string };

export interface ExtractJob {
  id: number;
  html: string;
  url: string;
}

export type WorkerMessage = { type: 'ready' } | { type: 'done'; id: number; outcome: ExtractOutcome };
