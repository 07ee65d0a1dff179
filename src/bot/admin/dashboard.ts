import { Composer, InlineKeyboard } from 'grammy';
import type { HeraldContext } from '../context.js';

/** The dashboard page's address: the Mini App's own, with the page's name after it. */
export function dashboardUrl(webAppUrl: string): string {
  const url = new URL(webAppUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/dashboard`;
  return url.toString();
}

/**
 * /dashboard: a button that opens the editors' dashboard (the Mini App) in a private chat,
 * where Telegram allows web_app buttons. The page checks again, on every request, that the
 * one opening it is an editor at that moment; the button is only the way in.
 */
export function dashboardFeature(webAppUrl: string | undefined): Composer<HeraldContext> {
  const composer = new Composer<HeraldContext>();
  composer.chatType('private').command('dashboard', async (ctx) => {
    const { t } = ctx.reader;
    if (!webAppUrl) return ctx.reply(t.dashboardOff);
    return ctx.reply(t.dashboardOpen, { reply_markup: new InlineKeyboard().webApp(t.dashboardButton, dashboardUrl(webAppUrl)) });
  });
  return composer;
}
