/** Telegram-shaped failures thrown by method handlers and turned into `{ok:false,…}` answers. */
import type { ApiErr, ResponseParameters } from './types.js';

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(description);
  }

  toResponse(): ApiErr {
    return {
      ok: false,
      error_code: this.code,
      description: this.description,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    };
  }
}

export const badRequest = (what: string, parameters?: ResponseParameters): ApiError =>
  new ApiError(400, `Bad Request: ${what}`, parameters);

export const forbidden = (what: string): ApiError => new ApiError(403, `Forbidden: ${what}`);

export const tooManyRequests = (retryAfter: number): ApiError =>
  new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });

export const conflict = (what: string): ApiError => new ApiError(409, `Conflict: ${what}`);
