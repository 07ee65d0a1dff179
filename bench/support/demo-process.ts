import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface DemoProcess {
  child: ChildProcess;
  /** The demo's signed loopback links to the Mini App's pages. */
  readerLink: string;
  dashboardLink: string;
  stop(): Promise<void>;
}

/**
 * `npm start -- --demo` as a child process (sources through tsx, so no build of the server is
 * needed; the pages must be built): resolves once it has printed its links to the Mini App's
 * pages, filled with the sample outlet's stories and the demo's invented readers.
 */
export async function startDemoProcess(timeoutMs = 180_000): Promise<DemoProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'main.ts'), '--demo'], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'error' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const links = await new Promise<{ readerLink: string; dashboardLink: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo gave no links in ${timeoutMs / 1000} s:\n${output.slice(-2000)}`)), timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const readerLink = /reader settings: (http:\/\/127\.0\.0\.1:\d+\/\S+)/.exec(output)?.[1];
      const dashboardLink = /dashboard: (http:\/\/127\.0\.0\.1:\d+\/\S+)/.exec(output)?.[1];
      if (readerLink && dashboardLink && output.includes('Press Ctrl-C')) {
        clearTimeout(timer);
        resolve({ readerLink, dashboardLink });
      }
    });
    void exited.then(() => reject(new Error(`the demo ended (exit ${child.exitCode}) before its links:\n${output.slice(-2000)}`)));
  }).catch((error: unknown) => {
    child.kill('SIGTERM');
    throw error;
  });
  return {
    child,
    ...links,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
