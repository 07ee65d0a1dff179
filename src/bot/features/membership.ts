import { Composer } from 'grammy';
import { moveSubscriber, setSubscriberStatus } from '../../stores/subscribers.js';
import type { HeraldContext } from '../context.js';

/**
 * Telegram tells the bot when a reader blocks or unblocks it, and when a group adds or
 * removes it. A blocked reader or a group that removed Herald is never written to again
 * (waiting messages are cancelled) until they return.
 */
export function membershipFeature(): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  // A reader marked blocked (Telegram answered 403) who writes again has unblocked Herald.
  composer.chatType('private').on('message', async (ctx, next) => {
    if (ctx.reader.subscriber?.status === 'blocked') {
      ctx.reader.subscriber = await setSubscriberStatus(ctx.herald.db, ctx.chat.id, 'active', ctx.reader.now());
      ctx.herald.log.info({ chatId: ctx.chat.id }, 'blocked reader wrote again: active');
    }
    await next();
  });
  // Telegram announces a group's upgrade in the old chat; the subscription moves with it.
  composer.on('message:migrate_to_chat_id', async (ctx) => {
    const moved = await moveSubscriber(ctx.herald.db, ctx.chat.id, ctx.msg.migrate_to_chat_id, ctx.reader.now());
    if (moved) ctx.herald.log.info({ from: ctx.chat.id, to: ctx.msg.migrate_to_chat_id }, 'group upgraded: subscription moved');
  });
  composer.on('my_chat_member', async (ctx) => {
    const update = ctx.myChatMember;
    const chatId = update.chat.id;
    const was = update.old_chat_member.status;
    const is = update.new_chat_member.status;
    const gone = is === 'kicked' || is === 'left';
    const wasGone = was === 'kicked' || was === 'left';
    const subscriber = ctx.reader.subscriber;
    const now = ctx.reader.now();
    if (gone && subscriber && subscriber.status === 'active') {
      await setSubscriberStatus(ctx.herald.db, chatId, 'blocked', now);
      ctx.herald.log.info({ chatId, status: is }, 'Herald was blocked or removed: subscriber marked blocked');
      return;
    }
    if (!gone && wasGone) {
      // A reader who unblocks comes back as they were; a stopped reader stays stopped until /start.
      if (update.chat.type === 'private' && subscriber?.status === 'blocked') {
        await setSubscriberStatus(ctx.herald.db, chatId, 'active', now);
      }
      if (update.chat.type === 'group' || update.chat.type === 'supergroup') {
        await ctx.reply(ctx.reader.t.groupHello).catch((error: unknown) => ctx.herald.log.warn({ err: error }, 'could not greet the group'));
      }
    }
  });
  return composer;
}
