import { Api, GrammyError, HttpError } from 'grammy';
import type { OutgoingMessage, SendOutcome, Transport } from './outgoing.js';

export interface TelegramTransportOptions {
  token: string;
  apiRoot: string;
  /** A send without an answer by then is treated as a network failure and retried. */
  timeoutSeconds?: number;
}

export function createTelegramTransport(options: TelegramTransportOptions): Transport & { api: Api } {
  const api = new Api(options.token, { apiRoot: options.apiRoot, timeoutSeconds: options.timeoutSeconds ?? 30 });
  return {
    api,
    async send(message) {
      const markup = message.buttons && message.buttons.length > 0 ? { reply_markup: { inline_keyboard: message.buttons } } : {};
      const common = {
        parse_mode: 'HTML' as const,
        ...(message.threadId ? { message_thread_id: message.threadId } : {}),
        ...(message.disableNotification ? { disable_notification: true } : {}),
        ...(message.paidBroadcast ? { allow_paid_broadcast: true } : {}),
        ...markup,
      };
      try {
        if (message.photoUrl) {
          const sent = await api.sendPhoto(message.chatId, message.photoUrl, { ...common, caption: message.html });
          return { kind: 'sent', messageId: sent.message_id, sentAs: 'photo' };
        }
        const sent = await api.sendMessage(message.chatId, message.html, {
          ...common,
          link_preview_options: message.previewUrl ? { url: message.previewUrl, prefer_large_media: true } : { is_disabled: true },
        });
        return { kind: 'sent', messageId: sent.message_id, sentAs: 'text' };
      } catch (error) {
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
