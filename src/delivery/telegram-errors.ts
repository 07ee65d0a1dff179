import { GrammyError } from 'grammy';
import type { Logger } from '../logger.js';

const NOT_MODIFIED = /message is not modified/i;

/**
 * Telegram's refusal of an edit that would change nothing (the same button pressed twice,
 * a redraw of what is already shown): harmless wherever Herald edits a message.
 */
export function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && NOT_MODIFIED.test(error.description);
}

/**
 * For `.catch(ignoreNotModified)` on an edit: swallows only "message is not modified" and
 * rethrows everything else (network failures, a message too old to edit), so those reach
 * the handler's error boundary instead of vanishing.
 */
export function ignoreNotModified(error: unknown): void {
  if (!isNotModified(error)) throw error;
}

/**
 * For `.catch(warnUnlessNotModified(log, 'could not …'))` where a failed call must not abort
 * what follows (the reader's choice is already saved, a keyboard is only being tidied away):
 * "message is not modified" is ignored, anything else is logged at warn and the handler goes on.
 */
export function warnUnlessNotModified(log: Pick<Logger, 'warn'>, what: string, details: Record<string, unknown> = {}): (error: unknown) => void {
  return (error) => {
    if (!isNotModified(error)) log.warn({ ...details, err: error }, what);
  };
}
