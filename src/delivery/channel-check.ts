import { GrammyError, type Api } from 'grammy';
import type { ChatMember } from 'grammy/types';

/** A channel the bot may post to and edit in, as Telegram names it. */
export interface CheckedChannel {
  id: number;
  title: string | null;
  username: string | null;
}

/** Why the bot cannot use a chat as a channel: each has its own message (catalogue `channels`). */
export type ChannelProblem =
  | { kind: 'not-found' }
  | { kind: 'not-a-channel'; type: string }
  | { kind: 'not-member'; name: string }
  | { kind: 'not-admin'; name: string }
  | { kind: 'missing-rights'; name: string; missing: ('post' | 'edit')[] }
  | { kind: 'refused'; description: string };

export type ChannelCheck = { ok: true; channel: CheckedChannel } | { ok: false; problem: ChannelProblem };

/**
 * Asks Telegram what the chat is (getChat) and what the bot may do there (getChatMember for
 * the bot itself): a channel where the bot is an administrator allowed to post messages and to
 * edit them (corrections edit the post). Telegram's refusals are answers, not exceptions; a
 * network failure is unexpected and thrown.
 */
export async function checkChannel(api: Api, ref: string, botId: number): Promise<ChannelCheck> {
  let chat;
  try {
    chat = await api.getChat(ref);
  } catch (error) {
    if (!(error instanceof GrammyError)) throw error;
    if (/chat not found/i.test(error.description)) return { ok: false, problem: { kind: 'not-found' } };
    if (error.error_code === 403) return { ok: false, problem: { kind: 'not-member', name: ref } };
    return { ok: false, problem: { kind: 'refused', description: error.description } };
  }
  if (chat.type !== 'channel') return { ok: false, problem: { kind: 'not-a-channel', type: chat.type } };
  const name = chat.title ?? ref;
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
  if (member.status === 'administrator') {
    const missing = [member.can_post_messages === true ? null : ('post' as const), member.can_edit_messages === true ? null : ('edit' as const)].filter((m) => m !== null);
    if (missing.length > 0) return { ok: false, problem: { kind: 'missing-rights', name, missing } };
  } else if (member.status !== 'creator') {
    return { ok: false, problem: { kind: 'not-admin', name } };
  }
  return { ok: true, channel: { id: chat.id, title: chat.title ?? null, username: chat.username ?? null } };
}
