import { sql, type Kysely } from 'kysely';

// "Has anything been sent lately?" tells a stalled sender from a busy one working through
// a large fan-out (alerts and /stats ask it every few seconds): an index keeps it cheap.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index deliveries_sent_at on deliveries (sent_at) where sent_at is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists deliveries_sent_at`.execute(db);
}
