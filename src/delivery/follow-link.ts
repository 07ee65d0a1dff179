/**
 * Links that open the bot on one choice: t.me/<bot>?start=region-central-asia. Channel posts
 * carry one so a reader follows that item's region or topic in one tap; /start reads it back.
 */
export type DeepLinkTarget = { kind: 'topic' | 'region' | 'country'; id: string };

/** Telegram allows 64 characters of A-Z, a-z, 0-9, _ and - in a start parameter. */
export function deepLink(botUsername: string, target: DeepLinkTarget): string {
  const payload = `${target.kind}-${target.id}`.slice(0, 64);
  return `https://t.me/${encodeURIComponent(botUsername)}?start=${encodeURIComponent(payload)}`;
}

export interface FollowableItem {
  regions: readonly string[];
  topics: readonly string[];
}

/**
 * The "follow" link a channel post carries: the item's first region (a reader's most
 * common choice), else its first topic; null when the item has neither.
 */
export function followTarget(item: FollowableItem): DeepLinkTarget | null {
  const region = item.regions[0];
  if (region) return { kind: 'region', id: region };
  const topic = item.topics[0];
  return topic ? { kind: 'topic', id: topic } : null;
}
