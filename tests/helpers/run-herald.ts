/**
 * Runs the real Herald (src/main.ts through tsx) as a child process, with an environment
 * built from scratch so nothing of the developer's own settings leaks in.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface HeraldRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  // The fake feed server is on loopback, which Herald refuses to fetch from by default; a test of the refusal passes 'false'.
  return { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', ALLOW_PRIVATE_FETCH: 'true', ...env };
}

/** `npm start -- --once`: one poll, one send-out, exit. */
export function runHeraldOnce(env: Record<string, string | undefined>, args: string[] = ['--once']): Promise<HeraldRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface RunningHerald {
  child: ChildProcess;
  output(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Herald as a long-running service (cron polling, sender loop, bot). */
export function startHerald(env: Record<string, string | undefined>): RunningHerald {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * Resolves with the output once the process has printed something matching `pattern` (checked
 * on every output chunk); rejects, with the output's end, when it exits first or time runs out.
 */
export function waitForOutput(herald: RunningHerald, pattern: RegExp, timeoutMs: number, what = String(pattern)): Promise<string> {
  return new Promise((resolve, reject) => {
    const matches = () => {
      pattern.lastIndex = 0; // a /g pattern remembers where it last matched
      return pattern.test(herald.output());
    };
    const check = () => {
      if (!matches()) return;
      cleanup();
      resolve(herald.output());
    };
    const onExit = () => {
      cleanup();
      if (matches()) resolve(herald.output());
      else reject(new Error(`Herald exited before ${what}\n${herald.output().slice(-3000)}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${herald.output().slice(-3000)}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      herald.child.stdout?.off('data', check);
      herald.child.stderr?.off('data', check);
      herald.child.off('close', onExit);
    };
    herald.child.stdout?.on('data', check);
    herald.child.stderr?.on('data', check);
    herald.child.on('close', onExit);
    check();
  });
}
