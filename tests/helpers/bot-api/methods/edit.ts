/** Methods that change, remove or pin messages already in a chat. */
import { badRequest } from '../errors.js';
import { captionText, messageText } from '../text.js';
import type { FakeMessage, FakeMessageVersion } from '../types.js';
import { messageWire } from '../wire.js';
import type { CallContext, MethodTable } from './context.js';
import { validateMarkup } from './markup.js';

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

function editable(ctx: CallContext): FakeMessage {
  const p = ctx.params;
  if (p.inline_message_id !== undefined) throw badRequest('inline messages are not supported by the fake Bot API');
  const chat = ctx.state.chatOrThrow(p.chat_id);
  const msg = ctx.state.findMessage(chat.id, p.message_id);
  if (!msg) throw badRequest('message to edit not found');
  if (msg.from !== 'bot') throw badRequest("message can't be edited");
  validateMarkup(p.reply_markup);
  return msg;
}

function snapshot(m: FakeMessage): FakeMessageVersion {
  const v: FakeMessageVersion = { at: m.edited_at ?? m.at };
  if (m.text !== undefined) v.text = m.text;
  if (m.entities) v.entities = m.entities;
  if (m.caption !== undefined) v.caption = m.caption;
  if (m.caption_entities) v.caption_entities = m.caption_entities;
  if (m.reply_markup !== undefined) v.reply_markup = m.reply_markup;
  if (m.source) v.source = m.source;
  return v;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Applies an edit, refusing a no-op exactly as Telegram does. */
function applyEdit(ctx: CallContext, m: FakeMessage, next: Partial<FakeMessage>): unknown {
  const before = snapshot(m);
  // Telegram compares what a user would see, so a different source spelling is no change.
  const changed = (Object.keys(next) as (keyof FakeMessage)[]).some((k) => k !== 'source' && !same(m[k], next[k]));
  if (!changed) throw badRequest(NOT_MODIFIED);
  m.edits.push(before);
  for (const [k, v] of Object.entries(next)) {
    if (v === undefined) delete (m as unknown as Record<string, unknown>)[k];
    else (m as unknown as Record<string, unknown>)[k] = v;
  }
  m.edit_date = Math.floor(Date.now() / 1000);
  m.edited_at = ctx.state.now();
  ctx.notify();
  return messageWire(ctx.state, m);
}

export const editMethods: MethodTable = {
  editMessageText(ctx) {
    const p = ctx.params;
    const m = editable(ctx);
    if (m.text === undefined) throw badRequest('there is no text in the message to edit');
    const ft = messageText(p);
    // Omitting reply_markup in an edit removes the inline keyboard.
    return applyEdit(ctx, m, {
      text: ft.text,
      entities: ft.entities.length ? ft.entities : undefined,
      reply_markup: p.reply_markup,
      ...(p.link_preview_options !== undefined ? { link_preview_options: p.link_preview_options } : {}),
      source: { text: String(p.text), ...(p.parse_mode !== undefined ? { parse_mode: String(p.parse_mode) } : {}) },
    });
  },

  editMessageCaption(ctx) {
    const p = ctx.params;
    const m = editable(ctx);
    if (!m.photo) throw badRequest('there is no caption in the message to edit');
    const cap = captionText(p);
    return applyEdit(ctx, m, {
      caption: cap?.text,
      caption_entities: cap?.entities.length ? cap.entities : undefined,
      reply_markup: p.reply_markup,
      source: {
        ...(p.caption !== undefined ? { caption: String(p.caption) } : {}),
        ...(p.parse_mode !== undefined ? { parse_mode: String(p.parse_mode) } : {}),
      },
    });
  },

  editMessageReplyMarkup(ctx) {
    const m = editable(ctx);
    return applyEdit(ctx, m, { reply_markup: ctx.params.reply_markup });
  },

  deleteMessage(ctx) {
    const chat = ctx.state.chatOrThrow(ctx.params.chat_id);
    const m = ctx.state.findMessage(chat.id, ctx.params.message_id);
    if (!m) throw badRequest('message to delete not found');
    m.deleted = true;
    ctx.notify();
    return true;
  },

  deleteMessages(ctx) {
    const chat = ctx.state.chatOrThrow(ctx.params.chat_id);
    const ids = Array.isArray(ctx.params.message_ids) ? ctx.params.message_ids : [];
    let any = false;
    for (const id of ids) {
      const m = ctx.state.findMessage(chat.id, id);
      if (m) {
        m.deleted = true;
        any = true;
      }
    }
    if (!any) throw badRequest('message to delete not found');
    ctx.notify();
    return true;
  },

  pinChatMessage(ctx) {
    const chat = ctx.state.chatOrThrow(ctx.params.chat_id);
    ctx.state.assertCanSend(chat);
    // In a channel, pinning comes with "Edit messages of others".
    if (chat.type === 'channel' && chat.botStatus === 'administrator' && chat.botRights?.can_edit_messages === false) throw badRequest('not enough rights to pin a message');
    const m = ctx.state.findMessage(chat.id, ctx.params.message_id);
    if (!m) throw badRequest('message to pin not found');
    m.pinned = true;
    ctx.notify();
    return true;
  },

  unpinChatMessage(ctx) {
    const chat = ctx.state.chatOrThrow(ctx.params.chat_id);
    const pinned = ctx.state.messages.filter((x) => x.chat_id === chat.id && x.pinned && !x.deleted);
    const target =
      ctx.params.message_id !== undefined
        ? pinned.find((x) => x.message_id === Number(ctx.params.message_id))
        : pinned.sort((a, b) => b.message_id - a.message_id)[0];
    if (!target) throw badRequest('message to unpin not found');
    target.pinned = false;
    ctx.notify();
    return true;
  },

  unpinAllChatMessages(ctx) {
    const chat = ctx.state.chatOrThrow(ctx.params.chat_id);
    for (const m of ctx.state.messages) if (m.chat_id === chat.id) m.pinned = false;
    ctx.notify();
    return true;
  },
};
