import { sql, type Kysely } from 'kysely';

// A forum group can send each topic or region of the news to its own forum topic
// (message_thread_id): one row per topic or region, pointing at the forum topic that
// receives it. Rows follow the group's subscriber row (a group that becomes a supergroup
// keeps them; /forget removes them).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table forum_routes (
      chat_id bigint not null references subscribers (chat_id) on delete cascade on update cascade,
      kind text not null check (kind in ('topic', 'region')),
      value text not null,
      message_thread_id integer not null,
      created_at timestamptz not null default now(),
      primary key (chat_id, kind, value)
    )
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists forum_routes`.execute(db);
}
