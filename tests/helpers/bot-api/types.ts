/**
 * Public types of the fake Bot API. Field names follow Telegram's snake_case so that a
 * stored record reads like the object a real client would have received.
 */
import type { MessageEntity, ResponseParameters, Update } from 'grammy/types';

export type { MessageEntity, ResponseParameters, Update };

/** A chat as a test names it: numeric id (or its string form) or '@username'. */
export type ChatRef = number | string;

export type ChatType = 'private' | 'group' | 'supergroup' | 'channel';

export type MemberStatus = 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';

/** Request parameters after decoding (JSON, form or multipart; strings coerced where Telegram would). */
export type Params = Record<string, unknown>;

export interface FakeUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

/** An administrator's rights in a channel, as getChatMember reports them. */
export interface ChannelRights {
  can_post_messages: boolean;
  can_edit_messages: boolean;
}

export interface FakeChat {
  id: number;
  type: ChatType;
  title?: string;
  username?: string;
  first_name?: string;
  last_name?: string;
  is_forum?: boolean;
  /**
   * The bot's own standing. In a private chat: 'member' once the user has started the bot,
   * 'kicked' while the user blocks it, 'left' if the user never started it.
   */
  botStatus: MemberStatus;
  /** Channels: what the bot may do as an administrator (both by default). */
  botRights?: ChannelRights;
  /** Other members' statuses (groups and channels); unknown users count as 'left'. */
  members: Map<number, MemberStatus>;
  /** Forum topics by message_thread_id. */
  topics: Map<number, string>;
  /** Set when a group was upgraded: sends to it answer 400 with migrate_to_chat_id. */
  migratedTo?: number;
  /** Private chats only: the user deleted the account. */
  deactivated?: boolean;
  nextMessageId: number;
}

export interface UploadedFile {
  /** The multipart field name (grammY uses a random id referenced as attach://id). */
  field: string;
  filename?: string;
  contentType?: string;
  size: number;
  data: Buffer;
}

export interface FakePhoto {
  /** How the bot supplied it. */
  source: 'url' | 'file_id' | 'upload';
  /** The URL, the file_id, or the uploaded file name. */
  value: string;
  upload?: Omit<UploadedFile, 'data'>;
  /** The file_id the fake answered with. */
  file_id: string;
}

/** One version of a message's content, kept when the message is edited. */
export interface FakeMessageVersion {
  /** Fake clock (ms) when this version was sent or edited in. */
  at: number;
  text?: string;
  entities?: MessageEntity[];
  caption?: string;
  caption_entities?: MessageEntity[];
  reply_markup?: unknown;
  source?: MessageSource;
}

/** What the bot actually sent before Telegram parsed it (HTML source etc.). */
export interface MessageSource {
  text?: string;
  caption?: string;
  parse_mode?: string;
}

export interface FakeMessage {
  chat_id: number;
  message_id: number;
  message_thread_id?: number;
  /** 'bot' for messages the bot sent, else the user id who wrote it. */
  from: 'bot' | number;
  /** Unix seconds, like Telegram. */
  date: number;
  /** Fake clock (ms) when stored. */
  at: number;
  /** The method that created it ('user' for messages the test sent as a user). */
  method: string;
  /** Plain text as a user sees it: tags stripped, entities decoded, trimmed. */
  text?: string;
  entities?: MessageEntity[];
  caption?: string;
  caption_entities?: MessageEntity[];
  parse_mode?: string;
  source?: MessageSource;
  photo?: FakePhoto;
  reply_markup?: unknown;
  link_preview_options?: unknown;
  disable_notification?: boolean;
  protect_content?: boolean;
  allow_paid_broadcast?: boolean;
  reply_to_message_id?: number;
  forward_origin?: unknown;
  /** Earlier versions, oldest first; the record itself holds the current one. */
  edits: FakeMessageVersion[];
  edit_date?: number;
  /** Fake clock (ms) of the latest edit. */
  edited_at?: number;
  deleted: boolean;
  pinned: boolean;
  /** seq of the call that created it (bot messages). */
  callSeq?: number;
}

export interface ApiOk {
  ok: true;
  result: unknown;
}

export interface ApiErr {
  ok: false;
  error_code: number;
  description: string;
  parameters?: ResponseParameters;
}

export type ApiResponse = ApiOk | ApiErr;

export type CallOutcome = 'pending' | 'answered' | 'hung' | 'reset' | 'client-gone';

export interface CallRecord {
  seq: number;
  /** Canonical method name (Telegram matches names case-insensitively). */
  method: string;
  params: Params;
  token: string;
  /** Fake clock (ms) when the request was read. */
  at: number;
  encoding: 'json' | 'multipart' | 'urlencoded' | 'query';
  files: UploadedFile[];
  outcome: CallOutcome;
  /** HTTP status, once answered. */
  status?: number;
  response?: ApiResponse;
  /** Set when an injected fault decided the outcome. */
  fault?: Fault['kind'];
  /** A send made while a 429's retry_after was still running. */
  early429?: boolean;
  /** Rate-limit breaches this call caused. */
  breaches?: RateBreach[];
  /** The call came back as the body of a webhook response, not as a request. */
  viaWebhookReply?: boolean;
  /** Fake clock (ms) when answered. */
  answeredAt?: number;
  /** Fake clock (ms) when the request's connection closed (answered, or given up on by either side). */
  endedAt?: number;
}

export type RateBreachKind = 'global' | 'paid' | 'private' | 'group' | 'channel';

export interface RateBreach {
  kind: RateBreachKind;
  chat_id: number;
  at: number;
  method: string;
  callSeq: number;
  /** How long a polite client would have had to wait, ms. */
  retryAfterMs: number;
}

export interface EarlyRequest {
  callSeq: number;
  method: string;
  chat_id?: number;
  at: number;
  /** Fake clock (ms) at which the retry_after ran out. */
  until: number;
}

export type Fault =
  /** 429 with retry_after (seconds); until it elapses every further send also gets 429. */
  | { kind: 'flood'; retryAfter: number; scope?: 'bot' | 'chat' }
  /** A Telegram-shaped error answer. */
  | { kind: 'error'; code: number; description: string; parameters?: ResponseParameters }
  /** A raw HTTP answer, e.g. nginx's HTML 502 page. */
  | { kind: 'http'; status: number; body: string; contentType: string }
  /** Never answer; the request stays open until the client gives up or the fake closes. */
  | { kind: 'hang' }
  /** Destroy the socket without answering. */
  | { kind: 'reset' }
  /** Perform the call (the message is delivered), then lose the answer. */
  | { kind: 'lost-answer'; then: 'hang' | 'reset' }
  /** Answer normally, but only after ms. */
  | { kind: 'delay'; ms: number };

export type FaultFilter = (call: { method: string; params: Params }) => boolean;

export interface FaultHandle {
  /** How many more calls this fault will hit. */
  readonly remaining: number;
  cancel(): void;
}

export interface CallbackAnswer {
  text?: string;
  show_alert?: boolean;
  url?: string;
  cache_time?: number;
  at: number;
}

export interface FakeCallbackQuery {
  id: string;
  user_id: number;
  chat_id: number;
  message_id: number;
  data: string;
  at: number;
  answer?: CallbackAnswer;
}

export interface WebhookConfig {
  url: string;
  secret_token?: string;
  max_connections?: number;
  allowed_updates?: string[];
}

export interface RateLimitOptions {
  /** 'count' records breaches only; 'enforce' also answers 429 (default 'count'). */
  mode?: 'count' | 'enforce';
  /** Messages per second across all chats (default 30). */
  globalPerSecond?: number;
  /** Ceiling for allow_paid_broadcast sends (default 1000). */
  paidPerSecond?: number;
  /** Sustained messages per second into one private chat (default 1). */
  privatePerSecond?: number;
  /** How many messages a private chat absorbs back-to-back before breaching (default 2). */
  privateBurst?: number;
  /** Messages per minute into one group, supergroup or channel (default 20). */
  groupPerMinute?: number;
  /** Slack for sliding windows so a paced client's timer jitter is not a breach (default 50 ms). */
  toleranceMs?: number;
}

export interface BotIdentity {
  id: number;
  first_name: string;
  username: string;
}
