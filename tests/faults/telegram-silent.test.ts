/**
 * Fault: Telegram goes silent (accepts the connection, never answers), and separately answers
 * 502 for a while, in the middle of a fan-out to 500 readers. Herald's sends time out within
 * the Bot API timeout, the rows go back to the queue with back-off, no more than maxInFlight
 * requests are ever open, /healthz says why while it lasts, and afterwards every reader and
 * the channel get each post exactly once. Silent for longer than the alert threshold (the sender's
 * stall threshold, 5 min on Herald's clock), the editor is told once Telegram answers again (the
 * alert itself travels over Telegram), once, in their language; a shorter silence tells nobody.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Faults, type Fault } from '../helpers/fake-bot-api.js';
import { allDelivered, FAULT_TUNING, measureFault, startFaultWorld, ticksRan, type FaultWorld } from './support.js';

const SENDS = ['sendMessage', 'sendPhoto'];
let fw: FaultWorld;

beforeAll(async () => {
  fw = await startFaultWorld({ alerts: true });
}, 60_000);

afterAll(async () => {
  await fw?.close();
});

/** Rows that went back to the queue after a failed try: pending, unleased, tried, due again later. */
async function requeued() {
  return fw.world.db
    .selectFrom('deliveries')
    .select(['chat_id', 'attempts', 'next_attempt_at', 'last_error', 'lease_owner', 'status'])
    .where('attempts', '>', 0)
    .where('status', '=', 'pending')
    .execute();
}

describe('Telegram silent', () => {
  it('never answers: sends time out, rows back off in the queue, in-flight stays bounded, nothing lost or doubled after', async () => {
    const { world } = fw;
    const { api } = world;
    api.openRequests.resetPeak();
    const measured = measureFault(fw, 'Telegram silent (accepts, never answers)');
    const silence = api.failNext(SENDS, Infinity, Faults.hang());
    await fw.publish('Silent Bot API story');

    // Herald gives up on hung requests by itself (the timeout), again and again, a few at a time.
    const gaveUp = () => api.calls.filter((c) => c.fault === 'hang' && c.outcome === 'client-gone');
    await api.waitFor(() => gaveUp().length >= 3 * FAULT_TUNING.maxInFlight!, { timeoutMs: 15_000, message: 'Herald to time out hung sends' });
    const rows = await requeued();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.last_error).toMatch(/network|timed out|abort/i);
      expect(row.lease_owner === null || row.next_attempt_at > world.clock.now()).toBe(true);
    }
    // Back-off: a chat tried twice waited at least retryBaseMs after its first try ended.
    const byChat = new Map<unknown, typeof api.calls>();
    for (const call of api.calls.filter((c) => c.fault === 'hang')) byChat.set(call.params.chat_id, [...(byChat.get(call.params.chat_id) ?? []), call]);
    const retried = [...byChat.values()].filter((calls) => calls.length >= 2);
    for (const [first, second] of retried) expect(second!.at - first!.endedAt!).toBeGreaterThanOrEqual(FAULT_TUNING.retryBaseMs!);
    // Never more requests open at once than the sender's in-flight cap: no pile of promises.
    expect(api.openRequests.peak).toBeLessThanOrEqual(FAULT_TUNING.maxInFlight!);
    expect(api.sentTo(world.channel.id)).toHaveLength(0);

    // Half a minute of silence (on the world's clock) is a fault /healthz names.
    world.clock.advance(31_000);
    const during = await fw.health();
    expect(during.status).toBe(503);
    expect(during.problems.some((p) => /^Telegram not answering for \d+ s$/.test(p))).toBe(true);

    silence.cancel();
    measured.ended();
    await allDelivered(fw, ['Silent Bot API story']);
    await measured.record(['Silent Bot API story'], FAULT_TUNING.maxInFlight!);
    expect(fw.tally(['Silent Bot API story'])).toEqual({ lost: 0, duplicates: 0 });
    await expect.poll(async () => (await fw.statuses()).sent).toBe(501);
    expect(await fw.statuses()).toEqual({ sent: 501 });
    expect(api.openRequests.peak).toBeLessThanOrEqual(FAULT_TUNING.maxInFlight!);
    await expect.poll(async () => (await fw.health()).status).toBe(200);
    // Half a minute is under the alert threshold (a due message waiting 5 min with nothing sent): no alert.
    expect(fw.alerts()).toEqual([]);
  }, 60_000);

  it('answers 502 for a while: rows retry with back-off and all arrive once when it recovers', async () => {
    const { world } = fw;
    const { api } = world;
    api.openRequests.resetPeak();
    const measured = measureFault(fw, 'Telegram answers 502');
    const gateway = api.failNext(SENDS, Infinity, Faults.badGateway());
    await fw.publish('Bad gateway story');

    // Every row tried and put back at least twice.
    await api.waitFor(() => api.calls.filter((c) => c.fault === 'http').length >= 1002, { timeoutMs: 15_000, message: 'two rounds of 502s' });
    const rows = await requeued();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.last_error).toMatch(/network|502|Bad Gateway/i);
    expect(api.sentTo(world.channel.id).filter((m) => m.text?.includes('Bad gateway story'))).toHaveLength(0);
    // The 502s of one chat come further and further apart.
    const firstChat = fw.readers[0]!.id;
    const tries = api.callsTo(firstChat).filter((c) => c.fault === 'http');
    for (let i = 2; i < tries.length; i++) {
      const gap = tries[i]!.at - tries[i - 1]!.at;
      const before = tries[i - 1]!.at - tries[i - 2]!.at;
      expect(gap).toBeGreaterThanOrEqual(Math.min(before, FAULT_TUNING.retryBaseMs! * 2 ** (i - 1)));
    }

    world.clock.advance(31_000);
    const during = await fw.health();
    expect(during.status).toBe(503);
    expect(during.problems.some((p) => p.startsWith('Telegram not answering'))).toBe(true);

    gateway.cancel();
    measured.ended();
    await allDelivered(fw, ['Bad gateway story']);
    await measured.record(['Bad gateway story'], FAULT_TUNING.maxInFlight!);
    expect(fw.tally(['Silent Bot API story', 'Bad gateway story'])).toEqual({ lost: 0, duplicates: 0 });
    await expect.poll(async () => (await fw.statuses()).sent).toBe(1002);
    expect(api.openRequests.peak).toBeLessThanOrEqual(FAULT_TUNING.maxInFlight!);
    // The operations tick writes the sender's heartbeat as it goes: healthy again, every line of it.
    await expect.poll(async () => fw.health(), { timeout: 30_000 }).toEqual({ status: 200, problems: [] });
    expect(fw.alerts()).toEqual([]);
  }, 60_000);
});

/** The editor's alerts from `from` on, once the operations tick has had its chance to send more. */
async function alertsSince(from: number): Promise<string[]> {
  await ticksRan(fw, 5);
  return fw.alerts().slice(from);
}

/**
 * Telegram fails every send with `fault` for `silentMs` on Herald's clock (the clock is moved on;
 * the sends time out or fail in real time meanwhile), then answers again; returns once every
 * reader and the channel have the post.
 */
async function outage(title: string, fault: Fault, silentMs: number): Promise<void> {
  const { world } = fw;
  const { api } = world;
  const editor = fw.editor!.id;
  const from = api.calls.length;
  const failing = api.failNext(SENDS, Infinity, fault);
  await fw.publish(title);
  // Herald sees the sends fail (the row /healthz reads), then the silence lasts silentMs.
  await expect.poll(async () => (await world.db.selectFrom('service_state').select('key').where('key', '=', 'telegram-down').execute()).length, { timeout: 20_000 }).toBe(1);
  world.clock.advance(silentMs);
  await ticksRan(fw, 3);
  // No alert was even tried meanwhile: it would only hang on the silent Bot API, holding up the tick.
  expect(api.calls.slice(from).filter((c) => c.method === 'sendMessage' && Number(c.params.chat_id) === editor)).toEqual([]);
  failing.cancel();
  await allDelivered(fw, [title]);
  expect(fw.tally([title])).toEqual({ lost: 0, duplicates: 0 });
}

describe('Telegram silent longer than the alert threshold', () => {
  it('never answers for 6 minutes: the editor is told once, when it answers again, how long it lasted, in Russian', async () => {
    const before = fw.alerts().length;
    await outage('Long silence story', Faults.hang(), 6 * 60_000);
    await fw.world.api.waitFor(() => fw.alerts().length > before, { timeoutMs: 20_000, message: 'the editor to be told of the silence' });
    expect(await alertsSince(before)).toEqual([expect.stringMatching(/^⚠️ Telegram не отвечал Herald 6 мин: сообщения всё это время ждали в очереди.*отправка возобновилась/)]);
    // The episode is over and on the dashboard's list of ended alerts.
    await expect.poll(async () => (await fw.world.db.selectFrom('alert_history').select('key').where('key', '=', 'alert:telegram-silent').execute()).length).toBe(1);
  }, 90_000);

  it('answers 502 for 7 minutes: told once, when it answers again', async () => {
    const before = fw.alerts().length;
    await outage('Long gateway story', Faults.badGateway(), 7 * 60_000);
    await fw.world.api.waitFor(() => fw.alerts().length > before, { timeoutMs: 20_000, message: 'the editor to be told of the outage' });
    expect(await alertsSince(before)).toEqual([expect.stringMatching(/^⚠️ Telegram не отвечал Herald 7 мин/)]);
  }, 90_000);

  it('silent for 4 minutes, under the threshold: nobody is told', async () => {
    const before = fw.alerts().length;
    await outage('Shorter silence story', Faults.hang(), 4 * 60_000);
    expect(await alertsSince(before)).toEqual([]);
    expect(await fw.world.db.selectFrom('service_state').select('key').where('key', 'like', 'alert:%').execute()).toEqual([]);
  }, 90_000);
});

describe("Telegram not answering Herald's sends while the editors' chats still get through", () => {
  it("past the threshold: told that it still goes on and that sending has stalled, never that it resumed; told once when it has", async () => {
    const { world } = fw;
    const { api } = world;
    const editor = fw.editor!.id;
    const before = fw.alerts().length;
    const title = 'Half-silent story';
    // Every send of the sender hangs (readers and channel); the editors' chat answers, as it would
    // for another instance whose Bot API calls get through, or with the sender itself stuck.
    const failing = api.failNext(SENDS, Infinity, Faults.hang(), (call) => Number(call.params.chat_id) !== editor);
    await fw.publish(title);
    await expect.poll(async () => (await world.db.selectFrom('service_state').select('key').where('key', '=', 'telegram-down').execute()).length, { timeout: 20_000 }).toBe(1);
    world.clock.advance(6 * 60_000);
    await expect.poll(async () => (await world.db.selectFrom('service_state').select('key').where('key', '=', 'alert:telegram-silent').execute()).length, { timeout: 20_000 }).toBe(1);
    // The held alert is tried again a minute later and gets through, while the sends still hang.
    world.clock.advance(61_000);
    await api.waitFor(() => fw.alerts().length >= before + 2, { timeoutMs: 20_000, message: 'the editor to be told of the silence and the stalled sender' });
    expect(await alertsSince(before)).toEqual([
      expect.stringMatching(/^⚠️ Telegram уже 7 мин не отвечает на отправки Herald и всё ещё молчит/),
      expect.stringMatching(/^🛑 Отправка остановилась: в очереди \d+ сообщени/),
    ]);
    failing.cancel();
    await allDelivered(fw, [title]);
    expect(fw.tally([title])).toEqual({ lost: 0, duplicates: 0 });
    await api.waitFor(() => fw.alerts().length >= before + 3, { timeoutMs: 20_000, message: 'the editor to be told that sending has resumed' });
    expect(await alertsSince(before)).toEqual([
      expect.stringMatching(/^⚠️ Telegram уже 7 мин не отвечает/),
      expect.stringMatching(/^🛑 Отправка остановилась/),
      '✅ Отправка возобновилась.',
    ]);
    await expect.poll(async () => (await world.db.selectFrom('service_state').select('key').where('key', 'like', 'alert:%').execute()).length, { timeout: 20_000 }).toBe(0);
  }, 90_000);
});
