/** Starts sender-process.ts as a real child process and follows its JSON lines. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./sender-process.ts', import.meta.url));

export interface SenderChild {
  process: ChildProcess;
  /** What the process wrote to stderr (its log when LOG_LEVEL is set). */
  stderr(): string;
  events: string[];
  waitFor(event: string, timeoutMs?: number): Promise<void>;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export function spawnSender(env: Record<string, string>): SenderChild {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: string[] = [];
  const listeners = new Set<() => void>();
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      events.push((JSON.parse(line) as { event: string }).event);
    } catch {
      return;
    }
    for (const l of [...listeners]) l();
  });
  const exited = once(child, 'exit');
  return {
    process: child,
    stderr: () => stderr,
    events,
    waitFor(event, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!events.includes(event)) return;
          cleanup();
          resolve();
        };
        const onExit = () => {
          cleanup();
          reject(new Error(`sender process exited before "${event}": ${stderr.slice(-2000)}`));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`sender process: no "${event}" within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`));
        }, timeoutMs);
        const cleanup = () => {
          listeners.delete(check);
          child.off('exit', onExit);
          clearTimeout(timer);
        };
        listeners.add(check);
        child.once('exit', onExit);
        check();
      });
    },
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
