import type { Api } from 'grammy';
import type { Logger } from '../../logger.js';
import { describeMenu, EDITOR_MENU, MENU_LANGUAGES, PRIVATE_MENU } from '../commands.js';

/**
 * Admins see the editors' commands in their own chat's menu (scope "chat"); nobody else
 * does. Failures are logged, never fatal: the commands work without the menu.
 */
export async function showAdminMenu(api: Api, userIds: number[], logger: Logger): Promise<void> {
  for (const userId of userIds) {
    try {
      for (const { lang, languageOption } of MENU_LANGUAGES) {
        await api.setMyCommands(describeMenu([...PRIVATE_MENU, ...EDITOR_MENU], lang), { scope: { type: 'chat', chat_id: userId }, ...languageOption });
      }
    } catch (error) {
      logger.warn({ err: error, userId }, 'could not show the admin command menu');
    }
  }
}

export async function hideAdminMenu(api: Api, userId: number, logger: Logger): Promise<void> {
  try {
    for (const { languageOption } of MENU_LANGUAGES) {
      await api.deleteMyCommands({ scope: { type: 'chat', chat_id: userId }, ...languageOption });
    }
  } catch (error) {
    logger.warn({ err: error, userId }, 'could not hide the admin command menu');
  }
}
