import { sql, type Kysely } from 'kysely';

/**
 * Fan-out over a million subscribers spends its time per row, so this takes work out of
 * the row:
 *
 * - Keywords are normalised once, when written (a generated column), instead of by a
 *   regular expression for every subscriber on every fan-out. herald_words() is the one
 *   definition of "words" for both sides: lower case, runs of whitespace and punctuation
 *   made one space. A later change to it is a new migration that replaces the function
 *   and rewrites the column (update subscribers set keywords = keywords).
 * - One index instead of two on every new row: the unique (chat, item, forum topic)
 *   index both stops a repeated fan-out and finds a chat's rows (blocked, moved), so the
 *   separate (chat_id, status) index goes. Corrections look rows up by item only once
 *   they were sent, so that index is partial and costs a fan-out nothing.
 * - No foreign keys on the outbox: each one queued a check per inserted row (a million
 *   trigger events per fan-out, even for the always-null broadcast_id), a third of the
 *   fan-out's time. Rows are only ever made from existing items and broadcasts; removing
 *   a feed cancels its items' waiting rows itself (stores/feed-admin.ts), the sender
 *   skips a row whose item is gone, and sent rows stay as history.
 * - The forum topic is part of the key: a forum group can receive one item in several of
 *   its topics.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function herald_words(text) returns text language sql immutable parallel safe
    return btrim(regexp_replace(lower($1), '[[:space:][:punct:]«»“”„‘’‹›—–…·]+', ' ', 'g'))
  `.execute(db);
  await sql`
    create function herald_keyword_terms(text[]) returns text[] language sql immutable parallel safe
    return array(select t from (select herald_words(k) as t from unnest($1) as k) as terms where t <> '')
  `.execute(db);
  await sql`
    alter table subscribers
    add column keyword_terms text[] not null generated always as (herald_keyword_terms(keywords)) stored
  `.execute(db);

  await sql`drop index deliveries_item_chat`.execute(db);
  await sql`drop index deliveries_chat`.execute(db);
  await sql`
    create unique index deliveries_chat_item on deliveries (chat_id, item_id, coalesce(message_thread_id, 0))
    where item_id is not null
  `.execute(db);
  await sql`alter table deliveries drop constraint deliveries_item_id_fkey`.execute(db);
  await sql`alter table deliveries drop constraint deliveries_broadcast_id_fkey`.execute(db);
  await sql`create index deliveries_item_sent on deliveries (item_id) where message_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from deliveries d where d.item_id is not null and not exists (select 1 from items i where i.id = d.item_id)`.execute(db);
  await sql`alter table deliveries add constraint deliveries_item_id_fkey foreign key (item_id) references items (id) on delete cascade`.execute(db);
  await sql`alter table deliveries add constraint deliveries_broadcast_id_fkey foreign key (broadcast_id) references broadcasts (id) on delete cascade`.execute(db);
  await sql`drop index if exists deliveries_item_sent`.execute(db);
  await sql`drop index if exists deliveries_chat_item`.execute(db);
  await sql`create index deliveries_chat on deliveries (chat_id, status)`.execute(db);
  await sql`create unique index deliveries_item_chat on deliveries (item_id, chat_id) where item_id is not null`.execute(db);
  await sql`alter table subscribers drop column keyword_terms`.execute(db);
  await sql`drop function herald_keyword_terms(text[])`.execute(db);
  await sql`drop function herald_words(text)`.execute(db);
}
