import type { Db } from '../../db/create-db.js';
import { readState, releaseState, writeState } from '../../stores/service-state.js';

/**
 * The one open question an editor's next message answers ("send the breaking text",
 * "forward a message from the new admin"). Kept in the database so that a restart, or
 * the other Herald instance behind the webhook, still knows what the message is for.
 */
export type PendingInput = { step: 'breaking-content' } | { step: 'admin-forward' };

const key = (userId: number) => `admin-dialogue:${userId}`;

export async function expectInput(db: Db, userId: number, input: PendingInput, now: Date): Promise<void> {
  await writeState(db, key(userId), input, now);
}

export async function pendingInput(db: Db, userId: number): Promise<PendingInput | undefined> {
  return (await readState<PendingInput>(db, key(userId)))?.value;
}

/** True when something was pending. */
export async function clearInput(db: Db, userId: number): Promise<boolean> {
  return releaseState(db, key(userId));
}
