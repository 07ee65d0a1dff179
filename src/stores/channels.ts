import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../db/create-db.js';
import type { ChannelRow } from '../db/schema.js';

/**
 * What a channel takes: an item passes when it passes every part; an empty part means any.
 * Languages are readers/item-languages.ts's ITEM_LANGUAGES; an item whose language could not be
 * told passes no rule naming languages, so a channel of one language never carries an item that
 * may be in another.
 */
export interface ChannelRule {
  languages: string[];
  sections: string[];
  topics: string[];
  regions: string[];
}

export const NO_RULE: ChannelRule = { languages: [], sections: [], topics: [], regions: [] };

/** A channel Herald posts to. */
export interface Channel {
  id: number;
  /** What the channel's outbox rows carry as chat_id: '-100…' or '@name'. */
  chatId: string;
  title: string | null;
  username: string | null;
  rule: ChannelRule;
  paused: boolean;
  /** Who paused it: an editor (/channels pause) or the configuration (CHANNEL_ID no longer names it). */
  pausedBy: 'editor' | 'config' | null;
  /** Named by CHANNEL_ID. */
  fromConfig: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** The one place a channels row becomes a Channel. */
function toChannel(row: ChannelRow): Channel {
  return {
    id: row.id,
    chatId: row.chat_id,
    title: row.title,
    username: row.username,
    rule: { languages: row.languages, sections: row.sections, topics: row.topics, regions: row.regions },
    paused: row.paused,
    pausedBy: row.paused_by === 'editor' || row.paused_by === 'config' ? row.paused_by : null,
    fromConfig: row.from_config,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function hasRule(rule: ChannelRule): boolean {
  return rule.languages.length + rule.sections.length + rule.topics.length + rule.regions.length > 0;
}

export async function listChannels(db: Db): Promise<Channel[]> {
  const rows = await db.selectFrom('channels').selectAll().orderBy('id').execute();
  return rows.map(toChannel);
}

export async function getChannel(db: Db, id: number): Promise<Channel | undefined> {
  const row = await db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toChannel(row) : undefined;
}

/** The channel stored under any of these chat references ('-100…' ids, '@names' in any case). */
export async function findChannel(db: Db, refs: string[]): Promise<Channel | undefined> {
  const wanted = refs.map((r) => r.toLowerCase());
  if (wanted.length === 0) return undefined;
  const row = await db
    .selectFrom('channels')
    .selectAll()
    .where((eb) => eb.or([eb(eb.fn('lower', ['chat_id']), 'in', wanted), eb(sql<string>`'@' || lower(username)`, 'in', wanted)]))
    .orderBy('id')
    .executeTakeFirst();
  return row ? toChannel(row) : undefined;
}

export async function addChannel(db: Db, channel: { chatId: string; title: string | null; username: string | null; rule: ChannelRule }, now: Date): Promise<Channel | undefined> {
  const row = await db
    .insertInto('channels')
    .values({ chat_id: channel.chatId, title: channel.title, username: channel.username, ...ruleColumns(channel.rule), created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('chat_id').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ? toChannel(row) : undefined;
}

export async function setChannelRule(db: Db, id: number, rule: ChannelRule, now: Date): Promise<Channel | undefined> {
  const row = await db.updateTable('channels').set({ ...ruleColumns(rule), updated_at: now }).where('id', '=', id).returningAll().executeTakeFirst();
  return row ? toChannel(row) : undefined;
}

/** An editor pauses or resumes a channel; a paused channel is given nothing new. */
export async function setChannelPaused(db: Db, id: number, paused: boolean, now: Date): Promise<Channel | undefined> {
  const row = await db
    .updateTable('channels')
    .set({ paused, paused_by: paused ? 'editor' : null, updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row ? toChannel(row) : undefined;
}

/**
 * Removes a channel. Its posts not yet sent are skipped (recorded, not deleted); what it
 * already shows stays there. Returns the channel and how many posts were skipped.
 */
export async function removeChannel(db: Db, id: number, now: Date): Promise<{ channel: Channel; skipped: number } | undefined> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.deleteFrom('channels').where('id', '=', id).returningAll().executeTakeFirst();
    if (!row) return undefined;
    const skipped = await trx
      .updateTable('deliveries')
      .set({ status: 'skipped', last_error: 'channel removed by an editor', lease_until: null, lease_owner: null })
      .where('chat_id', '=', row.chat_id)
      .where('kind', 'in', ['channel', 'broadcast'])
      .where('status', 'in', ['pending', 'held'])
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .executeTakeFirst();
    return { channel: toChannel(row), skipped: Number(skipped.numUpdatedRows) };
  });
}

export interface ConfigChannelSync {
  /** The CHANNEL_ID channel, added now or found; null without CHANNEL_ID. */
  current: Channel | null;
  added: boolean;
  /** Channels an earlier CHANNEL_ID named, paused now because the settings no longer name them. */
  pausedNow: Channel[];
}

/**
 * At start: CHANNEL_ID becomes (or stays) one channel. A new one has no rule; one already
 * there keeps its rule and an editor's pause, and resumes if only the configuration had
 * paused it. A channel an earlier CHANNEL_ID named that the settings no longer name is paused
 * (not removed: its rule and history stay, and an editor can resume it with /channels).
 */
export async function syncConfigChannel(db: Db, chatId: string | null, now: Date): Promise<ConfigChannelSync> {
  return db.transaction().execute(async (trx) => {
    let current: Channel | null = null;
    let added = false;
    if (chatId !== null) {
      // Another instance starting at the same moment may insert it first: then it is found.
      const inserted = (await findChannel(trx, [chatId]))
        ? undefined
        : await trx
            .insertInto('channels')
            .values({ chat_id: chatId, title: null, username: chatId.startsWith('@') ? chatId.slice(1) : null, from_config: true, created_at: now, updated_at: now })
            .onConflict((oc) => oc.column('chat_id').doNothing())
            .returningAll()
            .executeTakeFirst();
      if (inserted) {
        current = toChannel(inserted);
        added = true;
      } else {
        const existing = (await findChannel(trx, [chatId]))!;
        const row = await trx
          .updateTable('channels')
          .set((eb) => ({
            from_config: true,
            paused: eb.case().when('paused_by', '=', 'config').then(false).else(eb.ref('paused')).end(),
            paused_by: eb.case().when('paused_by', '=', 'config').then(sql<string | null>`null`).else(eb.ref('paused_by')).end(),
            updated_at: now,
          }))
          .where('id', '=', existing.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        current = toChannel(row);
      }
    }
    const paused = await trx
      .updateTable('channels')
      .set({ from_config: false, paused: true, paused_by: 'config', updated_at: now })
      .where('from_config', '=', true)
      .$if(current !== null, (q) => q.where('id', '<>', current!.id))
      .where('paused', '=', false)
      .returningAll()
      .execute();
    // Earlier CHANNEL_IDs an editor had paused anyway: no longer the configuration's.
    await trx.updateTable('channels').set({ from_config: false }).where('from_config', '=', true).$if(current !== null, (q) => q.where('id', '<>', current!.id)).execute();
    return { current, added, pausedNow: paused.map(toChannel) };
  });
}

/**
 * Whether channel `c` takes item `i` (both aliases in the query): every non-empty part of its
 * rule must hold. An item of no known language or section passes no rule naming one.
 */
export function channelTakes(): RawBuilder<SqlBool> {
  return sql<SqlBool>`(cardinality(c.languages) = 0 or i.language = any(c.languages))
    and (cardinality(c.sections) = 0 or i.section = any(c.sections))
    and (cardinality(c.topics) = 0 or i.topics && c.topics)
    and (cardinality(c.regions) = 0 or i.regions && c.regions)`;
}

/**
 * Each (item, channel) pair where an active channel's rule takes the item, in publication
 * order (then item id, then channel id): the order the channel posts are queued in.
 */
export async function channelsTaking(db: Db, itemIds: number[]): Promise<{ itemId: number; chatId: string; publishedAt: Date }[]> {
  if (itemIds.length === 0) return [];
  const result = await sql<{ item_id: number; chat_id: string; published_at: Date }>`
    select i.id as item_id, c.chat_id, i.published_at
    from items i join channels c on not c.paused and ${channelTakes()}
    where i.id = any(${sql.val(itemIds)}::bigint[])
    order by i.published_at, i.id, c.id
  `.execute(db);
  return result.rows.map((r) => ({ itemId: Number(r.item_id), chatId: r.chat_id, publishedAt: new Date(r.published_at) }));
}

/** Chat ids of the active channels (or of the chosen ones among them). */
export async function activeChannelChats(db: Db, ids: number[] | null = null): Promise<string[]> {
  if (ids !== null && ids.length === 0) return [];
  const rows = await db
    .selectFrom('channels')
    .select('chat_id')
    .where('paused', '=', false)
    .$if(ids !== null, (q) => q.where('id', 'in', ids!))
    .orderBy('id')
    .execute();
  return rows.map((r) => r.chat_id);
}

/** Each channel's posts sent since `since` and still waiting: for /channels, one grouped count. */
export async function channelPostCounts(db: Db, since: Date): Promise<Map<string, { sent: number; waiting: number }>> {
  const rows = await db
    .selectFrom('deliveries as d')
    .innerJoin('channels as c', 'c.chat_id', 'd.chat_id')
    .select((eb) => [
      'd.chat_id',
      eb.fn.count<number>('d.id').filterWhere((w) => w.and([w('d.status', '=', 'sent'), w('d.sent_at', '>=', since)])).as('sent'),
      eb.fn.count<number>('d.id').filterWhere('d.status', 'in', ['pending', 'held']).as('waiting'),
    ])
    .where('d.kind', '=', 'channel')
    .where((eb) => eb.or([eb('d.status', 'in', ['pending', 'held']), eb('d.sent_at', '>=', since)]))
    .groupBy('d.chat_id')
    .execute();
  return new Map(rows.map((r) => [r.chat_id, { sent: Number(r.sent), waiting: Number(r.waiting) }]));
}

function ruleColumns(rule: ChannelRule) {
  return { languages: rule.languages, sections: rule.sections, topics: rule.topics, regions: rule.regions };
}
