import { sql, type Kysely } from 'kysely';

// Digest rows wait as 'held' until the reader's digest hour, private messages as 'held'
// through quiet hours; the digest and quiet-hours jobs look them up per chat every few
// minutes, so they get a small partial index of their own.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index deliveries_held on deliveries (chat_id, kind) where status = 'held'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists deliveries_held`.execute(db);
}
