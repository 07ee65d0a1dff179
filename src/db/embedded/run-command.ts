import { execFile } from 'node:child_process';
import type { ServerUser } from './server-user.js';

export interface CommandResult {
  /** null when the program could not be started at all (see spawnError). */
  code: number | null;
  stdout: string;
  stderr: string;
  spawnError?: string;
}

/**
 * Runs one of PostgreSQL's programs to completion, as the server's user when Herald is root.
 * Never throws: the caller turns a failure into its own sentence.
 */
export function runCommand(file: string, args: string[], user: ServerUser, options: { timeoutMs?: number } = {}): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        ...(user.uid !== undefined ? { uid: user.uid, gid: user.gid } : {}),
        // English messages whatever the host's locale, and nothing of Herald's own environment
        // (DATABASE_URL, BOT_TOKEN) handed to the server.
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', LANG: 'C' },
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 4 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : null) : 0;
        const spawnError = error && code === null ? error.message : undefined;
        resolve({ code, stdout: String(stdout), stderr: String(stderr), ...(spawnError ? { spawnError } : {}) });
      },
    );
  });
}

/** The last meaningful line of a program's output, for a one-line error. */
export function lastLine(...texts: string[]): string {
  const lines = texts.join('\n').split('\n').map((l) => l.trim()).filter(Boolean);
  const important = lines.filter((l) => /FATAL|PANIC|ERROR|error:/i.test(l));
  return (important.at(-1) ?? lines.at(-1) ?? 'no output').slice(0, 400);
}
