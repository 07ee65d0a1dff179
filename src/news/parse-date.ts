/**
 * Reads the dates feeds actually carry: RFC 822 (with or without weekday, 2- or 4-digit
 * years, named or numeric zones, offsets with a colon), ISO 8601 (T or space, with or
 * without zone), and dd.mm.yyyy. A date without a zone is read in the feed's time zone.
 * Returns null for anything else: the caller decides what an unknown date means.
 */
const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, sept: 8, oct: 9, nov: 10, dec: 11,
};

const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  cet: 60, cest: 120, eet: 120, eest: 180, msk: 180, azt: 240, bst: 60,
};

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  /** Minutes east of UTC; null when the text names no zone. */
  offsetMinutes: number | null;
}

export function parseFeedDate(text: string | null | undefined, timeZone: string): Date | null {
  if (typeof text !== 'string') return null;
  const trimmed = text.trim().replace(/\s+/g, ' ');
  if (trimmed === '' || trimmed.length > 100) return null;
  const fields = iso8601(trimmed) ?? rfc822(trimmed) ?? dotted(trimmed);
  if (!fields || !plausible(fields)) return null;
  const wallClock = Date.UTC(fields.year, fields.month, fields.day, fields.hour, fields.minute, fields.second, fields.ms);
  const offset = fields.offsetMinutes ?? zoneOffsetMinutes(wallClock, timeZone);
  const date = new Date(wallClock - offset * 60_000);
  return Number.isNaN(date.getTime()) ? null : date;
}

function iso8601(text: string): Fields | null {
  const m = text.match(/^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)? ?(Z|[+-]\d{2}(?::?\d{2})?)?$/i);
  if (!m) return null;
  return {
    year: Number(m[1]),
    month: Number(m[2]) - 1,
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    ms: m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0,
    offsetMinutes: m[8] ? numericOffset(m[8]) : null,
  };
}

function rfc822(text: string): Fields | null {
  // Weekday (any spelling, possibly wrong) is ignored; "28 Nov 2026" or "Nov 28, 2026".
  const body = text.replace(/^[A-Za-z]{2,9}\.?,? (?=\d{1,2}[ -][A-Za-z])/, '').replace(/^[A-Za-z]{2,9}\.?, (?=[A-Za-z]{3,9}\.? \d)/, '');
  const m =
    body.match(/^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{4}|\d{2})(?:,? (\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?(?: ?([A-Za-z(+-].*))?$/) ??
    null;
  if (m) return rfcFields(m[3]!, m[2]!, m[1]!, m[4], m[5], m[6], m[7]);
  const us = body.match(/^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})(?:,? (\d{1,2}):(\d{2})(?::(\d{2}))?)?(?: ?([A-Za-z(+-].*))?$/);
  if (us) return rfcFields(us[3]!, us[1]!, us[2]!, us[4], us[5], us[6], us[7]);
  return null;
}

function rfcFields(year: string, monthName: string, day: string, hour?: string, minute?: string, second?: string, zone?: string): Fields | null {
  const month = MONTHS[monthName.slice(0, 4).toLowerCase()] ?? MONTHS[monthName.slice(0, 3).toLowerCase()];
  if (month === undefined) return null;
  let offsetMinutes: number | null = null;
  if (zone) {
    const z = zone.trim().replace(/^\(|\)$/g, '');
    if (/^(GMT|UTC|UT)?[+-]\d{1,2}(:?\d{2})?$/i.test(z)) offsetMinutes = numericOffset(z.replace(/^(GMT|UTC|UT)/i, ''));
    else if (ZONES[z.toLowerCase()] !== undefined) offsetMinutes = ZONES[z.toLowerCase()]!;
    // An unknown zone name is read as the feed's own zone rather than rejected.
  }
  let y = Number(year);
  if (year.length === 2) y += y < 50 ? 2000 : 1900;
  return { year: y, month, day: Number(day), hour: Number(hour ?? 0), minute: Number(minute ?? 0), second: Number(second ?? 0), ms: 0, offsetMinutes };
}

function dotted(text: string): Fields | null {
  const m = text.match(/^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,? (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/);
  if (!m) return null;
  return { year: Number(m[3]), month: Number(m[2]) - 1, day: Number(m[1]), hour: Number(m[4] ?? 0), minute: Number(m[5] ?? 0), second: Number(m[6] ?? 0), ms: 0, offsetMinutes: null };
}

function numericOffset(text: string): number {
  if (/^z$/i.test(text)) return 0;
  const m = text.match(/^([+-])(\d{1,2}):?(\d{2})?$/);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

function plausible(f: Fields): boolean {
  if (f.year < 1970 || f.year > 2200 || f.month < 0 || f.month > 11 || f.day < 1 || f.hour > 24 || f.minute > 59 || f.second > 60) return false;
  if (f.offsetMinutes !== null && Math.abs(f.offsetMinutes) > 14 * 60) return false;
  const daysInMonth = new Date(Date.UTC(f.year, f.month + 1, 0)).getUTCDate();
  return f.day <= daysInMonth;
}

/** The zone's offset from UTC (minutes east) at a wall-clock time in that zone. */
export function zoneOffsetMinutes(wallClockAsUtc: number, timeZone: string): number {
  // Two passes settle the offset around a DST change.
  let offset = offsetAt(wallClockAsUtc, timeZone);
  offset = offsetAt(wallClockAsUtc - offset * 60_000, timeZone);
  return offset;
}

function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}
