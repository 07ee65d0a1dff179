/** Methods that read chats and membership (enough for group-admin checks). */
import { badRequest } from '../errors.js';
import type { MemberStatus } from '../types.js';
import { chatFullWire, memberWire } from '../wire.js';
import type { MethodTable } from './context.js';

const ADMIN: MemberStatus[] = ['creator', 'administrator'];
const PRESENT: MemberStatus[] = ['creator', 'administrator', 'member', 'restricted'];

export const chatMethods: MethodTable = {
  getChat(ctx) {
    const chat = ctx.state.chatOrThrow(ctx.params.chat_id);
    if (chat.type !== 'private' && (chat.botStatus === 'left' || chat.botStatus === 'kicked') && !chat.username) {
      throw badRequest('chat not found');
    }
    return chatFullWire(chat);
  },

  getChatMember(ctx) {
    const chat = ctx.state.chatOrThrow(ctx.params.chat_id);
    const userId = Number(ctx.params.user_id);
    if (!Number.isFinite(userId) || userId <= 0) throw badRequest('invalid user_id specified');
    const user = userId === ctx.state.bot.id ? ctx.state.bot : ctx.state.users.get(userId);
    if (!user) throw badRequest('user not found');
    return memberWire(chat, user, ctx.state.memberStatus(chat, userId), userId === ctx.state.bot.id ? chat.botRights : undefined);
  },

  getChatAdministrators(ctx) {
    const chat = ctx.state.chatOrThrow(ctx.params.chat_id);
    if (chat.type === 'private') throw badRequest('there are no administrators in the private chat');
    const admins = [...chat.members].filter(([, s]) => ADMIN.includes(s));
    const out = admins.flatMap(([id, s]) => {
      const u = ctx.state.users.get(id);
      return u ? [memberWire(chat, u, s)] : [];
    });
    if (ADMIN.includes(chat.botStatus)) out.push(memberWire(chat, ctx.state.bot, chat.botStatus, chat.botRights));
    return out;
  },

  getChatMemberCount(ctx) {
    const chat = ctx.state.chatOrThrow(ctx.params.chat_id);
    if (chat.type === 'private') return 2;
    const bot = PRESENT.includes(chat.botStatus) ? 1 : 0;
    return [...chat.members.values()].filter((s) => PRESENT.includes(s)).length + bot;
  },

  leaveChat(ctx) {
    const chat = ctx.state.chatOrThrow(ctx.params.chat_id);
    if (chat.type === 'private') throw badRequest('chat member status can\'t be changed in private chats');
    chat.botStatus = 'left';
    ctx.notify();
    return true;
  },
};
