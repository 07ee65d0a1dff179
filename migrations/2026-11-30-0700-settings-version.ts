import { sql, type Kysely } from 'kysely';

// A version number for each subscriber's choices, so the Mini App's settings page can refuse
// a save made from a page that loaded older choices ("reload"). The database bumps it on
// every change of a choice, whoever makes it (a command, a menu, the page), so no store
// function has to remember to.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table subscribers add column settings_version integer not null default 1`.execute(db);
  await sql`
    create function herald_bump_settings_version() returns trigger language plpgsql as $$
    begin
      if (new.language, new.mode, new.digest_hour, new.time_zone, new.quiet_start, new.quiet_end,
          new.topics, new.regions, new.countries, new.keywords)
         is distinct from
         (old.language, old.mode, old.digest_hour, old.time_zone, old.quiet_start, old.quiet_end,
          old.topics, old.regions, old.countries, old.keywords) then
        new.settings_version := old.settings_version + 1;
      end if;
      return new;
    end
    $$
  `.execute(db);
  await sql`
    create trigger subscribers_settings_version before update on subscribers
    for each row execute function herald_bump_settings_version()
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists subscribers_settings_version on subscribers`.execute(db);
  await sql`drop function if exists herald_bump_settings_version()`.execute(db);
  await sql`alter table subscribers drop column if exists settings_version`.execute(db);
}
