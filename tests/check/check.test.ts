/**
 * `npm run check` against the fake Bot API, the fake feed server and a test database: every
 * setting it checks, right and wrong, with the line it prints and the exit code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { runCheck } from '../../src/check/run-check.js';
import type { CheckLine } from '../../src/check/lines.js';
import { startFakeBotApi, type FakeBotApi, type FakeUser } from '../helpers/fake-bot-api.js';
import { memberWire } from '../helpers/bot-api/wire.js';
import { startFakeFeedServer, type FakeFeedServer } from '../helpers/fake-feed-server.js';
import { closedPort } from '../helpers/ports.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';
import { addChannel, NO_RULE, setChannelPaused } from '../../src/stores/channels.js';
import { createServer as createHttpServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What getWebhookInfo answers; each test sets what it needs. */
let webhookInfo: Record<string, unknown> = { url: '', has_custom_certificate: false, pending_update_count: 0 };
const NOW = new Date();

let api: FakeBotApi;
let feeds: FakeFeedServer;
let testDb: TestDb;
let editor: FakeUser;

beforeAll(async () => {
  api = await startFakeBotApi({
    botUsername: 'herald_test_bot',
    methods: {
      getWebhookInfo: () => webhookInfo,
      // The fake's admins have every right; a channel named no_edit_rights has an admin bot that may post but not edit.
      getChatMember: (ctx) => {
        const chat = ctx.state.chatOrThrow(ctx.params.chat_id);
        const userId = Number(ctx.params.user_id);
        const user = userId === ctx.state.bot.id ? ctx.state.bot : ctx.state.users.get(userId);
        if (!user) throw new Error('unknown user');
        const member = memberWire(chat, user, ctx.state.memberStatus(chat, userId));
        return chat.username === 'no_edit_rights' && userId === ctx.state.bot.id ? { ...member, can_edit_messages: false } : member;
      },
    },
  });
  feeds = await startFakeFeedServer();
  testDb = await createTestDb();
  api.addChannel({ username: 'herald_news', title: 'Herald News' });
  editor = api.addUser({ first_name: 'Aysel', username: 'aysel' });
  feeds.setFeed('/rss.xml', {
    title: 'Caliber.Az',
    language: 'en',
    timeZoneOffsetMinutes: 240,
    items: [
      { guid: 'a', title: 'Pipeline deal signed', link: 'https://outlet.example/a', pubDate: new Date(NOW.getTime() - 3600_000) },
      { guid: 'b', title: 'Older story', link: 'https://outlet.example/b', pubDate: new Date(NOW.getTime() - 7200_000) },
    ],
  });
});

afterAll(async () => {
  await api?.close();
  await feeds?.close();
  await testDb?.close();
});

function goodEnv(): Record<string, string> {
  return {
    BOT_TOKEN: api.token,
    BOT_API_ROOT: api.apiRoot,
    CHANNEL_ID: '@herald_news',
    ADMIN_IDS: String(editor.id),
    DATABASE_URL: testDb.url,
    FEEDS: feeds.url('/rss.xml'),
    FEED_TIME_ZONE: 'Asia/Baku',
    ALLOW_PRIVATE_FETCH: 'true',
  };
}

async function check(env: Record<string, string | undefined>) {
  let text = '';
  const result = await runCheck(env, { write: (t) => (text += t), color: false, userAgent: 'Herald-test', now: () => NOW, telegramTimeoutSeconds: 5 });
  const line = (subject: string): CheckLine => {
    const found = result.lines.find((l) => l.subject === subject || l.subject.startsWith(`${subject} `));
    if (!found) throw new Error(`no line for ${subject}:\n${text}`);
    return found;
  };
  return { ...result, text, line };
}

describe('npm run check: a right setup', () => {
  it('prints one ✓ line per setting, in order, and exits 0', async () => {
    webhookInfo = { url: '', has_custom_certificate: false, pending_update_count: 0 };
    const sentBefore = api.callsOf('sendMessage').length;
    const run = await check(goodEnv());
    expect(run.code, run.text).toBe(0);
    expect(run.lines.map((l) => [l.status, l.subject])).toEqual([
      ['pass', 'configuration'],
      ['pass', 'database'],
      ['pass', 'BOT_TOKEN'],
      ['pass', 'CHANNEL_ID @herald_news'],
      ['pass', `admin ${editor.id}`],
      ['pass', 'updates'],
      ['pass', `feed ${feeds.url('/rss.xml')}`],
    ]);
    expect(run.line('database').text).toMatch(/^PostgreSQL \d+(\.\d+)?( \([^)]*\))?, reachable \(database herald_t_\w+ at .+\); schema up to date \(\d+ migrations\)$/);
    expect(run.line('BOT_TOKEN').text).toBe('the bot is @herald_test_bot (Herald Test Bot)');
    expect(run.line('CHANNEL_ID').text).toBe('channel “Herald News”; the bot can post, edit and pin');
    expect(run.line('admin').text).toBe('Aysel @aysel: the bot can write to them');
    expect(run.line('updates').text).toBe('long polling (WEBHOOK_URL not set); 0 updates waiting');
    const newest = new Date(Math.floor((NOW.getTime() - 3600_000) / 1000) * 1000).toISOString().slice(0, 16).replace('T', ' ');
    expect(run.line('feed').text).toBe(`“Caliber.Az”, 2 items, newest ${newest} UTC, language en, dates in UTC+04:00 (as FEED_TIME_ZONE Asia/Baku)`);
    expect(run.text).toMatch(/^✓ configuration: valid; live, updates by long polling; 1 feed\n✓ database: /);
    expect(run.text).toMatch(/\nAll 7 checks passed\.\n$/);
    // Asking whether the bot may write to an editor sends them nothing.
    expect(api.callsOf('sendMessage').length).toBe(sentBefore);
    expect(api.callsOf('sendChatAction').at(-1)?.params).toMatchObject({ chat_id: editor.id, action: 'typing' });
  });

  it('without BOT_TOKEN: preview mode is no failure; the Telegram lines say they need the token', async () => {
    const run = await check({ ...goodEnv(), BOT_TOKEN: '' });
    expect(run.code, run.text).toBe(0);
    expect(run.line('BOT_TOKEN')).toMatchObject({ status: 'skip', text: expect.stringMatching(/^not set: preview mode/) });
    expect(run.line('CHANNEL_ID')).toMatchObject({ status: 'skip', text: 'not checked: needs BOT_TOKEN' });
    expect(run.text).toContain('– BOT_TOKEN: not set: preview mode');
  });
});

describe('npm run check: the configuration', () => {
  it('names each wrong setting on its own line and checks nothing else', async () => {
    const run = await check({ ...goodEnv(), FEEDS: 'ftp://outlet.example/rss', LOG_FORMAT: 'fancy' });
    expect(run.code).toBe(1);
    expect(run.line('FEEDS')).toMatchObject({ status: 'fail', text: 'must be an http(s) URL (fix it in the environment or in .env)' });
    expect(run.line('LOG_FORMAT')).toMatchObject({ status: 'fail', text: 'must be json or pretty (fix it in the environment or in .env)' });
    expect(run.lines.some((l) => l.subject === 'database')).toBe(false);
  });
});

describe('npm run check: the database', () => {
  it('unreachable: a network failure, naming the host and what to check', async () => {
    const run = await check({ ...goodEnv(), DATABASE_URL: 'postgres://herald:pw-xyz-123@127.0.0.1:1/herald' });
    expect(run.code).toBe(1);
    expect(run.line('DATABASE_URL')).toMatchObject({
      status: 'fail',
      text: 'network: cannot reach PostgreSQL at 127.0.0.1:1 (ECONNREFUSED): is the server running, and are the host and port in DATABASE_URL right?',
    });
    expect(run.text).not.toContain('pw-xyz-123');
  });

  it('a database that does not exist: a wrong value, with the command that creates it', async () => {
    const url = new URL(testDb.url);
    url.pathname = '/herald_no_such_db';
    const run = await check({ ...goodEnv(), DATABASE_URL: url.toString() });
    expect(run.line('DATABASE_URL')).toMatchObject({ status: 'fail', text: expect.stringMatching(/^database herald_no_such_db does not exist at .*: create it \(createdb herald_no_such_db\) or fix its name in DATABASE_URL$/) });
  });

  it('not yet migrated: passes, saying the next start migrates it', async () => {
    const empty = await createTestDb({ migrate: false });
    try {
      const run = await check({ ...goodEnv(), DATABASE_URL: empty.url });
      expect(run.line('database')).toMatchObject({ status: 'pass', text: expect.stringMatching(/; (\d+) of \1 migrations still to apply \(the next start applies them, or run npm run migrate\)$/) });
    } finally {
      await empty.close();
    }
  });

  it('migrated by a newer Herald: fails, naming the unknown migration', async () => {
    const newer = await createTestDb();
    try {
      await sql`insert into kysely_migration (name, timestamp) values ('2999-01-01-0001-from-the-future', '2999-01-01T00:00:00Z')`.execute(newer.db);
      const run = await check({ ...goodEnv(), DATABASE_URL: newer.url });
      expect(run.line('database')).toMatchObject({ status: 'fail', text: expect.stringContaining('has migrations this Herald does not know (2999-01-01-0001-from-the-future): a newer Herald upgraded it') });
    } finally {
      await newer.close();
    }
  });
});

describe('npm run check: the channels editors added with /channels', () => {
  it('checks each active one as /channels add does, one line each, with the fix for a missing right', async () => {
    const russian = api.addChannel({ username: 'herald_ru', title: 'Herald по-русски' });
    const noEdit = api.addChannel({ username: 'no_edit_rights', title: 'Analytics' });
    const paused = api.addChannel({ username: 'herald_paused', title: 'Paused' });
    const at = new Date();
    const stored = async (chat: { id: number; username?: string; title?: string }, languages: string[]) =>
      (await addChannel(testDb.db, { chatId: String(chat.id), title: chat.title ?? null, username: chat.username ?? null, rule: { ...NO_RULE, languages } }, at))!;
    // The CHANNEL_ID channel as Herald's start stores it: its own CHANNEL_ID line checks it.
    await addChannel(testDb.db, { chatId: '@herald_news', title: null, username: 'herald_news', rule: NO_RULE }, at);
    const ru = await stored(russian, ['ru']);
    const analytics = await stored(noEdit, ['en']);
    const gone = (await addChannel(testDb.db, { chatId: '-1009999999999', title: 'Gone', username: null, rule: NO_RULE }, at))!;
    await setChannelPaused(testDb.db, (await stored(paused, ['az'])).id, true, at);
    try {
      const asked = api.callsOf('getChatMember').length;
      const run = await check(goodEnv());
      expect(run.code, run.text).toBe(1);
      expect(run.lines.map((l) => [l.status, l.subject]).slice(3, 7)).toEqual([
        ['pass', 'CHANNEL_ID @herald_news'],
        ['pass', 'channel @herald_ru'],
        ['fail', 'channel @no_edit_rights'],
        ['fail', 'channel -1009999999999'],
      ]);
      expect(run.line('channel @herald_ru').text).toBe(`channel “Herald по-русски” (/channels #${ru.id}); the bot can post, edit and pin`);
      expect(run.line('channel @no_edit_rights').text).toBe(
        `channel “Analytics” (/channels #${analytics.id}): the bot may not edit, pin: give @herald_test_bot 'Edit messages of others' (which also lets it pin) under Administrators, or pause it with /channels pause ${analytics.id}`,
      );
      expect(run.line('channel -1009999999999').text).toMatch(new RegExp(`^Telegram finds no such chat for this bot \\(/channels #${gone.id}\\).*add @herald_test_bot under the channel's Administrators`));
      expect(run.text).toContain(`✗ channel @no_edit_rights: channel “Analytics”`);
      // The paused channel is not asked about; the CHANNEL_ID one once, for its own line.
      expect(run.lines.some((l) => l.subject.includes('herald_paused'))).toBe(false);
      const members = api.callsOf('getChatMember').slice(asked).map((c) => String(c.params.chat_id));
      expect(members).toContain(String(noEdit.id));
      expect(members).not.toContain(String(paused.id));
      expect(run.text).toMatch(/\n2 of \d+ checks failed/);
    } finally {
      await sql`delete from channels`.execute(testDb.db);
    }
  });

  it('the database not reachable: says so, and checks CHANNEL_ID alone as before', async () => {
    const run = await check({ ...goodEnv(), DATABASE_URL: 'postgres://herald@127.0.0.1:1/herald' });
    expect(run.lines.map((l) => [l.status, l.subject]).slice(1, 5)).toEqual([
      ['fail', 'DATABASE_URL'],
      ['pass', 'BOT_TOKEN'],
      ['pass', 'CHANNEL_ID @herald_news'],
      ['skip', 'channels'],
    ]);
    expect(run.line('channels').text).toBe('the database is not reachable: only CHANNEL_ID was checked; the channels editors added with /channels are checked once the database answers');
  });
});

describe('npm run check: Telegram', () => {
  it('a token Telegram refuses: says so, and checks nothing that needs it', async () => {
    api.failNext('getMe', 1, { kind: 'error', code: 401, description: 'Unauthorized' });
    const run = await check(goodEnv());
    expect(run.code).toBe(1);
    expect(run.line('BOT_TOKEN')).toMatchObject({ status: 'fail', text: expect.stringMatching(/^Telegram does not accept this token \(401 Unauthorized\): copy it again from @BotFather/) });
    expect(run.line('CHANNEL_ID')).toMatchObject({ status: 'skip', text: 'not checked: BOT_TOKEN must pass first' });
    expect(run.line('updates').status).toBe('skip');
    expect(run.text).not.toContain(api.token);
  });

  it('a Bot API that cannot be reached: a network failure, not a wrong token', async () => {
    const root = `http://127.0.0.1:${await closedPort()}`;
    const run = await check({ ...goodEnv(), BOT_API_ROOT: root });
    expect(run.line('BOT_TOKEN')).toMatchObject({
      status: 'fail',
      text: `network: could not reach the Bot API at ${root} (ECONNREFUSED): check this machine's internet access, proxy or firewall (or BOT_API_ROOT)`,
    });
  });

  it('BOT_API_ROOT pointing at something else: says it is not a Bot API', async () => {
    const run = await check({ ...goodEnv(), BOT_API_ROOT: feeds.origin });
    expect(run.line('BOT_TOKEN')).toMatchObject({ status: 'fail', text: expect.stringMatching(/answered, but not as a Telegram Bot API \(its answer is not JSON\): fix BOT_API_ROOT/) });
  });

  it('a channel Telegram does not know', async () => {
    const run = await check({ ...goodEnv(), CHANNEL_ID: '@no_such_channel' });
    expect(run.code).toBe(1);
    expect(run.line('CHANNEL_ID @no_such_channel')).toMatchObject({ status: 'fail', text: expect.stringMatching(/^Telegram finds no such chat for this bot .*check the spelling/) });
  });

  it('a channel where the bot is not an admin: says how to add it', async () => {
    api.addChannel({ username: 'bot_is_member', title: 'Member only', botStatus: 'member' });
    const run = await check({ ...goodEnv(), CHANNEL_ID: '@bot_is_member' });
    expect(run.line('CHANNEL_ID')).toMatchObject({
      status: 'fail',
      text: "channel “Member only”: the bot is not an admin there: give @herald_test_bot 'Post messages' and 'Edit messages of others' (which also lets it pin) under Administrators",
    });
  });

  it('a channel where the bot may post but not edit (nor pin)', async () => {
    api.addChannel({ username: 'no_edit_rights', title: 'No edits' });
    const run = await check({ ...goodEnv(), CHANNEL_ID: '@no_edit_rights' });
    expect(run.line('CHANNEL_ID')).toMatchObject({ status: 'fail', text: expect.stringMatching(/^channel “No edits”: the bot may not edit, pin: give @herald_test_bot/) });
  });

  it('a chat id that is a person, not a channel', async () => {
    const run = await check({ ...goodEnv(), CHANNEL_ID: String(editor.id) });
    expect(run.line('CHANNEL_ID')).toMatchObject({ status: 'fail', text: expect.stringContaining('is a private chat with a person, not a channel') });
  });

  it("editors who never started the bot, blocked it, or whose id Telegram does not know: each asked to /start it", async () => {
    const newcomer = api.addUser({ first_name: 'Nigar', started: false });
    const blocker = api.addUser({ first_name: 'Murad' });
    api.userBlocksBot(blocker.id);
    const run = await check({ ...goodEnv(), ADMIN_IDS: `${editor.id},${newcomer.id},${blocker.id},424242` });
    expect(run.code).toBe(1);
    expect(run.line(`admin ${editor.id}`).status).toBe('pass');
    expect(run.line(`admin ${newcomer.id}`)).toMatchObject({ status: 'fail', text: expect.stringMatching(/^the bot cannot write to them yet .*: ask them to open @herald_test_bot in Telegram and send \/start/) });
    expect(run.line(`admin ${blocker.id}`)).toMatchObject({ status: 'fail', text: expect.stringMatching(/^has blocked the bot: ask them to open @herald_test_bot in Telegram and send \/start/) });
    expect(run.line('admin 424242')).toMatchObject({ status: 'fail', text: expect.stringMatching(/check the id in ADMIN_IDS/) });
  });

  it('long polling while Telegram still has a webhook: passes, saying Herald removes it', async () => {
    webhookInfo = { url: 'https://old.example/hook', has_custom_certificate: false, pending_update_count: 3 };
    const run = await check(goodEnv());
    expect(run.line('updates')).toMatchObject({ status: 'pass', text: expect.stringMatching(/^long polling; Telegram still has a webhook at https:\/\/old\.example\/hook, which Herald removes at start.*; 3 updates waiting$/) });
  });

  describe('WEBHOOK_URL', () => {
    const webhookEnv = (url: string) => ({ ...goodEnv(), WEBHOOK_URL: url, WEBHOOK_SECRET: 'hook-secret_1' });

    it('registered and delivering: passes with the pending count', async () => {
      webhookInfo = { url: 'https://herald.example/telegram', has_custom_certificate: false, pending_update_count: 0 };
      const run = await check(webhookEnv('https://herald.example/telegram'));
      expect(run.line('WEBHOOK_URL')).toMatchObject({ status: 'pass', text: 'https://herald.example/telegram, registered, no delivery errors; 0 updates waiting' });
    });

    it("not registered yet: passes, since Herald registers it at start", async () => {
      webhookInfo = { url: '', has_custom_certificate: false, pending_update_count: 0 };
      const run = await check(webhookEnv('https://herald.example/telegram'));
      expect(run.line('WEBHOOK_URL')).toMatchObject({ status: 'pass', text: expect.stringContaining('not registered yet; Herald registers it at start') });
    });

    it("Telegram's recent delivery error: fails with Telegram's reason and what to check", async () => {
      webhookInfo = {
        url: 'https://herald.example/telegram',
        has_custom_certificate: false,
        pending_update_count: 12,
        last_error_date: Math.floor(NOW.getTime() / 1000) - 120,
        last_error_message: 'Connection refused',
      };
      const run = await check(webhookEnv('https://herald.example/telegram'));
      expect(run.line('WEBHOOK_URL')).toMatchObject({
        status: 'fail',
        text: "Telegram's last delivery to https://herald.example/telegram failed 2 min ago (Connection refused); 12 updates waiting: make sure https://herald.example/telegram reaches Herald's PORT 8080 (a proxy forwarding to it) with a valid certificate",
      });
    });

    it('not https, or on a port Telegram does not deliver to', async () => {
      webhookInfo = { url: '', has_custom_certificate: false, pending_update_count: 0 };
      expect((await check(webhookEnv('http://herald.example/telegram'))).line('WEBHOOK_URL')).toMatchObject({ status: 'fail', text: expect.stringContaining('is not https: Telegram delivers updates only to https addresses') });
      expect((await check(webhookEnv('https://herald.example:8080/telegram'))).line('WEBHOOK_URL')).toMatchObject({ status: 'fail', text: expect.stringContaining('uses port 8080: Telegram delivers only to ports 443, 80, 88 and 8443') });
    });
  });
});

describe('npm run check: feeds', () => {
  const feedEnv = (...paths: string[]) => ({ ...goodEnv(), FEEDS: paths.map((p) => (p.startsWith('http') ? p : feeds.url(p))).join(',') });

  it('a wrong address (404), an HTML page that names its feed, and a page that is no feed: wrong values, each with its fix', async () => {
    feeds.setHtml('/news', `<html><head><link rel="alternate" type="application/rss+xml" href="${feeds.url('/rss.xml')}"></head><body>News</body></html>`);
    feeds.broken('/not-a-feed', 'not-a-feed');
    const run = await check(feedEnv('/missing.xml', '/news', '/not-a-feed'));
    expect(run.code).toBe(1);
    expect(run.line(`feed ${feeds.url('/missing.xml')}`)).toMatchObject({ status: 'fail', text: 'HTTP 404: there is no feed at this address: fix the URL in FEEDS' });
    expect(run.line(`feed ${feeds.url('/news')}`)).toMatchObject({ status: 'fail', text: `not a feed: this is an HTML page; it names its feed at ${feeds.url('/rss.xml')}: put ${feeds.url('/rss.xml')} in FEEDS instead` });
    expect(run.line(`feed ${feeds.url('/not-a-feed')}`)).toMatchObject({ status: 'fail', text: expect.stringMatching(/: this address gives no RSS or Atom feed; fix it in FEEDS$/) });
    expect(run.lines.filter((l) => l.subject.startsWith('feed ')).map((l) => l.text.startsWith('network'))).toEqual([false, false, false]);
  });

  it('a host that does not answer: a network failure', async () => {
    const port = await closedPort();
    const run = await check(feedEnv(`http://127.0.0.1:${port}/rss.xml`));
    expect(run.line(`feed http://127.0.0.1:${port}/rss.xml`)).toMatchObject({
      status: 'fail',
      text: `network: fetch failed: connect ECONNREFUSED 127.0.0.1:${port}: check that this machine can reach 127.0.0.1:${port} (internet access, proxy, firewall, DNS) and that the host name in FEEDS is right`,
    });
  });

  it('a private address while ALLOW_PRIVATE_FETCH is off: refused through the guarded fetcher, naming the setting', async () => {
    const run = await check({ ...feedEnv('/rss.xml'), ALLOW_PRIVATE_FETCH: 'false' });
    expect(run.line('feed')).toMatchObject({ status: 'fail', text: 'refused: 127.0.0.1 is a loopback address (set ALLOW_PRIVATE_FETCH=true to allow private addresses)' });
    expect(feeds.requestsTo('/rss.xml').length).toBeGreaterThan(0);
  });

  it('tells the time zone of the dates: none (read as FEED_TIME_ZONE), or UTC', async () => {
    const at = new Date(NOW.getTime() - 600_000);
    const local = at.toISOString().slice(0, 19).replace('T', ' ');
    feeds.setFeed('/zoneless.xml', { title: 'Zoneless', items: [{ guid: 'z', title: 'A story', pubDate: local }] });
    feeds.setFeed('/utc.xml', { title: 'In UTC', language: 'ru', items: [{ guid: 'u', title: 'История', pubDate: at }] });
    const run = await check(feedEnv('/zoneless.xml', '/utc.xml'));
    expect(run.line(`feed ${feeds.url('/zoneless.xml')}`).text).toMatch(/no language given, dates carry no time zone: read as FEED_TIME_ZONE Asia\/Baku \(UTC\+04:00\); set FEED_TIME_ZONE if the site is elsewhere$/);
    expect(run.line(`feed ${feeds.url('/utc.xml')}`).text).toMatch(/language ru, dates in UTC\+00:00 \(UTC\); they carry their zone, so FEED_TIME_ZONE Asia\/Baku \(UTC\+04:00\) only matters for dates without one$/);
  });
});

describe('npm run check: the Mini App served here', () => {
  const withPages = (env: Record<string, string>, pagesDir: string) => {
    let text = '';
    return runCheck(env, { write: (t) => (text += t), color: false, userAgent: 'Herald-test', now: () => NOW, telegramTimeoutSeconds: 5, webPagesDir: pagesDir }).then((result) => ({
      ...result,
      text,
      line: (subject: string) => result.lines.find((l) => l.subject.startsWith(subject)),
    }));
  };
  let pages: string;
  beforeAll(() => {
    pages = mkdtempSync(join(tmpdir(), 'herald-pages-'));
    writeFileSync(join(pages, 'index.html'), '<!doctype html><title>Settings</title>');
    writeFileSync(join(pages, 'dashboard.html'), '<!doctype html><title>Dashboard</title>');
  });
  afterAll(() => rmSync(pages, { recursive: true, force: true }));

  /** A stand-in for whatever listens on PORT: answers every request with `status` and `type`. */
  async function listening(status: number, type: string): Promise<{ port: number; paths: string[]; close(): Promise<void> }> {
    const paths: string[] = [];
    const server = createHttpServer((req, res) => {
      paths.push(req.url ?? '');
      res.writeHead(status, { 'content-type': type }).end('<!doctype html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return { port: (server.address() as { port: number }).port, paths, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  it('says the pages must be built when they are not, and exits 1', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'herald-nopages-'));
    try {
      const run = await withPages({ ...goodEnv(), WEBAPP_URL: 'https://news.example/app', PORT: String(await closedPort()) }, empty);
      expect(run.line('Mini App pages')).toMatchObject({ status: 'fail', text: expect.stringContaining('run npm run build') });
      expect(run.code).toBe(1);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('finds Herald answering at WEBAPP_URL’s path on PORT, and no Herald running is no failure', async () => {
    const herald = await listening(200, 'text/html; charset=utf-8');
    try {
      const run = await withPages({ ...goodEnv(), WEBAPP_URL: 'https://news.example/app', PORT: String(herald.port) }, pages);
      expect(run.line('Mini App pages')).toMatchObject({ status: 'pass' });
      expect(run.line('served here')).toMatchObject({ status: 'pass', subject: `served here (http://127.0.0.1:${herald.port}/app/)` });
      expect(herald.paths).toEqual(['/app/']);
      expect(run.code, run.text).toBe(0);
    } finally {
      await herald.close();
    }
    const idle = await withPages({ ...goodEnv(), WEBAPP_URL: 'https://news.example/app', PORT: String(await closedPort()) }, pages);
    expect(idle.line('served here')).toMatchObject({ status: 'skip', text: expect.stringContaining('no Herald is running') });
    expect(idle.code, idle.text).toBe(0);
  });

  it('tells when something else holds PORT', async () => {
    const other = await listening(404, 'text/plain');
    try {
      const run = await withPages({ ...goodEnv(), WEBAPP_URL: 'https://news.example/app', PORT: String(other.port) }, pages);
      expect(run.line('served here')).toMatchObject({ status: 'fail', text: expect.stringMatching(/^answered 404 text\/plain: another program holds PORT/) });
      expect(run.code).toBe(1);
    } finally {
      await other.close();
    }
  });
});

describe('npm run check: WEBAPP_URL', () => {
  it('checked only when set: https and public passes; http or a private address fails', async () => {
    const unset = await check(goodEnv());
    expect(unset.lines.some((l) => l.subject.startsWith('WEBAPP_URL'))).toBe(false);
    expect((await check({ ...goodEnv(), WEBAPP_URL: 'https://news.example/app' })).line('WEBAPP_URL')).toMatchObject({ status: 'pass', text: 'https://news.example/app: https; Herald serves the pages at /app on its PORT (behind your https proxy)' });
    expect((await check({ ...goodEnv(), WEBAPP_URL: 'http://news.example/app' })).line('WEBAPP_URL')).toMatchObject({ status: 'fail', text: expect.stringMatching(/https/) });
    expect((await check({ ...goodEnv(), WEBAPP_URL: 'https://127.0.0.1/app' })).line('WEBAPP_URL')).toMatchObject({ status: 'fail', text: expect.stringContaining('is a private address') });
  });
});
