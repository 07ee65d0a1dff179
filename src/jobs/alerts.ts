import type { Db } from '../db/create-db.js';
import { catalog, type Catalog } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import { endAlert } from '../stores/alert-history.js';
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
}

export const DEFAULT_ALERT_OPTIONS: AlertOptions = { feedFailures: 5, senderStallSeconds: 300, queueGrowthSeconds: 600, silenceFactor: 3, silenceMinHours: 6 };

export interface AlertDeps {
  db: Db;
  logger: Logger;
  now: () => Date;
  /** Delivers one alert to every admin, each in their language. Sent directly, not through the outbox, which may be the thing that is stuck. */
  notify: (notice: AlertNotice) => Promise<void>;
}

/** An alert's text (Telegram HTML) in the catalogue's language: each editor reads it in their own. */
export type AlertNotice = (t: Catalog) => string;

const FEED_FAILING = `${StateKey.alertPrefix}feed-failing:`;
const FEED_SILENT = `${StateKey.alertPrefix}feed-silent:`;
const SENDER_STALLED = `${StateKey.alertPrefix}sender-stalled`;
const QUEUE_GROWING = `${StateKey.alertPrefix}queue-growing`;
const HISTORY = 21;
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
    const previous = (await readState<{ since: string | null; depth: number }>(deps.db, StateKey.queueGrowth))?.value;
    const growing = previous !== undefined && depth > previous.depth;
    const since = growing ? (previous.since ?? at.toISOString()) : null;
    await writeState(deps.db, StateKey.queueGrowth, { since, depth }, at);
    if (since && at.getTime() - new Date(since).getTime() >= options.queueGrowthSeconds * 1000) {
      const growingFor = at.getTime() - new Date(since).getTime();
      await raise(QUEUE_GROWING, (t) => t.alertQueueGrowing(growingFor, depth));
    } else if (!growing) {
      await clear(QUEUE_GROWING, null);
    }
  }

  return {
    /** Runs every check; returns the notices sent by this call, in English (for logs and tests). */
    async check(): Promise<string[]> {
      sent.length = 0;
      for (const step of [checkFeedFailures, checkSilence, checkSender, checkQueueGrowth]) {
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
