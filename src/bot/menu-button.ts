import type { Api } from 'grammy';
import { catalog } from '../i18n/index.js';
import type { Logger } from '../logger.js';

/**
 * The chat menu button (beside the message field) of every private chat opens the settings
 * page at exactly WEBAPP_URL. Failures are logged, never fatal: the menus still work.
 */
export async function setMenuButton(api: Api, webAppUrl: string, logger: Logger): Promise<void> {
  try {
    await api.setChatMenuButton({ menu_button: { type: 'web_app', text: catalog('en').page.menuButton, web_app: { url: webAppUrl } } });
    logger.info({ url: webAppUrl }, 'menu button opens the Mini App');
  } catch (error) {
    logger.warn({ err: error }, 'could not set the chat menu button');
  }
}
