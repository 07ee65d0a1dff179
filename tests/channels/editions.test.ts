/**
 * Several channels, each with a rule (issue #17): an English and a Russian feed, and three
 * channels an editor adds with /channels: English items → A, Russian items → B, analytics of
 * either language → C. Each item lands in exactly the channels its rule picks, in publication
 * order, and a correction edits it in each; the CHANNEL_ID channel, paused, gets nothing new.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAllFeedsDue } from '../../src/stores/feeds.js';
import type { FakeChat } from '../helpers/fake-bot-api.js';
import { startAppWorld, type AppWorld } from '../helpers/app-world.js';

describe('channels with rules', () => {
  let world: AppWorld;
  let english: FakeChat;
  let russian: FakeChat;
  let analytics: FakeChat;
  const editor = () => world.editor!.id;
  /** Both feeds fetched now, as the next poll after their refresh time would. */
  const pollNow = async () => {
    await makeAllFeedsDue(world.db, world.clock.now());
    const reports = await world.poll();
    expect(reports.map((r) => r.outcome)).not.toContain('failed');
    await world.drain();
  };
  const minutesAgo = (minutes: number) => new Date(world.clock.ms() - minutes * 60_000);
  /** The story each post in the channel is about, oldest first (the first line carrying a story's mark). */
  const stories = (chat: FakeChat) => world.api.sentTo(chat.id).map((m) => /\b(EN|RU)-\d\b/.exec(m.text ?? m.caption ?? '')?.[0] ?? '?');

  const en = (id: string, title: string, minutes: number, categories: string[] = []) => ({
    guid: id,
    title: `${id}: ${title}`,
    link: `https://outlet.example/en/${id}`,
    description: `The government said on Monday that ${title.toLowerCase()} and the talks will go on with the neighbours.`,
    pubDate: minutesAgo(minutes),
    categories,
  });
  const ru = (id: string, title: string, minutes: number, categories: string[] = []) => ({
    guid: id,
    title: `${id}: ${title}`,
    link: `https://outlet.example/ru/${id}`,
    description: `Правительство заявило в понедельник, что ${title.toLowerCase()}, а переговоры с соседями продолжатся.`,
    pubDate: minutesAgo(minutes),
    categories,
  });

  beforeAll(async () => {
    world = await startAppWorld({ sender: false, feeds: ['/en.xml', '/ru.xml'], env: { FIRST_RUN_POSTS: '10' } });
    english = world.api.addChannel({ title: 'Outlet English', username: 'outlet_en' });
    russian = world.api.addChannel({ title: 'Outlet Русский', username: 'outlet_ru' });
    analytics = world.api.addChannel({ title: 'Outlet Analytics', username: 'outlet_analytics' });
    await world.start();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('the editor adds three channels with rules and pauses the CHANNEL_ID one', async () => {
    const added = async (args: string) => (await world.command(editor(), 'channels', { args })).map((m) => m.text ?? '');
    expect(await added('add @outlet_en lang=en')).toEqual(['Checking that the bot can post in that channel…', expect.stringMatching(/^Added channel #2: Outlet English\. It takes lang=en,/)]);
    expect((await added('add @outlet_ru language=ru')).at(-1)).toMatch(/^Added channel #3: Outlet Русский\. It takes lang=ru,/);
    expect((await added(`add ${analytics.id} section=analytics`)).at(-1)).toMatch(/^Added channel #4: Outlet Analytics\. It takes section=analytics,/);
    expect((await added('pause #1')).at(-1)).toBe(`Channel #1 (${world.channel.id}) paused: it gets no new items until /channels resume 1.`);

    const [list] = await world.command(editor(), 'channels');
    expect(list?.text).toContain('Channels (4)');
    expect(list?.text).toContain(`#1 ${world.channel.id} ${world.channel.id} (CHANNEL_ID)\n⏸ paused · takes: everything`);
    expect(list?.text).toContain(`#2 Outlet English ${english.id}\n🟢 active · takes: lang=en\n`);
    expect(list?.text).toContain(`#4 Outlet Analytics ${analytics.id}\n🟢 active · takes: section=analytics\n`);
  });

  it('each item lands in exactly the channels its rule picks, in publication order', async () => {
    // The Russian feed is polled after the English one but has the oldest story and one in between.
    world.feeds.setFeed('/en.xml', {
      title: 'Outlet (English)',
      language: 'en',
      items: [en('EN-1', 'Pipeline deal signed in Baku', 40), en('EN-2', 'What the pipeline deal means for the region', 10, ['Analytics'])],
    });
    world.feeds.setFeed('/ru.xml', {
      title: 'Outlet (Русский)',
      language: 'ru',
      items: [ru('RU-1', 'В Баку подписано соглашение о трубопроводе', 50), ru('RU-2', 'Что соглашение о трубопроводе значит для региона', 20, ['Аналитика'])],
    });
    await pollNow();

    expect(stories(english)).toEqual(['EN-1', 'EN-2']);
    expect(stories(russian)).toEqual(['RU-1', 'RU-2']);
    expect(stories(analytics)).toEqual(['RU-2', 'EN-2']);
    // Paused: nothing new reached the CHANNEL_ID channel.
    expect(world.api.sentTo(world.channel.id)).toEqual([]);
    // Each post carries its follow button and hashtags, as a single channel's did.
    const post = world.api.sentTo(analytics.id)[1]!;
    expect(JSON.stringify(post.reply_markup)).toMatch(/t\.me\/.+\?start=/);
    expect(post.text ?? post.caption).toMatch(/#\w+/);
  });

  it('a correction edits the post in every channel that has it, and only there', async () => {
    world.feeds.setFeed('/en.xml', {
      title: 'Outlet (English)',
      language: 'en',
      items: [en('EN-1', 'Pipeline deal signed in Baku', 40), en('EN-2', 'What the pipeline deal really means for the region', 10, ['Analytics'])],
    });
    await pollNow();
    for (const chat of [english, analytics]) {
      const post = world.api.sentTo(chat.id).find((m) => (m.text ?? m.caption ?? '').includes('EN-2'))!;
      expect(post.text ?? post.caption, chat.title).toContain('really means');
      expect(post.edits, chat.title).toHaveLength(1);
    }
    expect(stories(english)).toEqual(['EN-1', 'EN-2']);
    expect(stories(analytics)).toEqual(['RU-2', 'EN-2']);
    expect(world.api.sentTo(russian.id).every((m) => m.edits.length === 0)).toBe(true);
  });

  it('a channel paused later gets nothing new; resumed, it gets what comes after', async () => {
    await world.command(editor(), 'channels', { args: 'pause @outlet_ru' });
    world.feeds.addItem('/ru.xml', ru('RU-3', 'Новые переговоры о границе', 1));
    await pollNow();
    expect(stories(russian)).toEqual(['RU-1', 'RU-2']);

    await world.command(editor(), 'channels', { args: 'resume 3' });
    world.feeds.addItem('/ru.xml', ru('RU-4', 'Переговоры о границе продолжатся', 0));
    await pollNow();
    expect(stories(russian)).toEqual(['RU-1', 'RU-2', 'RU-4']);
  });

  it('a channel removed with posts still waiting: those are not sent, the other channels get theirs', async () => {
    world.feeds.addItem('/en.xml', en('EN-3', 'Energy ministers meet in Baku', 0, ['Analytics']));
    await makeAllFeedsDue(world.db, world.clock.now());
    await world.poll();
    const [removed] = await world.command(editor(), 'channels', { args: 'remove 2' });
    expect(removed?.text).toBe('Channel #2 (Outlet English) removed; 1 post waiting for it will not be sent. What it already shows stays there.');
    await world.drain();
    expect(stories(english)).toEqual(['EN-1', 'EN-2']);
    expect(stories(analytics)).toEqual(['RU-2', 'EN-2', 'EN-3']);
    const skipped = await world.db.selectFrom('deliveries').select(['status', 'last_error']).where('chat_id', '=', String(english.id)).where('status', '=', 'skipped').execute();
    expect(skipped).toEqual([{ status: 'skipped', last_error: 'channel removed by an editor' }]);
  });

  it('every change is in the audit log, by the editor', async () => {
    const rows = await world.db.selectFrom('audit_log').select(['actor_id', 'action', 'details']).where('action', 'like', 'channel%').orderBy('id').execute();
    expect(rows.map((r) => r.action)).toEqual(['channel.add', 'channel.add', 'channel.add', 'channel.pause', 'channels.view', 'channel.pause', 'channel.resume', 'channel.remove']);
    expect(rows.every((r) => r.actor_id === editor())).toBe(true);
    expect(rows[0]!.details).toMatchObject({ channelId: 2, chatId: String(english.id), rule: { languages: ['en'], sections: [], topics: [], regions: [] } });
  });
});
