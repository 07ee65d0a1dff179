/**
 * Faults seen by two Herald instances on one database: each editor hears of an outage once in
 * all, not once per instance. Two Heralds run in this test process (the fault world's, which
 * is the sending one, and world.anotherHerald(), each with its own connections and operations
 * tick), as two processes would for the database. Both take updates by webhook, each on its own
 * port, as two instances must (two long pollers of one bot conflict on Telegram).
 *
 * With the database away the instances cannot agree on anything, so the one that was sending
 * tells the editors while it lasts and the other holds its alert, then drops it once the
 * database is back and shows the first one's record of the outage; if no instance could tell the
 * editors meanwhile, each gives the others the threshold's time and then claims the telling in
 * the database, so one tells it. Telegram's silence is told once it answers again, by whichever
 * instance takes the held alert first (one UPDATE).
 *
 * The database is a server of the test's own (tests/helpers/db/own-postgres.ts), which it stops.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeraldApp } from '../../src/app.js';
import { addAdmin } from '../../src/stores/admins.js';
import { startOwnPostgres, type OwnPostgres } from '../helpers/db/own-postgres.js';
import { Faults, type FakeUser } from '../helpers/fake-bot-api.js';
import { freePort } from '../helpers/ports.js';
import { allDelivered, FAULT_TICK_MS, faultLog, startFaultWorld, ticksRan, type FaultWorld } from './support.js';

const SENDS = ['sendMessage', 'sendPhoto'];
const UNREACHABLE_LINE = 'the database is unreachable: polling and sending wait until it is back';
let pg: OwnPostgres;
let fw: FaultWorld;
let other: HeraldApp;
/** A second editor, who reads English (no chat language stored). */
let editor2: FakeUser;
const log = faultLog();

beforeAll(async () => {
  pg = await startOwnPostgres();
  const testDb = await pg.createTestDb();
  const [port, otherPort] = [await freePort(), await freePort()];
  const env = { PORT: String(port), WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/hook`, WEBHOOK_SECRET: 'two-instances-alerts' };
  fw = await startFaultWorld({ testDb, logger: log.logger, alerts: true, readers: 50, env });
  editor2 = fw.world.api.addUser({ first_name: 'Editor Two' });
  await addAdmin(fw.world.db, editor2.id, 'Editor Two', fw.editor!.id, fw.world.clock.now());
  // The fault world's Herald took the sender's lock at start; the other one waits for it.
  await log.waitFor(() => log.named('elected as the sending process').length === 1, { message: 'the first Herald to be the sender' });
  other = await fw.world.anotherHerald({ tickMs: FAULT_TICK_MS, env: { PORT: String(otherPort) } });
  await other.startServices();
}, 90_000);

afterAll(async () => {
  if (process.env.FAULT_LOG_DUMP) (await import('node:fs')).writeFileSync(process.env.FAULT_LOG_DUMP, log.raw.join(''));
  await fw?.close();
  await pg?.close();
  log.close();
});

/** What each editor got from `from` on (their chat with the bot has nothing else). */
function told(from: { ru: number; en: number }) {
  return { ru: fw.sentTexts(fw.editor!.id).slice(from.ru), en: fw.sentTexts(editor2.id).slice(from.en) };
}
const mark = () => ({ ru: fw.sentTexts(fw.editor!.id).length, en: fw.sentTexts(editor2.id).length });

describe('two instances, one outage', () => {
  it('the database unreachable for two minutes: each editor is alerted once, and told once that it is back', async () => {
    const { world } = fw;
    const title = 'Two instances, database outage';
    await fw.publish(title);
    await allDelivered(fw, [title]);
    const before = mark();
    const from = log.lines().length;

    await pg.stop('fast');
    // Both instances see the outage begin (each its own tick) before Herald's clock moves on two minutes.
    await log.waitFor(() => log.named(UNREACHABLE_LINE, from).length === 2, { message: 'both Heralds to see the database is gone' });
    world.clock.advance(120_000);
    await world.api.waitFor(() => told(before).ru.length >= 1 && told(before).en.length >= 1, { timeoutMs: 20_000, message: 'the editors to be alerted' });
    // Both instances have passed the threshold: one alerted, the other holds its alert (or, were
    // each to tell the editors itself, both alerted).
    const held = () => log.named('alert left to the sending instance; this one tells the editors after the outage if it has not', from).length;
    await log.waitFor(() => held() + log.named('alert sent to admins', from).length >= 2, { message: 'both Heralds to pass the alert threshold' });
    await pg.start();

    await log.waitFor(() => log.named('the database works again', from).length === 2, { message: 'both Heralds to see the database back' });
    await world.api.waitFor(() => told(before).ru.length >= 2 && told(before).en.length >= 2, { timeoutMs: 20_000, message: 'the editors to hear the database is back' });
    await ticksRan(fw, 5);
    const once = {
      ru: [expect.stringMatching(/^🛑 База данных недоступна уже 2 мин/), expect.stringMatching(/^✅ База данных снова работает \(через 2 мин\)/)],
      en: [expect.stringMatching(/^🛑 The database has been unreachable for 2 min/), expect.stringMatching(/^✅ The database works again \(after 2 min\)/)],
    };
    expect(told(before)).toEqual(once);
    // The other instance saw the first one's record of the outage and let its own alert go.
    expect(held()).toBe(1);
    await log.waitFor(() => log.named('held alert dropped: another instance told the editors', from).length === 1, { message: 'the other Herald to drop its held alert' });
    await ticksRan(fw, 3);
    expect(told(before)).toEqual(once);
    expect((await world.db.selectFrom('alert_history').select('key').execute()).map((h) => h.key)).toEqual(['alert:database-unreachable']);
  }, 120_000);

  it('Telegram silent for six minutes: each editor is told once, when it answers again', async () => {
    const { world } = fw;
    const { api } = world;
    const title = 'Two instances, Telegram silent';
    const before = mark();
    const silence = api.failNext(SENDS, Infinity, Faults.hang());
    await fw.publish(title);
    await expect.poll(async () => (await world.db.selectFrom('service_state').select('key').where('key', '=', 'telegram-down').execute()).length, { timeout: 20_000 }).toBe(1);
    world.clock.advance(6 * 60_000);
    await expect.poll(async () => (await world.db.selectFrom('service_state').select('key').where('key', '=', 'alert:telegram-silent').execute()).length, { timeout: 20_000 }).toBe(1);
    silence.cancel();
    await allDelivered(fw, [title]);
    await api.waitFor(() => told(before).ru.length >= 1 && told(before).en.length >= 1, { timeoutMs: 20_000, message: 'the editors to be told' });
    await ticksRan(fw, 5);
    expect(told(before)).toEqual({
      ru: [expect.stringMatching(/^⚠️ Telegram не отвечал Herald 6 мин/)],
      en: [expect.stringMatching(/^⚠️ Telegram did not answer Herald for 6 min: messages were held in the queue meanwhile, and sending has resumed/)],
    });
    expect(fw.tally([title])).toEqual({ lost: 0, duplicates: 0 });
  }, 120_000);
  it('the database away while no alert can reach the editors either: told once after it, by one of the two', async () => {
    const { world } = fw;
    const { api } = world;
    const before = mark();
    const from = log.lines().length;
    const editors = new Set([fw.editor!.id, editor2.id]);
    // The editors' chats refuse messages meanwhile (a 502 from Telegram's proxy): the sending instance cannot tell them either.
    const refused = api.failNext('sendMessage', Infinity, Faults.badGateway(), (call) => editors.has(Number(call.params.chat_id)));
    await pg.stop('fast');
    await log.waitFor(() => log.named(UNREACHABLE_LINE, from).length === 2, { message: 'both Heralds to see the database is gone' });
    world.clock.advance(120_000);
    await log.waitFor(
      () => log.named('alert could not be delivered; will try again', from).length >= 1 && log.named('alert left to the sending instance; this one tells the editors after the outage if it has not', from).length === 1,
      { message: 'the sending Herald to fail to alert and the other to hold its alert' },
    );
    refused.cancel();
    await pg.start();
    await log.waitFor(() => log.named('the database works again', from).length === 2, { message: 'both Heralds to see the database back' });
    await ticksRan(fw, 3);
    expect(told(before)).toEqual({ ru: [], en: [] });
    // Each gives another instance the threshold's time to show a record of it, then claims it: one tells.
    world.clock.advance(61_000);
    await api.waitFor(() => told(before).ru.length >= 1 && told(before).en.length >= 1, { timeoutMs: 20_000, message: 'the editors to be told after the outage' });
    await ticksRan(fw, 5);
    expect(told(before)).toEqual({
      ru: [expect.stringMatching(/^🛑 База данных была недоступна 2 мин; теперь она снова работает/)],
      en: [expect.stringMatching(/^🛑 The database was unreachable for 2 min; it works again now/)],
    });
    await log.waitFor(() => log.named('held alert dropped: another instance told the editors', from).length === 1, { message: 'the other Herald to let its held alert go' });
  }, 120_000);
});
