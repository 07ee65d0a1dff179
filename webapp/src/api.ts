import { initData } from './telegram.ts';

export interface ApiError {
  status: number;
  error: string;
  message?: string;
  field?: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; problem: ApiError };

/** Calls the page's JSON API (relative to the page, so under WEBAPP_URL's path) with the signed initData. */
export async function call<T>(method: 'GET' | 'POST' | 'PUT', route: string, body?: unknown, options: { keepalive?: boolean } = {}): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(`api/${route}`, {
      method,
      headers: { authorization: `tma ${initData()}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      cache: 'no-store',
      // A save sent as the page is hidden (Telegram closing it) is finished by the browser.
      ...(options.keepalive ? { keepalive: true } : {}),
    });
  } catch {
    return { ok: false, problem: { status: 0, error: 'network' } };
  }
  let json: unknown = null;
  try {
    json = await response.json();
  } catch {
    json = null;
  }
  if (response.ok) return { ok: true, value: json as T };
  const problem = (json && typeof json === 'object' ? json : {}) as Partial<ApiError>;
  return { ok: false, problem: { status: response.status, error: problem.error ?? 'failed', ...(problem.message ? { message: problem.message } : {}), ...(problem.field ? { field: problem.field } : {}) } };
}
