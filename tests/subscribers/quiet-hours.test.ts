import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseQuietHours } from '../../src/jobs/quiet-hours.js';
import { fanOutItems } from '../../src/stores/fan-out.js';
import { storeClassified } from './support/items.js';
import { seedReader } from './support/readers.js';
import { startWorld, type World } from './support/world.js';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

const deps = () => ({ db: world.db, logger: world.logger, now: world.clock.now });
const QUIET = { start: 22 * 60, end: 7 * 60 };

describe('quiet hours', () => {
  it('holds private messages during the reader’s local quiet hours and sends them, oldest first, when they end', async () => {
    const { api, db, clock } = world;
    const sleeper = api.addUser();
    const awake = api.addUser();
    await seedReader(db, sleeper.id, { timeZone: 'Asia/Baku', quiet: QUIET });
    await seedReader(db, awake.id, { timeZone: 'Europe/London', quiet: QUIET });

    // 23:00 in Baku (quiet), 19:00 in London (not quiet).
    clock.set('2026-11-28T19:00:00Z');
    const ids = await storeClassified(db, [{ title: 'First at night' }, { title: 'Second at night' }], clock.now());
    await fanOutItems(db, ids, clock.now());
    await world.drain();
    expect(api.sentTo(sleeper.id)).toEqual([]);
    expect(api.sentTo(awake.id)).toHaveLength(2);

    // 06:00 in Baku: still quiet.
    clock.set('2026-11-29T02:00:00Z');
    expect(await releaseQuietHours(deps())).toEqual({ released: 0, collapsed: 0, cancelled: 0 });

    // 07:01 in Baku: released and sent, oldest first.
    clock.set('2026-11-29T03:01:00Z');
    expect(await releaseQuietHours(deps())).toEqual({ released: 2, collapsed: 0, cancelled: 0 });
    await world.drain();
    expect(api.sentTo(sleeper.id).map((m) => m.text?.split('\n').find((l) => l.includes('at night')))).toEqual(['First at night', 'Second at night']);
    // A second run finds nothing left.
    expect(await releaseQuietHours(deps())).toEqual({ released: 0, collapsed: 0, cancelled: 0 });
  });

  it('collapses more than three waiting messages into one', async () => {
    const { api, db, clock } = world;
    const reader = api.addUser();
    await seedReader(db, reader.id, { timeZone: 'Asia/Almaty', quiet: QUIET });
    // 23:30 in Almaty (UTC+5).
    clock.set('2026-11-28T18:30:00Z');
    const titles = ['One', 'Two', 'Three', 'Four', 'Five'].map((w) => `Night story ${w}`);
    const ids = await storeClassified(db, titles.map((title) => ({ title })), clock.now());
    await fanOutItems(db, ids, clock.now());
    // 07:00 in Almaty.
    clock.set('2026-11-29T02:00:00Z');
    expect(await releaseQuietHours(deps())).toEqual({ released: 0, collapsed: 5, cancelled: 0 });
    await world.drain();
    const sent = api.sentTo(reader.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toBe(['🌙 5 stories arrived during your quiet hours', ...titles.map((t) => `• ${t}`)].join('\n'));
  });

  it('a reader who stops during quiet hours gets nothing when they end', async () => {
    const { api, db, clock } = world;
    const reader = api.addUser();
    await seedReader(db, reader.id, { timeZone: 'UTC', quiet: QUIET });
    clock.set('2026-11-28T23:00:00Z');
    const ids = await storeClassified(db, [{ title: 'Late story' }], clock.now());
    await fanOutItems(db, ids, clock.now());
    const [question] = await world.command(reader.id, 'stop');
    await world.press(reader.id, question!, { text: 'Yes, stop' });
    clock.set('2026-11-29T07:30:00Z');
    await releaseQuietHours(deps());
    await world.drain();
    expect(api.sentTo(reader.id).map((m) => m.text)).toEqual([expect.stringContaining('Stopped')]);
    const rows = await db.selectFrom('deliveries').select('status').where('chat_id', '=', String(reader.id)).execute();
    expect(rows.map((r) => r.status)).toEqual(['cancelled']);
  });
});
