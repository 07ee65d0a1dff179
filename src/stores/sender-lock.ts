import type pg from 'pg';

/**
 * The advisory lock that elects one sending process per bot. It lives on a dedicated
 * connection: PostgreSQL releases it the moment that connection ends, so a killed
 * process hands over without anyone waiting for a lease.
 */
export async function tryTakeSenderLock(client: pg.Client, name: string): Promise<boolean> {
  const result = await client.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as ok', [name]);
  return result.rows[0]?.ok === true;
}

export async function releaseSenderLock(client: pg.Client, name: string): Promise<void> {
  await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [name]);
}

/** A cheap round trip that fails when the connection (and with it the lock) is gone. */
export async function checkLockConnection(client: pg.Client): Promise<void> {
  await client.query('select 1');
}
