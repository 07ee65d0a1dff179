import { randomInt } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/create-db.js';
import { startFakeBotApi, type FakeBotApi } from '../helpers/fake-bot-api.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';
import { spawnSender, type SenderChild } from './support/child.js';
import { queueDirect, seedFeed, seedItem, statusCounts } from './support/seed.js';

const RECIPIENTS = 2000;
const KILLS = 10;
const MAX_IN_FLIGHT = 8;

let api: FakeBotApi | undefined;
let testDb: TestDb | undefined;
const children: SenderChild[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) await child.kill9();
  await api?.close();
  await testDb?.close();
});

/** Messages the fake stored per recipient: what each reader actually has. */
function perRecipient(fake: FakeBotApi): Map<number, number> {
  const counts = new Map<number, number>();
  for (const m of fake.state.messages) if (m.from === 'bot') counts.set(m.chat_id, (counts.get(m.chat_id) ?? 0) + 1);
  return counts;
}

let countsCache: { size: number; counts: Map<number, number> } | undefined;
/** perRecipient, recomputed only when the fake has stored more messages. */
function perRecipientOnce(fake: FakeBotApi, id: number): boolean {
  if (countsCache?.size !== fake.state.messages.length) countsCache = { size: fake.state.messages.length, counts: perRecipient(fake) };
  return (countsCache.counts.get(id) ?? 0) >= 1;
}

async function setUp(): Promise<{ fake: FakeBotApi; tdb: TestDb; users: number[]; env: Record<string, string> }> {
  const fake = (api = await startFakeBotApi({ rateLimits: false }));
  const tdb = (testDb = await createTestDb());
  const db = tdb.db as Db;
  const users = Array.from({ length: RECIPIENTS }, (_, i) => 700_000 + i);
  for (const id of users) fake.addUser({ id });
  const itemId = await seedItem(db, await seedFeed(db), { title: 'Fan-out under fire' });
  await queueDirect(db, itemId, users);
  const env: Record<string, string> = {
    BOT_TOKEN: fake.token,
    BOT_API_ROOT: fake.apiRoot,
    // Fast, so ten kills land during the fan-out without a long test; this test is about loss, not pace.
    SEND_RATE: '300',
    MAX_IN_FLIGHT: String(MAX_IN_FLIGHT),
    LEADER_CHECK_MS: '200',
    RETRY_BASE_MS: '200',
    DATABASE_URL: tdb.url,
  };
  return { fake, tdb, users, env };
}

describe('crash safety', () => {
  it(`kill -9 ten times during a ${RECIPIENTS}-recipient fan-out: nothing lost, duplicates within the in-flight bound`, async () => {
    const { fake, tdb, users, env } = await setUp();
    const delivered = () => fake.state.messages.length;
    const allHave = () => {
      const counts = perRecipient(fake);
      return users.every((id) => (counts.get(id) ?? 0) >= 1);
    };
    let kills = 0;
    for (let run = 0; run < KILLS; run++) {
      const child = spawnSender(env);
      children.push(child);
      await child.waitFor('leader');
      const target = delivered() + randomInt(20, 100);
      await fake.waitFor(() => delivered() >= target, { timeoutMs: 60_000, message: `run ${run}: ${target} messages` });
      await child.kill9();
      children.splice(children.indexOf(child), 1);
      kills++;
    }
    expect(delivered()).toBeLessThan(RECIPIENTS); // every kill landed during the fan-out
    // The last start sends what is left and exits once nothing is waiting.
    const last = spawnSender({ ...env, DRAIN_AND_EXIT: '1' });
    children.push(last);
    await last.waitFor('drained', 240_000);
    children.splice(0);

    const counts = perRecipient(fake);
    const lost = users.filter((id) => !counts.get(id));
    const duplicates = [...counts.values()].reduce((sum, n) => sum + n - 1, 0);
    const db = (await tdb.reconnect()) as Db;
    const notSent = await db.selectFrom('deliveries').selectAll().where('status', '<>', 'sent').limit(5).execute();
    expect(notSent).toEqual([]);
    expect(lost).toEqual([]);
    expect(allHave()).toBe(true);
    expect(duplicates).toBeLessThanOrEqual(kills * MAX_IN_FLIGHT);
    expect(await statusCounts(db)).toEqual({ sent: RECIPIENTS });
  }, 900_000);

  it('two processes: one sends, the other takes over when it is killed', async () => {
    const { fake, users, env } = await setUp();
    // Same bot (same id, so the same lock), different token secrets: the fake tells them apart.
    const tokenA = fake.token;
    const tokenB = fake.token.replace(/:.*/, ':BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB');
    const a = spawnSender({ ...env, BOT_TOKEN: tokenA });
    children.push(a);
    await a.waitFor('leader');
    const b = spawnSender({ ...env, BOT_TOKEN: tokenB, LOG_LEVEL: process.env.CHILD_LOG_LEVEL ?? 'silent' });
    children.push(b);
    await b.waitFor('started');
    expect(b.events).not.toContain('leader');
    await fake.waitFor(() => fake.state.messages.length >= 300, { timeoutMs: 60_000 });
    await a.kill9();
    const killedAt = performance.now();
    await b.waitFor('leader', 10_000);
    await fake
      // Cheap test first: the probe runs on every change the fake makes.
      .waitFor(() => fake.state.messages.length >= RECIPIENTS && users.every((id) => perRecipientOnce(fake, id)), { timeoutMs: 120_000, message: 'every recipient' })
      .catch((error: Error) => {
        throw new Error(`${error.message}\nprocess B's log:\n${b.stderr().slice(-5000)}`);
      });
    await b.stop();

    const sendCalls = fake.calls.filter((c) => c.method === 'sendMessage');
    // Before the kill only A sent; after it only B.
    expect(sendCalls.filter((c) => c.at < killedAt && c.token === tokenB)).toEqual([]);
    expect(sendCalls.filter((c) => c.at > killedAt && c.token === tokenA)).toEqual([]);
    expect(sendCalls.some((c) => c.token === tokenB)).toBe(true);
    const counts = perRecipient(fake);
    const duplicates = [...counts.values()].reduce((sum, n) => sum + n - 1, 0);
    expect(users.filter((id) => !counts.get(id))).toEqual([]);
    expect(duplicates).toBeLessThanOrEqual(MAX_IN_FLIGHT);
  }, 900_000);
});
