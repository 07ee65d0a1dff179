import { Composer, type Context } from 'grammy';
import { isAdmin } from '../../stores/admins.js';
import { lastAuditAt, recordAudit } from '../../stores/audit.js';
import { EDITOR_MENU } from '../commands.js';
import type { HeraldContext } from '../context.js';
import { routedCommand } from '../routed-command.js';

/** Every command only editors may run: the editors' menu is the one list of them. */
export const ADMIN_COMMAND_NAMES: readonly string[] = EDITOR_MENU.map((entry) => entry.command);

/** Callback data of every admin button starts with this. */
export const ADMIN_CALLBACK_PREFIX = 'adm:';

/** A refused stranger is written to the audit log at most this often, so a flood costs one row a minute. */
const REFUSAL_AUDIT_INTERVAL_MS = 60_000;

/**
 * The editors' features run only for someone who is an editor at the moment of this update
 * (the admins table is read every time: a removed editor loses access at once, including a
 * half-finished /breaking or /admins add). Anyone else's editor command or button is refused
 * with a plain answer; everything else they send passes on to the readers' features.
 *
 * Commands are recognised by grammY's own matcher (routedCommand), so the command a
 * handler runs for is always the command that was checked.
 */
export function editorsOnly(features: Composer<HeraldContext>): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  composer.use(async (ctx, next) => {
    const userId = ctx.from?.id;
    if (userId !== undefined && (await isAdmin(ctx.herald.db, userId))) {
      const command = routedCommand(ctx, ADMIN_COMMAND_NAMES);
      if (command !== null && ctx.chat?.type !== 'private') {
        await ctx.reply(ctx.reader.t.editorsPrivateOnly);
        return;
      }
      return features.middleware()(ctx, next);
    }
    const attempted = attemptedByStranger(ctx);
    if (attempted === null) return next();
    await refuse(ctx, attempted);
  });
  return composer;
}

/** What a non-editor tried that only editors may do, or null when the update is not theirs to refuse. */
function attemptedByStranger(ctx: Context): string | null {
  const data = ctx.callbackQuery?.data;
  if (data?.startsWith(ADMIN_CALLBACK_PREFIX)) return `button ${data.slice(0, 64)}`;
  const command = routedCommand(ctx, ADMIN_COMMAND_NAMES);
  if (command === null) return null;
  // A bare /cancel is also how a reader leaves a dialogue; only "/cancel N" is the editors' command.
  if (command === 'cancel' && typeof ctx.match === 'string' && ctx.match.trim() === '') return null;
  return `/${command}`;
}

async function refuse(ctx: HeraldContext, attempted: string): Promise<void> {
  const userId = ctx.from?.id ?? 0;
  const now = ctx.reader.now();
  const last = await lastAuditAt(ctx.herald.db, userId, 'refused');
  if (!last || now.getTime() - last.getTime() >= REFUSAL_AUDIT_INTERVAL_MS) {
    ctx.herald.log.warn({ userId, attempted }, 'editor command refused: sender is not an editor');
    await recordAudit(ctx.herald.db, userId, 'refused', { attempted, chatId: ctx.chat?.id ?? null }, now);
  }
  if (ctx.callbackQuery) {
    await ctx.answerCallbackQuery({ text: ctx.reader.t.editorsOnlyButton, show_alert: true });
  } else {
    await ctx.reply(ctx.reader.t.editorsOnlyCommand(attempted));
  }
}
