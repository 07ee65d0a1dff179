import { randomUUID } from 'node:crypto';
import type { Db } from '../db/create-db.js';
import type { Logger } from '../logger.js';
import { claimDueDeliveries, markFinal, markSent, releaseDelivery, scheduleRetry, type Delivery } from '../stores/deliveries.js';
import { getItem } from '../stores/items.js';
import { formatItemPost } from './format-post.js';
import type { OutgoingMessage, SendOutcome, Transport } from './outgoing.js';

export interface SenderOptions {
  /** Messages per second overall. */
  sendRate: number;
  /** Posts per minute into one channel or group. */
  channelRate: number;
  leaseSeconds?: number;
  batchSize?: number;
  now?: () => Date;
}

export interface SenderDeps {
  db: Db;
  transport: Transport;
  logger: Logger;
}

export interface DrainResult {
  sent: number;
  failed: number;
  retried: number;
}

const MAX_ATTEMPTS = 8;

/**
 * The outbox worker: claims due rows, paces them to Telegram's limits and records one
 * outcome per send. Nothing is sent anywhere else.
 */
export function createSender(deps: SenderDeps, options: SenderOptions) {
  const owner = `sender-${randomUUID()}`;
  const now = options.now ?? (() => new Date());
  const leaseSeconds = options.leaseSeconds ?? 60;
  const batchSize = options.batchSize ?? 50;
  const minGapMs = 1000 / options.sendRate;
  const channelGapMs = 60_000 / options.channelRate;
  let lastSendAt = 0;
  const lastSendToChat = new Map<string, number>();
  let pausedUntil = 0;

  async function pace(delivery: Delivery): Promise<void> {
    const chatGap = delivery.kind === 'channel' ? channelGapMs : 1000;
    const chatLast = lastSendToChat.get(delivery.chat_id) ?? 0;
    const readyAt = Math.max(lastSendAt + minGapMs, chatLast + chatGap, pausedUntil);
    const wait = readyAt - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  async function messageFor(delivery: Delivery): Promise<OutgoingMessage | null> {
    if (delivery.item_id === null) return null;
    const item = await getItem(deps.db, delivery.item_id);
    if (!item) return null;
    return { ...formatItemPost(item, delivery.chat_id), threadId: delivery.message_thread_id };
  }

  async function record(delivery: Delivery, outcome: SendOutcome): Promise<keyof DrainResult | null> {
    const at = now();
    switch (outcome.kind) {
      case 'sent':
        await markSent(deps.db, delivery.id, at, outcome.messageId, outcome.sentAs);
        return 'sent';
      case 'rate-limited':
        // Telegram asked for silence: stop all sending, not just this chat.
        pausedUntil = Date.now() + outcome.retryAfterSeconds * 1000;
        await releaseDelivery(deps.db, delivery.id, new Date(at.getTime() + outcome.retryAfterSeconds * 1000));
        deps.logger.warn({ retryAfter: outcome.retryAfterSeconds }, 'Telegram rate limit: pausing all sends');
        return null;
      case 'retry': {
        if (delivery.attempts + 1 >= MAX_ATTEMPTS) {
          await markFinal(deps.db, delivery.id, 'failed', `gave up after ${MAX_ATTEMPTS} attempts: ${outcome.error}`, outcome.code);
          return 'failed';
        }
        const backoffMs = Math.min(2 ** delivery.attempts * 5_000, 3_600_000);
        await scheduleRetry(deps.db, delivery.id, new Date(at.getTime() + backoffMs), outcome.error, outcome.code);
        return 'retried';
      }
      case 'blocked':
        await markFinal(deps.db, delivery.id, 'blocked', outcome.error, outcome.code);
        return 'failed';
      case 'moved':
        await scheduleRetry(deps.db, delivery.id, at, outcome.error, 400);
        await deps.db.updateTable('deliveries').set({ chat_id: outcome.newChatId }).where('id', '=', delivery.id).execute();
        return 'retried';
      case 'failed':
        await markFinal(deps.db, delivery.id, 'failed', outcome.error, outcome.code);
        return 'failed';
    }
  }

  async function sendOne(delivery: Delivery, result: DrainResult): Promise<void> {
    const message = await messageFor(delivery);
    if (!message) {
      await markFinal(deps.db, delivery.id, 'skipped', 'nothing to send: item or broadcast is gone', null);
      return;
    }
    await pace(delivery);
    lastSendAt = Date.now();
    lastSendToChat.set(delivery.chat_id, lastSendAt);
    const outcome = await deps.transport.send(message);
    const counted = await record(delivery, outcome);
    if (counted) result[counted]++;
    if (outcome.kind !== 'sent') deps.logger.warn({ deliveryId: delivery.id, chatId: delivery.chat_id, outcome }, 'send did not go through');
  }

  /** Sends everything due now; returns when nothing due is left (used by --once and tests). */
  async function drain(): Promise<DrainResult> {
    const result: DrainResult = { sent: 0, failed: 0, retried: 0 };
    for (;;) {
      const batch = await claimDueDeliveries(deps.db, owner, now(), leaseSeconds, batchSize);
      if (batch.length === 0) return result;
      for (const delivery of batch) await sendOne(delivery, result);
    }
  }

  let running = false;
  let stopped: Promise<void> | null = null;
  let wake: (() => void) | null = null;

  /** Runs until stop(): drains, then waits for a nudge or a short interval. */
  function start(idleMs = 1000): void {
    if (running) return;
    running = true;
    stopped = (async () => {
      while (running) {
        try {
          await drain();
        } catch (error) {
          deps.logger.error({ err: error }, 'sender cycle failed');
        }
        if (!running) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, idleMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    })();
  }

  async function stop(): Promise<void> {
    running = false;
    wake?.();
    await stopped;
  }

  return { drain, start, stop, nudge: () => wake?.(), owner };
}

export type Sender = ReturnType<typeof createSender>;
