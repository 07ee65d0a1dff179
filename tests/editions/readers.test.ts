/**
 * Readers' languages and two editions of one story (issue #17): an English and a Russian
 * feed; readers of English only, Russian only and both each get exactly their items, and a
 * story the feeds link across languages (an hreflang alternate, or the same article number)
 * reaches a bilingual reader once, in their first language, even when the other edition came
 * first. An item whose language cannot be told, from a feed that states none, goes to every
 * reader, and the log says so once for that feed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAllFeedsDue } from '../../src/stores/feeds.js';
import { startAppWorld, type AppWorld } from '../helpers/app-world.js';
import { createLogger } from '../../src/logger.js';
import { captureLog } from '../helpers/log-capture.js';
import { seedReader } from '../subscribers/support/readers.js';

describe('readers get the languages they read, and a story once', () => {
  let world: AppWorld;
  const log = captureLog();
  const readers: Record<string, number> = {};
  const pollNow = async () => {
    await makeAllFeedsDue(world.db, world.clock.now());
    const reports = await world.poll();
    expect(reports.map((r) => r.outcome)).not.toContain('failed');
    await world.drain();
  };
  const minutesAgo = (minutes: number) => new Date(world.clock.ms() - minutes * 60_000);
  /** The stories a reader was sent privately, by the mark in each post, sorted (private sends keep no order across feeds). */
  const received = (name: string) => world.api.sentTo(readers[name]!).map((m) => /\b(EN|RU|XX)-\d\b/.exec(m.text ?? m.caption ?? '')?.[0] ?? '?').sort();

  const item = (lang: 'en' | 'ru', id: string, title: string, minutes: number, extra: { guid?: string; alternate?: string } = {}) => ({
    guid: extra.guid ?? `${lang}-${id}`,
    title: `${id}: ${title}`,
    link: `https://outlet.example/${lang}/${id.toLowerCase()}`,
    description:
      lang === 'en'
        ? `The government said on Monday that the talks with the neighbours will go on next week.`
        : `Правительство заявило в понедельник, что переговоры с соседями продолжатся на следующей неделе.`,
    pubDate: minutesAgo(minutes),
    ...(extra.alternate ? { extraXml: `<atom:link rel="alternate" hreflang="${lang === 'en' ? 'ru' : 'en'}" href="${extra.alternate}"/>` } : {}),
  });

  beforeAll(async () => {
    world = await startAppWorld({ sender: false, editor: false, feeds: ['/en.xml', '/ru.xml', '/both.xml', '/mixed.xml'], env: { FIRST_RUN_POSTS: '10' }, logger: createLogger({ level: 'warn', destination: log.destination }) });
    for (const [name, patch] of Object.entries({
      'English only': { language: 'en' },
      'Russian only': { language: 'ru' },
      'both, English first': { language: 'en', itemLanguages: ['en', 'ru'] },
      'both, Russian interface': { language: 'ru', itemLanguages: ['en', 'ru'] },
    })) {
      const user = world.api.addUser({ first_name: name, language_code: patch.language });
      readers[name] = user.id;
      await seedReader(world.db, user.id, patch);
    }
    // The bot answers /latest; polls and sends stay in the test's hands (pollNow, drain).
    await world.start();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('each reader gets exactly the items in their languages; a linked story once', async () => {
    world.feeds.setFeed('/en.xml', {
      title: 'Outlet (English)',
      language: 'en',
      items: [
        // Linked by an hreflang alternate to its Russian edition.
        item('en', 'EN-1', 'Pipeline deal signed in Baku', 40, { alternate: 'https://outlet.example/ru/ru-1' }),
        item('en', 'EN-2', 'Border commission meets in Gabala', 30),
        // Linked by the outlet's article number, the same in both feeds' guids.
        item('en', 'EN-3', 'New airport opens in Lachin district', 20, { guid: 'https://outlet.example/en/news/50123' }),
      ],
    });
    await pollNow();
    world.feeds.setFeed('/ru.xml', {
      title: 'Outlet (Русский)',
      language: 'ru',
      items: [
        item('ru', 'RU-1', 'В Баку подписано соглашение о трубопроводе', 41),
        item('ru', 'RU-2', 'В Тбилиси прошла акция протеста', 35),
        item('ru', 'RU-3', 'В Лачинском районе открылся новый аэропорт', 21, { guid: 'https://outlet.example/ru/news/50123' }),
      ],
    });
    await pollNow();

    expect(received('English only')).toEqual(['EN-1', 'EN-2', 'EN-3']);
    expect(received('Russian only')).toEqual(['RU-1', 'RU-2', 'RU-3']);
    // The two linked stories once each: the English editions came first and were sent; the unlinked Russian story too.
    expect(received('both, English first')).toEqual(['EN-1', 'EN-2', 'EN-3', 'RU-2']);
    expect(received('both, Russian interface')).toEqual(['EN-1', 'EN-2', 'EN-3', 'RU-2']);
  });

  it('both editions arriving together: each bilingual reader gets the one in their first language', async () => {
    // One feed carrying both languages and stating none: each item's language is told from its text.
    world.feeds.setFeed('/both.xml', {
      title: 'Outlet',
      items: [
        item('en', 'EN-5', 'Azerbaijan and Georgia sign a new railway agreement', 4, { alternate: 'https://outlet.example/ru/ru-5' }),
        item('ru', 'RU-5', 'Азербайджан и Грузия подписали новое соглашение о железной дороге', 4),
      ],
    });
    await pollNow();
    const fives = (name: string) => received(name).filter((s) => s.endsWith('-5'));
    expect(fives('English only')).toEqual(['EN-5']);
    expect(fives('Russian only')).toEqual(['RU-5']);
    expect(fives('both, English first')).toEqual(['EN-5']);
    expect(fives('both, Russian interface')).toEqual(['RU-5']);
  });

  it('an edition arriving after the other was sent is not sent again', async () => {
    // The Russian edition comes first and is sent; its English edition, which the bilingual English reader prefers, comes later.
    world.feeds.addItem('/ru.xml', item('ru', 'RU-4', 'Переговоры о границе возобновились', 5));
    await pollNow();
    expect(received('both, English first')).toContain('RU-4');
    expect(received('both, Russian interface')).toContain('RU-4');
    world.feeds.addItem('/en.xml', item('en', 'EN-4', 'Border talks resume', 2, { alternate: 'https://outlet.example/ru/ru-4' }));
    await pollNow();
    expect(received('both, English first').filter((s) => s.endsWith('-4'))).toEqual(['RU-4']);
    expect(received('both, Russian interface').filter((s) => s.endsWith('-4'))).toEqual(['RU-4']);
    expect(received('English only')).toContain('EN-4');
    expect(received('Russian only')).toContain('RU-4');
  });

  it('an item whose language cannot be told, from a feed that states none, reaches every reader; the log says so once', async () => {
    world.feeds.setFeed('/mixed.xml', {
      title: 'Outlet photos',
      items: [
        { guid: 'x-1', title: 'XX-1: 2026', link: 'https://outlet.example/photo/1', pubDate: minutesAgo(3) },
        { guid: 'x-2', title: 'XX-2: 2027', link: 'https://outlet.example/photo/2', pubDate: minutesAgo(1) },
      ],
    });
    await pollNow();
    for (const name of Object.keys(readers)) expect(received(name), name).toEqual(expect.arrayContaining(['XX-1', 'XX-2']));
    const said = log.lines().filter((line) => String(line.msg).startsWith('item language not told'));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ feed: world.feeds.url('/mixed.xml') });
  });
  it('/latest follows the same rule: a reader of one language gets theirs; a bilingual reader each story once, in their first language', async () => {
    const ask = async (name: string, patch: { language: string; itemLanguages?: string[] }) => {
      const user = world.api.addUser({ first_name: name, language_code: patch.language });
      readers[name] = user.id;
      await seedReader(world.db, user.id, patch);
      await world.command(user.id, 'latest', { args: '20' });
      await world.drain();
      return received(name);
    };
    expect(await ask('late, Russian only', { language: 'ru' })).toEqual(['RU-1', 'RU-2', 'RU-3', 'RU-4', 'RU-5', 'XX-1', 'XX-2']);
    // Every linked story is listed once, in Russian (the interface language comes first); the English one without a Russian edition too.
    expect(await ask('late, both, Russian interface', { language: 'ru', itemLanguages: ['en', 'ru'] })).toEqual(['EN-2', 'RU-1', 'RU-2', 'RU-3', 'RU-4', 'RU-5', 'XX-1', 'XX-2']);
  });
});
