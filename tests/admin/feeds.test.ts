import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueDirect, seedItem } from '../delivery/support/seed.js';
import { startFakeFeedServer, type FakeFeedServer } from '../helpers/fake-feed-server.js';
import { startAdminHarness, type AdminHarness } from './harness.js';

describe('/feeds: the list with health, add, pause, resume, remove, section', () => {
  let h: AdminHarness;
  let feeds: FakeFeedServer;
  beforeAll(async () => {
    feeds = await startFakeFeedServer();
    // Herald's own feed check; the fake feed server is on loopback, which the app world allows (ALLOW_PRIVATE_FETCH).
    h = await startAdminHarness();
    feeds.setFeed('/news.xml', {
      title: 'Loopback News',
      language: 'en',
      items: [
        { guid: 'a1', title: 'First', link: 'https://news.example/a1', pubDate: new Date(Date.now() - 3600_000) },
        { guid: 'a2', title: 'Second', link: 'https://news.example/a2', pubDate: new Date(Date.now() - 7200_000) },
      ],
    });
    feeds.setFeed('/analytics.xml', { title: 'Loopback Analytics', items: [{ guid: 'b1', title: 'Deep dive', link: 'https://news.example/b1' }] });
    feeds.setHtml('/home', '<html><head><title>Home</title><link rel="alternate" type="application/rss+xml" href="/analytics.xml"></head><body>Hi</body></html>');
    feeds.setHtml('/plain', '<html><head><title>No feed here</title></head><body>Just a page</body></html>');
  });
  afterAll(async () => {
    await h.close();
    await feeds.close();
  });

  const say = (args: string) => h.command(h.adminId, 'feeds', args);
  /** /feeds add answers "Checking…" first; the outcome is the message after it. */
  const add = async (args: string) => {
    const checking = await say(`add ${args}`);
    if (!/^Checking/.test(checking.text ?? '')) return checking;
    const all = h.api.messages(h.adminId, { botOnly: true });
    return h.nextBotMessage(h.adminId, all.indexOf(checking) + 1);
  };

  it('refuses addresses that are not http(s) feeds, each with its reason, adding nothing', async () => {
    expect((await add('not-a-url')).text).toMatch(/is not a web address/);
    expect((await add('file:///etc/passwd')).text).toMatch(/Only http and https addresses can be feeds, not file: addresses/);
    expect((await add('javascript:alert(1)')).text).toMatch(/Only http and https addresses can be feeds, not javascript: addresses/);
    expect((await add(feeds.url('/plain'))).text).toMatch(/is not a feed[\s\S]*Nothing was added/);
    expect((await add(feeds.url('/missing'))).text).toMatch(/Could not fetch[\s\S]*Nothing was added/);
    expect((await add(`${feeds.url('/news.xml')} Not_A_Section`)).text).toMatch(/is not a section name/);
    expect(await h.db.selectFrom('feeds').selectAll().execute()).toEqual([]);
  });

  it('adds a feed after fetching it once, finds the feed behind an HTML page, and refuses a duplicate', async () => {
    const added = await add(`${feeds.url('/news.xml')} news`);
    expect(added.text).toMatch(/^Added feed #\d+: Loopback News, 2 items now/);
    const viaPage = await add(feeds.url('/home'));
    expect(viaPage.text).toMatch(/Added feed #\d+: Loopback Analytics \(found through .*\/home\)/);
    expect((await add(feeds.url('/news.xml'))).text).toMatch(/already on the list as #/);
    const rows = await h.db.selectFrom('feeds').select(['url', 'section', 'title']).orderBy('id').execute();
    expect(rows).toEqual([
      { url: feeds.url('/news.xml'), section: 'news', title: 'Loopback News' },
      { url: feeds.url('/analytics.xml'), section: null, title: 'Loopback Analytics' },
    ]);
    const audit = await h.db.selectFrom('audit_log').select('action').where('action', '=', 'feed.add').execute();
    expect(audit).toHaveLength(2);
  });

  it('pauses, resumes, sets a section, lists health, and removes', async () => {
    const [news, analytics] = await h.db.selectFrom('feeds').select(['id', 'url']).orderBy('id').execute();
    await h.db
      .updateTable('feeds')
      .set({ consecutive_failures: 3, last_error: 'HTTP 500 from <server>', last_success_at: new Date(h.clock.now.getTime() - 2 * 3600_000) })
      .where('id', '=', analytics!.id)
      .execute();
    expect((await say(`pause ${news!.id}`)).text).toMatch(/paused/);
    expect((await h.db.selectFrom('feeds').select('enabled').where('id', '=', news!.id).executeTakeFirstOrThrow()).enabled).toBe(false);
    const list = await say('');
    expect(list.text).toMatch(new RegExp(`#${news!.id} Loopback News ⏸ paused`));
    expect(list.text).toMatch(new RegExp(`#${analytics!.id} Loopback Analytics ⚠️ failing \\(3 in a row\\)`));
    expect(list.text).toMatch(/last success 2 h ago/);
    expect(list.text).toMatch(/last error: HTTP 500 from <server>/);
    expect((await say(`resume ${news!.id}`)).text).toMatch(/resumed/);
    expect((await say(`section ${analytics!.id} analytics`)).text).toMatch(/now in section “analytics”/);
    expect((await h.db.selectFrom('feeds').select('section').where('id', '=', analytics!.id).executeTakeFirstOrThrow()).section).toBe('analytics');
    expect((await say('pause 999')).text).toMatch(/There is no feed #999/);
    expect((await say('pause')).text).toMatch(/Usage: \/feeds pause <id>/);
    expect((await say('explode 1')).text).toMatch(/\/feeds add <address>/);
    // An item of the feed still waiting for two readers, already sent to a third.
    const itemId = await seedItem(h.db, analytics!.id, { title: 'From the removed feed' });
    await queueDirect(h.db, itemId, [501, 502, 503]);
    await h.db.updateTable('deliveries').set({ status: 'sent', message_id: 7, sent_at: h.clock.now }).where('chat_id', '=', '503').execute();
    expect((await say(`remove ${analytics!.id}`)).text).toMatch(/removed/);
    expect((await h.db.selectFrom('feeds').select('id').execute()).map((f) => f.id)).toEqual([news!.id]);
    // Nothing of a removed feed goes out any more; what was sent stays on record.
    const rows = await h.db.selectFrom('deliveries').select(['chat_id', 'status']).where('item_id', '=', itemId).orderBy('chat_id').execute();
    expect(rows).toEqual([{ chat_id: '501', status: 'cancelled' }, { chat_id: '502', status: 'cancelled' }, { chat_id: '503', status: 'sent' }]);
    const actions = (await h.db.selectFrom('audit_log').select('action').where('action', 'like', 'feed.%').orderBy('id').execute()).map((a) => a.action);
    expect(actions).toEqual(['feed.add', 'feed.add', 'feed.pause', 'feed.resume', 'feed.section', 'feed.remove']);
  });
});
