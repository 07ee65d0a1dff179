import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src/i18n/index.js';
import { MESSAGE_LIMIT } from '../../src/delivery/item-list.js';
import { digestDue, digestMessages, runDigests } from '../../src/jobs/digests.js';
import { fanOutItems } from '../../src/stores/fan-out.js';
import { startAppWorld, type AppWorld } from '../helpers/app-world.js';
import { storeClassified } from './support/items.js';
import { seedReader } from './support/readers.js';

// The whole Herald in-process; the test runs the digest job and the send-out itself.
let world: AppWorld;

beforeAll(async () => {
  world = await startAppWorld({ sender: false });
  await world.start();
});
afterAll(async () => {
  await world?.close();
});

const digestDeps = () => ({ db: world.db, logger: world.logger, now: world.clock.now });

async function rowsFor(chatId: number) {
  return world.db.selectFrom('deliveries').selectAll().where('chat_id', '=', String(chatId)).orderBy('id').execute();
}

describe('daily digests', () => {
  it('each reader gets one digest during their own local digest hour, across time zones, grouped by section', async () => {
    const { api, db, clock } = world;
    const baku = api.addUser();
    const newYork = api.addUser();
    await seedReader(db, baku.id, { mode: 'digest', digestHour: 8, timeZone: 'Asia/Baku' });
    await seedReader(db, newYork.id, { mode: 'digest', digestHour: 8, timeZone: 'America/New_York' });

    clock.set('2026-11-28T01:00:00Z');
    const ids = await storeClassified(
      db,
      [
        { title: 'Pipeline deal signed', section: 'news', topics: ['energy'] },
        { title: 'Why the corridor matters', section: 'analytics', topics: ['energy'] },
        { title: 'Talks in Astana', section: 'news', topics: ['security-defence'] },
      ],
      clock.now(),
    );
    await fanOutItems(db, ids, clock.now());
    expect((await rowsFor(baku.id)).map((r) => [r.kind, r.status])).toEqual([
      ['digest', 'held'],
      ['digest', 'held'],
      ['digest', 'held'],
    ]);

    // 07:30 in Baku, 22:30 the day before in New York: nobody's hour yet.
    clock.set('2026-11-28T03:30:00Z');
    expect((await runDigests(digestDeps())).digests).toBe(0);

    // 08:05 in Baku.
    clock.set('2026-11-28T04:05:00Z');
    expect(await runDigests(digestDeps())).toEqual({ digests: 1, messages: 1, items: 3 });
    // Once per local day: a later run in the same hour does nothing.
    clock.set('2026-11-28T04:40:00Z');
    expect((await runDigests(digestDeps())).digests).toBe(0);

    // 08:10 in New York.
    clock.set('2026-11-28T13:10:00Z');
    expect(await runDigests(digestDeps())).toEqual({ digests: 1, messages: 1, items: 3 });

    await world.drain();
    const [bakuDigest, ...bakuMore] = api.sentTo(baku.id);
    expect(bakuMore).toEqual([]);
    expect(bakuDigest?.text).toBe(
      [
        '🗞 Your digest for 2026-11-28',
        '',
        '📰 News',
        '• Pipeline deal signed',
        '• Talks in Astana',
        '',
        '📊 Analytics',
        '• Why the corridor matters',
      ].join('\n'),
    );
    const links = (bakuDigest?.entities ?? []).filter((e) => e.type === 'text_link').map((e) => (e as { url: string }).url);
    expect(links).toHaveLength(3);
    expect(links.every((u) => u.startsWith('https://outlet.example/'))).toBe(true);
    expect(api.sentTo(newYork.id)).toHaveLength(1);
    // The covered rows are recorded as sent in the digest; nothing is left waiting.
    const rows = await rowsFor(baku.id);
    expect(rows.filter((r) => r.item_id !== null).every((r) => r.status === 'sent' && r.sent_as === 'digest')).toBe(true);
    expect(rows.filter((r) => r.item_id === null).map((r) => [r.kind, r.status])).toEqual([['digest', 'sent']]);
  });

  it('never repeats what a reader already got instantly before switching to the digest', async () => {
    const { api, db, clock } = world;
    const reader = api.addUser();
    await seedReader(db, reader.id, { timeZone: 'UTC', digestHour: 18 });
    clock.set('2026-11-28T09:00:00Z');
    const [morning] = await storeClassified(db, [{ title: 'Morning story' }], clock.now());
    await fanOutItems(db, [morning!], clock.now());
    await world.drain();
    expect(api.sentTo(reader.id).map((m) => m.text?.includes('Morning story'))).toEqual([true]);

    // The reader switches to the digest in /settings.
    const [settings] = await world.command(reader.id, 'settings');
    await world.press(reader.id, settings!, { text: '🗞 Daily digest' });
    clock.set('2026-11-28T12:00:00Z');
    const [noon] = await storeClassified(db, [{ title: 'Noon story' }], clock.now());
    // A repeated fan-out of the morning item must not put it in the digest either.
    await fanOutItems(db, [morning!, noon!], clock.now());

    clock.set('2026-11-28T18:00:00Z');
    expect(await runDigests(digestDeps())).toEqual({ digests: 1, messages: 1, items: 1 });
    await world.drain();
    const digest = api.sentTo(reader.id).at(-1);
    expect(digest?.text).toContain('Noon story');
    expect(digest?.text).not.toContain('Morning story');
  });

  it('splits a long digest at Telegram’s limit, every item exactly once', () => {
    const t = catalog('en');
    const items = Array.from({ length: 150 }, (_, i) => ({
      deliveryId: i,
      itemId: i,
      title: `Story ${i} ${'x'.repeat(80)} <&>`,
      url: `https://outlet.example/${i}?a=1&b="2"`,
      section: i % 3 === 0 ? 'analytics' : 'news',
      publishedAt: new Date(),
    }));
    const parts = digestMessages(t, items, '2026-11-28');
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
    expect(parts[1]).toMatch(/^🗞 <b>Digest, continued<\/b>/);
    const joined = parts.join('\n');
    for (let i = 0; i < 150; i++) expect(joined.split(`>Story ${i} `).length - 1, `story ${i}`).toBe(1);
    expect(joined).not.toContain('<&>');
  });

  it('is due only in the reader’s local digest hour, once per local day', () => {
    const reader = { timeZone: 'Asia/Tashkent', digestHour: 7, lastDigestAt: null };
    expect(digestDue(reader, new Date('2026-11-28T02:10:00Z'))).toBe(true); // 07:10 in Tashkent
    expect(digestDue(reader, new Date('2026-11-28T03:10:00Z'))).toBe(false); // 08:10
    expect(digestDue({ ...reader, lastDigestAt: new Date('2026-11-28T02:05:00Z') }, new Date('2026-11-28T02:50:00Z'))).toBe(false);
    expect(digestDue({ ...reader, lastDigestAt: new Date('2026-11-27T02:05:00Z') }, new Date('2026-11-28T02:50:00Z'))).toBe(true);
  });
});
