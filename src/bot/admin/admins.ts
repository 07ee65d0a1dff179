import { Composer } from 'grammy';
import type { Message } from 'grammy/types';
import { escapeHtml } from '../../html.js';
import { addAdmin, listAdmins, removeAdmin } from '../../stores/admins.js';
import { recordAudit } from '../../stores/audit.js';
import type { HeraldContext } from '../context.js';
import { hideAdminMenu, showAdminMenu } from './command-menu.js';
import type { AdminDeps } from './deps.js';
import { clearInput, expectInput, pendingInput } from './dialogue.js';

const USAGE = 'Use /admins to list editors, /admins add <user id> (or /admins add, then forward me a message of theirs), /admins remove <user id>.';

/** /admins: list, add (by id or a forwarded message) and remove editors. Behind the admin guard. */
export function adminsFeature(deps: AdminDeps): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  const privateChats = composer.chatType('private');

  privateChats.command('admins', async (ctx) => {
    const [verb, arg, ...rest] = ctx.match.trim().split(/\s+/).filter(Boolean);
    if (!verb) {
      await recordAudit(deps.db, ctx.from.id, 'admins.view', {}, deps.now());
      return ctx.reply(await adminList(deps), { parse_mode: 'HTML' });
    }
    if ((verb !== 'add' && verb !== 'remove') || rest.length > 0) return ctx.reply(USAGE);
    if (verb === 'add' && arg === undefined) {
      await expectInput(deps.db, ctx.from.id, { step: 'admin-forward' }, deps.now());
      return ctx.reply('Forward me any message from the person to make an editor (or send /cancel to stop).');
    }
    const userId = parseUserId(arg);
    if (userId === null) return ctx.reply(`“${arg ?? ''}” is not a Telegram user id (digits only). ${USAGE}`);
    if (verb === 'add') return add(ctx, userId, null);
    if (deps.configAdminIds.includes(userId)) {
      return ctx.reply(`${userId} is an editor through the ADMIN_IDS setting; remove it there and restart Herald.`);
    }
    if (userId === ctx.from.id) return ctx.reply('You cannot remove yourself; ask another editor.');
    const removed = await removeAdmin(deps.db, userId);
    // A question they left open (a forward naming a new editor, a breaking text) dies with the role.
    await clearInput(deps.db, userId);
    if (!removed) return ctx.reply(`${userId} is not an editor; nothing changed.`);
    await recordAudit(deps.db, ctx.from.id, 'admin.remove', { userId }, deps.now());
    ctx.herald.log.info({ actor: ctx.from.id, userId }, 'admin removed');
    await hideAdminMenu(ctx.api, userId, ctx.herald.log);
    return ctx.reply(`${userId} is no longer an editor.`);
  });

  // The forwarded message that names the new editor.
  privateChats.on('message', async (ctx, next) => {
    if (ctx.message.text?.startsWith('/')) return next();
    const pending = await pendingInput(deps.db, ctx.from.id, deps.now());
    if (pending?.step !== 'admin-forward') return next();
    const origin = ctx.message.forward_origin;
    if (!origin) return ctx.reply('That is not a forwarded message. Forward me a message from the new editor, or send /cancel.');
    if (origin.type !== 'user') {
      await clearInput(deps.db, ctx.from.id);
      return ctx.reply('That person hides their account in forwarded messages. Ask them for their numeric user id and send /admins add <id>.');
    }
    await clearInput(deps.db, ctx.from.id);
    return add(ctx, origin.sender_user.id, displayName(origin.sender_user));
  });

  async function add(ctx: HeraldContext & { from: { id: number }; message: Message }, userId: number, name: string | null) {
    const added = await addAdmin(deps.db, userId, name, ctx.from.id, deps.now());
    if (!added) return ctx.reply(`${userId} is already an editor.`);
    await recordAudit(deps.db, ctx.from.id, 'admin.add', { userId, name }, deps.now());
    ctx.herald.log.info({ actor: ctx.from.id, userId }, 'admin added');
    await showAdminMenu(ctx.api, [userId], ctx.herald.log);
    return ctx.reply(`${name ? `${name} (${userId})` : userId} is now an editor.`);
  }

  return composer;
}

async function adminList(deps: AdminDeps): Promise<string> {
  const admins = await listAdmins(deps.db);
  if (admins.length === 0) return 'There are no editors yet.';
  const lines = admins.map((a) => {
    const who = a.name ? `${escapeHtml(a.name)} (<code>${a.userId}</code>)` : `<code>${a.userId}</code>`;
    const how = deps.configAdminIds.includes(a.userId) ? 'from ADMIN_IDS' : a.addedBy ? `added by ${a.addedBy} on ${a.addedAt.toISOString().slice(0, 10)}` : 'added';
    return `• ${who}: ${how}`;
  });
  return [`<b>Editors</b> (${admins.length})`, ...lines, '', escapeHtml(USAGE)].join('\n');
}

function parseUserId(text: string | undefined): number | null {
  if (!text || !/^\d{1,15}$/.test(text)) return null;
  const id = Number(text);
  return id > 0 ? id : null;
}

function displayName(user: { first_name: string; last_name?: string; username?: string }): string {
  const full = [user.first_name, user.last_name].filter(Boolean).join(' ');
  return user.username ? `${full} (@${user.username})` : full;
}
