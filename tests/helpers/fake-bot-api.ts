/**
 * A fake Telegram Bot API on loopback. Point grammY at it with
 * `new Bot(api.token, { client: { apiRoot: api.apiRoot } })`.
 *
 * It keeps chats and messages, validates like Telegram, enforces (or counts) the rate
 * limits, can be told to fail, and lets a test act as users. See tests/harness for usage.
 */
import { Faults } from './bot-api/faults.js';
import type { MethodTable } from './bot-api/methods/context.js';
import { FakeBotServer, TOKEN_RE } from './bot-api/server.js';
import { BotState, type NewChannel, type NewGroup, type NewUser } from './bot-api/state.js';
import type {
  BotIdentity, CallRecord, ChatRef, EarlyRequest, FakeCallbackQuery, FakeChat, FakeMessage, FakeUser, Fault,
  FaultFilter, FaultHandle, RateBreach, RateLimitOptions, Update, WebhookConfig,
} from './bot-api/types.js';
import {
  UserActions, type ButtonRef, type CommandOptions, type ForwardOrigin, type MessageRef, type PressResult, type UserTextOptions,
} from './bot-api/user.js';
import { ChangeSignal, type Probe, type WaitOptions } from './wait.js';

export * from './bot-api/types.js';
export { Faults };
export type { ButtonRef, CommandOptions, ForwardOrigin, MessageRef, MethodTable, NewChannel, NewGroup, NewUser, PressResult, Probe, UserTextOptions, WaitOptions };
export type { CallContext, Handler } from './bot-api/methods/context.js';
export { parseHtml } from './bot-api/html.js';

export interface FakeBotApiOptions {
  /** The token tests give grammY (default '123456789:AAFakeHeraldTestToken_loopback'); the bot id is its number. */
  token?: string;
  botName?: string;
  botUsername?: string;
  /** Rate-limit settings, or false to switch the limits off. */
  rateLimits?: RateLimitOptions | false;
  /** The fake's clock in ms (default performance.now); rate limits and retry_after are measured on it. */
  now?: () => number;
  /** Pause between webhook delivery attempts after a failure (default 100 ms). */
  webhookRetryMs?: number;
  /** Return an error description to make sendPhoto refuse a photo URL (Telegram fetches URLs itself). */
  rejectPhotoUrl?: (url: string) => string | undefined;
  /** Extra methods, or replacements for built-in ones. */
  methods?: MethodTable;
}

export interface MessagesFilter {
  /** Include messages the bot has deleted (default false). */
  includeDeleted?: boolean;
  /** Only the bot's messages (default false: what the chat shows, users' messages included). */
  botOnly?: boolean;
  threadId?: number;
}

export interface FakeBotApi {
  readonly apiRoot: string;
  readonly token: string;
  readonly bot: FakeUser;
  /** Every call, in arrival order. */
  readonly calls: readonly CallRecord[];
  /** Every rate-limit breach, whether or not it was answered with 429. */
  readonly breaches: readonly RateBreach[];
  /** Sends made while a 429's retry_after was still running. */
  readonly earlyRequests: readonly EarlyRequest[];
  /** Every update ever queued (delivered or not). */
  readonly updates: readonly Update[];
  /** Updates the bot's webhook acknowledged. */
  readonly webhookDelivered: readonly Update[];
  readonly webhook: WebhookConfig | undefined;
  /** Low-level access for what the helpers below do not cover. */
  readonly state: BotState;
  /**
   * HTTP requests open right now (getUpdates' long polls left out) and the most that were open
   * at once since the last resetPeak(): what a client keeps in flight, as the server sees it.
   */
  readonly openRequests: { readonly now: number; readonly peak: number; resetPeak(): void };

  addUser(init?: NewUser): FakeUser;
  addGroup(init?: NewGroup): FakeChat;
  addChannel(init?: NewChannel): FakeChat;
  /** Creates a topic in a forum supergroup and returns its message_thread_id. */
  createTopic(chat: ChatRef, name: string): number;
  chat(ref: ChatRef): FakeChat | undefined;

  /** Messages the bot successfully sent into the chat, oldest first, deleted ones included. */
  sentTo(chat: ChatRef): FakeMessage[];
  /** What the chat shows now: bot and user messages, oldest first. */
  messages(chat: ChatRef, filter?: MessagesFilter): FakeMessage[];
  lastMessage(chat: ChatRef): FakeMessage | undefined;
  /** Calls addressed to the chat (by chat_id), failed ones included. */
  callsTo(chat: ChatRef, method?: string): CallRecord[];
  callsOf(method: string): CallRecord[];
  callbackQuery(id: string): FakeCallbackQuery | undefined;
  commands(opts?: { scope?: Record<string, unknown>; language_code?: string }): unknown[];

  /** Resolves with the probe's first truthy value; re-checked on every change, never on a timer. */
  waitFor<T>(probe: Probe<T>, opts?: WaitOptions): Promise<T>;
  waitForCall(method: string, match?: (c: CallRecord) => boolean, opts?: WaitOptions): Promise<CallRecord>;
  /** Waits for the call to be answered (or given up on), not just received. */
  waitForAnswered(method: string, match?: (c: CallRecord) => boolean, opts?: WaitOptions): Promise<CallRecord>;
  waitForMessage(chat: ChatRef, match?: (m: FakeMessage) => boolean, opts?: WaitOptions): Promise<FakeMessage>;
  /** Waits until the bot has fetched (confirmed) every queued update. */
  waitForUpdatesConsumed(opts?: WaitOptions): Promise<void>;

  sendUserText(userId: number, text: string, opts?: UserTextOptions): Update;
  sendCommand(userId: number, command: string, opts?: CommandOptions): Update;
  /** button: callback_data string, { data }, or { text } of the button as shown. */
  pressButton(userId: number, message: MessageRef, button: ButtonRef, opts?: { force?: boolean }): PressResult;
  forwardToBot(userId: number, origin: ForwardOrigin): Update;
  addBotToGroup(chat: ChatRef, byUserId: number, status?: 'member' | 'administrator'): Update[];
  removeBotFromGroup(chat: ChatRef, byUserId: number): Update;
  userBlocksBot(userId: number): Update;
  userUnblocksBot(userId: number): Update;
  deactivateUser(userId: number): void;
  migrateGroup(oldChat: ChatRef, newId?: number): FakeChat;
  pushUpdate(update: Omit<Update, 'update_id'>): Update;

  /** The next n calls of method ('*' for any) matching filter get fault; entries apply in the order added. */
  failNext(method: string | string[], n: number, fault: Fault, filter?: FaultFilter): FaultHandle;
  clearFaults(): void;

  /** Frees the port; ends long polls, held requests, webhook retries and pending waits. */
  close(): Promise<void>;
}

export const DEFAULT_TOKEN = '123456789:AAFakeHeraldTestToken_loopback';

export async function startFakeBotApi(opts: FakeBotApiOptions = {}): Promise<FakeBotApi> {
  const token = opts.token ?? DEFAULT_TOKEN;
  if (!TOKEN_RE.test(token)) throw new Error(`startFakeBotApi: token ${JSON.stringify(token)} is not of the form 123:abc`);
  const now = opts.now ?? (() => performance.now());
  const identity: BotIdentity = {
    id: Number(token.split(':')[0]),
    first_name: opts.botName ?? 'Herald Test Bot',
    username: opts.botUsername ?? 'herald_test_bot',
  };
  const state = new BotState(identity, now);
  const signal = new ChangeSignal();
  const server = new FakeBotServer(state, signal, {
    rateLimits: opts.rateLimits,
    webhookRetryMs: opts.webhookRetryMs,
    rejectPhotoUrl: opts.rejectPhotoUrl,
    methods: opts.methods,
  });
  await server.listen();
  const notify = (): void => signal.notify();
  const user = new UserActions(state, notify);

  const chatId = (ref: ChatRef): number => {
    const chat = state.findChat(ref);
    if (!chat) throw new Error(`fake Bot API: no chat ${String(ref)}`);
    return chat.id;
  };
  const recent = (): string => {
    const lines = server.calls.slice(-15).map(describeCall);
    return lines.length ? `last calls (${server.calls.length} in all):\n${lines.join('\n')}` : 'no calls were made';
  };
  const wait = <T>(probe: Probe<T>, o?: WaitOptions): Promise<T> => signal.waitFor(probe, recent, o);
  const sameMethod = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

  const api: FakeBotApi = {
    apiRoot: server.apiRoot,
    token,
    bot: state.bot,
    calls: server.calls,
    breaches: server.limiter.breaches,
    earlyRequests: server.flood.early,
    updates: state.updates.history,
    webhookDelivered: server.webhook.delivered,
    get webhook() {
      return state.webhook;
    },
    state,
    openRequests: server.open,

    addUser: (init) => tap(state.addUser(init), notify),
    addGroup: (init) => tap(state.addGroup(init), notify),
    addChannel: (init) => tap(state.addChannel(init), notify),
    createTopic: (chat, name) => tap(state.createTopic(chat, name), notify),
    chat: (ref) => state.findChat(ref),

    sentTo: (ref) => {
      const id = chatId(ref);
      return state.messages.filter((m) => m.chat_id === id && m.from === 'bot');
    },
    messages: (ref, f = {}) => {
      const id = chatId(ref);
      return state.messages.filter(
        (m) => m.chat_id === id && (f.includeDeleted || !m.deleted) && (!f.botOnly || m.from === 'bot') &&
          (f.threadId === undefined || m.message_thread_id === f.threadId),
      );
    },
    lastMessage: (ref) => api.messages(ref).at(-1),
    callsTo: (ref, method) => {
      const id = chatId(ref);
      return server.calls.filter((c) => state.findChat(c.params.chat_id)?.id === id && (!method || sameMethod(c.method, method)));
    },
    callsOf: (method) => server.calls.filter((c) => sameMethod(c.method, method)),
    callbackQuery: (id) => state.callbackQueries.get(id),
    commands: (o = {}) => {
      const scope = o.scope ?? { type: 'default' };
      const norm = Object.fromEntries(Object.entries(scope).sort(([a], [b]) => a.localeCompare(b)));
      return state.commands.get(`${JSON.stringify(norm)}|${o.language_code ?? ''}`) ?? [];
    },

    waitFor: wait,
    waitForCall: (method, match, o) =>
      wait(() => server.calls.find((c) => sameMethod(c.method, method) && (!match || match(c))), {
        message: `a ${method} call`,
        ...o,
      }),
    waitForAnswered: (method, match, o) =>
      wait(() => server.calls.find((c) => sameMethod(c.method, method) && c.outcome !== 'pending' && (!match || match(c))), {
        message: `an answered ${method} call`,
        ...o,
      }),
    waitForMessage: (ref, match, o) =>
      wait(() => {
        const id = state.findChat(ref)?.id;
        return state.messages.find((m) => m.chat_id === id && m.from === 'bot' && !m.deleted && (!match || match(m)));
      }, { message: `a bot message in chat ${String(ref)}`, ...o }),
    waitForUpdatesConsumed: async (o) => {
      await wait(() => state.updates.pendingCount === 0, { message: 'the bot to fetch every queued update', ...o });
    },

    sendUserText: (u, text, o) => user.sendText(u, text, o),
    sendCommand: (u, cmd, o) => user.sendCommand(u, cmd, o),
    pressButton: (u, m, b, o) => user.pressButton(u, m, b, o),
    forwardToBot: (u, origin) => user.forwardToBot(u, origin),
    addBotToGroup: (chat, by, status) => user.addBotToChat(chat, by, status),
    removeBotFromGroup: (chat, by) => user.removeBotFromChat(chat, by),
    userBlocksBot: (u) => user.blockBot(u),
    userUnblocksBot: (u) => user.unblockBot(u),
    deactivateUser: (u) => user.deactivate(u),
    migrateGroup: (old, id) => user.migrateGroup(old, id),
    pushUpdate: (u) => user.push(u),

    failNext: (method, n, fault, filter) => server.faults.add(method, n, fault, filter),
    clearFaults: () => server.faults.clear(),

    close: async () => {
      await server.close();
      signal.close();
    },
  };
  return api;
}

function tap<T>(value: T, notify: () => void): T {
  notify();
  return value;
}

function describeCall(c: CallRecord): string {
  const p = c.params;
  const bits = [`#${c.seq} ${c.method}`];
  if (p.chat_id !== undefined) bits.push(`chat_id=${String(p.chat_id)}`);
  if (typeof p.text === 'string') bits.push(`text=${JSON.stringify(p.text.length > 60 ? `${p.text.slice(0, 60)}…` : p.text)}`);
  if (c.method === 'getUpdates') bits.push(`offset=${String(p.offset ?? '')} timeout=${String(p.timeout ?? '')}`);
  bits.push(
    c.response && !c.response.ok ? `→ ${c.response.error_code} ${c.response.description}` : c.status ? `→ ${c.status}` : `→ ${c.outcome}`,
  );
  if (c.fault) bits.push(`[fault ${c.fault}]`);
  if (c.early429) bits.push('[early after 429]');
  return `  ${bits.join(' ')}`;
}
