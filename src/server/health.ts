import type { Db } from '../db/create-db.js';
import { probeDatabase } from '../db/probe.js';
import type { Logger } from '../logger.js';
import { readState, StateKey } from '../stores/service-state.js';

export interface HealthOptions {
  /** The last poll (by any instance) may be at most this old. */
  pollMaxAgeSeconds: number;
  /** The sender's heartbeat (whichever instance sends) may be at most this old. */
  senderMaxAgeSeconds: number;
  /** Before this much time has passed since start, a missing poll or heartbeat is not yet a fault. */
  startupGraceSeconds: number;
  /**
   * Telegram may fail to answer sends (time-outs, 5xx) this long before /healthz says so: a lone
   * 502 is retried in seconds and is no fault of the host's; a silent Bot API for half a minute is.
   */
  telegramMaxSilentSeconds?: number;
}

export interface HealthReport {
  ok: boolean;
  /**
   * Why not ok, one short fixed line each: /healthz shows them to anyone who can reach it,
   * so no driver text, host, user or path; the details go to the log.
   */
  problems: string[];
  /** 'disk-full': the server answers but cannot write (SQLSTATE 53100); 'resources': out of memory or connections (class 53). */
  database: 'ok' | 'unreachable' | 'disk-full' | 'resources';
  lastPollAgeSeconds: number | null;
  senderHeartbeatAgeSeconds: number | null;
}

/** Each database condition's one fixed line on /healthz. */
const DATABASE_PROBLEMS = {
  unreachable: 'database unreachable',
  'disk-full': 'database disk full: nothing new can be stored',
  resources: 'database out of resources (memory or connections)',
  failed: 'database unreachable',
} as const;

/** /healthz: the database answers and can write, polling happens, and some instance is sending. */
export async function checkHealth(deps: { db: Db; logger: Logger; now: () => Date; startedAt: Date }, options: HealthOptions): Promise<HealthReport> {
  const now = deps.now();
  const report: HealthReport = { ok: true, problems: [], database: 'ok', lastPollAgeSeconds: null, senderHeartbeatAgeSeconds: null };
  let lastPoll: Date | undefined;
  let heartbeat: Date | undefined;
  let telegramDown: Date | undefined;
  const probe = await probeDatabase(deps.db);
  if (!probe.ok) {
    report.database = probe.problem === 'failed' ? 'unreachable' : probe.problem;
    report.problems.push(DATABASE_PROBLEMS[probe.problem]);
    report.ok = false;
    deps.logger.warn({ err: probe.error, problem: probe.problem }, probe.problem === 'disk-full' ? 'health check: the database cannot write, its disk is full' : 'health check: the database did not answer');
    // A full disk still reads: the rest of the report is worth having. Otherwise it is all unknown.
    if (probe.problem !== 'disk-full') return report;
  }
  try {
    lastPoll = (await readState<unknown>(deps.db, StateKey.lastPoll))?.updatedAt;
    heartbeat = (await readState<unknown>(deps.db, StateKey.senderHeartbeat))?.updatedAt;
    telegramDown = (await readState<unknown>(deps.db, StateKey.telegramDown))?.updatedAt;
  } catch (error) {
    deps.logger.warn({ err: error }, 'health check: the database did not answer');
    if (report.database === 'ok') {
      report.database = 'unreachable';
      report.problems.push(DATABASE_PROBLEMS.unreachable);
    }
    report.ok = false;
    return report;
  }
  const inGrace = now.getTime() - deps.startedAt.getTime() < options.startupGraceSeconds * 1000;
  const age = (at: Date | undefined) => (at ? Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000)) : null);
  report.lastPollAgeSeconds = age(lastPoll);
  if (report.lastPollAgeSeconds === null ? !inGrace : report.lastPollAgeSeconds > options.pollMaxAgeSeconds) {
    report.problems.push(report.lastPollAgeSeconds === null ? 'no poll has run yet' : `last poll ${report.lastPollAgeSeconds} s ago (limit ${options.pollMaxAgeSeconds} s)`);
  }
  report.senderHeartbeatAgeSeconds = age(heartbeat);
  if (report.senderHeartbeatAgeSeconds === null ? !inGrace : report.senderHeartbeatAgeSeconds > options.senderMaxAgeSeconds) {
    report.problems.push(
      report.senderHeartbeatAgeSeconds === null ? 'no sender has reported yet' : `sender silent for ${report.senderHeartbeatAgeSeconds} s (limit ${options.senderMaxAgeSeconds} s)`,
    );
  }
  // Written by the sending instance when sends stop getting answers and removed by its next
  // successful send (server/operations.ts), so every instance tells the same story.
  const telegramSilent = age(telegramDown);
  if (telegramSilent !== null && telegramSilent >= (options.telegramMaxSilentSeconds ?? 30)) {
    report.problems.push(`Telegram not answering for ${telegramSilent} s`);
  }
  report.ok = report.problems.length === 0;
  return report;
}
