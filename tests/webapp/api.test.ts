// The Mini App's JSON API on Herald's HTTP server: who may read or change what (signed initData,
// editors at that moment), and the bad input, each refused with a clear message and no change.
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recentAudit } from '../../src/stores/audit.js';
import { removeAdmin, addAdmin } from '../../src/stores/admins.js';
import { getSubscriber, updateSubscriber } from '../../src/stores/subscribers.js';
import { getVersionedSubscriber } from '../../src/stores/settings-version.js';
import { createDraft, queueBroadcast } from '../../src/stores/broadcasts.js';
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { captureLog } from '../helpers/log-capture.js';
import { ensurePagesBuilt, startWebWorld, WEBAPP_URL, type WebWorld } from './support.js';
import type { FakeUser } from '../helpers/fake-bot-api.js';
import { storeClassified } from '../subscribers/support/items.js';

let web: WebWorld;
let reader: FakeUser;
/** Herald's warnings and errors, kept to see what it logged. */
const log = captureLog();

beforeAll(async () => {
  await ensurePagesBuilt();
  web = await startWebWorld({ sender: false, logger: createLogger({ level: 'warn', destination: log.destination }) });
}, 120_000);
afterAll(async () => {
  await web?.close();
});
beforeEach(async () => {
  reader = web.world.api.addUser({ first_name: 'Aysel' });
  await web.subscribe(reader);
});

const settingsOf = (me: any) => ({ version: me.version, ...me.settings });

describe('configuration', () => {
  const base = { BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ' };
  it('refuses an http WEBAPP_URL at start, naming the variable', () => {
    const parsed = parseConfig({ ...base, WEBAPP_URL: 'http://news.example/app' });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.join('\n')).toMatch(/^WEBAPP_URL: must be an https URL/m);
  });
  it('refuses a WEBAPP_URL at the root or on /healthz', () => {
    for (const url of ['https://news.example/', 'https://news.example/healthz']) {
      const parsed = parseConfig({ ...base, WEBAPP_URL: url });
      expect(parsed.ok, url).toBe(false);
    }
  });
  it('takes the pages’ address from an https WEBHOOK_URL’s origin when WEBAPP_URL is not set', () => {
    const parsed = parseConfig({ ...base, WEBHOOK_URL: 'https://bot.example/telegram/hook', WEBHOOK_SECRET: 's3cret' });
    expect(parsed.ok && parsed.config.webApp).toEqual({ url: 'https://bot.example/app', path: '/app', derived: true });
    const none = parseConfig(base);
    expect(none.ok && none.config.webApp).toBe(null);
  });
  it('sets the menu button to open exactly WEBAPP_URL', async () => {
    const call = web.world.api.callsOf('setChatMenuButton')[0];
    expect(call?.params.menu_button).toMatchObject({ type: 'web_app', web_app: { url: WEBAPP_URL } });
  });
});

describe('initData', () => {
  it('lets a correctly signed reader read their choices, the user taken from the signed data', async () => {
    const res = await web.api('GET', 'me', { initData: web.sign(reader) });
    expect(res.status).toBe(200);
    expect(res.json.user.id).toBe(reader.id);
    expect(res.json.settings.mode).toBe('instant');
    expect(typeof res.json.version).toBe('number');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('answers 401 and changes nothing for missing, forged, expired or re-signed initData', async () => {
    const before = await getVersionedSubscriber(web.world.db, reader.id);
    const good = web.sign(reader);
    const forgedUser = good.replace(encodeURIComponent(`"id":${reader.id}`), encodeURIComponent(`"id":${web.world.editor!.id}`));
    expect(forgedUser).not.toBe(good);
    const cases: Record<string, string | null> = {
      missing: null,
      empty: '',
      garbage: 'hello',
      'forged user': forgedUser,
      'forged hash': good.replace(/hash=[0-9a-f]{4}/, 'hash=0000'),
      expired: web.sign(reader, { authDate: new Date(web.world.clock.now().getTime() - 24 * 3600_000 - 60_000) }),
      're-signed with another bot’s token': web.sign(reader, { token: '999999:ANOTHERBOTTOKENANOTHERBOTTOKEN' }),
    };
    for (const [name, initData] of Object.entries(cases)) {
      const me = await web.api('GET', 'me', { initData });
      expect(me.status, name).toBe(401);
      const save = await web.api('PUT', 'settings', { initData, body: { ...settingsOf({ version: before!.version, settings: { topics: ['sport'], regions: [], countries: [], keywords: [], mode: 'digest', digestHour: 9, timeZone: 'UTC', quiet: null, language: 'en' } }) } });
      expect(save.status, name).toBe(401);
      const dashboard = await web.api('GET', 'dashboard', { initData });
      expect(dashboard.status, name).toBe(401);
    }
    expect(await getVersionedSubscriber(web.world.db, reader.id)).toEqual(before);
  });

  it('ignores a user named in the body: the signed user is the one changed', async () => {
    const other = web.world.api.addUser({ first_name: 'Other' });
    await web.subscribe(other);
    const me = (await web.api('GET', 'me', { initData: web.sign(reader) })).json;
    const res = await web.api('PUT', 'settings', { initData: web.sign(reader), body: { ...settingsOf(me), topics: ['energy'], user: { id: other.id } } });
    expect(res.status).toBe(400); // unknown fields are refused outright
    expect((await getSubscriber(web.world.db, other.id))?.topics).toEqual([]);
    expect((await getSubscriber(web.world.db, reader.id))?.topics).toEqual([]);
  });
});

describe('saving a reader’s choices', () => {
  it('writes through the bot’s store and bumps the version; a command’s change makes the page’s next save stale', async () => {
    const initData = web.sign(reader);
    const me = (await web.api('GET', 'me', { initData })).json;
    const saved = await web.api('PUT', 'settings', { initData, body: { ...settingsOf(me), topics: ['energy'], keywords: ['Pipeline '], mode: 'digest', digestHour: 7, timeZone: 'Asia/Baku', quiet: { start: 1320, end: 420 }, language: 'ru' } });
    expect(saved.status).toBe(200);
    expect(saved.json.version).toBeGreaterThan(me.version);
    const stored = await getSubscriber(web.world.db, reader.id);
    expect(stored).toMatchObject({ topics: ['energy'], keywords: ['pipeline'], mode: 'digest', digestHour: 7, timeZone: 'Asia/Baku', quietStart: 1320, quietEnd: 420, language: 'ru' });

    // The reader changes a choice in the chat meanwhile (what /digest does): the page's version is now old.
    await updateSubscriber(web.world.db, reader.id, { digestHour: 9 }, web.world.clock.now());
    const stale = await web.api('PUT', 'settings', { initData, body: { ...saved.json.settings, version: saved.json.version, topics: ['sport'] } });
    expect(stale.status).toBe(409);
    expect(stale.json.error).toBe('stale');
    expect(stale.json.message).toMatch(/Обновите страницу/); // the reader's language is now Russian
    expect((await getSubscriber(web.world.db, reader.id))?.topics).toEqual(['energy']);
    expect((await getSubscriber(web.world.db, reader.id))?.digestHour).toBe(9);
  });

  it('a save’s answer brings the preview of the choices saved, as api/preview gives it (the page saves each change, so one request serves both)', async () => {
    await storeClassified(
      web.world.db,
      [
        { title: 'Gas field output rises', topics: ['energy'] },
        { title: 'Derby ends in a draw', topics: ['sport'] },
      ],
      web.world.clock.now(),
    );
    const initData = web.sign(reader);
    const me = (await web.api('GET', 'me', { initData })).json;
    const saved = await web.api('PUT', 'settings', { initData, body: { ...settingsOf(me), topics: ['energy'] } });
    expect(saved.status).toBe(200);
    expect(saved.json.preview.items.map((i: { title: string }) => i.title)).toContain('Gas field output rises');
    expect(saved.json.preview.items.map((i: { title: string }) => i.title)).not.toContain('Derby ends in a draw');
    const { topics, regions, countries, keywords, itemLanguages } = saved.json.settings;
    const asked = await web.api('POST', 'preview', { initData, body: { topics, regions, countries, keywords, itemLanguages } });
    expect(saved.json.preview).toEqual(asked.json);
  });

  it('two pages open at once: the second save is refused with “reload”', async () => {
    const initData = web.sign(reader);
    const me = (await web.api('GET', 'me', { initData })).json;
    const first = await web.api('PUT', 'settings', { initData, body: { ...settingsOf(me), topics: ['culture'] } });
    const second = await web.api('PUT', 'settings', { initData, body: { ...settingsOf(me), topics: ['sport'] } });
    expect(first.status).toBe(200);
    expect(second.status).toBe(409);
    expect(second.json.message).toMatch(/Reload/);
    expect((await getSubscriber(web.world.db, reader.id))?.topics).toEqual(['culture']);
  });
});

describe('a save whose answer was lost (the network dropped it), sent again', () => {
  it('is answered as saved when the stored choices are exactly the ones sent: 200, the stored version, nothing written', async () => {
    const initData = web.sign(reader);
    const me = (await web.api('GET', 'me', { initData })).json;
    const body = { ...settingsOf(me), topics: ['energy'], keywords: ['Pipeline '], mode: 'digest', digestHour: 7, quiet: { start: 1320, end: 420 } };
    const first = await web.api('PUT', 'settings', { initData, body });
    expect(first.status).toBe(200);
    const stored = await getVersionedSubscriber(web.world.db, reader.id);

    // The page never had that answer: it sends the same choices over the version it knew (keyword as typed, not as stored).
    const again = await web.api('PUT', 'settings', { initData, body });
    expect(again.status).toBe(200);
    expect(again.json.version).toBe(first.json.version);
    expect(again.json.settings).toEqual(first.json.settings);
    expect(await getVersionedSubscriber(web.world.db, reader.id)).toEqual(stored);
  });

  it('is still refused as stale when a command changed the choices since the page loaded, and nothing changes', async () => {
    const initData = web.sign(reader);
    const me = (await web.api('GET', 'me', { initData })).json;
    const body = { ...settingsOf(me), topics: ['energy'] };
    expect((await web.api('PUT', 'settings', { initData, body })).status).toBe(200);
    // The reader then changes their digest hour in the chat (what /digest 9 does).
    await updateSubscriber(web.world.db, reader.id, { digestHour: 9 }, web.world.clock.now());
    const stored = await getVersionedSubscriber(web.world.db, reader.id);

    const again = await web.api('PUT', 'settings', { initData, body });
    expect(again.status).toBe(409);
    expect(again.json.error).toBe('stale');
    expect(await getVersionedSubscriber(web.world.db, reader.id)).toEqual(stored);
    // Choices that differ from the stored ones are refused alike.
    const other = await web.api('PUT', 'settings', { initData, body: { ...body, topics: ['sport'] } });
    expect(other.status).toBe(409);
    expect(await getVersionedSubscriber(web.world.db, reader.id)).toEqual(stored);
  });

  it('a later change goes over it when the page names it as its basis; not when a command changed the choices after it', async () => {
    const initData = web.sign(reader);
    const me = (await web.api('GET', 'me', { initData })).json;
    const { version, ...loaded } = settingsOf(me);
    const lost = { ...loaded, topics: ['energy'] };
    expect((await web.api('PUT', 'settings', { initData, body: { version, ...lost } })).status).toBe(200);

    // The reader added a topic meanwhile: the page sends both over the version it knew, naming the save of unknown outcome.
    const next = await web.api('PUT', 'settings', { initData, body: { version, ...lost, topics: ['energy', 'culture'], basis: [lost] } });
    expect(next.status).toBe(200);
    expect((await getSubscriber(web.world.db, reader.id))?.topics).toEqual(['energy', 'culture']);

    // Named as a basis, choices that are no longer the stored ones (a command changed them) do not let a save through.
    await updateSubscriber(web.world.db, reader.id, { digestHour: 9 }, web.world.clock.now());
    const stored = await getVersionedSubscriber(web.world.db, reader.id);
    const refused = await web.api('PUT', 'settings', { initData, body: { version: next.json.version, ...next.json.settings, topics: ['sport'], basis: [next.json.settings] } });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toBe('stale');
    expect(await getVersionedSubscriber(web.world.db, reader.id)).toEqual(stored);
  });
});

describe('a preview that fails after the save is stored', () => {
  it('does not fail the save: 200 with preview null, the choices stored, the failure logged; the preview is asked for again on its own', async () => {
    const initData = web.sign(reader);
    const me = (await web.api('GET', 'me', { initData })).json;
    const db = web.world.db;
    // The database drops Herald's connection just after the save's transaction, while the preview reads items:
    // the items table is held by this test, so the preview waits there, and its connection is then ended.
    const answer = await db.transaction().execute(async (trx) => {
      await sql`lock table items in access exclusive mode`.execute(trx);
      const put = web.api('PUT', 'settings', { initData, body: { ...settingsOf(me), topics: ['energy'] } });
      const waiting = async () =>
        (await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query ilike '%from "items"%'`.execute(db)).rows;
      await expect.poll(async () => (await waiting()).length, { timeout: 10_000, message: 'the preview to wait for the items table' }).toBe(1);
      const [blocked] = await waiting();
      await sql`select pg_terminate_backend(${blocked!.pid})`.execute(db);
      return put;
    });
    expect(answer.status).toBe(200);
    expect(answer.json.preview).toBeNull();
    expect(answer.json.settings.topics).toEqual(['energy']);
    expect(answer.json.version).toBeGreaterThan(me.version);
    expect(await getVersionedSubscriber(web.world.db, reader.id)).toMatchObject({ version: answer.json.version, subscriber: { topics: ['energy'] } });
    expect(log.lines().some((l) => l.level >= 50 && /preview after a save failed/.test(l.msg ?? ''))).toBe(true);
    // The page then asks for the preview (api/preview), which answers once the database does.
    const asked = await web.api('POST', 'preview', { initData, body: { topics: ['energy'], regions: [], countries: [], keywords: [] } });
    expect(asked.status).toBe(200);
  });
});

describe('bad input: a clear message, nothing changed', () => {
  async function attempt(patch: Record<string, unknown>) {
    const initData = web.sign(reader);
    const me = (await web.api('GET', 'me', { initData })).json;
    const before = await getVersionedSubscriber(web.world.db, reader.id);
    const res = await web.api('PUT', 'settings', { initData, body: { ...settingsOf(me), ...patch } });
    expect(await getVersionedSubscriber(web.world.db, reader.id)).toEqual(before);
    return res;
  }

  it('a keyword over the length limit', async () => {
    const res = await attempt({ keywords: ['x'.repeat(41)] });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ field: 'keywords', message: expect.stringContaining('too long: at most 40 characters') });
  });
  it('more keywords than allowed', async () => {
    const res = await attempt({ keywords: Array.from({ length: 21 }, (_, i) => `word${i}`) });
    expect(res.status).toBe(400);
    expect(res.json.message).toContain('20 keywords');
  });
  it('a keyword with markup or control characters', async () => {
    expect((await attempt({ keywords: ['<b>gas</b>'] })).json.message).toContain('plain text');
    expect((await attempt({ keywords: ['gas\nprices'] })).json.message).toContain('control characters');
  });
  it('an unknown topic id, region or country', async () => {
    for (const patch of [{ topics: ['astrology'] }, { regions: ['atlantis'] }, { countries: ['XX'] }]) {
      const res = await attempt(patch);
      expect(res.status).toBe(400);
      expect(res.json.error).toBe('unknown-choice');
      expect(res.json.message).toMatch(/is not a choice Herald knows/);
    }
  });
  it('a time zone that does not exist', async () => {
    const res = await attempt({ timeZone: 'Mars/Olympus_Mons' });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ field: 'timeZone', message: expect.stringContaining('I do not know the time zone “Mars/Olympus_Mons”') });
  });
  it('quiet hours that start when they end, an hour past 23', async () => {
    expect((await attempt({ quiet: { start: 600, end: 600 } })).status).toBe(400);
    expect((await attempt({ digestHour: 24 })).status).toBe(400);
  });
  it('a body of 1 MB is refused unread (413)', async () => {
    const initData = web.sign(reader);
    const before = await getVersionedSubscriber(web.world.db, reader.id);
    const huge = JSON.stringify({ keywords: ['a'.repeat(1024 * 1024)] });
    const res = await web.api('PUT', 'settings', { initData, rawBody: huge, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(413);
    expect(await getVersionedSubscriber(web.world.db, reader.id)).toEqual(before);
  });
  it('not JSON, or broken JSON', async () => {
    const initData = web.sign(reader);
    expect((await web.api('PUT', 'settings', { initData, rawBody: 'topics=energy', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(415);
    expect((await web.api('PUT', 'settings', { initData, rawBody: '{"topics":', headers: { 'content-type': 'application/json' } })).status).toBe(400);
  });
  it('a reader who blocked the bot opening the page: shown, but saving is refused and the status stays', async () => {
    await web.world.handled(web.world.api.userBlocksBot(reader.id));
    await waitForStatus(reader.id, 'blocked');
    const me = (await web.api('GET', 'me', { initData: web.sign(reader) })).json;
    expect(me.status).toBe('blocked');
    const res = await attempt({ topics: ['energy'] });
    expect(res.status).toBe(409);
    expect(res.json.message).toMatch(/blocked the bot/);
    expect((await getSubscriber(web.world.db, reader.id))?.status).toBe('blocked');
  });
  it('someone who never subscribed', async () => {
    const stranger = web.world.api.addUser({ first_name: 'Stranger' });
    const me = (await web.api('GET', 'me', { initData: web.sign(stranger) })).json;
    expect(me.status).toBe('none');
    const res = await web.api('PUT', 'settings', { initData: web.sign(stranger), body: { version: 1, topics: [], regions: [], countries: [], keywords: [], mode: 'instant', digestHour: 8, timeZone: 'UTC', quiet: null, language: 'en' } });
    expect(res.status).toBe(404);
    expect(res.json.message).toMatch(/send \/start/);
    expect(await getSubscriber(web.world.db, stranger.id)).toBeUndefined();
  });
  // A flood of requests: tests/webapp/rate-limit.test.ts.
});

async function waitForStatus(chatId: number, status: string): Promise<void> {
  await expect.poll(async () => (await getSubscriber(web.world.db, chatId))?.status, { timeout: 5000, message: `subscriber ${chatId} to become ${status}` }).toBe(status);
}

describe('the editors’ endpoints', () => {
  it('refuse a non-editor with 403 on every endpoint, changing nothing, and audit the refusal', async () => {
    const initData = web.sign(reader);
    const id = await createDraft(web.world.db, { authorId: web.world.editor!.id, html: '🚨 BREAKING Test', photo: null }, web.world.clock.now());
    await queueBroadcast(web.world.db, id, web.world.clock.now());
    const feed = (await web.world.db.selectFrom('feeds').select('id').executeTakeFirstOrThrow()).id;
    for (const [method, route] of [['GET', 'dashboard'], ['POST', `feeds/${feed}/pause`], ['POST', `broadcasts/${id}/cancel`]] as const) {
      const res = await web.api(method, route, { initData });
      expect(res.status, route).toBe(403);
    }
    expect((await web.world.db.selectFrom('feeds').select('enabled').where('id', '=', feed).executeTakeFirstOrThrow()).enabled).toBe(true);
    expect((await web.world.db.selectFrom('broadcasts').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('sending');
    const audit = await recentAudit(web.world.db, 5);
    expect(audit.some((a) => a.actorId === reader.id && a.action === 'refused')).toBe(true);
  });

  it('serve an editor, audit their actions as the commands do, and refuse them the moment they are removed', async () => {
    const editor = web.world.api.addUser({ first_name: 'Nigar' });
    await addAdmin(web.world.db, editor.id, 'Nigar', web.world.editor!.id, web.world.clock.now());
    const initData = web.sign(editor);
    const dashboard = await web.api('GET', 'dashboard', { initData });
    expect(dashboard.status).toBe(200);
    expect(dashboard.json.queue24h.length).toBeGreaterThanOrEqual(24);
    expect(dashboard.json.deliveries7d.length).toBeGreaterThanOrEqual(7 * 24);
    const feed = dashboard.json.feeds[0].id;

    const paused = await web.api('POST', `feeds/${feed}/pause`, { initData });
    expect(paused.status).toBe(200);
    expect((await web.world.db.selectFrom('feeds').select('enabled').where('id', '=', feed).executeTakeFirstOrThrow()).enabled).toBe(false);
    const resumed = await web.api('POST', `feeds/${feed}/resume`, { initData });
    expect(resumed.status).toBe(200);
    const actions = (await recentAudit(web.world.db, 10)).filter((a) => a.actorId === editor.id).map((a) => [a.action, a.details.feedId]);
    expect(actions).toEqual(expect.arrayContaining([['feed.pause', feed], ['feed.resume', feed], ['dashboard.view', undefined]]));

    // A broadcast on its way when the editor is removed: no endpoint serves them from then on.
    const broadcast = await createDraft(web.world.db, { authorId: web.world.editor!.id, html: '🚨 BREAKING Removed editor', photo: null }, web.world.clock.now());
    await queueBroadcast(web.world.db, broadcast, web.world.clock.now());
    await web.api('POST', `feeds/${feed}/pause`, { initData }); // paused by them while still an editor
    await removeAdmin(web.world.db, editor.id);
    for (const [method, route] of [['GET', 'dashboard'], ['POST', `feeds/${feed}/resume`], ['POST', `feeds/${feed}/pause`], ['POST', `broadcasts/${broadcast}/cancel`]] as const) {
      const res = await web.api(method, route, { initData });
      expect(res.status, route).toBe(403);
      expect(res.json, route).toEqual({ error: 'not-editor' });
    }
    expect((await web.world.db.selectFrom('feeds').select('enabled').where('id', '=', feed).executeTakeFirstOrThrow()).enabled).toBe(false);
    expect((await web.world.db.selectFrom('broadcasts').select('status').where('id', '=', broadcast).executeTakeFirstOrThrow()).status).toBe('sending');
    await web.world.command(web.world.editor!.id, 'feeds', { args: `resume ${feed}` });
  });

  it('audit pause, resume and cancel exactly as /feeds pause|resume and /cancel N do, marked as from the page', async () => {
    const { db, clock } = web.world;
    const editor = web.world.editor!;
    const initData = web.sign(editor);
    const feed = (await db.selectFrom('feeds').select('id').executeTakeFirstOrThrow()).id;
    const lastEntry = async () => (await recentAudit(db, 1))[0]!;
    const entry = (e: Awaited<ReturnType<typeof lastEntry>>) => ({ actorId: e.actorId, action: e.action, details: e.details });
    const broadcast = async () => {
      const id = await createDraft(db, { authorId: editor.id, html: '🚨 BREAKING Audit', photo: null }, clock.now());
      await queueBroadcast(db, id, clock.now());
      return id;
    };

    const byCommand: ReturnType<typeof entry>[] = [];
    const byPage: ReturnType<typeof entry>[] = [];
    await web.world.command(editor.id, 'feeds', { args: `pause ${feed}` });
    byCommand.push(entry(await lastEntry()));
    expect((await web.api('POST', `feeds/${feed}/resume`, { initData })).status).toBe(200);
    await web.world.command(editor.id, 'feeds', { args: `pause ${feed}` });
    expect((await web.api('POST', `feeds/${feed}/resume`, { initData })).status).toBe(200);
    byPage.push(entry(await lastEntry()));
    await web.world.command(editor.id, 'feeds', { args: `resume ${feed}` });
    byCommand.push(entry(await lastEntry()));
    expect((await web.api('POST', `feeds/${feed}/pause`, { initData })).status).toBe(200);
    byPage.unshift(entry(await lastEntry()));
    await web.world.command(editor.id, 'feeds', { args: `resume ${feed}` });

    const [first, second] = [await broadcast(), await broadcast()];
    await web.world.command(editor.id, 'cancel', { args: `${first}` });
    byCommand.push(entry(await lastEntry()));
    expect((await web.api('POST', `broadcasts/${second}/cancel`, { initData })).status).toBe(200);
    byPage.push(entry(await lastEntry()));

    // The same action, actor and details (the cancelled broadcast's own id and count), plus "via": "webapp".
    expect(byCommand.map((e) => e.action)).toEqual(['feed.pause', 'feed.resume', 'breaking.cancel']);
    expect(byPage.map((e) => e.action)).toEqual(byCommand.map((e) => e.action));
    for (const [i, page] of byPage.entries()) {
      const command = byCommand[i]!;
      const { via, ...details } = page.details;
      expect(via).toBe('webapp');
      expect(page.actorId).toBe(command.actorId);
      expect(details).toEqual(command.action === 'breaking.cancel' ? { ...command.details, broadcastId: second } : command.details);
    }
    expect(byCommand[2]!.details).toEqual({ broadcastId: first, stopped: expect.any(Number) });
    expect((byCommand[2]!.details.stopped as number) > 0).toBe(true);
  });
});

describe('the pages', () => {
  it('are served at WEBAPP_URL’s path with a strict CSP, no inline script, and cache headers', async () => {
    const page = await fetch(`${web.base}`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self' https://telegram.org");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    expect(html).toContain('<base href="/app/">');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // every script has a src
    const asset = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    const js = await fetch(`${web.base}/${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${web.base}/dashboard`)).status).toBe(200);
    expect((await fetch(`${web.base}/assets/..%2F..%2Fpackage.json`)).status).toBe(404);
  });
});
