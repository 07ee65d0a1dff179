/**
 * Delivers queued updates to the bot's webhook one at a time, in order, like Telegram with
 * max_connections=1: an update leaves the queue only once the bot answered 2xx.
 */
import http from 'node:http';
import type { BotState } from './state.js';
import type { Update } from './types.js';

export interface WebhookError {
  date: number;
  message: string;
}

export class WebhookPusher {
  lastError: WebhookError | undefined;
  /** Updates the bot acknowledged, in order. */
  readonly delivered: Update[] = [];
  #busy = false;
  #retry: NodeJS.Timeout | undefined;
  #inflight: http.ClientRequest | undefined;
  #closed = false;
  /** Bumped by reset(), so the failure of a request it cut short is not blamed on the new webhook. */
  #generation = 0;

  constructor(
    private readonly state: BotState,
    private readonly retryMs: number,
    /** A JSON body in the webhook's answer is a method call (grammY's webhook reply). */
    private readonly onReply: (body: Record<string, unknown>) => void,
    private readonly notify: () => void,
  ) {}

  /** Called whenever an update is queued or the webhook changes. */
  kick(): void {
    if (this.#closed || this.#busy || this.#retry) return;
    const hook = this.state.webhook;
    const next = this.state.updates.first();
    if (!hook || !next) return;
    this.#busy = true;
    const generation = this.#generation;
    this.#post(hook.url, hook.secret_token, next)
      .then((reply) => {
        if (this.state.updates.first() === next) this.state.updates.removeFirst();
        this.delivered.push(next);
        if (reply) this.onReply(reply);
      })
      .catch((err: unknown) => {
        if (generation !== this.#generation) return;
        this.lastError = { date: Math.floor(Date.now() / 1000), message: err instanceof Error ? err.message : String(err) };
        if (!this.#closed) {
          this.#retry = setTimeout(() => {
            this.#retry = undefined;
            this.kick();
          }, this.retryMs);
        }
      })
      .finally(() => {
        this.#busy = false;
        this.notify();
        this.kick();
      });
  }

  /** A new webhook (or none) cancels whatever was being retried for the old one. */
  reset(): void {
    this.#generation++;
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = undefined;
    this.#inflight?.destroy();
    this.lastError = undefined;
  }

  close(): void {
    this.#closed = true;
    this.reset();
  }

  #post(url: string, secret: string | undefined, update: Update): Promise<Record<string, unknown> | undefined> {
    const body = Buffer.from(JSON.stringify(update));
    return new Promise((resolve, reject) => {
      const req = http.request(
        url,
        {
          method: 'POST',
          agent: false,
          headers: {
            'content-type': 'application/json',
            'content-length': body.length,
            ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status < 200 || status > 299) {
              reject(new Error(`Wrong response from the webhook: ${status} ${res.statusMessage ?? ''}`.trim()));
              return;
            }
            resolve(parseReply(Buffer.concat(chunks).toString('utf8')));
          });
        },
      );
      this.#inflight = req;
      req.on('error', (err) => reject(new Error(`Connection failed: ${err.message}`)));
      req.end(body);
    });
  }
}

function parseReply(text: string): Record<string, unknown> | undefined {
  if (!text.trim()) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && typeof (v as { method?: unknown }).method === 'string') return v as Record<string, unknown>;
  } catch {
    // A non-JSON answer is fine: Telegram ignores it.
  }
  return undefined;
}
