import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkKeyword, containsKeyword, normalizeWords } from '../../src/readers/keyword-rules.js';
import { seedReader } from './support/readers.js';
import { startWorld, type World } from './support/world.js';

describe('keyword rules', () => {
  it('stores keywords as lower-case words and matches whole words only, in English and Russian', () => {
    expect(checkKeyword('  TANAP  ')).toEqual({ ok: true, keyword: 'tanap' });
    expect(checkKeyword('Baku–Tbilisi–Ceyhan')).toEqual({ ok: true, keyword: 'baku tbilisi ceyhan' });
    const text = normalizeWords('Газопровод TANAP: «Нефть» и газ; Baku-Tbilisi-Ceyhan pipeline');
    expect(containsKeyword(text, 'tanap')).toBe(true);
    expect(containsKeyword(text, 'нефть')).toBe(true);
    expect(containsKeyword(text, 'baku tbilisi ceyhan')).toBe(true);
    expect(containsKeyword(text, 'pipe')).toBe(false);
    expect(containsKeyword(text, 'газ')).toBe(true);
    expect(containsKeyword(text, 'газо')).toBe(false);
  });

  it('refuses what is not a plain short word or phrase, with the reason', () => {
    expect(checkKeyword('x'.repeat(41))).toEqual({ ok: false, problem: 'too-long' });
    expect(checkKeyword('x'.repeat(500))).toEqual({ ok: false, problem: 'too-long' });
    expect(checkKeyword('a')).toEqual({ ok: false, problem: 'too-short' });
    expect(checkKeyword('...')).toEqual({ ok: false, problem: 'too-short' });
    expect(checkKeyword('oil\ngas')).toEqual({ ok: false, problem: 'control-characters' });
    expect(checkKeyword('oil\u200bgas')).toEqual({ ok: false, problem: 'control-characters' });
    expect(checkKeyword('<b>oil</b>')).toEqual({ ok: false, problem: 'markup' });
  });
});

describe('/keywords', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => {
    await world.close();
  });

  it('adds, lists, removes and clears keywords', async () => {
    const reader = world.api.addUser();
    await seedReader(world.db, reader.id);
    const [empty] = await world.command(reader.id, 'keywords');
    expect(empty?.text).toContain('no keywords yet');
    expect((await world.command(reader.id, 'keywords', { args: 'add TANAP' }))[0]?.text).toContain('Added “tanap”');
    expect((await world.command(reader.id, 'keywords', { args: 'add Южный газовый коридор' }))[0]?.text).toContain('Added “южный газовый коридор”');
    expect((await world.command(reader.id, 'keywords', { args: 'add tanap' }))[0]?.text).toContain('already follow');
    const [list] = await world.command(reader.id, 'keywords');
    expect(list?.text).toContain('• tanap');
    expect(list?.text).toContain('• южный газовый коридор');
    expect((await world.command(reader.id, 'keywords', { args: 'remove TANAP' }))[0]?.text).toContain('Removed');
    expect((await world.command(reader.id, 'keywords', { args: 'remove tanap' }))[0]?.text).toContain('is not one of your keywords');
    expect((await world.subscriber(reader.id))?.keywords).toEqual(['южный газовый коридор']);
    expect((await world.command(reader.id, 'keywords', { args: 'clear' }))[0]?.text).toContain('removed');
    expect((await world.subscriber(reader.id))?.keywords).toEqual([]);
  });

  it('refuses junk with a clear reason and changes nothing', async () => {
    const reader = world.api.addUser();
    await seedReader(world.db, reader.id, { keywords: ['oil'] });
    const cases: [string, string][] = [
      [`add ${'y'.repeat(500)}`, 'too long'],
      ['add <script>alert(1)</script>', 'not allowed'],
      ['add a', 'at least two'],
      ['add oil\u0000gas', 'control characters'],
      ['add', 'at least two'],
      ['frobnicate tanap', '/keywords add'],
    ];
    for (const [args, reason] of cases) {
      const [reply] = await world.command(reader.id, 'keywords', { args });
      expect(reply?.text, args).toContain(reason);
    }
    expect((await world.subscriber(reader.id))?.keywords).toEqual(['oil']);
  });

  it('holds at most 20 keywords', async () => {
    const reader = world.api.addUser();
    await seedReader(world.db, reader.id, { keywords: Array.from({ length: 19 }, (_, i) => `word${i}`) });
    expect((await world.command(reader.id, 'keywords', { args: 'add twentieth' }))[0]?.text).toContain('Added');
    const [refused] = await world.command(reader.id, 'keywords', { args: 'add one more' });
    expect(refused?.text).toContain('20 keywords');
    expect((await world.subscriber(reader.id))?.keywords).toHaveLength(20);
  });
});
