import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inQuietHours, parseQuietHours, parseTimeZone } from '../../src/readers/local-time.js';
import { seedReader } from './support/readers.js';
import { flatButtons, startWorld, type World } from './support/world.js';

describe('time zones and quiet hours as readers type them', () => {
  it('reads cities, IANA names and UTC offsets', () => {
    expect(parseTimeZone('Baku')).toBe('Asia/Baku');
    expect(parseTimeZone('new york')).toBe('America/New_York');
    expect(parseTimeZone('Москва')).toBe('Europe/Moscow');
    expect(parseTimeZone('Asia/Almaty')).toBe('Asia/Almaty');
    expect(parseTimeZone('+4')).toBe('Etc/GMT-4');
    expect(parseTimeZone('UTC-5')).toBe('Etc/GMT+5');
    expect(parseTimeZone('GMT+05:30')).toBe('Asia/Kolkata');
    expect(parseTimeZone('0')).toBeNull();
    expect(parseTimeZone('+15')).toBeNull();
    expect(parseTimeZone('Atlantis')).toBeNull();
    expect(parseTimeZone('x'.repeat(500))).toBeNull();
  });

  it('reads quiet hours and applies them in the reader’s zone, across midnight', () => {
    expect(parseQuietHours('22:00-07:00')).toEqual({ start: 1320, end: 420 });
    expect(parseQuietHours('23–6')).toEqual({ start: 1380, end: 360 });
    expect(parseQuietHours('7-7')).toBeNull();
    expect(parseQuietHours('25:00-07:00')).toBeNull();
    // 21:30 UTC is 01:30 in Baku (UTC+4): inside 22:00–07:00 there, outside in London.
    const at = new Date('2026-11-28T21:30:00Z');
    expect(inQuietHours(at, 'Asia/Baku', 1320, 420)).toBe(true);
    expect(inQuietHours(at, 'Europe/London', 1320, 420)).toBe(false);
    expect(inQuietHours(at, 'Asia/Baku', null, null)).toBe(false);
  });
});

describe('/settings and its commands', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => {
    await world.close();
  });

  it('switches delivery mode, digest hour and quiet hours from the menu, redrawing the same message', async () => {
    const reader = world.api.addUser();
    await seedReader(world.db, reader.id, { timeZone: 'Asia/Baku' });
    world.clock.set('2026-11-28T10:00:00Z');
    const [settings] = await world.command(reader.id, 'settings');
    expect(settings?.text).toContain('Time zone: Asia/Baku (your time now: 14:00)');
    expect(flatButtons(settings!)).toContain('✅ ⚡ Instantly');

    await world.press(reader.id, settings!, { text: '🗞 Daily digest' });
    expect((await world.subscriber(reader.id))?.mode).toBe('digest');
    expect(world.current(settings!).text).toContain('Delivery: 🗞 Daily digest');

    await world.press(reader.id, world.current(settings!), { text: 'Digest hour: 08:00 ›' });
    expect(flatButtons(world.current(settings!))).toContain('✅ 08:00');
    await world.press(reader.id, world.current(settings!), { text: '19:00' });
    expect((await world.subscriber(reader.id))?.digestHour).toBe(19);
    expect(world.current(settings!).text).toContain('Digest hour: 19:00');

    await world.press(reader.id, world.current(settings!), { text: 'Quiet hours: off ›' });
    await world.press(reader.id, world.current(settings!), { text: '22:00–07:00' });
    expect(await world.subscriber(reader.id)).toMatchObject({ quietStart: 22 * 60, quietEnd: 7 * 60 });
    expect(world.current(settings!).text).toContain('Quiet hours: 22:00–07:00');
    // Only one message was ever sent for all of this.
    expect(world.api.sentTo(reader.id)).toHaveLength(1);
  });

  it('switches the bot’s language between English and Russian', async () => {
    const reader = world.api.addUser();
    await seedReader(world.db, reader.id);
    const [settings] = await world.command(reader.id, 'settings');
    await world.press(reader.id, settings!, { text: 'Язык: русский' });
    expect((await world.subscriber(reader.id))?.language).toBe('ru');
    expect(world.current(settings!).text).toContain('Настройки');
    const [help] = await world.command(reader.id, 'help');
    expect(help?.text).toContain('присылает новости');
  });

  it('/timezone, /quiet and /digest take typed values and refuse junk without changing anything', async () => {
    const reader = world.api.addUser();
    await seedReader(world.db, reader.id);
    world.clock.set('2026-11-28T10:00:00Z');
    expect((await world.command(reader.id, 'timezone', { args: 'Almaty' }))[0]?.text).toContain('Asia/Almaty');
    expect((await world.command(reader.id, 'timezone', { args: '<b>nowhere</b>' }))[0]?.text).toContain('I do not know the time zone “<b>nowhere</b>”');
    expect((await world.command(reader.id, 'quiet', { args: '23:00-06:30' }))[0]?.text).toContain('23:00–06:30');
    expect((await world.command(reader.id, 'quiet', { args: 'always' }))[0]?.text).toContain('could not read');
    expect((await world.command(reader.id, 'digest', { args: '99' }))[0]?.text).toContain('from 0 to 23');
    expect((await world.command(reader.id, 'digest', { args: '7' }))[0]?.text).toContain('07:00');
    expect(await world.subscriber(reader.id)).toMatchObject({ timeZone: 'Asia/Almaty', quietStart: 23 * 60, quietEnd: 6 * 60 + 30, digestHour: 7, mode: 'digest' });
    expect((await world.command(reader.id, 'quiet', { args: 'off' }))[0]?.text).toContain('off');
    expect(await world.subscriber(reader.id)).toMatchObject({ quietStart: null, quietEnd: null });
  });
});
