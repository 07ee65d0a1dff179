import { describe, expect, it } from 'vitest';
import { parseFeedDate } from '../../src/news/parse-date.js';

const BAKU = 'Asia/Baku';
const iso = (text: string, zone = BAKU) => parseFeedDate(text, zone)?.toISOString() ?? null;

describe('parseFeedDate', () => {
  it.each([
    ['Sat, 28 Nov 2026 14:05:00 +0400', '2026-11-28T10:05:00.000Z'],
    ['Sat, 28 Nov 2026 14:05:00 GMT', '2026-11-28T14:05:00.000Z'],
    ['Sat, 28 Nov 2026 09:05:00 EST', '2026-11-28T14:05:00.000Z'],
    ['28 Nov 2026 14:05 +04:00', '2026-11-28T10:05:00.000Z'],
    ['Saturday, 28 November 2026 14:05:00 +0000', '2026-11-28T14:05:00.000Z'],
    ['Mon, 28 Nov 2026 14:05:00 +0400', '2026-11-28T10:05:00.000Z'], // wrong weekday is ignored
    ['Sat, 28 Nov 26 14:05:00 Z', '2026-11-28T14:05:00.000Z'],
    ['2026-11-28T14:05:00Z', '2026-11-28T14:05:00.000Z'],
    ['2026-11-28T14:05:00.250+04:00', '2026-11-28T10:05:00.250Z'],
    ['2026-11-28T14:05:00+0400', '2026-11-28T10:05:00.000Z'],
    ['Nov 28, 2026 14:05:00 GMT', '2026-11-28T14:05:00.000Z'],
  ])('reads %s', (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it('reads a date without a zone in the feed time zone (Asia/Baku is UTC+4)', () => {
    expect(iso('2026-11-28 14:05:00')).toBe('2026-11-28T10:05:00.000Z');
    expect(iso('2026-11-28T14:05')).toBe('2026-11-28T10:05:00.000Z');
    expect(iso('Sat, 28 Nov 2026 14:05:00')).toBe('2026-11-28T10:05:00.000Z');
    expect(iso('28.11.2026 14:05')).toBe('2026-11-28T10:05:00.000Z');
    expect(iso('2026-11-28 14:05:00', 'UTC')).toBe('2026-11-28T14:05:00.000Z');
  });

  it('follows daylight saving in zones that have it', () => {
    expect(iso('2026-07-01 12:00:00', 'Europe/Berlin')).toBe('2026-07-01T10:00:00.000Z');
    expect(iso('2026-01-01 12:00:00', 'Europe/Berlin')).toBe('2026-01-01T11:00:00.000Z');
  });

  it.each([['not a date'], [''], ['31 Feb 2026 10:00:00 GMT'], ['2026-13-01'], ['yesterday'], ['Sat, 28 Foo 2026 10:00:00 GMT'], ['9999999999']])('returns null for %j', (text) => {
    expect(parseFeedDate(text, BAKU)).toBeNull();
  });
});
