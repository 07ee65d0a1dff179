import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../db/create-db.js';
import { Lane } from '../db/schema.js';
import type { Logger } from '../logger.js';
import { queueDepthByLane } from '../stores/stats.js';

/** Outcome names a send can end in (the sender's outcome kinds plus 'skipped'). */
export type DeliveryOutcomeName = 'sent' | 'retry' | 'rate-limited' | 'blocked' | 'failed' | 'moved' | 'skipped';

const LANE_NAMES = Object.fromEntries(Object.entries(Lane).map(([name, priority]) => [priority, name])) as Record<number, string>;

/**
 * Herald's Prometheus metrics in their own Registry (never prom-client's global one), so
 * two apps in one test process, or a test and the app, never share counters.
 */
export function createMetrics(deps: { db: Db; logger: Logger; defaultMetrics?: boolean }) {
  const registry = new Registry();
  if (deps.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'herald_process_' });

  const itemsIngested = new Counter({ name: 'herald_items_ingested_total', help: 'New items stored from feeds', registers: [registry] });
  const deliveries = new Counter({ name: 'herald_deliveries_total', help: 'Send attempts by outcome', labelNames: ['outcome'] as const, registers: [registry] });
  const rateLimited = new Counter({ name: 'herald_telegram_429_total', help: 'Answers of 429 Too Many Requests from Telegram', registers: [registry] });
  const rateLimitWait = new Counter({ name: 'herald_telegram_429_wait_seconds_total', help: 'Seconds Telegram asked us to wait (retry_after)', registers: [registry] });
  const feedFetchDuration = new Histogram({
    name: 'herald_feed_fetch_duration_seconds',
    help: 'Time to fetch one feed, by outcome',
    labelNames: ['outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
    registers: [registry],
  });
  const feedFetchFailures = new Counter({ name: 'herald_feed_fetch_failures_total', help: 'Feed fetches or parses that failed', registers: [registry] });
  new Gauge({
    name: 'herald_queue_depth',
    help: 'Delivery rows waiting to be sent, per priority lane',
    labelNames: ['lane'] as const,
    registers: [registry],
    // Read from the database at scrape time: the queue is shared by every instance.
    async collect() {
      try {
        const depths = await queueDepthByLane(deps.db);
        for (const [priority, name] of Object.entries(LANE_NAMES)) this.set({ lane: name }, depths.get(Number(priority)) ?? 0);
      } catch (error) {
        deps.logger.warn({ err: error }, 'queue depth unavailable for /metrics');
      }
    },
  });

  return {
    registry,
    itemsIngested,
    feedFetchFailures,
    /** Counts a poll's results: new items, and feeds whose fetch or parse failed. */
    recordPoll(reports: { outcome: string; inserted: number }[]): void {
      for (const report of reports) {
        itemsIngested.inc(report.inserted);
        if (report.outcome === 'failed') feedFetchFailures.inc();
      }
    },
    /** Records one send outcome (the sender's onOutcome hook). */
    recordOutcome(outcome: { kind: DeliveryOutcomeName; retryAfterSeconds?: number }): void {
      deliveries.inc({ outcome: outcome.kind });
      if (outcome.kind === 'rate-limited') {
        rateLimited.inc();
        rateLimitWait.inc(outcome.retryAfterSeconds ?? 0);
      }
    },
    /** Times a feed fetch: wraps the poll's fetch function. */
    timeFetch<A extends unknown[], R extends { kind: string }>(fetch: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
      return async (...args: A) => {
        const end = feedFetchDuration.startTimer();
        try {
          const result = await fetch(...args);
          end({ outcome: result.kind });
          return result;
        } catch (error) {
          end({ outcome: 'error' });
          throw error;
        }
      };
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
