/** Methods that put a new message into a chat. */
import { badRequest } from '../errors.js';
import type { BotState } from '../state.js';
import { captionText, messageText } from '../text.js';
import type { FakeChat, FakeMessage, FakePhoto, Params } from '../types.js';
import { chatWire, messageWire, userWire } from '../wire.js';
import { flags, type CallContext, type MethodTable } from './context.js';
import { validateMarkup } from './markup.js';

const SEND_FLAGS = ['disable_notification', 'protect_content', 'allow_paid_broadcast'] as const;

type Stored = Omit<FakeMessage, 'message_id' | 'date' | 'at' | 'edits' | 'deleted' | 'pinned'>;

/** Validates the parts every send shares and returns them ready to store. */
function commonParts(ctx: CallContext, chat: FakeChat): Partial<Stored> {
  const p = ctx.params;
  const parts: Partial<Stored> = { ...flags(p, SEND_FLAGS), callSeq: ctx.call.seq };
  const thread = threadFor(chat, p.message_thread_id);
  if (thread !== undefined) parts.message_thread_id = thread;
  const reply = replyTarget(ctx.state, chat, p);
  if (reply !== undefined) parts.reply_to_message_id = reply;
  validateMarkup(p.reply_markup);
  if (p.reply_markup !== undefined) parts.reply_markup = p.reply_markup;
  return parts;
}

function threadFor(chat: FakeChat, raw: unknown): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  const id = Number(raw);
  if (chat.is_forum && !chat.topics.has(id)) throw badRequest('message thread not found');
  return id;
}

function replyTarget(state: BotState, chat: FakeChat, p: Params): number | undefined {
  const rp = p.reply_parameters as { message_id?: unknown; allow_sending_without_reply?: unknown } | undefined;
  const id = rp?.message_id ?? p.reply_to_message_id;
  if (id === undefined || id === null) return undefined;
  if (state.findMessage(chat.id, id)) return Number(id);
  if (rp?.allow_sending_without_reply || p.allow_sending_without_reply) return undefined;
  throw badRequest('message to be replied not found');
}

function sendableChat(ctx: CallContext): FakeChat {
  const chat = ctx.state.chatOrThrow(ctx.params.chat_id);
  ctx.state.assertCanSend(chat);
  return chat;
}

function photoFrom(ctx: CallContext): Omit<FakePhoto, 'file_id'> {
  const raw = ctx.params.photo;
  const byField = (field: string): Omit<FakePhoto, 'file_id'> | undefined => {
    const f = ctx.files.find((x) => x.field === field);
    if (!f) return undefined;
    const { data: _data, ...upload } = f;
    return { source: 'upload', value: f.filename ?? field, upload };
  };
  if (typeof raw === 'string' && raw.startsWith('attach://')) {
    const up = byField(raw.slice('attach://'.length));
    if (!up) throw badRequest('wrong file identifier/HTTP URL specified');
    return up;
  }
  if (raw === undefined) {
    const up = byField('photo');
    if (!up) throw badRequest('there is no photo in the request');
    return up;
  }
  if (typeof raw !== 'string' || raw === '') throw badRequest('wrong file identifier/HTTP URL specified');
  if (/^https?:\/\//i.test(raw)) {
    const refusal = ctx.options.rejectPhotoUrl?.(raw);
    if (refusal) throw badRequest(refusal);
    return { source: 'url', value: raw };
  }
  if (raw.includes('://') || /\s/.test(raw)) throw badRequest('wrong file identifier/HTTP URL specified');
  return { source: 'file_id', value: raw };
}

function store(ctx: CallContext, chat: FakeChat, m: Stored): FakeMessage {
  ctx.admitSend(chat);
  const msg = ctx.state.storeMessage(m);
  ctx.notify();
  return msg;
}

export const sendMethods: MethodTable = {
  sendMessage(ctx) {
    const p = ctx.params;
    const chat = sendableChat(ctx);
    const ft = messageText(p);
    const common = commonParts(ctx, chat);
    const preview = p.link_preview_options ?? (p.disable_web_page_preview === true ? { is_disabled: true } : undefined);
    const msg = store(ctx, chat, {
      ...common,
      chat_id: chat.id,
      from: 'bot',
      method: 'sendMessage',
      text: ft.text,
      ...(ft.entities.length ? { entities: ft.entities } : {}),
      ...(p.parse_mode !== undefined ? { parse_mode: String(p.parse_mode) } : {}),
      source: { text: String(p.text), ...(p.parse_mode !== undefined ? { parse_mode: String(p.parse_mode) } : {}) },
      ...(preview !== undefined ? { link_preview_options: preview } : {}),
    });
    return messageWire(ctx.state, msg);
  },

  sendPhoto(ctx) {
    const p = ctx.params;
    const chat = sendableChat(ctx);
    const photo = photoFrom(ctx);
    const cap = captionText(p);
    const common = commonParts(ctx, chat);
    const msg = store(ctx, chat, {
      ...common,
      chat_id: chat.id,
      from: 'bot',
      method: 'sendPhoto',
      photo: { ...photo, file_id: photo.source === 'file_id' ? photo.value : ctx.state.newFileId().file_id },
      ...(cap ? { caption: cap.text } : {}),
      ...(cap?.entities.length ? { caption_entities: cap.entities } : {}),
      ...(p.parse_mode !== undefined ? { parse_mode: String(p.parse_mode) } : {}),
      source: {
        ...(p.caption !== undefined ? { caption: String(p.caption) } : {}),
        ...(p.parse_mode !== undefined ? { parse_mode: String(p.parse_mode) } : {}),
      },
    });
    return messageWire(ctx.state, msg);
  },

  copyMessage(ctx) {
    const p = ctx.params;
    const from = ctx.state.chatOrThrow(p.from_chat_id, 'from_chat_id');
    const src = ctx.state.findMessage(from.id, p.message_id);
    if (!src) throw badRequest('message to copy not found');
    const chat = sendableChat(ctx);
    const cap = p.caption !== undefined ? captionText(p) : undefined;
    const common = commonParts(ctx, chat);
    const msg = store(ctx, chat, {
      ...common,
      chat_id: chat.id,
      from: 'bot',
      method: 'copyMessage',
      ...(src.text !== undefined ? { text: src.text, ...(src.entities ? { entities: src.entities } : {}) } : {}),
      ...(src.photo ? { photo: src.photo } : {}),
      ...(p.caption !== undefined
        ? { ...(cap ? { caption: cap.text } : {}), ...(cap?.entities.length ? { caption_entities: cap.entities } : {}) }
        : { ...(src.caption !== undefined ? { caption: src.caption } : {}), ...(src.caption_entities ? { caption_entities: src.caption_entities } : {}) }),
    });
    return { message_id: msg.message_id };
  },

  forwardMessage(ctx) {
    const p = ctx.params;
    const from = ctx.state.chatOrThrow(p.from_chat_id, 'from_chat_id');
    const src = ctx.state.findMessage(from.id, p.message_id);
    if (!src) throw badRequest('message to forward not found');
    const chat = sendableChat(ctx);
    const common = commonParts(ctx, chat);
    const origin =
      from.type === 'channel'
        ? { type: 'channel', chat: chatWire(from), message_id: src.message_id, date: src.date }
        : { type: 'user', sender_user: userWire(src.from === 'bot' ? ctx.state.bot : ctx.state.user(src.from)), date: src.date };
    const msg = store(ctx, chat, {
      ...common,
      chat_id: chat.id,
      from: 'bot',
      method: 'forwardMessage',
      forward_origin: origin,
      ...(src.text !== undefined ? { text: src.text, ...(src.entities ? { entities: src.entities } : {}) } : {}),
      ...(src.photo ? { photo: src.photo } : {}),
      ...(src.caption !== undefined ? { caption: src.caption } : {}),
      ...(src.caption_entities ? { caption_entities: src.caption_entities } : {}),
    });
    return messageWire(ctx.state, msg);
  },

  sendChatAction(ctx) {
    sendableChat(ctx);
    if (typeof ctx.params.action !== 'string' || ctx.params.action === '') throw badRequest('action is empty');
    return true;
  },
};
