import { sql, type Kysely } from 'kysely';

/**
 * A fan-out in parts (stores/fan-out.ts). The poll records, in the transaction that stores a
 * new item, that the item's private messages are owed and in how many parts they are to be
 * written (items.fan_out_owed_parts); after that commit each part is its own transaction on
 * its own connection, writing the rows of one share of the subscribers and, in the same
 * transaction, its row here. When every part has its row the item is marked fanned out
 * (fanned_out_at) and the rows here go. A crash between parts leaves an item owed with some
 * parts done: the next poll finishes the missing ones, and a part that is done is never
 * written again (its row's key refuses a second claim).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table items add column fan_out_owed_parts smallint`.execute(db);
  await sql`
    create table fan_out_parts_done (
      item_id bigint not null references items (id) on delete cascade,
      part smallint not null,
      primary key (item_id, part)
    )
  `.execute(db);
  // The poll looks for owed fan-outs every cycle: only the few owed items are in this index.
  await sql`create index items_fan_out_owed on items (id) where fan_out_owed_parts is not null and fanned_out_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists fan_out_parts_done`.execute(db);
  await sql`drop index if exists items_fan_out_owed`.execute(db);
  await sql`alter table items drop column if exists fan_out_owed_parts`.execute(db);
}
