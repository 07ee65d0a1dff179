import { Composer } from 'grammy';
import type { Message } from 'grammy/types';
import type { Db } from '../../db/create-db.js';
import type { Catalog } from '../../i18n/index.js';
import { addAdmin, listAdmins, removeAdmin } from '../../stores/admins.js';
import { recordAudit } from '../../stores/audit.js';
import type { HeraldContext } from '../context.js';
import { hideAdminMenu, showAdminMenu } from './command-menu.js';
import type { AdminDeps } from './deps.js';
import { clearInput, expectInput, pendingInput } from './dialogue.js';

/** /admins: list, add (by id or a forwarded message) and remove editors. Behind the admin guard. */
export function adminsFeature(deps: Pick<AdminDeps, 'configAdminIds'>): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  const privateChats = composer.chatType('private');

  privateChats.command('admins', async (ctx) => {
    const { db } = ctx.herald;
    const { t } = ctx.reader;
    const [verb, arg, ...rest] = ctx.match.trim().split(/\s+/).filter(Boolean);
    if (!verb) {
      await recordAudit(db, ctx.from.id, 'admins.view', {}, ctx.reader.now());
      return ctx.reply(await adminList(db, t, deps.configAdminIds), { parse_mode: 'HTML' });
    }
    if ((verb !== 'add' && verb !== 'remove') || rest.length > 0) return ctx.reply(t.adminsUsage);
    if (verb === 'add' && arg === undefined) {
      await expectInput(db, ctx.from.id, { step: 'admin-forward' }, ctx.reader.now());
      return ctx.reply(t.adminsForwardAsk);
    }
    const userId = parseUserId(arg);
    if (userId === null) return ctx.reply(t.adminsNotUserId(arg ?? ''));
    if (verb === 'add') return add(ctx, userId, null);
    if (deps.configAdminIds.includes(userId)) return ctx.reply(t.adminsFromConfig(userId));
    if (userId === ctx.from.id) return ctx.reply(t.adminsNotYourself);
    const removed = await removeAdmin(db, userId);
    // A question they left open (a forward naming a new editor, a breaking text) dies with the role.
    await clearInput(db, userId);
    if (!removed) return ctx.reply(t.adminsNotEditor(userId));
    await recordAudit(db, ctx.from.id, 'admin.remove', { userId }, ctx.reader.now());
    ctx.herald.log.info({ actor: ctx.from.id, userId }, 'admin removed');
    await hideAdminMenu(ctx.api, userId, ctx.herald.log);
    return ctx.reply(t.adminsRemoved(userId));
  });

  // The forwarded message that names the new editor.
  privateChats.on('message', async (ctx, next) => {
    if (ctx.message.text?.startsWith('/')) return next();
    const { db } = ctx.herald;
    const { t } = ctx.reader;
    const pending = await pendingInput(db, ctx.from.id, ctx.reader.now());
    if (pending?.step !== 'admin-forward') return next();
    const origin = ctx.message.forward_origin;
    if (!origin) return ctx.reply(t.adminsNotForwarded);
    if (origin.type !== 'user') {
      await clearInput(db, ctx.from.id);
      return ctx.reply(t.adminsHiddenAccount);
    }
    await clearInput(db, ctx.from.id);
    return add(ctx, origin.sender_user.id, displayName(origin.sender_user));
  });

  async function add(ctx: HeraldContext & { from: { id: number }; message: Message }, userId: number, name: string | null) {
    const { db } = ctx.herald;
    const { t } = ctx.reader;
    const added = await addAdmin(db, userId, name, ctx.from.id, ctx.reader.now());
    if (!added) return ctx.reply(t.adminsAlready(userId));
    await recordAudit(db, ctx.from.id, 'admin.add', { userId, name }, ctx.reader.now());
    ctx.herald.log.info({ actor: ctx.from.id, userId }, 'admin added');
    await showAdminMenu(ctx.api, [userId], ctx.herald.log);
    return ctx.reply(t.adminsAdded(userId, name));
  }

  return composer;
}

async function adminList(db: Db, t: Catalog, configAdminIds: number[]): Promise<string> {
  const admins = await listAdmins(db);
  return t.adminsList(
    admins.map((a) => ({
      userId: a.userId,
      name: a.name,
      fromConfig: configAdminIds.includes(a.userId),
      addedBy: a.addedBy,
      addedOn: a.addedAt.toISOString().slice(0, 10),
    })),
  );
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
