import { sql, type Kysely } from 'kysely';

/**
 * Per-user allowances (stores/rate-limits.ts), kept in the database so they hold across every
 * Herald instance behind one webhook URL and across the bot and the Mini App's API: one row per
 * user and bucket ('message' for typed messages, 'press' for button presses and page requests),
 * a token bucket refilled by the time since `at`. Rows idle long enough to be full again are
 * deleted now and then; /forget deletes a person's at once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table rate_limits (
      user_id bigint not null,
      bucket text not null,
      tokens double precision not null,
      at timestamptz not null,
      refused integer not null default 0,
      primary key (user_id, bucket)
    )
  `.execute(db);
  await sql`create index rate_limits_at on rate_limits (at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists rate_limits`.execute(db);
}
