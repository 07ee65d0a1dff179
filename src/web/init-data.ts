import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Telegram Mini App initData, checked as Telegram specifies
 * (core.telegram.org/bots/webapps, "Validating data received via the Mini App"):
 *
 *   secret_key        = HMAC-SHA256(key = "WebAppData", message = bot token)
 *   data_check_string = every field but `hash`, as key=value, sorted by key, joined by "\n"
 *   hash              = hex(HMAC-SHA256(key = secret_key, message = data_check_string))
 *
 * The user is taken only from the signed `user` field; nothing a request says beside it counts.
 */

/** initData older than this is refused (Telegram's own libraries default to a day too). */
export const INIT_DATA_MAX_AGE_SECONDS = 24 * 3600;
/** A clock a little ahead of ours is tolerated; initData "from the future" beyond this is refused. */
const FUTURE_SKEW_SECONDS = 300;
/** initData is a short query string; anything longer is not Telegram's. */
const MAX_INIT_DATA_LENGTH = 8192;

export interface WebAppUser {
  id: number;
  firstName: string;
  lastName: string | null;
  username: string | null;
  languageCode: string | null;
}

export type InitDataProblem = 'missing' | 'malformed' | 'bad-signature' | 'expired' | 'no-user';

export type InitDataCheck = { ok: true; user: WebAppUser; authDate: Date } | { ok: false; problem: InitDataProblem };

/** The key initData is signed with: derived from the bot token (or, for the local demo, from a random secret). */
export function initDataKey(botToken: string): Buffer {
  return createHmac('sha256', 'WebAppData').update(botToken).digest();
}

function dataCheckString(fields: [string, string][]): string {
  return fields
    .filter(([key]) => key !== 'hash')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
}

/** Checks the signature, the age and the user of one initData string. */
export function verifyInitData(initData: string | null | undefined, key: Buffer, now: Date, maxAgeSeconds = INIT_DATA_MAX_AGE_SECONDS): InitDataCheck {
  if (!initData) return { ok: false, problem: 'missing' };
  if (initData.length > MAX_INIT_DATA_LENGTH) return { ok: false, problem: 'malformed' };
  let fields: [string, string][];
  try {
    fields = [...new URLSearchParams(initData).entries()];
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  // A field given twice could be read one way by the signature and another by us: refused.
  const keys = new Set(fields.map(([k]) => k));
  if (keys.size !== fields.length) return { ok: false, problem: 'malformed' };
  const hash = fields.find(([k]) => k === 'hash')?.[1];
  if (!hash || !/^[0-9a-f]{64}$/.test(hash)) return { ok: false, problem: 'bad-signature' };
  const expected = createHmac('sha256', key).update(dataCheckString(fields)).digest();
  if (!timingSafeEqual(expected, Buffer.from(hash, 'hex'))) return { ok: false, problem: 'bad-signature' };

  const authDateText = fields.find(([k]) => k === 'auth_date')?.[1] ?? '';
  if (!/^\d{1,12}$/.test(authDateText)) return { ok: false, problem: 'malformed' };
  const authSeconds = Number(authDateText);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (nowSeconds - authSeconds > maxAgeSeconds || authSeconds - nowSeconds > FUTURE_SKEW_SECONDS) return { ok: false, problem: 'expired' };

  const userText = fields.find(([k]) => k === 'user')?.[1];
  if (!userText) return { ok: false, problem: 'no-user' };
  const user = parseUser(userText);
  if (!user) return { ok: false, problem: 'no-user' };
  return { ok: true, user, authDate: new Date(authSeconds * 1000) };
}

function parseUser(text: string): WebAppUser | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (raw === null || typeof raw !== 'object') return null;
  const u = raw as Record<string, unknown>;
  if (typeof u.id !== 'number' || !Number.isSafeInteger(u.id) || u.id <= 0) return null;
  const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 256) : null);
  return { id: u.id, firstName: str(u.first_name) ?? '', lastName: str(u.last_name), username: str(u.username), languageCode: str(u.language_code) };
}

export interface SignableUser {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

/**
 * Signs initData as Telegram would: for the local demo (a random key per start) and for tests
 * (the bot token). Fields beyond user and auth_date (query_id, chat_type, …) may be added.
 */
export function signInitData(key: Buffer, user: SignableUser, authDate: Date, extra: Record<string, string> = {}): string {
  const fields: [string, string][] = [
    ['auth_date', String(Math.floor(authDate.getTime() / 1000))],
    ['user', JSON.stringify(user)],
    ...Object.entries(extra),
  ];
  const hash = createHmac('sha256', key).update(dataCheckString(fields)).digest('hex');
  const params = new URLSearchParams(fields);
  params.set('hash', hash);
  return params.toString();
}
