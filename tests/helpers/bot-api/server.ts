/**
 * The HTTP side of the fake: routes /bot<token>/<method>, runs each call through the same
 * gates Telegram has (flood wait, scripted faults, rate limits) and records everything.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeRequest } from './body.js';
import { ApiError, tooManyRequests } from './errors.js';
import { FaultQueue, FloodGate } from './faults.js';
import { botMethods } from './methods/bot.js';
import { chatMethods } from './methods/chats.js';
import type { CallContext, Handler, HandlerOptions, MethodTable } from './methods/context.js';
import { editMethods } from './methods/edit.js';
import { sendMethods } from './methods/send.js';
import { RateLimiter } from './rate-limit.js';
import type { BotState } from './state.js';
import type { ApiResponse, CallRecord, Fault, FakeChat, Params, RateLimitOptions, UploadedFile } from './types.js';
import { WebhookPusher } from './webhook.js';
import type { ChangeSignal } from '../wait.js';

export const TOKEN_RE = /^\d+:[A-Za-z0-9_-]+$/;

/** Methods a 429 flood wait applies to: everything that writes into a chat. */
const FLOOD_METHODS = new Set(
  ['sendMessage', 'sendPhoto', 'copyMessage', 'forwardMessage', 'editMessageText', 'editMessageCaption', 'editMessageReplyMarkup']
    .map((m) => m.toLowerCase()),
);

export interface ServerOptions extends HandlerOptions {
  rateLimits?: RateLimitOptions | false | undefined;
  webhookRetryMs?: number | undefined;
  /** Extra or replacement methods. */
  methods?: MethodTable | undefined;
}

export class FakeBotServer {
  readonly calls: CallRecord[] = [];
  readonly faults = new FaultQueue();
  readonly flood: FloodGate;
  readonly limiter: RateLimiter;
  readonly webhook: WebhookPusher;
  apiRoot = '';
  readonly #server: http.Server;
  readonly #methods = new Map<string, [string, Handler]>();
  readonly #held = new Set<http.ServerResponse>();
  readonly #closing = new AbortController();
  #activePoll: AbortController | undefined;
  #seq = 0;
  /** Requests open right now (getUpdates' long polls left out), and the most open at once since resetPeak(). */
  readonly open = { now: 0, peak: 0, resetPeak: () => void (this.open.peak = this.open.now) };

  constructor(
    private readonly state: BotState,
    private readonly signal: ChangeSignal,
    private readonly opts: ServerOptions,
  ) {
    this.flood = new FloodGate(state.now);
    this.limiter = new RateLimiter(opts.rateLimits, state.now);
    this.webhook = new WebhookPusher(state, opts.webhookRetryMs ?? 100, (body) => void this.#webhookReply(body), () => signal.notify());
    state.updates.onQueued = () => this.webhook.kick();
    const table: MethodTable = {
      ...botMethods,
      ...sendMethods,
      ...editMethods,
      ...chatMethods,
      getWebhookInfo: () => this.#webhookInfo(),
      ...opts.methods,
    };
    for (const [name, handler] of Object.entries(table)) this.#methods.set(name.toLowerCase(), [name, handler]);
    this.#server = http.createServer((req, res) => void this.#onRequest(req, res));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.#server.address() as AddressInfo;
    this.apiRoot = `http://127.0.0.1:${port}`;
  }

  /** Ends long polls, held requests and webhook retries, then frees the port. */
  async close(): Promise<void> {
    if (this.#closing.signal.aborted) return;
    this.#closing.abort();
    this.webhook.close();
    for (const res of this.#held) res.destroy();
    this.#held.clear();
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
  }

  async #onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = /^\/bot([^/]+)\/(?:test\/)?([^/]+)\/?$/.exec(url.pathname);
    if (!route?.[1] || !route[2]) return sendJson(res, 404, notFound());
    const token = decodeURIComponent(route[1]);
    if (!TOKEN_RE.test(token)) return sendJson(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    let decoded;
    try {
      decoded = await decodeRequest(req, url);
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(400, 'Bad Request: invalid request');
      return sendJson(res, e.code, e.toResponse());
    }
    const entry = this.#methods.get(route[2].toLowerCase());
    const call = this.#record(entry?.[0] ?? route[2], decoded.params, token, decoded.encoding, decoded.files);
    const clientGone = new AbortController();
    if (call.method !== 'getUpdates') {
      this.open.now++;
      this.open.peak = Math.max(this.open.peak, this.open.now);
      res.once('close', () => {
        this.open.now--;
        call.endedAt = this.state.now();
      });
    }
    res.on('close', () => {
      if (res.writableFinished) return;
      clientGone.abort();
      this.#held.delete(res);
      // Sockets cut by close() are the fake's doing, not the client's.
      if (!this.#closing.signal.aborted && (call.outcome === 'pending' || call.outcome === 'hung')) call.outcome = 'client-gone';
      this.signal.notify();
    });
    if (!entry) return this.#answer(call, res, notFound());
    await this.#execute(call, entry[1], res, AbortSignal.any([clientGone.signal, this.#closing.signal]));
  }

  #record(method: string, params: Params, token: string, encoding: CallRecord['encoding'], files: UploadedFile[]): CallRecord {
    const call: CallRecord = { seq: ++this.#seq, method, params, token, at: this.state.now(), encoding, files, outcome: 'pending' };
    this.calls.push(call);
    this.signal.notify();
    return call;
  }

  async #execute(call: CallRecord, handler: Handler, res: http.ServerResponse | undefined, signal: AbortSignal): Promise<void> {
    const lower = call.method.toLowerCase();
    const chatId = this.state.findChat(call.params.chat_id)?.id;
    if (FLOOD_METHODS.has(lower)) {
      const wait = this.flood.check(call.seq, call.method, chatId);
      if (wait !== undefined) {
        call.early429 = true;
        return this.#answer(call, res, tooManyRequests(wait).toResponse());
      }
    }
    const fault = this.faults.take(call.method, call.params);
    if (fault) {
      call.fault = fault.kind;
      const done = await this.#applyFault(fault, call, res, chatId, signal);
      if (done) return;
    }
    let response: ApiResponse;
    try {
      response = { ok: true, result: await handler(this.#context(call, signal)) };
    } catch (err) {
      if (!(err instanceof ApiError)) console.error('fake Bot API: handler failed', call.method, err);
      response = err instanceof ApiError ? err.toResponse() : { ok: false, error_code: 500, description: 'Internal Server Error' };
    }
    if (fault?.kind === 'lost-answer' && res) {
      call.response = response;
      return this.#withhold(call, res, fault.then);
    }
    this.#answer(call, res, response);
  }

  /** Returns true when the fault fully decided the outcome. */
  async #applyFault(fault: Fault, call: CallRecord, res: http.ServerResponse | undefined, chatId: number | undefined, signal: AbortSignal): Promise<boolean> {
    switch (fault.kind) {
      case 'flood':
        this.flood.close(fault.retryAfter, fault.scope === 'chat' ? chatId : undefined);
        this.#answer(call, res, tooManyRequests(fault.retryAfter).toResponse());
        return true;
      case 'error':
        this.#answer(call, res, new ApiError(fault.code, fault.description, fault.parameters).toResponse());
        return true;
      case 'http':
        call.status = fault.status;
        call.outcome = 'answered';
        call.answeredAt = this.state.now();
        res?.writeHead(fault.status, { 'content-type': fault.contentType }).end(fault.body);
        this.signal.notify();
        return true;
      case 'hang':
      case 'reset':
        if (res) this.#withhold(call, res, fault.kind);
        return true;
      case 'delay':
        await abortableDelay(fault.ms, signal);
        return signal.aborted;
      case 'lost-answer':
        return false;
    }
  }

  #withhold(call: CallRecord, res: http.ServerResponse, how: 'hang' | 'reset'): void {
    if (how === 'reset') {
      call.outcome = 'reset';
      res.socket?.destroy();
    } else {
      call.outcome = 'hung';
      this.#held.add(res);
    }
    this.signal.notify();
  }

  #answer(call: CallRecord, res: http.ServerResponse | undefined, response: ApiResponse): void {
    const status = response.ok ? 200 : response.error_code;
    call.status = status;
    call.response = response;
    call.answeredAt = this.state.now();
    if (call.outcome === 'pending') call.outcome = 'answered';
    if (res && !res.destroyed) sendJson(res, status, response);
    this.signal.notify();
  }

  #context(call: CallRecord, signal: AbortSignal): CallContext {
    return {
      call,
      params: call.params,
      files: call.files,
      state: this.state,
      options: this.opts,
      signal,
      admitSend: (chat) => this.#admitSend(call, chat),
      beginPoll: () => {
        this.#activePoll?.abort();
        const poll = new AbortController();
        this.#activePoll = poll;
        return poll.signal;
      },
      webhookChanged: () => {
        this.webhook.reset();
        this.webhook.kick();
      },
      notify: () => this.signal.notify(),
    };
  }

  #admitSend(call: CallRecord, chat: FakeChat): void {
    const meta = { chat_id: chat.id, chatType: chat.type, paid: call.params.allow_paid_broadcast === true, method: call.method, callSeq: call.seq };
    const breaches = this.limiter.check(meta);
    if (breaches.length) {
      call.breaches = breaches;
      this.signal.notify();
      if (this.limiter.enforcing) {
        const worst = Math.max(...breaches.map((b) => b.retryAfterMs));
        const seconds = Math.max(1, Math.ceil(worst / 1000));
        const botWide = breaches.some((b) => b.kind === 'global' || b.kind === 'paid');
        this.flood.close(seconds, botWide ? undefined : chat.id);
        throw tooManyRequests(seconds);
      }
    }
    this.limiter.commit(meta);
  }

  async #webhookReply(body: Record<string, unknown>): Promise<void> {
    const { method, ...params } = body;
    const entry = this.#methods.get(String(method).toLowerCase());
    const call = this.#record(entry?.[0] ?? String(method), params, '', 'json', []);
    call.viaWebhookReply = true;
    if (!entry) return this.#answer(call, undefined, notFound());
    await this.#execute(call, entry[1], undefined, this.#closing.signal);
  }

  #webhookInfo(): Record<string, unknown> {
    const hook = this.state.webhook;
    const err = this.webhook.lastError;
    return {
      url: hook?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: this.state.updates.pendingCount,
      ...(err ? { last_error_date: err.date, last_error_message: err.message } : {}),
      ...(hook ? { max_connections: hook.max_connections ?? 40, ip_address: '127.0.0.1' } : {}),
      ...(hook?.allowed_updates ? { allowed_updates: hook.allowed_updates } : {}),
    };
  }
}

const notFound = (): ApiResponse => ({ ok: false, error_code: 404, description: 'Not Found' });

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    if (signal.aborted) done();
  });
}
