import type { Db } from '../db/create-db.js';

export interface Admin {
  userId: number;
  name: string | null;
  addedBy: number | null;
  addedAt: Date;
}

/**
 * ADMIN_IDS are admins from the start: they are written in at every start, and an id taken
 * out of ADMIN_IDS stops being an editor at the next start (rows with no `added_by` came
 * from the setting; editors added in Telegram stay).
 */
export async function seedAdmins(db: Db, userIds: number[]): Promise<void> {
  let stale = db.deleteFrom('admins').where('added_by', 'is', null);
  if (userIds.length > 0) stale = stale.where('user_id', 'not in', userIds);
  await stale.execute();
  if (userIds.length === 0) return;
  await db
    .insertInto('admins')
    .values(userIds.map((user_id) => ({ user_id, name: null, added_by: null })))
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
}

export async function isAdmin(db: Db, userId: number): Promise<boolean> {
  const row = await db.selectFrom('admins').select('user_id').where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}

export async function listAdmins(db: Db): Promise<Admin[]> {
  const rows = await db.selectFrom('admins').selectAll().orderBy('added_at').orderBy('user_id').execute();
  return rows.map((r) => ({ userId: r.user_id, name: r.name, addedBy: r.added_by, addedAt: r.added_at }));
}

/**
 * Every editor with the language of their own chat with the bot (what they chose in
 * /settings), or null for an editor who never opened one: whom to alert, in which language.
 */
export async function listAdminsWithLanguage(db: Db): Promise<{ userId: number; language: string | null }[]> {
  const rows = await db
    .selectFrom('admins as a')
    .leftJoin('subscribers as s', 's.chat_id', 'a.user_id')
    .select(['a.user_id', 's.language'])
    .orderBy('a.added_at')
    .orderBy('a.user_id')
    .execute();
  return rows.map((r) => ({ userId: r.user_id, language: r.language }));
}

/** True when the user was not an admin before. */
export async function addAdmin(db: Db, userId: number, name: string | null, addedBy: number, now: Date): Promise<boolean> {
  const rows = await db
    .insertInto('admins')
    .values({ user_id: userId, name, added_by: addedBy, added_at: now })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .returning('user_id')
    .execute();
  return rows.length > 0;
}

/** True when the user was an admin. */
export async function removeAdmin(db: Db, userId: number): Promise<boolean> {
  const rows = await db.deleteFrom('admins').where('user_id', '=', userId).returning('user_id').execute();
  return rows.length > 0;
}
