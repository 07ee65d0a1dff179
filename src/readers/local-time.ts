/** Wall-clock arithmetic in a reader's time zone, with no library beyond Intl. */

export interface LocalClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** Minutes after local midnight. */
  minuteOfDay: number;
  /** YYYY-MM-DD, the local calendar day. */
  date: string;
}

export function localClock(at: Date, timeZone: string): LocalClock {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? '0');
  const year = get('year');
  const month = get('month');
  const day = get('day');
  const hour = get('hour');
  const minute = get('minute');
  return {
    year,
    month,
    day,
    hour,
    minute,
    minuteOfDay: hour * 60 + minute,
    date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  };
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export function formatMinutes(minuteOfDay: number): string {
  return `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;
}

export function formatHour(hour: number): string {
  return formatMinutes(hour * 60);
}

/** Quiet hours may wrap midnight (22:00–07:00); start == end is never stored. SQL twin: inQuietHours in stores/reader-rules.ts. */
export function inQuietHours(at: Date, timeZone: string, start: number | null, end: number | null): boolean {
  if (start === null || end === null || start === end) return false;
  const m = localClock(at, timeZone).minuteOfDay;
  return start < end ? m >= start && m < end : m >= start || m < end;
}

/** Fixed offsets that are not whole hours, each mapped to a zone that keeps it all year. */
const FRACTIONAL_OFFSETS: Record<string, string> = {
  '+3:30': 'Asia/Tehran',
  '+4:30': 'Asia/Kabul',
  '+5:30': 'Asia/Kolkata',
  '+5:45': 'Asia/Kathmandu',
  '+6:30': 'Asia/Yangon',
  '+9:30': 'Australia/Darwin',
  '-9:30': 'Pacific/Marquesas',
};

/** A handful of Russian city names readers are likely to type; other cities by their English name. */
const RUSSIAN_CITIES: Record<string, string> = {
  баку: 'Asia/Baku',
  москва: 'Europe/Moscow',
  тбилиси: 'Asia/Tbilisi',
  ереван: 'Asia/Yerevan',
  алматы: 'Asia/Almaty',
  астана: 'Asia/Almaty',
  ташкент: 'Asia/Tashkent',
  бишкек: 'Asia/Bishkek',
  душанбе: 'Asia/Dushanbe',
  ашхабад: 'Asia/Ashgabat',
  стамбул: 'Europe/Istanbul',
  анкара: 'Europe/Istanbul',
  тегеран: 'Asia/Tehran',
  киев: 'Europe/Kyiv',
  минск: 'Europe/Minsk',
  лондон: 'Europe/London',
  берлин: 'Europe/Berlin',
  париж: 'Europe/Paris',
  'нью-йорк': 'America/New_York',
  пекин: 'Asia/Shanghai',
  дубай: 'Asia/Dubai',
};

/**
 * Reads a time zone as a reader types it: an IANA name (Asia/Baku), a city (Baku, New York,
 * Москва) or a UTC offset (+4, UTC-5, GMT+05:30). Returns an IANA name, or null.
 */
export function parseTimeZone(input: string): string | null {
  const text = input.trim();
  if (text.length === 0 || text.length > 64) return null;
  const offset = /^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$/i.exec(text);
  if (offset) {
    const sign = offset[1] as '+' | '-';
    const hours = Number(offset[2]);
    const minutes = Number(offset[3] ?? '0');
    if (minutes === 0) {
      if (hours > 14 || (sign === '-' && hours > 12)) return null;
      if (hours === 0) return 'UTC';
      // Etc/GMT names have the sign inverted (POSIX): UTC+4 is Etc/GMT-4.
      return `Etc/GMT${sign === '+' ? '-' : '+'}${hours}`;
    }
    return FRACTIONAL_OFFSETS[`${sign}${hours}:${String(minutes).padStart(2, '0')}`] ?? null;
  }
  if (/^(utc|gmt|z)$/i.test(text)) return 'UTC';
  const russian = RUSSIAN_CITIES[text.toLowerCase()];
  if (russian) return russian;
  const zones = Intl.supportedValuesOf('timeZone');
  const exact = zones.find((z) => z.toLowerCase() === text.toLowerCase());
  if (exact) return exact;
  const city = text.toLowerCase().replace(/\s+/g, '_');
  const byCity = zones.find((z) => z.toLowerCase().split('/').pop() === city);
  if (byCity) return byCity;
  // Zones missing from Intl's canonical list but known to the runtime (e.g. Europe/Kiev).
  if (text.includes('/') && isValidTimeZone(text)) return text;
  return null;
}

/** Reads "22:00-07:00", "22-7" or "22.30–6.45"; start and end must differ. */
export function parseQuietHours(input: string): { start: number; end: number } | null {
  const match = /^(\d{1,2})(?:[:.](\d{2}))?\s*[-–—]\s*(\d{1,2})(?:[:.](\d{2}))?$/.exec(input.trim());
  if (!match) return null;
  const start = toMinutes(match[1], match[2]);
  const end = toMinutes(match[3], match[4]);
  if (start === null || end === null || start === end) return null;
  return { start, end };
}

function toMinutes(hours: string | undefined, minutes: string | undefined): number | null {
  const h = Number(hours);
  const m = Number(minutes ?? '0');
  if (!Number.isInteger(h) || !Number.isInteger(m) || h > 23 || m > 59) return null;
  return h * 60 + m;
}
