import type { Filter } from 'grammy';
import type { MenuFlavor } from '@grammyjs/menu';
import { warnUnlessNotModified } from '../../delivery/telegram-errors.js';
import type { Subscriber } from '../../stores/subscribers.js';
import type { HeraldContext } from '../context.js';

export type MenuContext = Filter<HeraldContext, 'callback_query:data'> & MenuFlavor;

export const CHECK = '✅ ';

/** The chat's subscriber as this update sees it; menus render from it. */
export function chosenOf(ctx: HeraldContext, pick: (s: Subscriber) => string[]): Set<string> {
  const s = ctx.reader.subscriber;
  return new Set(s ? pick(s) : []);
}

/**
 * A press on a menu whose buttons no longer match the stored choices (another message
 * changed them, or the bot was updated): the message is redrawn from the stored state and
 * the reader is told why nothing was toggled. Neither call may stop the other: a failure is
 * logged at warn, except the redraw's "message is not modified" (it already showed this).
 */
export async function onOutdated(ctx: MenuContext): Promise<void> {
  await ctx.answerCallbackQuery({ text: ctx.reader.t.menuOutdated }).catch(warnUnlessNotModified(ctx.herald.log, 'could not answer a press on an outdated menu'));
  await ctx.menu.update({ immediate: true }).catch(warnUnlessNotModified(ctx.herald.log, 'could not redraw an outdated menu'));
}

/** Keeps the update's view of the subscriber current, so the redrawn menu shows the change. */
export function remember(ctx: HeraldContext, updated: Subscriber | undefined): void {
  if (updated) ctx.reader.subscriber = updated;
}
