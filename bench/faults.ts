/**
 * Fault figures (issue #15): runs the fault suite (tests/faults, the whole of Herald in-process
 * on the fakes, 500 readers per fan-out) and reports, for each fault, the messages lost and
 * doubled, the seconds from the fault's end to the first successful send, and peak memory
 * while it lasted; for slow feeds, how long a healthy feed's post waited beside its own fetch.
 *
 *   npm run bench -- faults        (or: npx tsx bench/faults.ts)
 *   npx tsx bench/faults.ts slow-feeds    (one fault: tests/faults/<name>.test.ts only)
 *
 * Aims: nothing lost; duplicates at most the sends in flight at the fault (the sender's
 * maxInFlight); the first send within 30 s of the fault's end; for slow feeds, the healthy
 * feed's post no later than its own fetch time plus HEALTHY_ALLOWANCE_S of Herald's own work
 * (issue #15: slow feeds en masse delay it by nothing). Exits non-zero on a missed aim.
 * The suite's database is its usual one (embedded, or TEST_DATABASE_URL).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFigures } from './support/figures.js';
import type { FaultFigures } from '../tests/faults/support.js';

/**
 * Herald's own work between the poll's start and the healthy feed's post, besides its fetch:
 * claiming the due feeds, starting the slow ones' fetches, parsing and storing the healthy
 * one, and the sender's send to the fake Bot API (tens of milliseconds on an idle machine).
 */
const HEALTHY_ALLOWANCE_S = 1;

const root = fileURLToPath(new URL('..', import.meta.url));
// One fault by name (its test file in tests/faults), or all of them.
const only = process.argv[2];
const target = only ? `tests/faults/${only}.test.ts` : 'tests/faults';
if (only && !existsSync(join(root, target))) {
  process.stderr.write(`no fault test ${target}\n`);
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'herald-faults-'));
const file = join(dir, 'figures.jsonl');
const run = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', target], {
  cwd: root,
  env: { ...process.env, HERALD_FAULT_FIGURES: file },
  stdio: ['ignore', 'inherit', 'inherit'],
});
let rows: FaultFigures[] = [];
try {
  rows = readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as FaultFigures);
} catch {
  // no figures: the suite failed before writing any
}
rmSync(dir, { recursive: true, force: true });

const figures = createFigures();
for (const r of rows) {
  if (r.healthyPostSeconds !== undefined) {
    // Slow feeds: no fan-out to count; how long the healthy feed's post waited beside its own fetch.
    const fetchSeconds = r.healthyFetchSeconds ?? 0;
    figures.add(
      `${r.fault}: healthy feed posted after (from the poll's start)`,
      `${r.healthyPostSeconds.toFixed(2)} s`,
      `≤ its own fetch + ${HEALTHY_ALLOWANCE_S} s of Herald's own work (claim, parse, store, send)`,
      r.healthyPostSeconds <= fetchSeconds + HEALTHY_ALLOWANCE_S,
    );
    figures.add(`${r.fault}: healthy feed's own fetch`, `${((r.healthyFetchSeconds ?? 0) * 1000).toFixed(1)} ms`, 'reported');
    figures.add(`${r.fault}: peak memory (RSS, suite process)`, `${r.peakRssMb} MB`, 'reported');
    continue;
  }
  figures.add(`${r.fault}: messages lost`, String(r.lost), '0', r.lost === 0);
  figures.add(`${r.fault}: duplicates`, String(r.duplicates), `≤ ${r.inFlightCap} (in flight)`, r.duplicates <= r.inFlightCap);
  figures.add(`${r.fault}: fault end → first send`, r.recoverySeconds === null ? 'none' : `${r.recoverySeconds.toFixed(2)} s`, '≤ 30 s', r.recoverySeconds !== null && r.recoverySeconds <= 30);
  figures.add(`${r.fault}: peak memory (RSS, suite process)`, `${r.peakRssMb} MB`, 'reported');
}
figures.add(only ? `fault test ${only}` : 'fault suite', run.status === 0 ? 'passed' : `failed (exit ${run.status})`, 'passes', run.status === 0);
figures.print();
