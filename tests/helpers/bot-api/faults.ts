/** Scripted failures and the flood wait that follows a 429. */
import type { EarlyRequest, Fault, FaultFilter, FaultHandle, Params } from './types.js';

/** Ready-made faults, so tests read as what Telegram did rather than how it is encoded. */
export const Faults = {
  tooManyRequests: (retryAfter = 1, scope: 'bot' | 'chat' = 'bot'): Fault => ({ kind: 'flood', retryAfter, scope }),
  blocked: (): Fault => ({ kind: 'error', code: 403, description: 'Forbidden: bot was blocked by the user' }),
  forbidden: (what = 'bot was blocked by the user'): Fault => ({ kind: 'error', code: 403, description: `Forbidden: ${what}` }),
  badRequest: (what: string): Fault => ({ kind: 'error', code: 400, description: `Bad Request: ${what}` }),
  internal: (): Fault => ({ kind: 'error', code: 500, description: 'Internal Server Error' }),
  /** What nginx in front of the Bot API answers when the backend is down: HTML, not JSON. */
  badGateway: (status = 502): Fault => ({
    kind: 'http',
    status,
    contentType: 'text/html',
    body: `<html>\r\n<head><title>${status} Bad Gateway</title></head>\r\n<body>\r\n<center><h1>${status} Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n`,
  }),
  migrated: (toChatId: number): Fault => ({
    kind: 'error',
    code: 400,
    description: 'Bad Request: group chat was upgraded to a supergroup chat',
    parameters: { migrate_to_chat_id: toChatId },
  }),
  hang: (): Fault => ({ kind: 'hang' }),
  reset: (): Fault => ({ kind: 'reset' }),
  lostAnswer: (then: 'hang' | 'reset' = 'reset'): Fault => ({ kind: 'lost-answer', then }),
  delay: (ms: number): Fault => ({ kind: 'delay', ms }),
} as const;

interface Entry {
  methods: Set<string> | '*';
  remaining: number;
  fault: Fault;
  filter: FaultFilter | undefined;
}

export class FaultQueue {
  readonly #entries: Entry[] = [];

  /** Entries are consumed in the order added, so several calls script a sequence. */
  add(method: string | string[], n: number, fault: Fault, filter?: FaultFilter): FaultHandle {
    const methods = method === '*' ? '*' : new Set((Array.isArray(method) ? method : [method]).map((m) => m.toLowerCase()));
    const entry: Entry = { methods, remaining: n, fault, filter };
    this.#entries.push(entry);
    const entries = this.#entries;
    return {
      get remaining() {
        return entry.remaining;
      },
      cancel() {
        const i = entries.indexOf(entry);
        if (i >= 0) entries.splice(i, 1);
      },
    };
  }

  take(method: string, params: Params): Fault | undefined {
    const lower = method.toLowerCase();
    for (const [i, e] of this.#entries.entries()) {
      if (e.methods !== '*' && !e.methods.has(lower)) continue;
      if (e.filter && !e.filter({ method, params })) continue;
      e.remaining--;
      if (e.remaining <= 0) this.#entries.splice(i, 1);
      return e.fault;
    }
    return undefined;
  }

  clear(): void {
    this.#entries.length = 0;
  }
}

/**
 * After a 429, Telegram keeps refusing until retry_after has passed. A request that comes
 * sooner is what a badly-behaved sender does, so each one is recorded.
 */
export class FloodGate {
  readonly early: EarlyRequest[] = [];
  #botUntil = -Infinity;
  readonly #chatUntil = new Map<number, number>();

  constructor(private readonly now: () => number) {}

  close(retryAfterSeconds: number, chatId?: number): void {
    const until = this.now() + retryAfterSeconds * 1000;
    if (chatId === undefined) this.#botUntil = Math.max(this.#botUntil, until);
    else this.#chatUntil.set(chatId, Math.max(this.#chatUntil.get(chatId) ?? -Infinity, until));
  }

  /** Seconds still to wait (rounded up, at least 1) if the gate is closed for this send. */
  check(callSeq: number, method: string, chatId: number | undefined): number | undefined {
    const at = this.now();
    const chatUntil = chatId === undefined ? -Infinity : (this.#chatUntil.get(chatId) ?? -Infinity);
    const until = Math.max(this.#botUntil, chatUntil);
    if (at >= until) return undefined;
    this.early.push({ callSeq, method, ...(chatId === undefined ? {} : { chat_id: chatId }), at, until });
    return Math.max(1, Math.ceil((until - at) / 1000));
  }
}
