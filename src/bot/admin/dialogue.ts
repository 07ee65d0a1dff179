import type { Db } from '../../db/create-db.js';
import { readState, releaseState, writeState } from '../../stores/service-state.js';

/**
 * The one open question an editor's next message answers ("send the breaking text",
 * "forward a message from the new admin"). Kept in the database so that a restart, or
 * the other Herald instance behind the webhook, still knows what the message is for.
 * Only the editors' gate leads here, so the answer is checked against the admins table
 * like any command; removing an editor also clears their question.
 */
export type PendingInput = { step: 'breaking-content' } | { step: 'admin-forward' };

/** An unanswered question lapses: a message sent an hour later was not meant as its answer. */
export const PENDING_INPUT_TTL_MS = 15 * 60_000;

const key = (userId: number) => `admin-dialogue:${userId}`;

export async function expectInput(db: Db, userId: number, input: PendingInput, now: Date): Promise<void> {
  await writeState(db, key(userId), input, now);
}

/** The question the user's next message answers, unless none was asked in the last 15 minutes. */
export async function pendingInput(db: Db, userId: number, now: Date): Promise<PendingInput | undefined> {
  const entry = await readState<PendingInput>(db, key(userId));
  if (!entry) return undefined;
  if (now.getTime() - entry.updatedAt.getTime() > PENDING_INPUT_TTL_MS) {
    await releaseState(db, key(userId));
    return undefined;
  }
  return entry.value;
}

/** True when something was pending. */
export async function clearInput(db: Db, userId: number): Promise<boolean> {
  return releaseState(db, key(userId));
}
