import { sql, type Kysely } from 'kysely';

// Frozen once landed: later changes go into a new migration file.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('feeds')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text')
    .addColumn('section', 'text')
    .addColumn('time_zone', 'text')
    .addColumn('language', 'text')
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('next_fetch_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('fetch_interval_seconds', 'integer')
    .addColumn('lease_until', 'timestamptz')
    .addColumn('initialized', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'timestamptz')
    .addColumn('last_fetched_at', 'timestamptz')
    .addColumn('last_success_at', 'timestamptz')
    .addColumn('last_item_at', 'timestamptz')
    .addColumn('flagged_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('feeds_due').on('feeds').columns(['next_fetch_at']).where(sql.ref('enabled'), '=', true).execute();

  await db.schema
    .createTable('items')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('feed_id', 'integer', (c) => c.notNull().references('feeds.id').onDelete('cascade'))
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('guid', 'text')
    .addColumn('url', 'text')
    .addColumn('canonical_url', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('author', 'text')
    .addColumn('section', 'text')
    .addColumn('language', 'text')
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .addColumn('discovered_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('image_url', 'text')
    .addColumn('categories', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('topics', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('regions', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('countries', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    // Confidences per topic/region/country: {"topics": {"energy": 0.8}, ...}
    .addColumn('classification', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    // Lower-cased title + summary, so keyword matching is one SQL expression.
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('full_text_length', 'integer')
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'timestamptz')
    .addUniqueConstraint('items_feed_key', ['feed_id', 'dedupe_key'])
    .execute();
  // The same article reached through two feeds is one item.
  await db.schema.createIndex('items_canonical_url').on('items').column('canonical_url').unique().where('canonical_url', 'is not', null).execute();
  await db.schema.createIndex('items_published').on('items').column('published_at').execute();
  await sql`create index items_topics on items using gin (topics)`.execute(db);
  await sql`create index items_regions on items using gin (regions)`.execute(db);

  await db.schema
    .createTable('subscribers')
    .addColumn('chat_id', 'bigint', (c) => c.primaryKey())
    .addColumn('chat_type', 'text', (c) => c.notNull().defaultTo('private'))
    .addColumn('title', 'text')
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active','stopped','blocked')`))
    .addColumn('mode', 'text', (c) => c.notNull().defaultTo('instant').check(sql`mode in ('instant','digest')`))
    .addColumn('digest_hour', 'smallint', (c) => c.notNull().defaultTo(8))
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('UTC'))
    // Minutes after local midnight; both null means no quiet hours.
    .addColumn('quiet_start', 'smallint')
    .addColumn('quiet_end', 'smallint')
    .addColumn('topics', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('regions', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('countries', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('keywords', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('message_thread_id', 'integer')
    .addColumn('onboarded', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('last_digest_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('status_changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('subscribers_status').on('subscribers').columns(['status', 'mode']).execute();
  await sql`create index subscribers_topics on subscribers using gin (topics)`.execute(db);
  await sql`create index subscribers_regions on subscribers using gin (regions)`.execute(db);

  await db.schema
    .createTable('broadcasts')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('author_id', 'bigint', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('photo', 'text')
    .addColumn('audience', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('pass_quiet_hours', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('pin_hours', 'integer')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('sending'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('item_id', 'bigint', (c) => c.references('items.id').onDelete('cascade'))
    .addColumn('broadcast_id', 'bigint', (c) => c.references('broadcasts.id').onDelete('cascade'))
    // Text, because a channel may be addressed as @name.
    .addColumn('chat_id', 'text', (c) => c.notNull())
    .addColumn('message_thread_id', 'integer')
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('channel','direct','digest','broadcast')`))
    // 0 breaking, 1 channel, 2 instant private, 3 digest: lower goes first.
    .addColumn('priority', 'smallint', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`status in ('pending','held','sent','failed','blocked','skipped','cancelled')`),
    )
    .addColumn('payload', 'jsonb')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('lease_until', 'timestamptz')
    .addColumn('lease_owner', 'text')
    .addColumn('message_id', 'bigint')
    .addColumn('sent_as', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_error_code', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .addColumn('edited_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('deliveries_item_chat').on('deliveries').columns(['item_id', 'chat_id']).unique().where('item_id', 'is not', null).execute();
  await db.schema
    .createIndex('deliveries_broadcast_chat')
    .on('deliveries')
    .columns(['broadcast_id', 'chat_id'])
    .unique()
    .where('broadcast_id', 'is not', null)
    .execute();
  await db.schema
    .createIndex('deliveries_due')
    .on('deliveries')
    .columns(['priority', 'next_attempt_at'])
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  await db.schema.createIndex('deliveries_chat').on('deliveries').columns(['chat_id', 'status']).execute();

  await db.schema
    .createTable('admins')
    .addColumn('user_id', 'bigint', (c) => c.primaryKey())
    .addColumn('name', 'text')
    .addColumn('added_by', 'bigint')
    .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('actor_id', 'bigint', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('conversations')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('state', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Small shared facts between processes: last poll time, sender heartbeat, alerts already sent.
  await db.schema
    .createTable('service_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['service_state', 'conversations', 'audit_log', 'admins', 'deliveries', 'broadcasts', 'subscribers', 'items', 'feeds']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
