import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Secrets never reach logs: the token is also scrubbed from any string field by the
 * serializer below, because grammY error messages and URLs can embed it.
 */
export function createLogger(options: { level: string; secrets?: (string | undefined)[]; destination?: pino.DestinationStream }): Logger {
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 6);
  const scrub = (value: string) => secrets.reduce((text, secret) => text.split(secret).join('[redacted]'), value);
  return pino(
    {
      level: options.level,
      redact: { paths: ['token', 'botToken', 'password', '*.token', '*.botToken', '*.password', 'config.databaseUrl'], censor: '[redacted]' },
      formatters: {
        log(object) {
          if (secrets.length === 0) return object;
          return JSON.parse(scrub(JSON.stringify(object))) as Record<string, unknown>;
        },
      },
      hooks: {
        logMethod(args, method) {
          if (secrets.length > 0) {
            for (let i = 0; i < args.length; i++) {
              if (typeof args[i] === 'string') args[i] = scrub(args[i] as string);
            }
          }
          method.apply(this, args);
        },
      },
    },
    options.destination,
  );
}

/** The password of a connection string, to be scrubbed like the token. */
export function passwordOf(databaseUrl: string | undefined): string | undefined {
  if (!databaseUrl) return undefined;
  try {
    const password = new URL(databaseUrl).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}
