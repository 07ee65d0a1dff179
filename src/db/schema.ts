import type { ColumnType, Generated, GeneratedAlways, Selectable } from 'kysely';

/** A column the database fills (default or trigger) that code may still set. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string | T | undefined, string | T>;

export interface FeedsTable {
  id: Generated<number>;
  url: string;
  title: string | null;
  section: string | null;
  time_zone: string | null;
  language: string | null;
  enabled: Defaulted<boolean>;
  etag: string | null;
  last_modified: string | null;
  next_fetch_at: Timestamp;
  fetch_interval_seconds: number | null;
  lease_until: NullableTimestamp;
  initialized: Defaulted<boolean>;
  consecutive_failures: Defaulted<number>;
  last_error: string | null;
  last_error_at: NullableTimestamp;
  last_fetched_at: NullableTimestamp;
  last_success_at: NullableTimestamp;
  last_item_at: NullableTimestamp;
  flagged_at: NullableTimestamp;
  /** When the feed last came back after being flagged (migration 0100). */
  recovered_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface ItemClassification {
  topics?: Record<string, number>;
  regions?: Record<string, number>;
  countries?: Record<string, number>;
}

export interface ItemsTable {
  id: Generated<number>;
  feed_id: number;
  dedupe_key: string;
  guid: string | null;
  url: string | null;
  canonical_url: string | null;
  title: string;
  author: string | null;
  section: string | null;
  language: string | null;
  published_at: Timestamp;
  discovered_at: Timestamp;
  summary: Defaulted<string>;
  image_url: string | null;
  categories: Defaulted<string[]>;
  topics: Defaulted<string[]>;
  regions: Defaulted<string[]>;
  countries: Defaulted<string[]>;
  classification: Json<ItemClassification>;
  search_text: Defaulted<string>;
  full_text_length: number | null;
  content_hash: string;
  version: Defaulted<number>;
  updated_at: NullableTimestamp;
  /** Set by the fan-out (stores/fan-out.ts) in the transaction that queued the item's private messages: each item is fanned out once. */
  fanned_out_at: NullableTimestamp;
  /** Set by the poll in the transaction that stores a new item: its fan-out is owed, in this many parts (migration 2026-12-02-0900). */
  fan_out_owed_parts: number | null;
  /** The editions of one story in different languages share it (migration 1000); null: no known translation. */
  story_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** The translations the feed named (hreflang alternate links), so a later translation finds its partner. */
  alternate_urls: Defaulted<string[]>;
  /** The outlet's article number (host#number of the guid or link): the same across its language feeds. */
  edition_key: ColumnType<string | null, string | null | undefined, string | null>;
}

export type SubscriberStatus = 'active' | 'stopped' | 'blocked';
export type SubscriberMode = 'instant' | 'digest';

export interface SubscribersTable {
  chat_id: number;
  chat_type: Defaulted<string>;
  title: string | null;
  language: Defaulted<string>;
  status: Defaulted<SubscriberStatus>;
  mode: Defaulted<SubscriberMode>;
  digest_hour: Defaulted<number>;
  time_zone: Defaulted<string>;
  quiet_start: number | null;
  quiet_end: number | null;
  topics: Defaulted<string[]>;
  regions: Defaulted<string[]>;
  countries: Defaulted<string[]>;
  keywords: Defaulted<string[]>;
  /** The languages of items the reader receives, preferred first; empty: their interface language (migration 1000). */
  item_languages: Defaulted<string[]>;
  /** The keywords as herald_words() normalises them; computed by the database (generated column). */
  keyword_terms: GeneratedAlways<string[]>;
  message_thread_id: number | null;
  onboarded: Defaulted<boolean>;
  last_digest_at: NullableTimestamp;
  created_at: Timestamp;
  /** Bumped by the database on every change of a choice (migration 0700): the settings page's version. */
  settings_version: GeneratedAlways<number>;
  updated_at: Timestamp;
  status_changed_at: Timestamp;
}

export type DeliveryKind = 'channel' | 'direct' | 'digest' | 'broadcast';
export type DeliveryStatus = 'pending' | 'held' | 'sent' | 'failed' | 'blocked' | 'skipped' | 'cancelled';

/** Priority lanes: lower numbers are sent first. */
export const Lane = { breaking: 0, channel: 1, instant: 2, digest: 3 } as const;

export interface DeliveriesTable {
  id: Generated<number>;
  item_id: number | null;
  broadcast_id: number | null;
  chat_id: string;
  message_thread_id: number | null;
  kind: DeliveryKind;
  priority: number;
  status: Defaulted<DeliveryStatus>;
  payload: Json<unknown> | null;
  attempts: Defaulted<number>;
  next_attempt_at: Timestamp;
  lease_until: NullableTimestamp;
  lease_owner: string | null;
  message_id: number | null;
  sent_as: string | null;
  last_error: string | null;
  last_error_code: number | null;
  created_at: Timestamp;
  sent_at: NullableTimestamp;
  edited_at: NullableTimestamp;
}

export interface BroadcastAudience {
  topics?: string[];
  regions?: string[];
  /** Item languages the news is for (readers who read one of them); missing or empty: everyone. */
  languages?: string[];
}

export interface BroadcastsTable {
  id: Generated<number>;
  author_id: number;
  text: string;
  photo: string | null;
  audience: Json<BroadcastAudience>;
  pass_quiet_hours: Defaulted<boolean>;
  pin_hours: number | null;
  status: Defaulted<string>;
  created_at: Timestamp;
  finished_at: NullableTimestamp;
  /** Channel message pinned for this broadcast (migration 0400). */
  pinned_message_id: ColumnType<number | null, number | null | undefined, number | null>;
  pinned_at: NullableTimestamp;
  /** The channels the editor chose (channels.id); null: every active channel when sent (migration 1100). */
  channel_ids: ColumnType<number[] | null, number[] | null | undefined, number[] | null>;
  unpinned_at: NullableTimestamp;
}

export interface AdminsTable {
  user_id: number;
  name: string | null;
  added_by: number | null;
  added_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor_id: number;
  action: string;
  details: Json<Record<string, unknown>>;
  at: Timestamp;
}

export interface ConversationsTable {
  key: string;
  state: Json<unknown>;
  updated_at: Timestamp;
}

export interface ServiceStateTable {
  key: string;
  value: Json<unknown>;
  updated_at: Timestamp;
}

/** An alert episode that has ended (migration 0900): the dashboard's recent alerts. */
export interface AlertHistoryTable {
  id: GeneratedAlways<number>;
  /** The episode's service_state key: `alert:<kind>` or `alert:<kind>:<feed id>`. */
  key: string;
  started_at: Timestamp;
  ended_at: Timestamp;
}

/** A forum group's choice: everything about one topic or region goes to one forum topic. */
export interface ForumRoutesTable {
  chat_id: number;
  kind: 'topic' | 'region';
  value: string;
  message_thread_id: number;
  created_at: Timestamp;
}

/** One part of an item's fan-out written (stores/fan-out.ts); removed once every part is. */
export interface FanOutPartsDoneTable {
  item_id: number;
  part: number;
}

export interface Database {
  feeds: FeedsTable;
  items: ItemsTable;
  subscribers: SubscribersTable;
  deliveries: DeliveriesTable;
  broadcasts: BroadcastsTable;
  admins: AdminsTable;
  audit_log: AuditLogTable;
  conversations: ConversationsTable;
  service_state: ServiceStateTable;
  forum_routes: ForumRoutesTable;
  alert_history: AlertHistoryTable;
  fan_out_parts_done: FanOutPartsDoneTable;
  channels: ChannelsTable;
  rate_limits: RateLimitsTable;
}

/** A user's allowance in one bucket (migration 1300; stores/rate-limits.ts): a token bucket shared by every instance. */
export interface RateLimitsTable {
  user_id: number;
  /** 'message' (typed in the chat) or 'press' (buttons and the Mini App's requests). */
  bucket: string;
  tokens: number;
  /** When `tokens` was last worked out; they refill from here. */
  at: Timestamp;
  /** Requests refused in a row since the last allowed one (1: the first refusal, answered politely). */
  refused: Defaulted<number>;
}

/** A channel Herald posts to and the rule of what it takes (migration 1100; stores/channels.ts). */
export interface ChannelsTable {
  id: Generated<number>;
  /** What deliveries.chat_id carries for this channel: '-100…' or '@name'. */
  chat_id: string;
  title: string | null;
  username: string | null;
  languages: Defaulted<string[]>;
  sections: Defaulted<string[]>;
  topics: Defaulted<string[]>;
  regions: Defaulted<string[]>;
  paused: Defaulted<boolean>;
  /** 'editor' or 'config' (CHANNEL_ID no longer names it); null while not paused. */
  paused_by: string | null;
  from_config: Defaulted<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type FeedRow = Selectable<FeedsTable>;
export type ItemRow = Selectable<ItemsTable>;
export type SubscriberRow = Selectable<SubscribersTable>;
export type DeliveryRow = Selectable<DeliveriesTable>;
export type BroadcastRow = Selectable<BroadcastsTable>;
export type ChannelRow = Selectable<ChannelsTable>;
