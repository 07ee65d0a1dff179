/** What a method handler gets to work with. */
import type { BotState } from '../state.js';
import type { CallRecord, FakeChat, Params, UploadedFile } from '../types.js';

export interface HandlerOptions {
  /** Decides whether Telegram could fetch a photo URL: return an error description to refuse it. */
  rejectPhotoUrl?: ((url: string) => string | undefined) | undefined;
}

export interface CallContext {
  call: CallRecord;
  params: Params;
  files: UploadedFile[];
  state: BotState;
  options: HandlerOptions;
  /** Aborts when the client goes away or the fake closes. */
  signal: AbortSignal;
  /**
   * Sending methods call this once their request is valid and right before storing:
   * it counts the send against the rate limits and throws 429 when they are enforced.
   */
  admitSend(chat: FakeChat): void;
  /** getUpdates: ends any earlier poll with 409 and returns a signal that fires if this one is superseded. */
  beginPoll(): AbortSignal;
  /** setWebhook/deleteWebhook changed the delivery mode. */
  webhookChanged(): void;
  /** A state change tests may be waiting on. */
  notify(): void;
}

export type Handler = (ctx: CallContext) => unknown;

/** Method table keyed by the canonical name; lookups are case-insensitive like Telegram's. */
export type MethodTable = Record<string, Handler>;

/** Reads an optional boolean/flag set as Telegram does (absent = not set). */
export function flags(p: Params, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const n of names) if (p[n] !== undefined && p[n] !== null) out[n] = p[n];
  return out;
}
