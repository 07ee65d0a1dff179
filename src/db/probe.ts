import { sql } from 'kysely';
import type { Db } from './create-db.js';
import { databaseProblem, type DatabaseProblem } from './connection-errors.js';

export type ProbeResult = { ok: true } | { ok: false; problem: DatabaseProblem | 'failed'; error: unknown };

/**
 * Whether the database answers and can write to its disk. `select 1` alone passes on a server
 * whose disk is full (reads work), so the probe also makes the server write a little: a sort
 * given too little memory spills to a temporary file in the database's own directory, which
 * fails with 53100 (disk_full) when nothing more fits there. Nothing is stored; the file is gone
 * when the statement ends.
 */
export async function probeDatabase(db: Db): Promise<ProbeResult> {
  try {
    await sql`select 1`.execute(db);
    await db.transaction().execute(async (trx) => {
      await sql`set local work_mem = '64kB'`.execute(trx);
      await sql`select count(*) from (select g from generate_series(1, 5000) as g order by g desc offset 0) as spilled`.execute(trx);
    });
    return { ok: true };
  } catch (error) {
    return { ok: false, problem: databaseProblem(error) ?? 'failed', error };
  }
}
