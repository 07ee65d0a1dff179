import { sql, type Kysely } from 'kysely';

/**
 * Several channels, each with a rule (issue #17). A channel row says where posts go (chat_id,
 * the text the deliveries rows carry: '-100…' or '@name') and which items it takes: an item
 * passes when it passes every non-empty part (language, section, topics, regions); an empty
 * part means any. CHANNEL_ID becomes one row with no rule at start (from_config); a row of an
 * earlier CHANNEL_ID that the settings no longer name is paused by the configuration
 * (paused_by 'config') and resumes if CHANNEL_ID names it again.
 *
 * Breaking news gains the editor's choice of channels (null: every active channel when sent).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table channels (
      id integer generated always as identity primary key,
      chat_id text not null unique,
      title text,
      username text,
      languages text[] not null default '{}',
      sections text[] not null default '{}',
      topics text[] not null default '{}',
      regions text[] not null default '{}',
      paused boolean not null default false,
      paused_by text,
      from_config boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )
  `.execute(db);
  await sql`alter table broadcasts add column channel_ids integer[]`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table broadcasts drop column if exists channel_ids`.execute(db);
  await sql`drop table if exists channels`.execute(db);
}
