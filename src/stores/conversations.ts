import type { Db } from '../db/create-db.js';

/**
 * Dialogue state by key, for @grammyjs/conversations (which stores a versioned blob per
 * chat). Kept in the database so that a restart in the middle of a dialogue resumes it.
 */
export interface ConversationStateAdapter<S> {
  read(key: string): Promise<S | undefined>;
  write(key: string, state: S): Promise<void>;
  delete(key: string): Promise<void>;
}

export function conversationStore<S>(db: Db, now: () => Date): ConversationStateAdapter<S> {
  return {
    async read(key) {
      const row = await db.selectFrom('conversations').select('state').where('key', '=', key).executeTakeFirst();
      return row ? (row.state as S) : undefined;
    },
    async write(key, state) {
      const json = JSON.stringify(state);
      await db
        .insertInto('conversations')
        .values({ key, state: json, updated_at: now() })
        .onConflict((oc) => oc.column('key').doUpdateSet({ state: json, updated_at: now() }))
        .execute();
    },
    async delete(key) {
      await db.deleteFrom('conversations').where('key', '=', key).execute();
    },
  };
}
