import { randomUUID } from 'node:crypto';
import type { Db } from '../db/create-db.js';
import type { Logger } from '../logger.js';
import {
  blockChat, claimDueDeliveries, holdDelivery, nextDueAt, markEdited, markEditRefused, markFinal, moveChat, releaseDelivery,
  releaseLeasesOf, releaseStaleLeases, scheduleRetry, type Delivery,
} from '../stores/deliveries.js';
import { forgetForumTopic } from '../stores/forum-routes.js';
import { createInFlight } from './in-flight.js';
import { createComposer, type Compose } from './compose.js';
import type { OutgoingMessage, SendOutcome, Transport } from './outgoing.js';
import type { PostLabels } from './post-labels.js';
import { createRateLimiter, type ChatKind } from './rate-limiter.js';
import { createSentRecorder } from './sent-recorder.js';

/** Telegram's answer when a forum topic Herald posts into was deleted. */
const THREAD_GONE = /message thread not found|TOPIC_DELETED/i;

export interface SenderOptions {
  /** Messages per second overall. */
  sendRate: number;
  /** Posts per minute into one channel or group. */
  channelRate: number;
  /** Sends private messages with allow_paid_broadcast (the caller raises sendRate to match). */
  paidBroadcast?: boolean;
  /** How long a claimed row stays ours; a crashed sender's rows return after it. */
  leaseSeconds?: number;
  /** Rows claimed at once; by default about one second of sending, so a new urgent row waits at most that. */
  batchSize?: number;
  /** Sends whose outcome is not yet recorded; bounds the duplicates a crash can cause. */
  maxInFlight?: number;
  /** First retry delay after a network error or 5xx; doubles each attempt. */
  retryBaseMs?: number;
  maxAttempts?: number;
  /** How long the loop rests when nothing is due (a nudge wakes it sooner). */
  idleMs?: number;
  labels?: PostLabels;
  /** The bot's @username for channel posts' follow button (see ComposeOptions). */
  botUsername?: () => Promise<string | null>;
  now?: () => Date;
}

export interface SenderDeps {
  db: Db;
  transport: Transport;
  logger: Logger;
  /** Turns a row into a message; by default items, edits and pre-rendered payloads. */
  compose?: Compose;
  /** Called after each outcome is recorded (metrics, tests, benchmarks). */
  onOutcome?: (delivery: Delivery, outcome: SendOutcome | { kind: 'skipped'; error: string }) => void;
}

export interface DrainResult {
  sent: number;
  failed: number;
  retried: number;
}

/**
 * The outbox worker: claims due rows, paces them to Telegram's limits and records one
 * outcome per send. Nothing is sent anywhere else.
 */
export function createSender(deps: SenderDeps, options: SenderOptions) {
  const owner = `sender-${randomUUID()}`;
  const now = options.now ?? (() => new Date());
  const leaseSeconds = options.leaseSeconds ?? 60;
  const batchSize = options.batchSize ?? Math.min(Math.max(Math.ceil(options.sendRate), 10), 500);
  // One at a time at ordinary rates: a send never overlaps the answer (a 429) to the one before.
  const maxInFlight = options.maxInFlight ?? Math.max(1, Math.ceil(options.sendRate / 30));
  const retryBaseMs = options.retryBaseMs ?? 5_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const idleMs = options.idleMs ?? 1000;
  const limiter = createRateLimiter({ sendRate: options.sendRate, channelRate: options.channelRate });
  const inFlight = createInFlight(maxInFlight);
  const compose = deps.compose ?? createComposer(deps.db, { labels: options.labels, paidBroadcast: options.paidBroadcast ?? false, botUsername: options.botUsername });
  const log = deps.logger;
  // Lingering only pays when several sends overlap; one at a time it would only slow the pace.
  const sentRecorder = createSentRecorder(deps.db, log, now, maxInFlight > 1 ? 5 : 0);
  const totals: DrainResult = { sent: 0, failed: 0, retried: 0 };
  // Rows whose send is under way, by id: never claimed again until their outcome is recorded,
  // whatever their lease says (a clock set forward by minutes lapses every lease at once).
  const underway = new Set<number>();
  // Chats whose send Telegram answered with 429, and until when that row is held (Herald's clock).
  // A later row of the chat, still in the batch loop when the answer came, is held to the same
  // instant rather than sent when the pause ends: it must not overtake the row that met the 429.
  const rateLimitedUntil = new Map<string, Date>();
  // The latest time this sender has read off the clock. What was due then stays due when the
  // clock is set back (an NTP correction): rows queued before it do not wait the correction out,
  // while rows written due later on purpose (breaking news after a reader's quiet hours) still wait.
  let latestSeen = 0;
  const dueBy = (): Date => {
    const at = now().getTime();
    if (at > latestSeen) latestSeen = at;
    return new Date(latestSeen);
  };

  let running = false;
  let loop: Promise<void> | null = null;
  const wakers = new Set<() => void>();

  /** A pause that stop() and nudge() cut short. */
  function rest(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      wakers.add(done);
    });
  }
  const wakeAll = () => {
    for (const wake of [...wakers]) wake();
  };

  const chatKind = (d: Delivery): ChatKind => (d.kind === 'channel' || d.chatId.startsWith('-') || d.chatId.startsWith('@') ? 'channel' : 'private');

  async function record(delivery: Delivery, outcome: SendOutcome, isEdit: boolean): Promise<void> {
    const at = now();
    switch (outcome.kind) {
      case 'sent':
        if (isEdit) await markEdited(deps.db, delivery.id, at);
        else await sentRecorder.record({ id: delivery.id, messageId: outcome.messageId, sentAs: outcome.sentAs });
        totals.sent++;
        break;
      case 'rate-limited':
        // Telegram asked for silence: stop all sending, not just this chat.
        limiter.pause(outcome.retryAfterSeconds * 1000);
        rateLimitedUntil.set(delivery.chatId, new Date(at.getTime() + outcome.retryAfterSeconds * 1000));
        await holdDelivery(deps.db, delivery.id, new Date(at.getTime() + outcome.retryAfterSeconds * 1000));
        log.warn({ retryAfter: outcome.retryAfterSeconds }, 'Telegram rate limit: pausing all sends');
        totals.retried++;
        break;
      case 'retry':
        if (delivery.attempts + 1 >= maxAttempts) {
          const error = `gave up after ${maxAttempts} attempts: ${outcome.error}`;
          if (isEdit) await markEditRefused(deps.db, delivery.id, error, outcome.code);
          else await markFinal(deps.db, delivery.id, 'failed', error, outcome.code);
          totals.failed++;
        } else {
          const backoffMs = Math.min(2 ** delivery.attempts * retryBaseMs, 3_600_000);
          await scheduleRetry(deps.db, delivery.id, new Date(at.getTime() + backoffMs), outcome.error, outcome.code);
          totals.retried++;
        }
        break;
      case 'blocked':
        if (delivery.kind === 'channel') {
          // The bot lost its rights in the channel: an operator must fix that, retrying will not.
          await markFinal(deps.db, delivery.id, 'failed', outcome.error, outcome.code);
        } else {
          if (isEdit) await markEditRefused(deps.db, delivery.id, outcome.error, outcome.code);
          else await markFinal(deps.db, delivery.id, 'blocked', outcome.error, outcome.code);
          const skipped = await blockChat(deps.db, delivery.chatId, at, outcome.error);
          log.info({ chatId: delivery.chatId, skipped }, 'subscriber blocked the bot: marked blocked');
        }
        totals.failed++;
        break;
      case 'moved':
        await moveChat(deps.db, delivery.id, delivery.chatId, outcome.newChatId, at, outcome.error);
        log.info({ from: delivery.chatId, to: outcome.newChatId }, 'chat migrated: following it');
        totals.retried++;
        break;
      case 'failed':
        if (!isEdit && delivery.threadId !== null && THREAD_GONE.test(outcome.error)) {
          const requeued = await forgetForumTopic(deps.db, Number(delivery.chatId), delivery.threadId, delivery.id, at);
          log.info({ chatId: delivery.chatId, threadId: delivery.threadId, requeued }, 'forum topic deleted: its routes are gone');
          if (requeued) {
            totals.retried++;
            break;
          }
        }
        if (isEdit) await markEditRefused(deps.db, delivery.id, outcome.error, outcome.code);
        else await markFinal(deps.db, delivery.id, 'failed', outcome.error, outcome.code);
        totals.failed++;
        break;
    }
    deps.onOutcome?.(delivery, outcome);
  }

  /** Sends one row and records the outcome; `answered` is called as soon as Telegram's answer (or the failure) is in. */
  async function deliver(delivery: Delivery, message: OutgoingMessage | null, answered: () => void): Promise<void> {
    try {
      if (!message) {
        answered();
        const error = 'nothing to send: item or broadcast is gone';
        await markFinal(deps.db, delivery.id, 'skipped', error, null);
        deps.onOutcome?.(delivery, { kind: 'skipped', error });
        return;
      }
      const isEdit = delivery.payload.edit !== undefined && delivery.messageId !== null;
      const outcome = await (isEdit
        ? deps.transport.edit({ chatId: delivery.chatId, messageId: delivery.messageId!, sentAs: delivery.sentAs === 'photo' ? 'photo' : 'text' }, message)
        : deps.transport.send(message)
      ).finally(answered);
      log.trace({ deliveryId: delivery.id, outcome: outcome.kind }, 'send finished');
      if (outcome.kind !== 'sent') log.warn({ deliveryId: delivery.id, chatId: delivery.chatId, outcome }, 'send did not go through');
      await record(delivery, outcome, isEdit);
    } catch (error) {
      // Unexpected (the database went away): the lease returns the row later.
      log.error({ err: error, deliveryId: delivery.id }, 'delivery failed unexpectedly');
    }
  }

  /**
   * Claims one batch and starts its sends in lane order, each when the limits allow.
   * A chat that must wait a while goes back to the table, due when it may be written to.
   * Returns how many rows were claimed.
   */
  async function cycle(): Promise<number> {
    const batch = await claimDueDeliveries(deps.db, owner, dueBy(), leaseSeconds, batchSize, [...underway]);
    if (batch.length === 0) return 0;
    log.debug({ claimed: batch.length, inFlight: inFlight.count }, 'claimed a batch');
    // An answer may come after its batch is done, so the holds outlive a batch; the expired ones go
    // here, or a long run of 429s to many chats would keep every chat it ever met.
    const claimedAt = now().getTime();
    for (const [chat, until] of rateLimitedUntil) if (until.getTime() <= claimedAt) rateLimitedUntil.delete(chat);
    const messages = await compose(batch);
    // Per busy chat in this batch: until when its next row is held (on Herald's clock), worked out
    // once from the limiter's answer, so every row of the chat is held to the same instant.
    const deferred = new Map<string, Date>();
    for (const delivery of batch) {
      if (!running) {
        await releaseDelivery(deps.db, delivery.id, delivery.nextAttemptAt);
        continue;
      }
      const kind = chatKind(delivery);
      await inFlight.acquire();
      let ticket: number | undefined;
      let wentBack = false;
      try {
        while (running) {
          const limitedUntil = rateLimitedUntil.get(delivery.chatId);
          if (limitedUntil !== undefined) {
            if (limitedUntil.getTime() > now().getTime()) {
              await holdDelivery(deps.db, delivery.id, limitedUntil);
              wentBack = true;
              break;
            }
            rateLimitedUntil.delete(delivery.chatId);
          }
          const turn = limiter.turn(delivery.chatId, kind);
          if (turn.kind === 'now') {
            ticket = limiter.take(delivery.chatId, kind);
            break;
          }
          if (turn.kind === 'wait') {
            await rest(turn.ms);
            continue;
          }
          // Several rows for one busy private chat queue up behind each other, a chat gap apart.
          // A channel's rows all wait for its next free slot and are then taken again in their
          // order (publication time), so a row held longer (a 429) is never overtaken by a later one.
          const gap = kind === 'channel' ? 0 : 1000;
          const previous = deferred.get(delivery.chatId);
          const holdUntil = previous === undefined ? new Date(now().getTime() + (turn.until - limiter.now())) : new Date(previous.getTime() + gap);
          deferred.set(delivery.chatId, holdUntil);
          await holdDelivery(deps.db, delivery.id, holdUntil);
          wentBack = true;
          break;
        }
      } catch (error) {
        // The database failed under holdDelivery (a restart): the slot goes back, or stop()'s
        // inFlight.idle() would wait for ever and the sender's lock would never be taken again.
        inFlight.release();
        throw error;
      }
      if (ticket === undefined) {
        inFlight.release();
        if (!wentBack) await releaseDelivery(deps.db, delivery.id, delivery.nextAttemptAt);
        continue;
      }
      const sent = ticket;
      underway.add(delivery.id);
      void deliver(delivery, messages.get(delivery.id) ?? null, () => limiter.answered(sent)).finally(() => {
        underway.delete(delivery.id);
        inFlight.release();
      });
    }
    return batch.length;
  }

  async function runLoop(): Promise<void> {
    let leasesFreed = false;
    let failures = 0;
    while (running) {
      try {
        if (!leasesFreed) {
          const released = await releaseStaleLeases(deps.db, owner);
          if (released > 0) log.info({ released }, 'took over rows leased by a sender that is gone');
          // Our own leases from before a stop (re-elected after a database restart): rows claimed
          // then whose release failed. Those still being sent stay ours.
          const ownReleased = await releaseLeasesOf(deps.db, owner, [...underway]);
          if (ownReleased > 0) log.info({ released: ownReleased }, 'took back rows this sender had claimed before it stopped');
          leasesFreed = true;
        }
        const claimed = await cycle();
        if (failures > 0) log.info({ failures }, 'sender cycle works again');
        failures = 0;
        if (claimed === 0 && running) await rest(idleMs);
      } catch (error) {
        // Backs off: a database that is down refuses every query at once, and resting only
        // idleMs would be a hot loop of errors (in embedded mode no lock check ever stops this loop).
        failures++;
        const retryInMs = Math.min(idleMs * 2 ** (failures - 1), Math.max(idleMs, 30_000));
        log.error({ err: error, failures, retryInMs }, 'sender cycle failed');
        if (running) await rest(retryInMs);
      }
    }
    await inFlight.idle();
    // With the database gone the leases lapse by themselves (or are taken back at the next start).
    await releaseLeasesOf(deps.db, owner).catch((error: unknown) => log.warn({ err: error }, "could not give back this sender's leases"));
  }

  /** Starts sending until stop(). Call only in the elected sender process. */
  function start(): void {
    if (running) return;
    running = true;
    loop = runLoop();
  }

  /** Stops claiming, lets sends in flight finish and record, and gives back every lease. */
  async function stop(): Promise<void> {
    if (!running) return;
    running = false;
    wakeAll();
    await loop;
    loop = null;
  }

  /**
   * Sends everything due now and everything that becomes due within `horizonMs`
   * (chat gaps, short retries), then returns (used by --once and tests).
   */
  async function drain(horizonMs = 10_000): Promise<DrainResult> {
    const before = { ...totals };
    const wasRunning = running;
    running = true;
    try {
      if (!wasRunning) await releaseStaleLeases(deps.db, owner);
      for (;;) {
        const claimed = await cycle();
        if (claimed > 0) continue;
        await inFlight.idle();
        const next = await nextDueAt(deps.db);
        if (next === null) break;
        const wait = next.getTime() - dueBy().getTime();
        if (wait > horizonMs) break;
        if (wait > 0) await rest(wait);
      }
    } finally {
      running = wasRunning;
    }
    return { sent: totals.sent - before.sent, failed: totals.failed - before.failed, retried: totals.retried - before.retried };
  }

  return {
    drain,
    start,
    stop,
    /** New rows are waiting: cut the idle rest short. */
    nudge: wakeAll,
    owner,
    get running() {
      return running;
    },
  };
}

export type Sender = ReturnType<typeof createSender>;
