// The editors' dashboard's figures beyond feeds, queue and broadcasts (issue #14): Telegram's
// 429s per hour, readers per topic and region with their growth over 30 days, and recent
// alerts, the ones that have ended included. Each is read through the API as the page reads it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src/i18n/index.js';
import { createAlerts, DEFAULT_ALERT_OPTIONS } from '../../src/jobs/alerts.js';
import { ensureSubscriber, setSubscriberStatus, updateSubscriber } from '../../src/stores/subscribers.js';
import { claimState } from '../../src/stores/service-state.js';
import { createDraft, queueBroadcast } from '../../src/stores/broadcasts.js';
import { Faults } from '../helpers/fake-bot-api.js';
import { ensurePagesBuilt, startWebWorld, type WebWorld } from './support.js';

const DAY_MS = 86_400_000;
let web: WebWorld;
let initData: string;

beforeAll(async () => {
  await ensurePagesBuilt();
  web = await startWebWorld({ sender: false });
  initData = web.sign(web.world.editor!);
}, 120_000);
afterAll(async () => {
  await web?.close();
});

const dashboard = async () => {
  const answer = await web.api('GET', 'dashboard', { initData });
  expect(answer.status).toBe(200);
  return answer.json;
};

describe('the dashboard’s figures', () => {
  it('counts Telegram’s 429s per hour, beside the seconds they asked the sender to wait', async () => {
    const before = await dashboard();
    expect(before.waits7d.length).toBeGreaterThanOrEqual(7 * 24);
    expect(before.waits7d.at(-1)).toEqual({ at: expect.any(String), seconds: 0, hits: 0 });
    web.world.feeds.addItem('/rss.xml', { guid: 'flood-1', title: 'Parliament debates new election law', link: 'https://outlet.example/flood-1', description: 'Opposition parties object.', pubDate: web.world.clock.now() });
    web.world.api.failNext(['sendMessage', 'sendPhoto'], 2, Faults.tooManyRequests(1));
    await web.world.poll();
    await web.world.drain();
    // The outcome is recorded as it arrives, without holding up the sender: wait for the write to show.
    await expect.poll(async () => (await dashboard()).waits7d.at(-1), { timeout: 10_000 }).toMatchObject({ hits: 2, seconds: 2 });
  });

  it('shows readers per topic and region with their growth over 30 days: arrived, left, and how many followed 30 days ago', async () => {
    const now = web.world.clock.now();
    const add = async (chatId: number, joinedDaysAgo: number, topics: string[], regions: string[], leftDaysAgo?: number) => {
      const joined = new Date(now.getTime() - joinedDaysAgo * DAY_MS);
      await ensureSubscriber(web.world.db, { chatId, chatType: 'private', title: `r${chatId}`, language: 'en' }, joined);
      await updateSubscriber(web.world.db, chatId, { onboarded: true, topics, regions }, joined);
      if (leftDaysAgo !== undefined) await setSubscriberStatus(web.world.db, chatId, 'stopped', new Date(now.getTime() - leftDaysAgo * DAY_MS));
    };
    const before = await dashboard();
    const energyBefore = before.readers.topics.byChoice.find((c: any) => c.id === 'energy');
    await add(7_000_001, 60, ['energy'], ['central-asia']); // an old reader
    await add(7_000_002, 10, ['energy'], ['central-asia']); // arrived within 30 days
    await add(7_000_003, 5, ['energy', 'sport'], []); // arrived, chose every region
    await add(7_000_004, 90, ['energy'], ['central-asia'], 3); // an old reader who left 3 days ago
    await add(7_000_005, 90, ['energy'], [], 45); // left long ago: not in the window
    const d = await dashboard();
    const energy = d.readers.topics.byChoice.find((c: any) => c.id === 'energy');
    expect(energy).toMatchObject({ label: expect.any(String) });
    expect(energy.readers - energyBefore.readers).toBe(3);
    expect(energy.joined30d - energyBefore.joined30d).toBe(2);
    expect(energy.left30d - energyBefore.left30d).toBe(1);
    // 30 days ago: the old reader and the one who has left since.
    expect(energy.readers30dAgo - energyBefore.readers30dAgo).toBe(2);
    const centralAsia = d.readers.regions.byChoice.find((c: any) => c.id === 'central-asia');
    expect(centralAsia).toMatchObject({ readers: expect.any(Number), joined30d: expect.any(Number), left30d: expect.any(Number) });
    expect(centralAsia.left30d).toBeGreaterThanOrEqual(1);
    // Who chose no region gets every region: counted under "everything", with its own growth.
    expect(d.readers.regions.allGrowth.joined30d - before.readers.regions.allGrowth.joined30d).toBe(1);
    // The daily series over 30 days is still there.
    expect(d.growth30d).toHaveLength(30);
  });

  it('estimates a broadcast’s finish from its pace over the last five minutes, and says when it has stalled', async () => {
    const { db, clock } = web.world;
    const now = clock.now();
    for (let i = 0; i < 10; i++) {
      await ensureSubscriber(db, { chatId: 7_100_000 + i, chatType: 'private', title: `r${i}`, language: 'en' }, now);
      await updateSubscriber(db, 7_100_000 + i, { onboarded: true }, now);
    }
    const id = await createDraft(db, { authorId: web.world.editor!.id, html: '🚨 BREAKING Pace', photo: null }, now);
    const queued = await queueBroadcast(db, id, now);
    expect(queued.ok && queued.readers).toBeGreaterThanOrEqual(10);
    // The sender has sent four of its messages in the last minute (as it records a send).
    const four = (await db.selectFrom('deliveries').select('id').where('broadcast_id', '=', id).where('kind', '!=', 'channel').limit(4).execute()).map((r) => r.id);
    await db.updateTable('deliveries').set({ status: 'sent', sent_at: new Date(now.getTime() - 60_000) }).where('id', 'in', four).execute();

    const d = await dashboard();
    const b = d.broadcasts.find((x: any) => x.id === id);
    expect(b).toMatchObject({ status: 'sending', sent: 4, failed: 0, stalled: false });
    expect(b.waiting).toBeGreaterThan(0);
    // Four sends in five minutes: the rest at that pace, 75 s each.
    expect(Date.parse(b.finish) - Date.parse(d.now)).toBe(b.waiting * 75_000);

    // Six minutes on with nothing more sent: no estimate, and the broadcast is shown as stalled.
    clock.advance(6 * 60_000);
    const later = (await dashboard()).broadcasts.find((x: any) => x.id === id);
    expect(later).toMatchObject({ sent: 4, finish: null, stalled: true });
  });

  it('lists recent alerts, the open ones first, then those that ended (with when), kept after their episode ends', async () => {
    const db = web.world.db;
    const feed = (await db.selectFrom('feeds').select('id').executeTakeFirstOrThrow()).id;
    const notices: string[] = [];
    const alerts = createAlerts({ db, logger: web.world.logger, now: () => web.world.clock.now(), notify: async (n) => void notices.push(n(catalog('en'))) }, { ...DEFAULT_ALERT_OPTIONS, feedFailures: 3 });
    await db.updateTable('feeds').set({ consecutive_failures: 4, last_error: 'HTTP 503' }).where('id', '=', feed).execute();
    await alerts.check();
    const open = (await dashboard()).alerts;
    expect(open).toContainEqual(expect.objectContaining({ kind: 'feed-failing', feedId: feed, endedAt: null }));
    // The feed recovers: the episode ends, and the dashboard still shows it, as ended.
    await db.updateTable('feeds').set({ consecutive_failures: 0 }).where('id', '=', feed).execute();
    await alerts.check();
    // Another alert open now comes first.
    await claimState(db, 'alert:queue-growing', { at: web.world.clock.now().toISOString() }, web.world.clock.now());
    const d = await dashboard();
    expect(notices.join('\n')).toMatch(/recovered|back/i);
    expect(d.alerts[0]).toMatchObject({ kind: 'queue-growing', label: 'Queue growing', endedAt: null });
    const ended = d.alerts.find((a: any) => a.kind === 'feed-failing' && a.feedId === feed);
    expect(ended).toMatchObject({ label: 'Feed failing', since: expect.any(String), endedAt: expect.any(String) });
    expect(Date.parse(ended.endedAt)).toBeGreaterThanOrEqual(Date.parse(ended.since));
    // The outages Herald alerts on besides feeds and the queue are named in words too, not by their keys.
    for (const kind of ['telegram-silent', 'database-unreachable', 'database-disk-full']) await claimState(db, `alert:${kind}`, { at: web.world.clock.now().toISOString() }, web.world.clock.now());
    const labels = Object.fromEntries((await dashboard()).alerts.map((a: any) => [a.kind, a.label]));
    expect(labels).toMatchObject({ 'telegram-silent': 'Telegram not answering', 'database-unreachable': 'Database unreachable', 'database-disk-full': 'Database disk full' });
    expect((await db.selectFrom('service_state').select('key').where('key', 'like', 'alert:feed-failing:%').execute()).length).toBe(0);
  });
});
