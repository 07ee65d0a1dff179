import type { Db } from '../db/create-db.js';
import { getBroadcastTexts, type Delivery } from '../stores/deliveries.js';
import { getItems, type Item } from '../stores/items.js';
import { deepLink, followTarget } from './follow-link.js';
import { formatItemPost } from './format-post.js';
import type { OutgoingMessage } from './outgoing.js';
import { DEFAULT_POST_LABELS, hashtagFor, type PostLabels } from './post-labels.js';

/** Turns a batch of rows into messages by row id; a row without a message is skipped. */
export type Compose = (batch: Delivery[]) => Promise<Map<number, OutgoingMessage>>;

export interface ComposeOptions {
  labels?: PostLabels | undefined;
  paidBroadcast: boolean;
  /**
   * The bot's @username, for the follow button on channel posts (t.me/<bot>?start=region-…);
   * null (preview mode, or getMe failed for now) leaves the button out.
   */
  botUsername?: () => Promise<string | null>;
}

/**
 * Loads what a batch needs in two queries and formats each item once. Items are read at
 * send time, so a row sent after a correction already carries the corrected text.
 */
export function createComposer(db: Db, options: ComposeOptions): Compose {
  return async (batch) => {
    const itemIds = [...new Set(batch.map((d) => d.itemId ?? d.payload.requestedItemId).filter((id): id is number => id !== undefined && id !== null))];
    const broadcastIds = [...new Set(batch.filter((d) => d.broadcastId !== null && d.payload.html === undefined).map((d) => d.broadcastId!))];
    const items = new Map((await getItems(db, itemIds)).map((item) => [item.id, item]));
    const broadcasts = new Map((await getBroadcastTexts(db, broadcastIds)).map((b) => [b.id, b]));
    const hasChannelItem = batch.some((d) => d.kind === 'channel' && d.itemId !== null);
    const username = hasChannelItem && options.botUsername ? await options.botUsername() : null;
    const followButton = (item: Item, kind: Delivery['kind']) => (kind === 'channel' && username ? followButtonFor(item, username, options.labels) : null);
    const plain = new Map<string, OutgoingMessage>();
    const messages = new Map<number, OutgoingMessage>();
    for (const d of batch) {
      const { payload } = d;
      let base: OutgoingMessage | undefined;
      if (typeof payload.html === 'string') {
        base = { chatId: d.chatId, html: payload.html, photoUrl: payload.photoUrl ?? null, previewUrl: payload.previewUrl ?? null, buttons: payload.buttons ?? [] };
      } else if (d.itemId !== null) {
        const item = items.get(d.itemId);
        if (!item) continue;
        const extraButton = followButton(item, d.kind);
        if (payload.edit && d.messageId !== null) {
          base = formatItemPost(item, d.chatId, { labels: options.labels, updated: true, as: d.sentAs === 'photo' ? 'photo' : 'text', extraButton });
        } else {
          // Formatted once per item and audience: channel posts carry the follow button, private messages do not.
          const key = `${item.id}:${extraButton ? 'follow' : 'plain'}`;
          base = plain.get(key) ?? formatItemPost(item, d.chatId, { labels: options.labels, extraButton });
          plain.set(key, base);
        }
      } else if (payload.requestedItemId !== undefined) {
        // Asked for by the reader (/latest): the same post as the fan-out sends, read now.
        const item = items.get(payload.requestedItemId);
        if (!item) continue;
        const key = `${item.id}:plain`;
        base = plain.get(key) ?? formatItemPost(item, d.chatId, { labels: options.labels });
        plain.set(key, base);
      } else if (d.broadcastId !== null) {
        const b = broadcasts.get(d.broadcastId);
        if (!b) continue;
        // A broadcast's text is the exact Telegram HTML the editor approved in its preview.
        base = { chatId: d.chatId, html: b.text, photoUrl: b.photo };
      }
      if (!base) continue;
      messages.set(d.id, {
        ...base,
        chatId: d.chatId,
        threadId: d.threadId,
        ...(options.paidBroadcast && d.kind !== 'channel' ? { paidBroadcast: true } : {}),
      });
    }
    return messages;
  };
}

/** "🔔 Follow Central Asia", opening the bot on the item's first region (else topic); null when it has neither. */
function followButtonFor(item: Item, username: string, given: PostLabels | undefined): { text: string; url: string } | null {
  const target = followTarget(item);
  if (!target) return null;
  const labels = given ?? DEFAULT_POST_LABELS;
  const name = labels.names[target.id] ?? hashtagFor(target.id, labels) ?? target.id;
  return { text: labels.follow(name), url: deepLink(username, target) };
}
