import type { Db } from '../db/create-db.js';
import type { DatabaseProblem } from '../db/connection-errors.js';
import { probeDatabase } from '../db/probe.js';
import { catalog, type Catalog } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import { alertSeenSince, endAlert, episodeKnown, holdAlert, readHeldAlert, releaseClaim, settleHeldAlert, takeHeldAlert } from '../stores/alert-history.js';
import { claimState, keysWithPrefix, readState, releaseState, StateKey, writeState } from '../stores/service-state.js';
import { dueQueueDepth, failingFeeds, feedFailureCounts, oldestDueDelivery, publishingFeeds, recentPublicationTimes, sentSince } from '../stores/stats.js';

export interface AlertOptions {
  /** Failures in a row that make a feed worth an alert (FEED_FAILURE_ALERT_AFTER). */
  feedFailures: number;
  /** A due message left waiting this long, with nothing sent meanwhile, means the sender has stalled. */
  senderStallSeconds: number;
  /** The due queue growing without pause this long is worth an alert. */
  queueGrowthSeconds: number;
  /** A feed is "silent" after max(silenceFactor × its usual longest gap, silenceMinHours). */
  silenceFactor: number;
  silenceMinHours: number;
  /** The database unreachable, or its disk full, this long is worth an alert (default 60 s). */
  databaseDownSeconds?: number;
  /** Telegram not answering sends this long is worth an alert, told once it answers again (default senderStallSeconds). */
  telegramSilentSeconds?: number;
}

export const DEFAULT_ALERT_OPTIONS: AlertOptions = { feedFailures: 5, senderStallSeconds: 300, queueGrowthSeconds: 600, silenceFactor: 3, silenceMinHours: 6, databaseDownSeconds: 60 };

export interface AlertDeps {
  db: Db;
  logger: Logger;
  now: () => Date;
  /** Delivers one alert to every admin, each in their language. Sent directly, not through the outbox, which may be the thing that is stuck. */
  notify: (notice: AlertNotice) => Promise<void>;
  /**
   * Whether this process is the sending one now (the sender's lock). With the database away the
   * instances cannot agree on anything, so the one that was sending when it went away tells the
   * editors; the others hold their alert (see checkDatabase). Absent: this process tells them.
   */
  isSending?: () => boolean;
  /**
   * This process's name in the sender's heartbeat (server/operations.ts writes it there while it
   * sends): a heartbeat of another name, fresh at the last good check, means another instance was
   * sending and tells the editors of a database outage; with none, this one tells them itself.
   */
  instanceId?: string;
}

/** An alert's text (Telegram HTML) in the catalogue's language: each editor reads it in their own. */
export type AlertNotice = (t: Catalog) => string;

const FEED_FAILING = `${StateKey.alertPrefix}feed-failing:`;
const FEED_SILENT = `${StateKey.alertPrefix}feed-silent:`;
const SENDER_STALLED = `${StateKey.alertPrefix}sender-stalled`;
const QUEUE_GROWING = `${StateKey.alertPrefix}queue-growing`;
const DATABASE = `${StateKey.alertPrefix}database-`;
const TELEGRAM_SILENT = `${StateKey.alertPrefix}telegram-silent`;
/** While Telegram is still silent, a held alert is tried this often at most: each try may hang until the Bot API timeout. */
const HELD_RETRY_MS = 60_000;
/** A take of a held alert older than this is another instance's that died mid-way: it is taken again. */
const HELD_STALE_MS = 300_000;
/** The sender's heartbeat (written every operations tick, 15 s) this fresh means an instance is sending (/healthz's own limit). */
const HEARTBEAT_FRESH_MS = 60_000;
const HISTORY = 21;
/** The most one check adds to the queue's growing time (see checkQueueGrowth): checks run every 15 s. */
const MAX_GROWTH_STEP_MS = 150_000;
const MIN_GAPS = 5;

/**
 * Alerts for admins, each sent once per episode: what was alerted is a row in
 * service_state (claimed with INSERT … ON CONFLICT DO NOTHING), so neither the next poll
 * nor the other Herald instance repeats it; the row is removed when the episode ends.
 */
export function createAlerts(deps: AlertDeps, options: AlertOptions = DEFAULT_ALERT_OPTIONS) {
  const sent: string[] = [];

  /** Claims the alert and notifies; the claim is given back if the notice could not go out, so it is tried again. */
  async function raise(key: string, notice: AlertNotice): Promise<void> {
    if (!(await claimState(deps.db, key, { at: deps.now().toISOString() }, deps.now()))) return;
    try {
      await deps.notify(notice);
      sent.push(notice(catalog('en')));
      deps.logger.warn({ alert: key }, 'alert sent to admins');
    } catch (error) {
      await releaseState(deps.db, key);
      deps.logger.error({ err: error, alert: key }, 'alert could not be delivered; will try again');
    }
  }

  async function clear(key: string, notice: AlertNotice | null): Promise<void> {
    // Ended episodes are kept a while for the editors' dashboard (recent alerts).
    if (!(await endAlert(deps.db, key, deps.now())) || notice === null) return;
    try {
      await deps.notify(notice);
      sent.push(notice(catalog('en')));
    } catch (error) {
      deps.logger.error({ err: error, alert: key }, 'recovery notice could not be delivered');
    }
  }

  // The database's trouble as this process sees it. Kept in memory, not in service_state like
  // the others: with the database away nothing can be claimed or shared. So that the editors hear
  // of it once however many instances see it, only the instance that was sending at its last good
  // check tells them while it lasts (the sender's lock is one process's at a time); the others
  // hold their alert, and once the database is back drop it when that one has recorded the
  // episode, or tell it themselves (claimed in the database, so once) if nobody has by then.
  let trouble: { problem: DatabaseProblem; since: Date; alerted: boolean; tells: boolean; held: boolean } | null = null;
  let sendingAtLastGoodCheck = false;
  // Whether another instance's sender heartbeat was fresh at the last good check: if not, nobody
  // else is there to tell the editors (say this one lost the sender's lock for a moment), so it does.
  let anotherSenderAtLastGoodCheck = false;
  // `stage`: waiting for another's record or the grace; 'release' when its claim could not be given
  // back after a failed notice (the database flickered), so that is done first at the next check.
  let heldOutage: { problem: DatabaseProblem; since: Date; endedAt: Date; decideAt: Date; stage: 'waiting' | 'release' } | null = null;
  // Episodes this process told whose end could not be written (the database flickered): ended at
  // the next good check, so the dashboard does not show an outage that never ends, and a later
  // outage is not taken for one another instance has already told.
  const unended: { key: string; since: Date; endedAt: Date }[] = [];
  const sendingNow = () => deps.isSending?.() ?? true;
  const databaseThresholdMs = () => (options.databaseDownSeconds ?? 60) * 1000;

  /**
   * Probes the database (it answers, and can write to its disk). Says so in the log once per
   * change, alerts the editors once an episode outlasts databaseDownSeconds, and tells them when
   * it is over. Returns whether the database is usable, so the tick skips checks that need it.
   */
  async function checkDatabase(): Promise<boolean> {
    const probe = await probeDatabase(deps.db);
    const at = deps.now();
    if (probe.ok) {
      sendingAtLastGoodCheck = sendingNow();
      anotherSenderAtLastGoodCheck = sendingAtLastGoodCheck ? false : await anotherSenderFresh(at);
      await endUnended();
      if (trouble) {
        const ended = trouble;
        trouble = null;
        const forMs = Math.max(0, at.getTime() - ended.since.getTime());
        deps.logger.info({ problem: ended.problem, forMs }, 'the database works again');
        if (ended.alerted) {
          await recordEpisode(`${DATABASE}${ended.problem}`, ended.since, at);
          try {
            const notice: AlertNotice = (t) => t.alertDatabaseBack(forMs);
            await deps.notify(notice);
            sent.push(notice(catalog('en')));
          } catch (error) {
            deps.logger.error({ err: error }, 'recovery notice could not be delivered');
          }
        } else if (forMs >= databaseThresholdMs()) {
          // Long enough for an alert, and this process told nobody: the sending one did, or will
          // record that it did as soon as it sees the database again; give it the threshold's time.
          heldOutage = { problem: ended.problem, since: ended.since, endedAt: at, decideAt: new Date(at.getTime() + databaseThresholdMs()), stage: 'waiting' };
        }
      }
      if (heldOutage) await settleHeldOutage(heldOutage, at);
      return true;
    }
    const problem: DatabaseProblem = probe.problem === 'failed' ? 'unreachable' : probe.problem;
    if (trouble?.problem !== problem) {
      // One line per change, not one per tick: the tick runs every 15 s for as long as it lasts.
      const line =
        problem === 'disk-full'
          ? "the database's disk is full: new items and messages cannot be stored; polling and sending wait until space is freed"
          : problem === 'resources'
            ? 'the database is out of memory or connections: polling and sending wait'
            : 'the database is unreachable: polling and sending wait until it is back';
      deps.logger.error({ err: probe.error, problem }, line);
      trouble = {
        problem,
        since: trouble?.since ?? at,
        alerted: trouble?.alerted ?? false,
        tells: trouble?.tells ?? (sendingAtLastGoodCheck || sendingNow() || !anotherSenderAtLastGoodCheck),
        held: trouble?.held ?? false,
      };
    }
    const forMs = at.getTime() - trouble.since.getTime();
    if (!trouble.alerted && forMs >= databaseThresholdMs()) {
      if (!trouble.tells) {
        if (!trouble.held) deps.logger.warn({ alert: `${DATABASE}${problem}`, forMs }, 'alert left to the sending instance; this one tells the editors after the outage if it has not');
        trouble.held = true;
        return false;
      }
      const notice: AlertNotice = (t) => t.alertDatabaseDown(problem, forMs);
      try {
        await deps.notify(notice);
        trouble.alerted = true;
        sent.push(notice(catalog('en')));
        deps.logger.warn({ alert: `${DATABASE}${problem}` }, 'alert sent to admins');
      } catch (error) {
        deps.logger.error({ err: error, alert: `${DATABASE}${problem}` }, 'alert could not be delivered; will try again');
      }
    }
    return false;
  }

  /** Whether another instance's sender heartbeat is fresh now (as it was: kept when the read fails). */
  async function anotherSenderFresh(at: Date): Promise<boolean> {
    try {
      const beat = await readState<{ instance?: string }>(deps.db, StateKey.senderHeartbeat);
      if (!beat || beat.value.instance === deps.instanceId) return false;
      return at.getTime() - beat.updatedAt.getTime() <= HEARTBEAT_FRESH_MS;
    } catch (error) {
      deps.logger.debug({ err: error }, 'could not read the sender heartbeat');
      return anotherSenderAtLastGoodCheck;
    }
  }

  /** Ends this process's episode (only its own: the row it opened at `since`); kept for the next check if that fails. */
  async function endOwnEpisode(key: string, since: Date, endedAt: Date): Promise<void> {
    try {
      await endAlert(deps.db, key, endedAt, { startedAt: since });
    } catch (error) {
      unended.push({ key, since, endedAt });
      deps.logger.warn({ err: error, alert: key }, 'could not record the end of an alert; will try again');
    }
  }

  async function endUnended(): Promise<void> {
    for (const episode of unended.splice(0)) await endOwnEpisode(episode.key, episode.since, episode.endedAt);
  }

  /**
   * An outage this process held its alert for, the database back: dropped as soon as another
   * instance's record of this outage shows, else told after the grace, by whichever instance claims
   * it. Every step may fail (the database may flicker as it comes back): each failure leaves it for
   * the next check, never a claim left open that would pass for another instance's.
   */
  async function settleHeldOutage(held: NonNullable<typeof heldOutage>, at: Date): Promise<void> {
    const key = `${DATABASE}${held.problem}`;
    // Instances see an outage begin a tick or so apart: a record that starts that much before this one's is the same outage.
    const slackMs = databaseThresholdMs();
    try {
      if (held.stage === 'release') {
        await releaseClaim(deps.db, key, held.since);
        held.stage = 'waiting';
      }
      if (await episodeKnown(deps.db, key, held.since, held.endedAt, slackMs)) {
        heldOutage = null;
        deps.logger.info({ alert: key }, 'held alert dropped: another instance told the editors');
        return;
      }
      if (at < held.decideAt) return;
      if (!(await claimState(deps.db, key, { at: held.since.toISOString() }, held.since))) {
        const open = await readState<unknown>(deps.db, key);
        if (!open) return; // ended meanwhile: claimed at the next check
        const earliest = new Date(held.since.getTime() - slackMs);
        if (open.updatedAt >= earliest) {
          heldOutage = null;
          deps.logger.info({ alert: key }, 'held alert dropped: another instance told the editors');
          return;
        }
        // An earlier outage's alert left open (its end never written): it ended before this one began.
        await endAlert(deps.db, key, new Date(earliest.getTime() - 1), { startedBefore: earliest });
        deps.logger.warn({ alert: key, since: open.updatedAt }, "an earlier outage's alert was left open: ended; this one is told at the next check");
        return;
      }
    } catch (error) {
      deps.logger.warn({ err: error, alert: key }, 'could not settle a held alert; will try again');
      return;
    }
    const forMs = held.endedAt.getTime() - held.since.getTime();
    const notice: AlertNotice = (t) => t.alertDatabaseWasDown(held.problem, forMs);
    try {
      await deps.notify(notice);
    } catch (error) {
      deps.logger.error({ err: error, alert: key }, 'alert could not be delivered; will try again');
      try {
        await releaseClaim(deps.db, key, held.since);
      } catch (releaseError) {
        held.stage = 'release';
        deps.logger.warn({ err: releaseError, alert: key }, 'could not give back the claim on a held alert; will try again');
      }
      return;
    }
    heldOutage = null;
    sent.push(notice(catalog('en')));
    deps.logger.warn({ alert: key }, 'alert sent to admins');
    await endOwnEpisode(key, held.since, held.endedAt);
  }

  /**
   * Telegram not answering sends (the state row operations.ts keeps, from the sender's outcomes).
   * The alert cannot go while it lasts, since alerts travel over Telegram: past the threshold it is
   * held (an open episode in service_state), and told once, by one instance, when Telegram answers
   * again (its row gone), or tried now and then meanwhile (a try may hang until the Bot API's
   * timeout). A try that gets through while the row is still there is told as ongoing, never as
   * "resumed": the Bot API answers the alert, yet Herald's sends still fail (another instance sent
   * the alert, or the sender itself is stuck), so the sender's own stall is checked again from then
   * on. Returns whether the sender's stall check is to be skipped: while Telegram's trouble is open
   * and not yet told, it is this alert, and trying to tell it would only hang.
   */
  async function telegramAlert(): Promise<boolean> {
    const at = deps.now();
    const down = await readState<unknown>(deps.db, StateKey.telegramDown);
    let held = await readHeldAlert(deps.db, TELEGRAM_SILENT);
    if (held?.told && down && down.updatedAt.getTime() > held.since.getTime()) {
      // Telegram answered and went silent again between two checks: the told outage ended, this is another.
      await endAlert(deps.db, TELEGRAM_SILENT, down.updatedAt, { startedAt: held.since });
      held = undefined;
    }
    if (!held) {
      if (!down) return false;
      const forMs = at.getTime() - down.updatedAt.getTime();
      const threshold = (options.telegramSilentSeconds ?? options.senderStallSeconds) * 1000;
      if (forMs >= threshold && (await holdAlert(deps.db, TELEGRAM_SILENT, down.updatedAt, new Date(at.getTime() + HELD_RETRY_MS)))) {
        deps.logger.warn({ alert: TELEGRAM_SILENT, forMs }, 'Telegram has not answered sends for longer than the alert threshold: the editors are told once it answers');
      }
      return true;
    }
    if (held.told) {
      if (!down && (await endAlert(deps.db, TELEGRAM_SILENT, at, { startedAt: held.since })) && held.ongoing) await toldSendsResumed(held.since);
      return false;
    }
    const taken = await takeHeldAlert(deps.db, TELEGRAM_SILENT, at, { early: !down, staleMs: HELD_STALE_MS });
    if (!taken) return true;
    const forMs = Math.max(0, at.getTime() - taken.since.getTime());
    const ongoing = down !== undefined;
    const notice: AlertNotice = (t) => (ongoing ? t.alertTelegramNotAnswering(forMs) : t.alertTelegramBack(forMs));
    try {
      await deps.notify(notice);
    } catch (error) {
      await settleHeldAlert(deps.db, TELEGRAM_SILENT, { told: false, retryAt: new Date(at.getTime() + HELD_RETRY_MS) });
      deps.logger.warn({ err: error, alert: TELEGRAM_SILENT }, 'Telegram alert could not be delivered yet; will try again');
      return true;
    }
    sent.push(notice(catalog('en')));
    deps.logger.warn({ alert: TELEGRAM_SILENT, forMs, ongoing }, 'alert sent to admins');
    // Told while it lasts: the episode ends with Telegram's row (the sender's first send that gets through).
    if (ongoing) {
      await settleHeldAlert(deps.db, TELEGRAM_SILENT, { told: true, ongoing: true });
      return false;
    }
    await endAlert(deps.db, TELEGRAM_SILENT, at, { startedAt: taken.since });
    return false;
  }

  /**
   * Sends go through again after the editors were told they did not: said once, unless the
   * sender's stall alert was raised meanwhile, whose own recovery notice says the same (sent
   * already, or to come).
   */
  async function toldSendsResumed(since: Date): Promise<void> {
    if (await alertSeenSince(deps.db, SENDER_STALLED, since)) return;
    const notice: AlertNotice = (t) => t.alertSenderResumed;
    try {
      await deps.notify(notice);
      sent.push(notice(catalog('en')));
    } catch (error) {
      deps.logger.error({ err: error, alert: TELEGRAM_SILENT }, 'recovery notice could not be delivered');
    }
  }

  /** An episode that was never in service_state, written to the dashboard's history once it is over. */
  async function recordEpisode(key: string, since: Date, endedAt: Date): Promise<void> {
    let claimed = false;
    try {
      claimed = await claimState(deps.db, key, { at: since.toISOString() }, since);
    } catch (error) {
      deps.logger.warn({ err: error, alert: key }, 'could not record the ended alert for the dashboard');
    }
    // Claimed, the row must not stay open: it would read as an outage that never ends.
    if (claimed) await endOwnEpisode(key, since, endedAt);
  }

  async function checkFeedFailures(): Promise<void> {
    const failing = await failingFeeds(deps.db, options.feedFailures);
    for (const feed of failing) {
      await raise(
        `${FEED_FAILING}${feed.id}`,
        (t) => t.alertFeedFailing({ id: feed.id, name: feed.title ?? feed.url, failures: feed.consecutiveFailures, lastError: (feed.lastError ?? 'unknown').slice(0, 300) }),
      );
    }
    const alerted = (await keysWithPrefix(deps.db, FEED_FAILING)).map((k) => Number(k.slice(FEED_FAILING.length)));
    const now = await feedFailureCounts(deps.db, alerted);
    for (const id of alerted) {
      const feed = now.get(id);
      if (!feed) await clear(`${FEED_FAILING}${id}`, null);
      else if (feed.failures === 0) await clear(`${FEED_FAILING}${id}`, (t) => t.alertFeedRecovered({ id, name: feed.name }));
    }
  }

  async function checkSilence(): Promise<void> {
    const at = deps.now();
    for (const feed of await publishingFeeds(deps.db)) {
      const times = await recentPublicationTimes(deps.db, feed.id, HISTORY);
      const key = `${FEED_SILENT}${feed.id}`;
      if (times.length < MIN_GAPS + 1) continue;
      const gaps = times.slice(1).map((t, i) => times[i]!.getTime() - t.getTime()).sort((a, b) => a - b);
      // The feed's own rhythm: its usual longest gap (90th percentile), so a weekly column and an hourly wire differ.
      const usual = gaps[Math.min(gaps.length - 1, Math.floor(gaps.length * 0.9))]!;
      const limit = Math.max(usual * options.silenceFactor, options.silenceMinHours * 3600_000);
      const silentFor = at.getTime() - times[0]!.getTime();
      if (silentFor > limit) {
        await raise(
          key,
          (t) => t.alertFeedSilent({ id: feed.id, name: feed.title ?? feed.url, silentForMs: silentFor, usualGapMs: usual }),
        );
      } else {
        await clear(key, null);
      }
    }
  }

  async function checkSender(): Promise<void> {
    // Sends that cannot reach Telegram are Telegram's alert (checkTelegram) until it is told.
    if (telegramTrouble) return;
    const at = deps.now();
    const oldest = await oldestDueDelivery(deps.db, at);
    const waiting = oldest ? at.getTime() - oldest.getTime() : 0;
    // A long wait alone may be a big fan-out in progress: stalled means nothing is going out either.
    const threshold = options.senderStallSeconds * 1000;
    if (waiting > threshold && !(await sentSince(deps.db, new Date(at.getTime() - threshold)))) {
      const depth = await dueQueueDepth(deps.db, at);
      await raise(SENDER_STALLED, (t) => t.alertSenderStalled(depth, waiting));
    } else {
      await clear(SENDER_STALLED, (t) => t.alertSenderResumed);
    }
  }

  async function checkQueueGrowth(): Promise<void> {
    const at = deps.now();
    const depth = await dueQueueDepth(deps.db, at);
    const previous = (await readState<{ since: string | null; depth: number; growingMs?: number; lastAt?: string }>(deps.db, StateKey.queueGrowth))?.value;
    const growing = previous !== undefined && depth > previous.depth;
    const since = growing ? (previous.since ?? at.toISOString()) : null;
    // How long it has grown is added up check by check, each step at most MAX_GROWTH_STEP_MS: a
    // clock set forward by ten minutes (an NTP correction) is not ten minutes of growth, and one
    // set back is none. (The row is shared, so two instances add each span once.)
    const step = previous?.lastAt ? Math.min(Math.max(0, at.getTime() - new Date(previous.lastAt).getTime()), MAX_GROWTH_STEP_MS) : 0;
    const growingFor = growing && previous.since ? (previous.growingMs ?? 0) + step : 0;
    await writeState(deps.db, StateKey.queueGrowth, { since, depth, growingMs: growingFor, lastAt: at.toISOString() }, at);
    if (since && growingFor >= options.queueGrowthSeconds * 1000) {
      await raise(QUEUE_GROWING, (t) => t.alertQueueGrowing(growingFor, depth));
    } else if (!growing) {
      await clear(QUEUE_GROWING, null);
    }
  }

  // Whether Telegram's trouble was open and untold at this check's Telegram step (checkSender skips then).
  let telegramTrouble = false;
  async function checkTelegram(): Promise<void> {
    telegramTrouble = false;
    telegramTrouble = await telegramAlert();
  }

  return {
    /** Whether the database answered and could write at the last check (true before the first). */
    get databaseUsable(): boolean {
      return trouble === null;
    },
    /** Probes the database, then (when it is usable) runs every other check; returns the notices sent by this call, in English (for logs and tests). */
    async check(): Promise<string[]> {
      sent.length = 0;
      // Everything below reads the database: with it away or full they would only fail, once a tick each.
      if (!(await checkDatabase())) return [...sent];
      for (const step of [checkFeedFailures, checkSilence, checkTelegram, checkSender, checkQueueGrowth]) {
        try {
          await step();
        } catch (error) {
          deps.logger.error({ err: error, check: step.name }, 'alert check failed');
        }
      }
      return [...sent];
    },
  };
}

export type Alerts = ReturnType<typeof createAlerts>;
