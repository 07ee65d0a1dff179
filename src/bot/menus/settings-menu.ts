import { Menu } from '@grammyjs/menu';
import { warnUnlessNotModified } from '../../delivery/telegram-errors.js';
import { toggleItemLanguage, updateSubscriber, type Subscriber, type SubscriberPatch } from '../../stores/subscribers.js';
import type { HeraldContext } from '../context.js';
import { formatHour, formatMinutes, localClock } from '../../readers/local-time.js';
import { toLang, type Catalog } from '../../i18n/index.js';
import { itemLanguageNames } from '../../readers/describe.js';
import { ITEM_LANGUAGES, readerLanguages } from '../../readers/item-languages.js';
import { CHECK, onOutdated, remember, type MenuContext } from './shared.js';

const QUIET_PRESETS: readonly { start: number; end: number }[] = [
  { start: 22 * 60, end: 7 * 60 },
  { start: 23 * 60, end: 7 * 60 },
  { start: 0, end: 8 * 60 },
  { start: 21 * 60, end: 6 * 60 },
];

export function quietLabel(t: Catalog, s: Pick<Subscriber, 'quietStart' | 'quietEnd'>): string {
  return s.quietStart === null || s.quietEnd === null ? t.quietOff : t.quietRange(formatMinutes(s.quietStart), formatMinutes(s.quietEnd));
}

/** The text above the settings menu: every setting with its current value. */
export function settingsText(t: Catalog, s: Subscriber, now: Date): string {
  return t.settingsTitle({
    mode: s.mode === 'digest' ? t.digest : t.instant,
    digestHour: formatHour(s.digestHour),
    timeZone: s.timeZone,
    localTime: formatMinutes(localClock(now, s.timeZone).minuteOfDay),
    quiet: quietLabel(t, s),
    language: t.languageName,
  });
}

/**
 * /settings: delivery mode, digest hour, quiet hours, time zone and language. A change
 * redraws the message (text and buttons), so it always shows what is stored.
 */
export function settingsMenu(webAppUrl?: string): Menu<HeraldContext> {
  const menu = new Menu<HeraldContext>('st', { onMenuOutdated: onOutdated });

  async function apply(c: MenuContext, patch: SubscriberPatch): Promise<void> {
    const updated = await updateSubscriber(c.herald.db, c.chat!.id, patch, c.reader.now());
    remember(c, updated);
    if (!updated) return;
    if (patch.language) c.reader.useLanguage(toLang(patch.language));
    // Back to the main screen with the new values. The change is saved already, so a failed
    // redraw is logged, not thrown; an unchanged message ("not modified") is no failure at all.
    await c
      .editMessageText(settingsText(c.reader.t, updated, c.reader.now()), { parse_mode: 'HTML', reply_markup: menu })
      .catch(warnUnlessNotModified(c.herald.log, 'could not redraw the settings'));
  }

  menu.dynamic((ctx, range) => {
    const s = ctx.reader.subscriber;
    if (!s) return;
    const { t } = ctx.reader;
    // Telegram allows web_app buttons in private chats only.
    if (webAppUrl && ctx.chat?.type === 'private') range.webApp(t.page.openSettingsButton, webAppUrl).row();
    range
      .text(`${s.mode === 'instant' ? CHECK : ''}${t.instant}`, (c: MenuContext) => apply(c, { mode: 'instant' }))
      .text(`${s.mode === 'digest' ? CHECK : ''}${t.digest}`, (c: MenuContext) => apply(c, { mode: 'digest' }))
      .row()
      .submenu(t.settingsDigestHour(formatHour(s.digestHour)), 'sh')
      .row()
      .submenu(t.settingsQuiet(quietLabel(t, s)), 'sq')
      .row()
      .text(t.settingsTimeZone(s.timeZone), (c: MenuContext) => c.reply(c.reader.t.timeZoneHelp, { parse_mode: 'HTML' }))
      .row()
      .submenu(t.settingsItemLanguages(itemLanguageNames(t, s)), 'sl')
      .row()
      .text(t.settingsLanguage, (c: MenuContext) => apply(c, { language: c.reader.lang === 'en' ? 'ru' : 'en' }));
  });

  // Languages of news: a tap adds or removes one; the last one stays.
  const languages = new Menu<HeraldContext>('sl', { onMenuOutdated: onOutdated });
  languages.dynamic((ctx, range) => {
    const s = ctx.reader.subscriber;
    if (!s) return;
    const read = readerLanguages(s);
    for (const code of ITEM_LANGUAGES) {
      range.text(`${read.includes(code) ? CHECK : ''}${ctx.reader.t.itemLanguageName[code]}`, async (c: MenuContext) => {
        const result = await toggleItemLanguage(c.herald.db, c.chat!.id, code, c.reader.now());
        if (result?.outcome === 'last') return void (await c.answerCallbackQuery({ text: c.reader.t.itemLanguagesKeepOne, show_alert: true }));
        remember(c, result?.subscriber);
        c.menu.update();
      });
    }
    range.row().back(ctx.reader.t.back);
  });

  const hours = new Menu<HeraldContext>('sh', { onMenuOutdated: onOutdated });
  hours.dynamic((ctx, range) => {
    const chosen = ctx.reader.subscriber?.digestHour;
    for (let hour = 0; hour < 24; hour++) {
      range.text(`${hour === chosen ? CHECK : ''}${formatHour(hour)}`, (c: MenuContext) => apply(c, { digestHour: hour }));
      if (hour % 4 === 3) range.row();
    }
    range.back(ctx.reader.t.back);
  });

  const quiet = new Menu<HeraldContext>('sq', { onMenuOutdated: onOutdated });
  quiet.dynamic((ctx, range) => {
    const s = ctx.reader.subscriber;
    const { t } = ctx.reader;
    const isOff = !s || s.quietStart === null;
    range.text(`${isOff ? CHECK : ''}${t.quietOff}`, (c: MenuContext) => apply(c, { quiet: null })).row();
    QUIET_PRESETS.forEach((preset, index) => {
      const on = s?.quietStart === preset.start && s.quietEnd === preset.end;
      range.text(`${on ? CHECK : ''}${t.quietRange(formatMinutes(preset.start), formatMinutes(preset.end))}`, (c: MenuContext) => apply(c, { quiet: preset }));
      if (index % 2 === 1) range.row();
    });
    range.back(ctx.reader.t.back);
  });

  menu.register([hours, quiet, languages]);
  return menu;
}

