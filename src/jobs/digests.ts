import { itemLine, splitMessages } from '../delivery/item-list.js';
import type { Db } from '../db/create-db.js';
import type { Logger } from '../logger.js';
import { localClock } from '../readers/local-time.js';
import { catalog, toLang, type Catalog } from '../i18n/index.js';
import {
  heldDigestItems,
  HeldRowsChanged,
  replaceHeldWithSummaries,
  subscribersWithHeldDigests,
  type Subscriber,
  type WaitingItem,
} from '../stores/subscribers.js';


export interface DigestDeps {
  db: Db;
  logger: Logger;
  now: () => Date;
}

export interface DigestRun {
  /** Subscribers whose digest was queued. */
  digests: number;
  /** Messages queued (a long digest is several). */
  messages: number;
  /** Items the digests covered. */
  items: number;
}

/**
 * Queues each reader's daily digest during their local digest hour: the 'held' digest rows
 * the fan-out wrote become one message (several when longer than Telegram allows), queued
 * as kind 'digest' rows whose payload is {html}; the covered rows are marked sent as part of
 * the digest. Items a reader already got instantly have a 'direct' row instead (one row per
 * item and chat), so a digest never repeats them. Runs every few minutes; idempotent.
 */
export async function runDigests(deps: DigestDeps): Promise<DigestRun> {
  const run: DigestRun = { digests: 0, messages: 0, items: 0 };
  const now = deps.now();
  for (const subscriber of await subscribersWithHeldDigests(deps.db)) {
    if (!digestDue(subscriber, now)) continue;
    const items = await heldDigestItems(deps.db, subscriber.chatId);
    if (items.length === 0) continue;
    const t = catalog(toLang(subscriber.language));
    const parts = digestMessages(t, items, localClock(now, subscriber.timeZone).date);
    try {
      const ids = await replaceHeldWithSummaries(
        deps.db,
        subscriber,
        items.map((i) => i.deliveryId),
        parts.map((html) => ({ kind: 'digest' as const, html })),
        now,
        { markDigestAt: true },
      );
      run.digests++;
      run.messages += ids.length;
      run.items += items.length;
    } catch (error) {
      if (!(error instanceof HeldRowsChanged)) throw error;
      deps.logger.info({ chatId: subscriber.chatId }, 'digest rows changed meanwhile: next run retries');
    }
  }
  if (run.digests > 0) deps.logger.info(run, 'digests queued');
  return run;
}

/** Due during the reader's digest hour (local time), once per local day. */
export function digestDue(subscriber: Pick<Subscriber, 'timeZone' | 'digestHour' | 'lastDigestAt'>, now: Date): boolean {
  const local = localClock(now, subscriber.timeZone);
  if (local.hour !== subscriber.digestHour) return false;
  if (!subscriber.lastDigestAt) return true;
  return localClock(subscriber.lastDigestAt, subscriber.timeZone).date !== local.date;
}

/** The digest grouped by section (in order of first appearance), titles linked, oldest first. */
export function digestMessages(t: Catalog, items: WaitingItem[], localDate: string): string[] {
  const sections = new Map<string, WaitingItem[]>();
  for (const item of items) {
    const key = item.section ?? '';
    sections.set(key, [...(sections.get(key) ?? []), item]);
  }
  const lines: string[] = [];
  for (const [section, members] of sections) {
    lines.push('', `<b>${section ? t.sectionLabel(section) : t.otherSection}</b>`);
    for (const item of members) lines.push(itemLine(item));
  }
  return splitMessages(t.digestTitle(localDate), t.digestContinued, lines);
}
