import { sql, type Kysely } from 'kysely';

/**
 * The editors' dashboard shows recent alerts, the ones that have ended too: an alert's open
 * episode is a service_state row (jobs/alerts.ts), removed when it ends; the ending now also
 * writes a row here, in the same statement, with when it began and ended. A short history:
 * rows older than 30 days are removed as new ones are written (stores/alert-history.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table alert_history (
      id bigint generated always as identity primary key,
      key text not null,
      started_at timestamptz not null,
      ended_at timestamptz not null
    )
  `.execute(db);
  await sql`create index alert_history_ended_at on alert_history (ended_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists alert_history`.execute(db);
}
