import { Composer, InlineKeyboard } from 'grammy';
import { warnUnlessNotModified } from '../../delivery/telegram-errors.js';
import { forgetSubscriber, setSubscriberStatus } from '../../stores/subscribers.js';
import type { HeraldContext } from '../context.js';

/**
 * /stop ends private messages after a confirmation (choices kept for /start); /forget
 * deletes everything stored about the chat. Confirmations are buttons whose data names the
 * chat, so a press in another chat or after the fact changes nothing.
 */
export function stopFeature(): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();

  composer.command('stop', async (ctx) => {
    const { t } = ctx.reader;
    const subscriber = ctx.reader.subscriber;
    if (!subscriber) return void (await ctx.reply(t.startFirst));
    if (subscriber.status !== 'active') return void (await ctx.reply(t.alreadyStopped));
    await ctx.reply(t.stopConfirm, {
      reply_markup: new InlineKeyboard().text(t.stopYes, `stop:yes:${ctx.chat.id}`).text(t.cancel, `stop:no:${ctx.chat.id}`),
    });
  });

  composer.command('forget', async (ctx) => {
    const { t } = ctx.reader;
    if (!ctx.reader.subscriber) return void (await ctx.reply(t.startFirst));
    await ctx.reply(t.forgetConfirm, {
      reply_markup: new InlineKeyboard().text(t.forgetYes, `forget:yes:${ctx.chat.id}`).text(t.cancel, `forget:no:${ctx.chat.id}`),
    });
  });

  composer.callbackQuery(/^(stop|forget):(yes|no):(-?\d+)$/, async (ctx) => {
    const { t } = ctx.reader;
    const [, action, answer, chat] = ctx.match;
    const chatId = ctx.chat?.id;
    await ctx.answerCallbackQuery();
    // Replacing the question with its answer: a second press on the same button meets
    // "message is not modified" (ignored); any other failure is logged, and what was asked
    // for (stopping, forgetting) has happened all the same.
    const answered = warnUnlessNotModified(ctx.herald.log, 'could not replace the confirmation question');
    if (chatId === undefined || String(chatId) !== chat || !ctx.reader.subscriber) {
      await ctx.editMessageText(t.confirmationExpired).catch(answered);
      return;
    }
    if (answer === 'no') {
      await ctx.editMessageText(t.cancelled).catch(answered);
      return;
    }
    if (action === 'stop') {
      await setSubscriberStatus(ctx.herald.db, chatId, 'stopped', ctx.reader.now());
      await ctx.editMessageText(t.stopped).catch(answered);
      ctx.herald.log.info({ chatId }, 'subscriber stopped');
      return;
    }
    // Not Telegram: the plugin's own state. The deletion below must go ahead whatever happens
    // here (it removes the dialogue's stored row too), so a failure is logged, not thrown.
    await ctx.conversation.exitAll().catch((error: unknown) => ctx.herald.log.warn({ err: error }, 'could not end the open dialogues before forgetting'));
    const forgotten = await forgetSubscriber(ctx.herald.db, chatId);
    await ctx.editMessageText(t.forgotten).catch(answered);
    // No chat id: the log would otherwise remember whom Herald forgot.
    ctx.herald.log.info({ editorRecordsKept: forgotten.editorRecordsKept }, 'subscriber forgotten');
  });
  return composer;
}
