import { describe, expect, it } from 'vitest';
import { runHeraldOnce } from '../helpers/run-herald.js';

describe('one-shot mode when it cannot work', () => {
  it('exits non-zero and says why when the database cannot be reached', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const run = await runHeraldOnce({ DATABASE_URL: 'postgres://herald:s3cret-pw@127.0.0.1:1/herald', FEEDS: 'http://127.0.0.1:1/rss.xml', PORT: '0' });
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/database unreachable|ECONNREFUSED/);
    expect(run.stdout + run.stderr).not.toContain('s3cret-pw');
  });
});
