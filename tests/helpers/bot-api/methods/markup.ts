/** The reply_markup checks Telegram makes that a menu-building bot is most likely to trip. */
import { badRequest } from '../errors.js';

export function validateMarkup(markup: unknown): void {
  if (markup === undefined || markup === null) return;
  if (typeof markup !== 'object') throw badRequest("can't parse reply keyboard markup JSON object");
  const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (rows === undefined) return;
  if (!Array.isArray(rows) || rows.some((r) => !Array.isArray(r))) {
    throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays');
  }
  for (const row of rows as unknown[][]) {
    for (const b of row) {
      const button = (b ?? {}) as Record<string, unknown>;
      if (typeof button.text !== 'string' || button.text === '') throw badRequest('BUTTON_TEXT_INVALID');
      const data = button.callback_data;
      if (data !== undefined) {
        const bytes = Buffer.byteLength(String(data), 'utf8');
        if (bytes < 1 || bytes > 64) throw badRequest('BUTTON_DATA_INVALID');
      }
      const url = button.url;
      if (url !== undefined && !/^(https?|tg):\/\/\S+$/i.test(String(url))) throw badRequest('BUTTON_URL_INVALID');
      const kinds = ['callback_data', 'url', 'switch_inline_query', 'switch_inline_query_current_chat',
        'switch_inline_query_chosen_chat', 'web_app', 'login_url', 'callback_game', 'pay', 'copy_text']
        .filter((k) => button[k] !== undefined);
      if (kinds.length !== 1) throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
    }
  }
}
