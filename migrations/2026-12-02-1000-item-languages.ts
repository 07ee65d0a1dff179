import { sql, type Kysely } from 'kysely';

/**
 * Items in the languages each reader reads (issue #17).
 *
 * subscribers.item_languages: the languages of items a reader receives, in the reader's order
 * of preference. Empty means "my interface language" (subscribers.language), so a reader who
 * never chose follows their interface language when they change it; a reader who chose has the
 * list written out. The settings version trigger (migration 0700) learns the new choice.
 *
 * Editions: items.story_id is shared by the editions of one story in different languages (the
 * id of the story's first stored item); null for an item with no known translation.
 * alternate_urls are the translations a feed named (<atom:link rel="alternate" hreflang>), so a
 * translation stored later finds its partner; edition_key is the outlet's article number (host
 * and the number in the guid or link), the same across its language feeds.
 *
 * Item languages are two-letter codes from now on; a stored 'other' or a feed's 'en-US' is
 * brought to that form, so the language filter compares like with like.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table subscribers add column item_languages text[] not null default '{}'`.execute(db);
  await sql`
    create or replace function herald_bump_settings_version() returns trigger language plpgsql as $$
    begin
      if (new.language, new.mode, new.digest_hour, new.time_zone, new.quiet_start, new.quiet_end,
          new.topics, new.regions, new.countries, new.keywords, new.item_languages)
         is distinct from
         (old.language, old.mode, old.digest_hour, old.time_zone, old.quiet_start, old.quiet_end,
          old.topics, old.regions, old.countries, old.keywords, old.item_languages) then
        new.settings_version := old.settings_version + 1;
      end if;
      return new;
    end
    $$
  `.execute(db);

  await sql`alter table items add column story_id bigint`.execute(db);
  await sql`alter table items add column alternate_urls text[] not null default '{}'`.execute(db);
  await sql`alter table items add column edition_key text`.execute(db);
  await sql`create index items_story on items (story_id) where story_id is not null`.execute(db);
  await sql`create index items_edition_key on items (edition_key) where edition_key is not null`.execute(db);
  await sql`create index items_alternate_urls on items using gin (alternate_urls) where cardinality(alternate_urls) > 0`.execute(db);

  await sql`
    update items set language = case
      when lower(split_part(split_part(language, '-', 1), '_', 1)) ~ '^[a-z]{2}$' then lower(split_part(split_part(language, '-', 1), '_', 1))
      else null end
    where language is not null and language !~ '^[a-z]{2}$'
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists items_alternate_urls`.execute(db);
  await sql`drop index if exists items_edition_key`.execute(db);
  await sql`drop index if exists items_story`.execute(db);
  await sql`alter table items drop column if exists edition_key`.execute(db);
  await sql`alter table items drop column if exists alternate_urls`.execute(db);
  await sql`alter table items drop column if exists story_id`.execute(db);
  await sql`
    create or replace function herald_bump_settings_version() returns trigger language plpgsql as $$
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
  await sql`alter table subscribers drop column if exists item_languages`.execute(db);
}
