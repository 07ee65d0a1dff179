import type { DeepLinkTarget } from '../../delivery/follow-link.js';

export type { DeepLinkTarget };

const PAYLOAD = /^(topic|region|country)-([a-z0-9][a-z0-9-]{0,55})$/i;

/** Reads a /start payload written by deepLink (delivery/follow-link.ts); anything else is null. */
export function parseDeepLink(payload: string): DeepLinkTarget | null {
  const match = PAYLOAD.exec(payload.trim());
  if (!match) return null;
  const kind = match[1]?.toLowerCase() as DeepLinkTarget['kind'];
  const id = match[2] ?? '';
  return { kind, id: kind === 'country' ? id.toUpperCase() : id.toLowerCase() };
}
