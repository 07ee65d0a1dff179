/** Expected failures of the embedded server are values: one line a person can act on. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

export const succeed = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
