/** One line of `npm run check`: what was checked and what it found (or what to do about it). */
export interface CheckLine {
  /** pass ✓, fail ✗ (the exit code is non-zero), skip – (not set, or not checkable yet: no failure). */
  status: 'pass' | 'fail' | 'skip';
  /** The setting or part checked: `BOT_TOKEN`, `CHANNEL_ID @news`, `feed https://…`. */
  subject: string;
  /** One sentence: what was found; for a failure, what is wrong and how to fix it. */
  text: string;
}

export const pass = (subject: string, text: string): CheckLine => ({ status: 'pass', subject, text });
export const fail = (subject: string, text: string): CheckLine => ({ status: 'fail', subject, text });
export const skip = (subject: string, text: string): CheckLine => ({ status: 'skip', subject, text });

const MARKS = { pass: '✓', fail: '✗', skip: '–' } as const;
const COLORS = { pass: '\x1b[32m', fail: '\x1b[31m', skip: '\x1b[2m' } as const;

/** `✓ BOT_TOKEN: the bot is @herald_bot (Herald)`, coloured on a terminal; always one line. */
export function formatLine(line: CheckLine, color: boolean): string {
  const text = `${line.subject}: ${line.text}`.replace(/\s*\n\s*/g, ' ');
  return color ? `${COLORS[line.status]}${MARKS[line.status]}\x1b[0m ${text}` : `${MARKS[line.status]} ${text}`;
}

/** The error code a driver or fetch error carries, itself or in its causes (ECONNREFUSED, ENOTFOUND, 28P01 …). */
export function errorCode(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    // AggregateError (several addresses tried): the first one's code.
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      const inner = errorCode(errors[0]);
      if (inner) return inner;
    }
    e = (e as { cause?: unknown; error?: unknown }).cause ?? (e as { error?: unknown }).error;
  }
  return null;
}

/** Codes that mean the other side could not be reached at all, as opposed to answering "no". */
export const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED',
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'CERT_HAS_EXPIRED',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Resolves with the task, or rejects once `ms` have passed (the task runs on; its result is ignored). */
export function within<T>(task: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${Math.round(ms / 1000)} s (${what})`), { code: 'ETIMEDOUT' })), ms);
  });
  task.catch(() => undefined);
  return Promise.race([task, deadline]).finally(() => clearTimeout(timer));
}
