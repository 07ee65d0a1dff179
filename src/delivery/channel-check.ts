import { GrammyError, type Api } from 'grammy';
import type { ChatMember } from 'grammy/types';

/**
 * Whether the bot can use a chat as a channel: one check for /channels add (bot/) and for
 * `npm run check` (check/), which may not import each other; it lives here because delivery/
 * is the room below both that talks to Telegram, and posting is what it checks for.
 */

/** A channel the bot may post to and edit in, as Telegram names it. */
export interface CheckedChannel {
  id: number;
  title: string | null;
  username: string | null;
}

/** Why the bot cannot use a chat as a channel: each has its own message (catalogue `channels`, `npm run check`). */
export type ChannelProblem =
  | { kind: 'not-found' }
  | { kind: 'not-a-channel'; type: string }
  | { kind: 'not-member'; name: string }
  | { kind: 'not-admin'; name: string }
  /** In a channel, pinning comes with editing: a missing 'edit' means no pins either. */
  | { kind: 'missing-rights'; name: string; missing: ('post' | 'edit')[] }
  | { kind: 'refused'; description: string };

export type ChannelCheck = { ok: true; channel: CheckedChannel } | { ok: false; problem: ChannelProblem };

/** What a member may do in a chat. In a channel, editing others' messages includes pinning them. */
export function chatRights(member: ChatMember, chatType: string): { post: boolean; edit: boolean; pin: boolean } {
  if (member.status === 'creator') return { post: true, edit: true, pin: true };
  if (member.status === 'administrator') {
    if (chatType === 'channel') return { post: member.can_post_messages === true, edit: member.can_edit_messages === true, pin: member.can_edit_messages === true };
    // In groups every member posts and edits its own messages; pinning is a right.
    return { post: true, edit: true, pin: member.can_pin_messages === true };
  }
  if (member.status === 'member') return chatType === 'channel' ? { post: false, edit: false, pin: false } : { post: true, edit: true, pin: false };
  if (member.status === 'restricted') return { post: member.can_send_messages, edit: member.can_send_messages, pin: member.can_pin_messages };
  return { post: false, edit: false, pin: false };
}

/**
 * Asks Telegram what the chat is (getChat) and what the bot may do there (getChatMember for
 * the bot itself): a channel where the bot is an administrator allowed to post messages and to
 * edit them (corrections edit the post, and pins come with editing). Telegram's refusals are
 * answers, not exceptions; a network failure is unexpected and thrown.
 */
export async function checkChannel(api: Api, ref: string | number, botId: number): Promise<ChannelCheck> {
  let chat;
  try {
    chat = await api.getChat(ref);
  } catch (error) {
    if (!(error instanceof GrammyError)) throw error;
    if (/chat not found/i.test(error.description)) return { ok: false, problem: { kind: 'not-found' } };
    if (error.error_code === 403) return { ok: false, problem: { kind: 'not-member', name: String(ref) } };
    return { ok: false, problem: { kind: 'refused', description: error.description } };
  }
  if (chat.type !== 'channel') return { ok: false, problem: { kind: 'not-a-channel', type: chat.type } };
  const name = chat.title ?? String(ref);
  let member: ChatMember;
  try {
    member = await api.getChatMember(chat.id, botId);
  } catch (error) {
    if (!(error instanceof GrammyError)) throw error;
    // Telegram answers for a channel's members only to its administrators.
    if (error.error_code === 400 || error.error_code === 403) return { ok: false, problem: { kind: 'not-admin', name } };
    return { ok: false, problem: { kind: 'refused', description: error.description } };
  }
  if (member.status === 'left' || member.status === 'kicked') return { ok: false, problem: { kind: 'not-member', name } };
  if (member.status !== 'administrator' && member.status !== 'creator') return { ok: false, problem: { kind: 'not-admin', name } };
  const rights = chatRights(member, chat.type);
  const missing = [rights.post ? null : ('post' as const), rights.edit ? null : ('edit' as const)].filter((m) => m !== null);
  if (missing.length > 0) return { ok: false, problem: { kind: 'missing-rights', name, missing } };
  return { ok: true, channel: { id: chat.id, title: chat.title ?? null, username: chat.username ?? null } };
}
