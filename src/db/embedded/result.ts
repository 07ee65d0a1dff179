/** Expected failures of the embedded server are values: one line a person can act on. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

export const succeed = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The error's code (ENOENT, EACCES, …) when it has one. */
export function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * `task`'s value, or `fallback` when it fails with one of the codes the caller expects and has
 * an answer for (a file that is not there yet: ENOENT). Any other failure (permissions, I/O, a
 * directory where a file should be) is thrown on, to be reported where the start-up is.
 */
export async function onCode<T, F>(task: Promise<T>, codes: string | readonly string[], fallback: F): Promise<T | F> {
  try {
    return await task;
  } catch (error) {
    const code = codeOf(error);
    if (code !== undefined && (typeof codes === 'string' ? code === codes : codes.includes(code))) return fallback;
    throw error;
  }
}
