import type { FetchOutcome } from '../../news/types.js';

/**
 * What the editors' features need beyond the context every handler has (`ctx.herald` for the
 * database and the update's logger, `ctx.reader` for the clock and the editor's catalogue),
 * handed in once by createBot.
 */
export interface AdminDeps {
  /** What a channel rule may name (/channels): the item languages and the taxonomy's sections, topics and regions. */
  channelVocabulary: ChannelVocabulary;
  /** ADMIN_IDS: admins from the start, who cannot be removed from inside Telegram. */
  configAdminIds: number[];
  /** Fetches a feed address once (same limits as polling), for /feeds add. */
  fetchFeed: (url: string) => Promise<FetchOutcome>;
  /** Wakes the sender so breaking news does not wait for its next idle tick. */
  onQueued?: () => void;
  /** The Mini App's address (WEBAPP_URL), for /dashboard; absent: no Mini App. */
  webAppUrl?: string;
}

/** The values each part of a channel rule may take. */
export interface ChannelVocabulary {
  languages: readonly string[];
  sections: readonly string[];
  topics: readonly string[];
  regions: readonly string[];
}
