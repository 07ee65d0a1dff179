import type { Api } from 'grammy';
import type { Logger } from '../logger.js';

export interface GetMe {
  getMe(signal?: AbortSignal): Promise<{ username: string }>;
}

/**
 * The bot's @username, which channel posts' follow button needs (t.me/<bot>?start=…). Asked of
 * Telegram (getMe) when first needed, with a short deadline so the sender never waits on it; a
 * failure leaves the button out of that batch and is asked again with the next one.
 */
export function createBotUsername(api: GetMe | null, logger: Logger, deadlineMs = 5_000): () => Promise<string | null> {
  let known: string | null = null;
  return async () => {
    if (!api) return null;
    if (known) return known;
    try {
      known = (await api.getMe(AbortSignal.timeout(deadlineMs))).username;
      return known;
    } catch (error) {
      logger.warn({ err: error }, 'could not learn the bot username: channel posts go out without the follow button for now');
      return null;
    }
  };
}

/** grammY's Api as GetMe (its getMe types the signal with an older AbortSignal polyfill). */
export function telegramGetMe(api: Api): GetMe {
  return { getMe: (signal) => api.getMe(signal as Parameters<Api['getMe']>[0]) };
}
