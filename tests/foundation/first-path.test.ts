import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppWorld, type AppWorld } from '../helpers/app-world.js';
import type { FakeBotApi } from '../helpers/fake-bot-api.js';
import type { FakeFeedServer } from '../helpers/fake-feed-server.js';
import { runHeraldOnce } from '../helpers/run-herald.js';

// The first path end to end: the whole Herald in-process (the app world: the real createApp,
// a fake Telegram, a fake outlet, one clock), run as `--once` runs it: one poll, one send-out.
// A restart is a new Herald on the same database. Bad settings are tried on the real process.
describe('from a feed to the channel', () => {
  let world: AppWorld;
  let telegram: FakeBotApi;
  let outlet: FakeFeedServer;
  /** Dates relative to the world's clock: Herald posts only what is recent. */
  const hoursAgo = (hours: number) => new Date(world.clock.ms() - hours * 3600_000);

  beforeAll(async () => {
    world = await startAppWorld({
      channel: { username: 'outlet_news' },
      editor: false,
      feeds: ['/broken.xml', '/rss.xml'],
      env: { CHANNEL_ID: '@outlet_news' },
    });
    telegram = world.api;
    outlet = world.feeds;
    outlet.setFeed('/rss.xml', {
      title: 'The Outlet',
      items: [
        { guid: 'a-2', title: 'Baku & Astana: gas < 5 bcm? <i>Deal</i> signed', link: 'https://outlet.example/en/news/2', description: '<p>The two capitals <b>agreed</b> on gas transit.</p><script>alert(1)</script>', pubDate: hoursAgo(3) },
        { guid: 'a-1', title: 'Older story', link: 'https://outlet.example/en/news/1', description: 'Old news.', pubDate: hoursAgo(27) },
      ],
    });
    outlet.route('/broken.xml', { status: 500, body: 'Internal Server Error' });
  });

  afterAll(async () => {
    await world?.close();
  });

  it('posts only the newest item of a new feed, escaped and without markup', async () => {
    await world.runCycle();
    const posts = telegram.sentTo('@outlet_news');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.text).toContain('Baku & Astana: gas < 5 bcm? Deal signed');
    expect(posts[0]!.text).toContain('The two capitals agreed on gas transit.');
    expect(posts[0]!.text).not.toContain('alert(1)');
    // The link may be a text link, a "Read more" button or the preview: any way a reader can open it.
    const reachable = JSON.stringify([posts[0]!.text, posts[0]!.entities, posts[0]!.reply_markup, posts[0]!.link_preview_options]);
    expect(reachable).toContain('https://outlet.example/en/news/2');
    const call = telegram.callsTo('@outlet_news').find((c) => /send/i.test(c.method))!;
    expect(String(call.params.text ?? call.params.caption)).toContain('<b>Baku &amp; Astana: gas &lt; 5 bcm? Deal signed</b>');
    // The post carries a button that opens the bot on the item's region (here the South Caucasus).
    const buttons = (posts[0]!.reply_markup as { inline_keyboard: { text: string; url?: string }[][] }).inline_keyboard.flat();
    expect(buttons.find((b) => b.url?.startsWith(`https://t.me/${telegram.bot.username}?start=region-`))?.text).toMatch(/^🔔 Follow /);
  });

  it('posts exactly the item the feed gained, once', async () => {
    outlet.addItem('/rss.xml', { guid: 'a-3', title: 'Tbilisi hosts talks', link: 'https://outlet.example/en/news/3', description: 'Talks began.', pubDate: hoursAgo(1) });
    await world.runCycle();
    const titles = telegram.sentTo('@outlet_news').map((m) => m.text ?? m.caption ?? '');
    expect(titles).toHaveLength(2);
    expect(titles[1]).toContain('Tbilisi hosts talks');
  });

  it('posts nothing again after a restart', async () => {
    await world.restart();
    await world.runCycle();
    expect(telegram.sentTo('@outlet_news')).toHaveLength(2);
  });

  it('records the failing feed while the healthy one carries on', async () => {
    const { db } = world;
    const feeds = await db.selectFrom('feeds').select(['url', 'consecutive_failures', 'last_error', 'last_error_at', 'last_success_at']).orderBy('id').execute();
    const broken = feeds.find((f: { url: string }) => f.url.endsWith('/broken.xml'))!;
    const healthy = feeds.find((f: { url: string }) => f.url.endsWith('/rss.xml'))!;
    expect(broken.consecutive_failures).toBeGreaterThanOrEqual(1);
    expect(broken.last_error).toMatch(/500/);
    expect(broken.last_error_at).toBeInstanceOf(Date);
    expect(healthy.consecutive_failures).toBe(0);
    expect(healthy.last_success_at).toBeInstanceOf(Date);
    const sent = await db.selectFrom('deliveries').select(['status', 'message_id']).where('kind', '=', 'channel').execute();
    expect(sent).toHaveLength(2);
    for (const row of sent) {
      expect(row.status).toBe('sent');
      expect(row.message_id).toBeGreaterThan(0);
    }
  });

  it('stops at start with every configuration problem named', async () => {
    const run = await runHeraldOnce({ ...world.env, SEND_RATE: 'fast', CHANNEL_ID: 'not a channel' });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('SEND_RATE');
    expect(run.stderr).toContain('CHANNEL_ID');
  });
});
