/** The objects Telegram would put in answers and updates, built from the fake's records. */
import type { BotState } from './state.js';
import type { ChannelRights, FakeChat, FakeMessage, FakeUser, MemberStatus } from './types.js';

export type Wire = Record<string, unknown>;

export function userWire(u: FakeUser): Wire {
  return { ...u };
}

export function chatWire(c: FakeChat): Wire {
  const w: Wire = { id: c.id, type: c.type };
  if (c.title !== undefined) w.title = c.title;
  if (c.username !== undefined) w.username = c.username;
  if (c.first_name !== undefined) w.first_name = c.first_name;
  if (c.last_name !== undefined) w.last_name = c.last_name;
  if (c.is_forum) w.is_forum = true;
  return w;
}

export function chatFullWire(c: FakeChat): Wire {
  return { ...chatWire(c), accent_color_id: 0, max_reaction_count: 11, accepted_gift_types: {
    unlimited_gifts: false, limited_gifts: false, unique_gifts: false, premium_subscription: false,
  } };
}

export function messageWire(state: BotState, m: FakeMessage, withReply = true): Wire {
  const chat = state.chats.get(m.chat_id);
  const w: Wire = { message_id: m.message_id };
  if (m.message_thread_id !== undefined) {
    w.message_thread_id = m.message_thread_id;
    if (chat?.is_forum) w.is_topic_message = true;
  }
  if (m.from === 'bot') {
    if (chat?.type === 'channel') w.sender_chat = chatWire(chat);
    else w.from = userWire(state.bot);
  } else {
    const u = state.users.get(m.from);
    if (u) w.from = userWire(u);
  }
  w.chat = chat ? chatWire(chat) : { id: m.chat_id, type: 'private' };
  w.date = m.date;
  if (m.edit_date !== undefined) w.edit_date = m.edit_date;
  if (m.forward_origin !== undefined) w.forward_origin = m.forward_origin;
  if (withReply && m.reply_to_message_id !== undefined) {
    const r = state.messages.find((x) => x.chat_id === m.chat_id && x.message_id === m.reply_to_message_id);
    if (r) w.reply_to_message = messageWire(state, r, false);
  }
  if (m.text !== undefined) w.text = m.text;
  if (m.entities?.length) w.entities = m.entities;
  if (m.photo) {
    const id = m.photo.file_id;
    w.photo = [
      { file_id: `${id}_s`, file_unique_id: `${id}_us`, width: 90, height: 60, file_size: 1200 },
      { file_id: id, file_unique_id: `${id}_u`, width: 800, height: 533, file_size: 48_000 },
    ];
  }
  if (m.caption !== undefined) w.caption = m.caption;
  if (m.caption_entities?.length) w.caption_entities = m.caption_entities;
  if (m.link_preview_options !== undefined) w.link_preview_options = m.link_preview_options;
  // Only inline keyboards come back in a Message; reply keyboards are not echoed.
  if (isInlineKeyboard(m.reply_markup)) w.reply_markup = m.reply_markup;
  return w;
}

/** `rights`: an administrator's channel rights (the bot's own); absent: all of them. */
export function memberWire(chat: FakeChat, user: FakeUser, status: MemberStatus, rights?: ChannelRights): Wire {
  const u = userWire(user);
  switch (status) {
    case 'creator':
      return { status, user: u, is_anonymous: false };
    case 'administrator':
      return {
        status, user: u, can_be_edited: false, is_anonymous: false, can_manage_chat: true,
        can_delete_messages: true, can_manage_video_chats: true, can_restrict_members: true,
        can_promote_members: false, can_change_info: true, can_invite_users: true,
        can_post_stories: false, can_edit_stories: false, can_delete_stories: false,
        ...(chat.type === 'channel' ? { can_post_messages: rights?.can_post_messages ?? true, can_edit_messages: rights?.can_edit_messages ?? true } : { can_pin_messages: true }),
        ...(chat.is_forum ? { can_manage_topics: true } : {}),
      };
    case 'restricted':
      return { status, user: u, is_member: true, can_send_messages: false, until_date: 0 };
    case 'kicked':
      return { status, user: u, until_date: 0 };
    default:
      return { status, user: u };
  }
}

export function isInlineKeyboard(markup: unknown): markup is { inline_keyboard: Array<Array<Record<string, unknown>>> } {
  return typeof markup === 'object' && markup !== null && Array.isArray((markup as { inline_keyboard?: unknown }).inline_keyboard);
}
