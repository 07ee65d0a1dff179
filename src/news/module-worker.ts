/**
 * Starts a worker thread on a module of Herald's own, however Herald is running: compiled
 * (node dist/…, the module is a .js sibling) or from its TypeScript sources (tsx, vitest:
 * the module is a .ts sibling). A worker cannot load TypeScript by itself, so for a .ts
 * module it starts from a small ES module that registers tsx's loader in the new thread
 * and then imports the .ts file.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** `name`.ts beside a TypeScript caller, `name`.js beside a compiled one. */
export function siblingModule(callerUrl: string, name: string): URL {
  return new URL(`./${name}${callerUrl.endsWith('.ts') ? '.ts' : '.js'}`, callerUrl);
}

export function startModuleWorker(moduleUrl: URL, options: WorkerOptions): Worker {
  if (!moduleUrl.pathname.endsWith('.ts')) return new Worker(moduleUrl, options);
  // A data: module cannot resolve a bare "tsx/…" specifier, so the parent resolves it.
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const source = `import { register } from ${JSON.stringify(tsxApi)};\nregister();\nawait import(${JSON.stringify(moduleUrl.href)});\n`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`), options);
}
