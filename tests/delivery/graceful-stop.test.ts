import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { queueDirect, seedFeed, seedItem, statusCounts } from './support/seed.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ rateLimits: false });
});

afterAll(async () => {
  await h.close();
});

it('a graceful stop lets sends in flight finish, records them and gives back every lease: no duplicate on restart', async () => {
  const users = Array.from({ length: 300 }, (_, i) => 900_000 + i);
  for (const id of users) h.api.addUser({ id });
  const itemId = await seedItem(h.db, await seedFeed(h.db));
  await queueDirect(h.db, itemId, users);
  const first = h.sender({ sendRate: 200, maxInFlight: 8 });
  first.start();
  await h.api.waitFor(() => h.api.state.messages.length >= 60, { timeoutMs: 60_000 });
  await first.stop();

  const leased = await h.db.selectFrom('deliveries').select('id').where('lease_owner', 'is not', null).execute();
  expect(leased).toEqual([]);
  const delivered = h.api.state.messages.length;
  expect(delivered).toBeLessThan(users.length);
  expect((await statusCounts(h.db)).sent).toBe(delivered);

  await h.sender({ sendRate: 200 }).drain();
  for (const id of users) expect(h.api.sentTo(id)).toHaveLength(1);
  expect(await statusCounts(h.db)).toEqual({ sent: users.length });
});
