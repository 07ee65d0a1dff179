import { Composer } from 'grammy';
import { warnUnlessNotModified } from '../../delivery/telegram-errors.js';
import { isItemLanguage } from '../../readers/item-languages.js';
import { toggleItemLanguage, updateSubscriber } from '../../stores/subscribers.js';
import { itemLanguageNames } from '../../readers/describe.js';
import { ITEM_LANGUAGE_DATA, itemLanguagesKeyboard } from '../conversations/onboarding.js';
import type { HeraldContext } from '../context.js';
import { settingsMenu, settingsText } from '../menus/settings-menu.js';
import { formatHour, formatMinutes, localClock, parseQuietHours, parseTimeZone } from '../../readers/local-time.js';
import { requireSubscriber } from './subscriber-guard.js';

/**
 * /settings (a menu), and the settings that need typed input: /timezone, /quiet, /digest.
 * With the Mini App (`webAppUrl`), the menu's first button opens the settings page in private chats.
 */
export function settingsFeature(webAppUrl?: string): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  const menu = settingsMenu(webAppUrl);
  composer.use(menu);

  // The language buttons under onboarding's closing message: a tap adds or removes a language of news.
  composer.callbackQuery(ITEM_LANGUAGE_DATA, async (ctx) => {
    const { t } = ctx.reader;
    const code = ctx.match[1];
    const subscriber = ctx.reader.subscriber;
    if (!subscriber || !isItemLanguage(code)) return void (await ctx.answerCallbackQuery({ text: t.menuOutdated }));
    const result = await toggleItemLanguage(ctx.herald.db, subscriber.chatId, code, ctx.reader.now());
    if (!result) return void (await ctx.answerCallbackQuery({ text: t.startFirst }));
    if (result.outcome === 'last') return void (await ctx.answerCallbackQuery({ text: t.itemLanguagesKeepOne, show_alert: true }));
    ctx.reader.subscriber = result.subscriber;
    await ctx.answerCallbackQuery({ text: t.itemLanguagesSaved(itemLanguageNames(t, result.subscriber)) });
    await ctx
      .editMessageReplyMarkup({ reply_markup: itemLanguagesKeyboard(t, result.subscriber, webAppUrl, ctx.chat?.type === 'private') })
      .catch(warnUnlessNotModified(ctx.herald.log, 'could not redraw the language buttons'));
  });

  composer.command('settings', async (ctx) => {
    const subscriber = await requireSubscriber(ctx);
    if (!subscriber) return;
    await ctx.reply(settingsText(ctx.reader.t, subscriber, ctx.reader.now()), { parse_mode: 'HTML', reply_markup: menu });
  });

  composer.command('timezone', async (ctx) => {
    const subscriber = await requireSubscriber(ctx);
    if (!subscriber) return;
    const { t } = ctx.reader;
    const input = ctx.match.trim();
    if (input === '') return void (await ctx.reply(t.timeZoneHelp, { parse_mode: 'HTML' }));
    const timeZone = parseTimeZone(input);
    if (!timeZone) return void (await ctx.reply(t.timeZoneUnknown(input.slice(0, 64)), { parse_mode: 'HTML' }));
    await updateSubscriber(ctx.herald.db, subscriber.chatId, { timeZone }, ctx.reader.now());
    const local = formatMinutes(localClock(ctx.reader.now(), timeZone).minuteOfDay);
    await ctx.reply(t.timeZoneSet(timeZone, local), { parse_mode: 'HTML' });
  });

  composer.command('quiet', async (ctx) => {
    const subscriber = await requireSubscriber(ctx);
    if (!subscriber) return;
    const { t } = ctx.reader;
    const input = ctx.match.trim();
    if (input === '') return void (await ctx.reply(t.quietHelp, { parse_mode: 'HTML' }));
    if (/^(off|нет|выкл\.?)$/i.test(input)) {
      await updateSubscriber(ctx.herald.db, subscriber.chatId, { quiet: null }, ctx.reader.now());
      return void (await ctx.reply(t.quietCleared));
    }
    const quiet = parseQuietHours(input);
    if (!quiet) return void (await ctx.reply(t.quietInvalid));
    await updateSubscriber(ctx.herald.db, subscriber.chatId, { quiet }, ctx.reader.now());
    await ctx.reply(t.quietSet(formatMinutes(quiet.start), formatMinutes(quiet.end)));
  });

  composer.command('digest', async (ctx) => {
    const subscriber = await requireSubscriber(ctx);
    if (!subscriber) return;
    const { t } = ctx.reader;
    const input = ctx.match.trim();
    const hour = /^\d{1,2}(?::00)?$/.test(input) ? Number(input.split(':')[0]) : NaN;
    if (!Number.isInteger(hour) || hour < 0 || hour > 23) return void (await ctx.reply(t.digestHourInvalid));
    await updateSubscriber(ctx.herald.db, subscriber.chatId, { digestHour: hour, mode: 'digest' }, ctx.reader.now());
    await ctx.reply(t.digestHourSet(formatHour(hour)));
  });
  return composer;
}
