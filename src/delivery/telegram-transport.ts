import { Api, GrammyError, HttpError } from 'grammy';
import type { EditTarget, OutgoingMessage, SendOutcome, Transport } from './outgoing.js';
import { isNotModified } from './telegram-errors.js';

export interface TelegramTransportOptions {
  token: string;
  apiRoot: string;
  /** A send without an answer by then is treated as a network failure and retried. */
  timeoutSeconds?: number;
}

/** Telegram could not use the photo (it fetches URLs itself): the post goes out as text instead. */
const PHOTO_REFUSED = /wrong (file identifier|type of the web page content)|failed to get HTTP URL content|IMAGE_PROCESS_FAILED|PHOTO_INVALID|wrong remote file/i;

/** An edit whose content is already there is not a failure. */

export function createTelegramTransport(options: TelegramTransportOptions): Transport & { api: Api } {
  const api = new Api(options.token, { apiRoot: options.apiRoot, timeoutSeconds: options.timeoutSeconds ?? 30 });

  const markupOf = (message: OutgoingMessage) =>
    message.buttons && message.buttons.length > 0 ? { reply_markup: { inline_keyboard: message.buttons } } : {};

  async function sendText(message: OutgoingMessage, common: Record<string, unknown>): Promise<SendOutcome> {
    const sent = await api.sendMessage(message.chatId, message.html, {
      ...common,
      link_preview_options: message.previewUrl ? { url: message.previewUrl, prefer_large_media: true } : { is_disabled: true },
    });
    return { kind: 'sent', messageId: sent.message_id, sentAs: 'text' };
  }

  return {
    api,
    async send(message) {
      const common = {
        parse_mode: 'HTML' as const,
        ...(message.threadId ? { message_thread_id: message.threadId } : {}),
        ...(message.disableNotification ? { disable_notification: true } : {}),
        ...(message.paidBroadcast ? { allow_paid_broadcast: true } : {}),
        ...markupOf(message),
      };
      try {
        if (message.photoUrl) {
          try {
            const sent = await api.sendPhoto(message.chatId, message.photoUrl, { ...common, caption: message.html });
            return { kind: 'sent', messageId: sent.message_id, sentAs: 'photo' };
          } catch (error) {
            if (!(error instanceof GrammyError && error.error_code === 400 && PHOTO_REFUSED.test(error.description))) throw error;
          }
        }
        return await sendText(message, common);
      } catch (error) {
        return outcomeOfError(error);
      }
    },

    async edit(target: EditTarget, message: OutgoingMessage) {
      const common = { parse_mode: 'HTML' as const, ...markupOf(message) };
      try {
        if (target.sentAs === 'photo') {
          await api.editMessageCaption(target.chatId, target.messageId, { ...common, caption: message.html });
        } else {
          await api.editMessageText(target.chatId, target.messageId, message.html, {
            ...common,
            link_preview_options: message.previewUrl ? { url: message.previewUrl, prefer_large_media: true } : { is_disabled: true },
          });
        }
        return { kind: 'sent', messageId: target.messageId, sentAs: target.sentAs };
      } catch (error) {
        if (isNotModified(error)) {
          return { kind: 'sent', messageId: target.messageId, sentAs: target.sentAs };
        }
        return outcomeOfError(error);
      }
    },
  };
}

/** Retry decisions are made on grammY's error classes and Telegram's codes, never on strings alone. */
export function outcomeOfError(error: unknown): SendOutcome {
  if (error instanceof GrammyError) {
    const text = `${error.error_code}: ${error.description}`;
    if (error.error_code === 429) return { kind: 'rate-limited', retryAfterSeconds: error.parameters.retry_after ?? 5, error: text };
    if (error.parameters.migrate_to_chat_id !== undefined) return { kind: 'moved', newChatId: String(error.parameters.migrate_to_chat_id), error: text };
    if (error.error_code === 403) return { kind: 'blocked', error: text, code: 403 };
    if (error.error_code >= 500) return { kind: 'retry', error: text, code: error.error_code };
    return { kind: 'failed', error: text, code: error.error_code };
  }
  if (error instanceof HttpError) return { kind: 'retry', error: `network: ${error.message}`, code: null };
  return { kind: 'retry', error: error instanceof Error ? error.message : String(error), code: null };
}
