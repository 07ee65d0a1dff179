import { Composer } from 'grammy';
import { ensureSubscriber, setSubscriberStatus, updateSubscriber } from '../../stores/subscribers.js';
import type { HeraldContext } from '../context.js';
import { routedCommand } from '../routed-command.js';

/** Commands that change what a group receives; in groups only its admins may use them. */
const GROUP_COMMANDS = ['start', 'topics', 'regions', 'keywords', 'settings', 'timezone', 'quiet', 'digest', 'stop', 'forget', 'latest', 'route', 'unroute'];

/** Telegram's stand-in sender for anonymous group admins. */
const ANONYMOUS_ADMIN_BOT = 1087968824;

/**
 * Herald can serve a group as a subscriber. Only the group's admins configure it: their
 * commands and menu presses pass, everyone else's are refused with a reason. /start in a
 * forum topic sends the group's news into that topic (message_thread_id).
 */
export function groupsFeature(): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  const groups = composer.chatType(['group', 'supergroup']);

  groups.use(async (ctx, next) => {
    // grammY's own reading of the command, so "/route#Energy" is checked as the /route it runs as.
    const guarded = routedCommand(ctx, GROUP_COMMANDS) !== null || ctx.callbackQuery !== undefined;
    if (!guarded) return next();
    if (await isAdmin(ctx)) return next();
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.reader.t.adminsOnly, show_alert: true });
    else await ctx.reply(ctx.reader.t.adminsOnly, replyInThread(ctx));
  });

  groups.command('start', async (ctx) => {
    const now = ctx.reader.now();
    const threadId = ctx.msg.is_topic_message ? (ctx.msg.message_thread_id ?? null) : null;
    const { subscriber } = await ensureSubscriber(
      ctx.herald.db,
      { chatId: ctx.chat.id, chatType: ctx.chat.type, title: ctx.chat.title ?? null, language: 'en', threadId },
      now,
    );
    if (subscriber.status !== 'active') await setSubscriberStatus(ctx.herald.db, ctx.chat.id, 'active', now);
    ctx.reader.subscriber = await updateSubscriber(ctx.herald.db, ctx.chat.id, { threadId, onboarded: true, title: ctx.chat.title ?? null }, now);
    await ctx.reply(threadId ? ctx.reader.t.groupSubscribedTopic : ctx.reader.t.groupSubscribed, replyInThread(ctx));
  });
  return composer;
}

async function isAdmin(ctx: HeraldContext): Promise<boolean> {
  const from = ctx.from;
  if (!from || !ctx.chat) return false;
  // Anonymous admins write as the group itself.
  if (from.id === ANONYMOUS_ADMIN_BOT && ctx.msg?.sender_chat?.id === ctx.chat.id) return true;
  try {
    const member = await ctx.getChatMember(from.id);
    return member.status === 'creator' || member.status === 'administrator';
  } catch (error) {
    ctx.herald.log.warn({ err: error, chatId: ctx.chat.id }, 'could not check admin status');
    return false;
  }
}

function replyInThread(ctx: HeraldContext) {
  return ctx.msg?.is_topic_message && ctx.msg.message_thread_id ? { message_thread_id: ctx.msg.message_thread_id } : {};
}

