import { sql } from 'kysely';
import type { Db } from '../db/create-db.js';
import { readState, StateKey } from '../stores/service-state.js';

export interface HealthOptions {
  /** The last poll (by any instance) may be at most this old. */
  pollMaxAgeSeconds: number;
  /** The sender's heartbeat (whichever instance sends) may be at most this old. */
  senderMaxAgeSeconds: number;
  /** Before this much time has passed since start, a missing poll or heartbeat is not yet a fault. */
  startupGraceSeconds: number;
}

export interface HealthReport {
  ok: boolean;
  /** Why not ok, one line each. */
  problems: string[];
  database: 'ok' | 'unreachable';
  lastPollAgeSeconds: number | null;
  senderHeartbeatAgeSeconds: number | null;
}

/** /healthz: the database answers, polling happens, and some instance is sending. */
export async function checkHealth(deps: { db: Db; now: () => Date; startedAt: Date }, options: HealthOptions): Promise<HealthReport> {
  const now = deps.now();
  const report: HealthReport = { ok: true, problems: [], database: 'ok', lastPollAgeSeconds: null, senderHeartbeatAgeSeconds: null };
  try {
    await sql`select 1`.execute(deps.db);
  } catch (error) {
    report.database = 'unreachable';
    report.problems.push(`database unreachable: ${error instanceof Error ? error.message : String(error)}`);
    report.ok = false;
    return report;
  }
  const inGrace = now.getTime() - deps.startedAt.getTime() < options.startupGraceSeconds * 1000;
  const age = (at: Date | undefined) => (at ? Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000)) : null);
  const lastPoll = await readState<unknown>(deps.db, StateKey.lastPoll);
  report.lastPollAgeSeconds = age(lastPoll?.updatedAt);
  if (report.lastPollAgeSeconds === null ? !inGrace : report.lastPollAgeSeconds > options.pollMaxAgeSeconds) {
    report.problems.push(report.lastPollAgeSeconds === null ? 'no poll has run yet' : `last poll ${report.lastPollAgeSeconds} s ago (limit ${options.pollMaxAgeSeconds} s)`);
  }
  const heartbeat = await readState<unknown>(deps.db, StateKey.senderHeartbeat);
  report.senderHeartbeatAgeSeconds = age(heartbeat?.updatedAt);
  if (report.senderHeartbeatAgeSeconds === null ? !inGrace : report.senderHeartbeatAgeSeconds > options.senderMaxAgeSeconds) {
    report.problems.push(
      report.senderHeartbeatAgeSeconds === null ? 'no sender has reported yet' : `sender silent for ${report.senderHeartbeatAgeSeconds} s (limit ${options.senderMaxAgeSeconds} s)`,
    );
  }
  report.ok = report.problems.length === 0;
  return report;
}
