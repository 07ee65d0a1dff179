import type { Kysely } from 'kysely';

// Breaking news may be pinned in the channel and unpinned after the editor's chosen hours;
// these columns let any Herald process do the unpinning, even after a restart.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('broadcasts')
    .addColumn('pinned_message_id', 'bigint')
    .addColumn('pinned_at', 'timestamptz')
    .addColumn('unpinned_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_log_at').ifExists().execute();
  await db.schema.alterTable('broadcasts').dropColumn('pinned_message_id').dropColumn('pinned_at').dropColumn('unpinned_at').execute();
}
