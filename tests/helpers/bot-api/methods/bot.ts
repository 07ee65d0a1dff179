/** Methods about the bot itself: identity, updates, webhook, commands, callback answers. */
import { badRequest, conflict } from '../errors.js';
import { userWire } from '../wire.js';
import type { CallContext, MethodTable } from './context.js';

const COMMAND = /^[a-z0-9_]{1,32}$/;

/** Telegram keys command lists by scope and language. */
function commandsKey(ctx: CallContext): string {
  const scope = (ctx.params.scope as Record<string, unknown> | undefined) ?? { type: 'default' };
  const norm = Object.fromEntries(Object.entries(scope).sort(([a], [b]) => a.localeCompare(b)));
  const lang = typeof ctx.params.language_code === 'string' ? ctx.params.language_code : '';
  return `${JSON.stringify(norm)}|${lang}`;
}

async function getUpdates(ctx: CallContext): Promise<unknown> {
  const { state, params: p } = ctx;
  if (state.webhook) {
    throw conflict("can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
  }
  const superseded = ctx.beginPoll();
  const limit = Math.min(100, Math.max(1, Number(p.limit ?? 100) || 100));
  const timeoutS = Math.max(0, Number(p.timeout ?? 0) || 0);
  state.updates.setAllowed(p.allowed_updates);
  state.updates.confirm(Number(p.offset ?? 0) || 0);
  ctx.notify();
  if (state.updates.pendingCount === 0 && timeoutS > 0) {
    await state.updates.waitForUpdate(timeoutS * 1000, AbortSignal.any([superseded, ctx.signal]));
    if (superseded.aborted) {
      throw conflict('terminated by other getUpdates request; make sure that only one bot instance is running');
    }
  }
  return state.updates.peek(limit);
}

const accept = (): true => true;

export const botMethods: MethodTable = {
  getMe(ctx) {
    return { ...userWire(ctx.state.bot), can_join_groups: true, can_read_all_group_messages: false,
      supports_inline_queries: false, can_connect_to_business: false, has_main_web_app: false };
  },

  getUpdates,

  setWebhook(ctx) {
    const p = ctx.params;
    const url = typeof p.url === 'string' ? p.url : '';
    if (url === '') {
      ctx.state.webhook = undefined;
    } else {
      if (!/^https?:\/\/[^\s/]+/i.test(url)) throw badRequest('bad webhook: Failed to resolve host: Name or service not known');
      const secret = p.secret_token;
      if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(String(secret))) {
        throw badRequest('bad webhook: secret token contains unallowed characters');
      }
      ctx.state.webhook = {
        url,
        ...(secret !== undefined ? { secret_token: String(secret) } : {}),
        ...(p.max_connections !== undefined ? { max_connections: Number(p.max_connections) } : {}),
        ...(Array.isArray(p.allowed_updates) ? { allowed_updates: p.allowed_updates.map(String) } : {}),
      };
      ctx.state.updates.setAllowed(p.allowed_updates);
    }
    if (p.drop_pending_updates === true) ctx.state.updates.drop();
    ctx.webhookChanged();
    ctx.notify();
    return true;
  },

  deleteWebhook(ctx) {
    ctx.state.webhook = undefined;
    if (ctx.params.drop_pending_updates === true) ctx.state.updates.drop();
    ctx.webhookChanged();
    ctx.notify();
    return true;
  },

  // Filled in by the server, which owns the webhook pusher's error state.
  getWebhookInfo: () => ({}),

  setMyCommands(ctx) {
    const list = ctx.params.commands;
    if (!Array.isArray(list)) throw badRequest('field "commands" must be an Array');
    if (list.length > 100) throw badRequest('too many commands');
    for (const c of list as Array<Record<string, unknown>>) {
      if (typeof c?.command !== 'string' || !COMMAND.test(c.command)) throw badRequest('BOT_COMMAND_INVALID');
      const d = c.description;
      if (typeof d !== 'string' || d.length < 1 || d.length > 256) throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
    }
    ctx.state.commands.set(commandsKey(ctx), list.map((c) => ({ command: c.command, description: c.description })));
    ctx.notify();
    return true;
  },

  getMyCommands(ctx) {
    return ctx.state.commands.get(commandsKey(ctx)) ?? [];
  },

  deleteMyCommands(ctx) {
    ctx.state.commands.delete(commandsKey(ctx));
    ctx.notify();
    return true;
  },

  answerCallbackQuery(ctx) {
    const q = ctx.state.callbackQueries.get(String(ctx.params.callback_query_id ?? ''));
    if (!q || q.answer) throw badRequest('query is too old and response timeout expired or query ID is invalid');
    const p = ctx.params;
    q.answer = {
      at: ctx.state.now(),
      ...(p.text !== undefined ? { text: String(p.text) } : {}),
      ...(p.show_alert !== undefined ? { show_alert: p.show_alert === true } : {}),
      ...(p.url !== undefined ? { url: String(p.url) } : {}),
      ...(p.cache_time !== undefined ? { cache_time: Number(p.cache_time) } : {}),
    };
    if (q.answer.text !== undefined && q.answer.text.length > 200) throw badRequest('MESSAGE_TOO_LONG');
    ctx.notify();
    return true;
  },

  setMyDescription: accept,
  setMyShortDescription: accept,
  setMyName: accept,
  setChatMenuButton: accept,
  setMyDefaultAdministratorRights: accept,
  logOut: accept,
  close: accept,
};
