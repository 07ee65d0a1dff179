import { Composer } from 'grammy';
import { isAdmin } from '../../stores/admins.js';
import { recordAudit } from '../../stores/audit.js';
import type { HeraldContext } from '../context.js';
import type { AdminDeps } from './deps.js';

/** Every command only editors may run. */
export const ADMIN_COMMAND_NAMES = ['admins', 'breaking', 'broadcasts', 'cancel', 'feeds', 'stats'] as const;

/** Callback data of every admin button starts with this. */
export const ADMIN_CALLBACK_PREFIX = 'adm:';

/** The admin command an update carries, if any ("/feeds@herald_bot add …" → "feeds"). */
export function adminCommandOf(text: string | undefined): string | null {
  const match = /^\/([A-Za-z0-9_]+)(@\w+)?(\s|$)/.exec(text ?? '');
  const name = match?.[1]?.toLowerCase();
  return name && (ADMIN_COMMAND_NAMES as readonly string[]).includes(name) ? name : null;
}

/**
 * Checks the sender of every admin command and every admin button press against the
 * admins table, on every update (never cached: a removed admin loses access at once).
 * A refused attempt is answered plainly, logged and written to the audit log.
 */
export function adminGuard(deps: AdminDeps): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  composer.use(async (ctx, next) => {
    const command = adminCommandOf(ctx.message?.text ?? ctx.message?.caption);
    const callback = ctx.callbackQuery?.data?.startsWith(ADMIN_CALLBACK_PREFIX) ? ctx.callbackQuery.data : null;
    if (command === null && callback === null) return next();
    // A bare /cancel may belong to a reader's dialogue; only "/cancel N" is the editors' command.
    if (command === 'cancel' && !/^\/cancel(@\w+)?\s+\S/i.test(ctx.message?.text ?? '') && !(await isAdmin(deps.db, ctx.from?.id ?? 0))) return next();
    const userId = ctx.from?.id;
    if (userId !== undefined && (await isAdmin(deps.db, userId))) {
      if (command !== null && ctx.chat?.type !== 'private') {
        await ctx.reply('Editors’ commands work in a private chat with me, so that nothing is shown to the group.');
        return;
      }
      return next();
    }
    const attempted = command !== null ? `/${command}` : `button ${callback}`;
    ctx.herald.log.warn({ userId, attempted }, 'admin command refused: sender is not an admin');
    await recordAudit(deps.db, userId ?? 0, 'refused', { attempted, chatId: ctx.chat?.id ?? null }, deps.now());
    if (callback !== null) {
      await ctx.answerCallbackQuery({ text: 'Only Herald’s editors can use this button.', show_alert: true });
    } else {
      await ctx.reply(`Sorry, /${command} is only for Herald’s editors.`);
    }
  });
  return composer;
}
