/**
 * Memory of a process tree on Linux, from /proc: PSS (proportional set size: each shared page
 * divided among the processes sharing it, so a tree's sum counts no page twice) and RSS.
 *
 * A tree is every descendant of the given roots (by the ppid chains in /proc/<pid>/stat).
 * Herald's embedded PostgreSQL is started by `pg_ctl start`, which daemonises the postmaster:
 * once pg_ctl exits the postmaster is reparented (to PID 1 or a subreaper), so the caller
 * passes it as a second root (its pid is in DATA_DIR/postgres/postmaster.pid).
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface TreeSample {
  /** Date.now() when sampled. */
  at: number;
  /** PSS summed over the tree, in kB. */
  pssKb: number;
  /** PSS of the main process alone, in kB. */
  mainPssKb: number;
  /** RSS of the main process alone, in kB. */
  mainRssKb: number;
  /** How many processes the tree had. */
  processes: number;
  /** PSS (kB) and count by what each process is: node, worker…, postmaster, checkpointer, backend… */
  byRole: Record<string, { pssKb: number; count: number }>;
}

/** pid → ppid of every process now. */
export function processTable(): Map<number, number> {
  const table = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    table.set(Number(name), Number(fields[1]));
  }
  return table;
}

/** The roots that exist and all their descendants. */
export function descendants(roots: readonly number[], table: ReadonlyMap<number, number>): Set<number> {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of table) {
    const list = children.get(ppid);
    if (list) list.push(pid);
    else children.set(ppid, [pid]);
  }
  const found = new Set<number>();
  const stack = roots.filter((pid) => table.has(pid));
  while (stack.length > 0) {
    const pid = stack.pop()!;
    if (found.has(pid)) continue;
    found.add(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** Pss and Rss in kB from /proc/<pid>/smaps_rollup; zeros for a zombie or a process gone. */
export function memoryOf(pid: number): { pssKb: number; rssKb: number } {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  } catch {
    return { pssKb: 0, rssKb: 0 };
  }
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
  return { pssKb: field('Pss'), rssKb: field('Rss') };
}

/**
 * What a process of Herald's tree is, for the breakdown: `node` (the main process), the
 * postmaster, a PostgreSQL auxiliary process by its title (checkpointer, walwriter, …), a
 * client `backend` (its title names the user and database), or the program's name.
 */
export function roleOf(pid: number, mainPid: number): string {
  if (pid === mainPid) return 'node';
  let argv: string[];
  try {
    argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return 'gone';
  }
  const first = argv[0] ?? '';
  const title = /^postgres: (.*)$/.exec(argv.join(' '));
  if (title) {
    const rest = title[1]!.trim();
    // "postgres: herald herald [local] idle": a client's session; anything else is a server process.
    if (/\[local\]|\d+\.\d+\.\d+\.\d+\(\d+\)/.test(rest)) return 'backend';
    return rest.replace(/\s+\d+$/, '');
  }
  if (/(^|\/)postgres$/.test(first)) return 'postmaster';
  return first.split('/').at(-1) ?? 'unknown';
}

export interface TreeSamplerOptions {
  /** The main process (Herald's node). */
  mainPid: number;
  /** Further roots, read on every sample (the daemonised postmaster). */
  extraRoots?: () => number[];
  /** Processes to leave out (e.g. the benchmark's own database sessions). */
  exclude?: () => ReadonlySet<number>;
  intervalMs?: number;
}

export interface TreeSampler {
  readonly samples: readonly TreeSample[];
  /** Takes one sample now (also done on the timer). */
  sample(): TreeSample;
  /** The sample with the highest value of `key` taken in [from, to] (Date.now() ms). */
  peak(key: 'pssKb' | 'mainPssKb' | 'mainRssKb', from?: number, to?: number): TreeSample | undefined;
  stop(): void;
}

export function sampleTree(options: TreeSamplerOptions): TreeSampler {
  const samples: TreeSample[] = [];
  const take = (): TreeSample => {
    const table = processTable();
    const roots = [options.mainPid, ...(options.extraRoots?.() ?? [])];
    const skip = options.exclude?.() ?? new Set<number>();
    let pssKb = 0;
    let processes = 0;
    let main = { pssKb: 0, rssKb: 0 };
    const byRole: TreeSample['byRole'] = {};
    for (const pid of descendants(roots, table)) {
      if (skip.has(pid)) continue;
      const m = memoryOf(pid);
      if (pid === options.mainPid) main = m;
      pssKb += m.pssKb;
      processes++;
      const role = (byRole[roleOf(pid, options.mainPid)] ??= { pssKb: 0, count: 0 });
      role.pssKb += m.pssKb;
      role.count++;
    }
    const s = { at: Date.now(), pssKb, mainPssKb: main.pssKb, mainRssKb: main.rssKb, processes, byRole };
    samples.push(s);
    return s;
  };
  const timer = setInterval(take, options.intervalMs ?? 100);
  return {
    samples,
    sample: take,
    peak(key, from = -Infinity, to = Infinity) {
      let best: TreeSample | undefined;
      for (const s of samples) if (s.at >= from && s.at <= to && (!best || s[key] > best[key])) best = s;
      return best;
    },
    stop: () => clearInterval(timer),
  };
}
