import type { Kysely } from 'kysely';

// Frozen once landed. A feed's recovery after it was flagged is recorded for admins.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('feeds').addColumn('recovered_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('feeds').dropColumn('recovered_at').execute();
}
