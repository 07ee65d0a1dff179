import { sql, type Kysely } from 'kysely';

/**
 * An item is fanned out once (stores/fan-out.ts): fanned_out_at is set in the transaction
 * that writes the item's private-message rows, and setting it locks the item's row, so a
 * repeated or concurrent fan-out finds it set and adds nothing. The rows then go in without
 * ON CONFLICT, whose speculative insertion cost about a third of a million-subscriber fan-out;
 * the unique (chat, item, forum topic) index stays as the safety net.
 *
 * Items already stored keep null: the fan-out of one of them again (nothing does that) would
 * meet its rows in that index and skip them, as before. No default, so adding the column
 * rewrites nothing.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table items add column fanned_out_at timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table items drop column if exists fanned_out_at`.execute(db);
}
