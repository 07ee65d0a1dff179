/**
 * Links that open the bot on one choice: t.me/<bot>?start=region-central-asia. Channel posts
 * can carry one so a reader follows that item's region or topic in one tap.
 */
export type DeepLinkTarget = { kind: 'topic' | 'region' | 'country'; id: string };

const PAYLOAD = /^(topic|region|country)-([a-z0-9][a-z0-9-]{0,55})$/i;

export function parseDeepLink(payload: string): DeepLinkTarget | null {
  const match = PAYLOAD.exec(payload.trim());
  if (!match) return null;
  const kind = match[1]?.toLowerCase() as DeepLinkTarget['kind'];
  const id = match[2] ?? '';
  return { kind, id: kind === 'country' ? id.toUpperCase() : id.toLowerCase() };
}

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
 * The "follow" link a channel post can carry: the item's first region (a reader's most
 * common choice), else its first topic; null when the item has neither.
 */
export function followTarget(item: FollowableItem): DeepLinkTarget | null {
  const region = item.regions[0];
  if (region) return { kind: 'region', id: region };
  const topic = item.topics[0];
  return topic ? { kind: 'topic', id: topic } : null;
}
