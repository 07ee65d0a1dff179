// @ts-check
/**
 * Builds what is out of date, and nothing else: the compiled JavaScript in dist/ (tsc -b) and
 * the Mini App's pages in dist/webapp (vite). `npm ci` runs it (package.json's prepare), so a
 * fresh clone's first `npm start` runs at once; `npm start` and `npm run check` run it before
 * Herald, so an edited source is compiled first.
 *
 * Why not simply `tsc -b` every time: when nothing changed it answers "up to date" by the same
 * test as below, but only after loading the compiler, a second or more of every start (several
 * on a busy machine). So the test is made here, and the compiler runs only when it fails:
 *   - dist/.tsbuildinfo exists, was written by the installed TypeScript, for exactly the .ts
 *     files now in src/ and migrations/, and records no error or pending work;
 *   - no file in src/, migrations/ or the tsconfig files is newer than it (tsc -b refreshes
 *     its time when it finds an input touched but unchanged, so a touched file costs one check).
 * The pages are out of date when dist/webapp lacks one or webapp/ or the page texts are newer.
 *
 * --prepare (npm ci): building is a head start there, never a reason to fail the install. An
 * install without dev dependencies (--omit=dev) has no compiler, and the Dockerfile's install
 * has no sources yet, so nothing is built; a build that fails (a type error) is reported and
 * left to `npm start`, which tries again and stops.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const BUILD_INFO = join(DIST, '.tsbuildinfo');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const VITE = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
const PAGES = ['index.html', 'dashboard.html'].map((page) => join(DIST, 'webapp', page));
/** What a clean build's tsbuildinfo holds; any other entry (errors, pending emit or checks) sends the build to tsc. */
const CLEAN_BUILD_INFO = new Set(['fileNames', 'fileIdsList', 'fileInfos', 'root', 'options', 'referencedMap', 'version']);

const prepare = process.argv.includes('--prepare');

/** @param {string} dir @returns {string[]} every file under dir (none when dir is absent) */
function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** @param {string[]} paths */
function newestMtime(paths) {
  return paths.reduce((newest, path) => Math.max(newest, statSync(path).mtimeMs), 0);
}

/** @returns {string | null} why the compiled JavaScript is out of date, or null */
function compiledStale() {
  if (!existsSync(BUILD_INFO)) return 'not compiled yet';
  /** @type {{ version?: string; fileNames?: string[]; root?: (number | [number, number])[] } & Record<string, unknown>} */
  let info;
  try {
    info = JSON.parse(readFileSync(BUILD_INFO, 'utf8'));
  } catch {
    return 'the last build record is unreadable';
  }
  const installed = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'typescript', 'package.json'), 'utf8')).version;
  if (info.version !== installed) return `compiled by TypeScript ${info.version}, now ${installed}`;
  if (Object.keys(info).some((key) => !CLEAN_BUILD_INFO.has(key))) return 'the last build did not finish cleanly';
  // The build's root files (1-based ids into fileNames, single or as inclusive ranges), relative to dist/.
  const names = info.fileNames ?? [];
  const built = new Set(
    (info.root ?? []).flatMap((id) => {
      const [first, last] = Array.isArray(id) ? id : [id, id];
      return Array.from({ length: last - first + 1 }, (_, i) => names[first + i - 1]);
    }),
  );
  const inputs = [...filesUnder(join(ROOT, 'src')), ...filesUnder(join(ROOT, 'migrations'))];
  const sources = inputs.filter((path) => /\.(c|m)?tsx?$/.test(path)).map((path) => relative(DIST, path).split('\\').join('/'));
  if (sources.length !== built.size || sources.some((source) => !built.has(source))) return 'a source file was added or removed';
  const configs = ['tsconfig.json', 'tsconfig.build.json'].map((name) => join(ROOT, name));
  if (newestMtime([...inputs, ...configs]) > statSync(BUILD_INFO).mtimeMs) return 'a source changed';
  return null;
}

/** @returns {string | null} why the Mini App's pages are out of date, or null */
function pagesStale() {
  if (!PAGES.every((page) => existsSync(page))) return 'not built yet';
  const inputs = [...filesUnder(join(ROOT, 'webapp')), join(ROOT, 'src', 'i18n', 'page-texts.ts')];
  return newestMtime(inputs) > Math.min(...PAGES.map((page) => statSync(page).mtimeMs)) ? 'a page source changed' : null;
}

/** @param {string} what @param {string[]} args */
function run(what, args) {
  process.stderr.write(`${what}…\n`);
  const done = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  if (done.status === 0) return;
  if (prepare) {
    process.stderr.write(`${what} failed (see above); the dependencies are installed, and \`npm start\` will build again\n`);
    process.exit(0);
  }
  process.stderr.write(`${what} failed (see above)\n`);
  process.exit(done.status ?? 1);
}

if (!existsSync(join(ROOT, 'tsconfig.build.json'))) {
  // The Dockerfile installs the dependencies before it copies the sources (a layer of their own), then runs `npm run build`.
  process.stderr.write('no sources here yet: nothing to build\n');
  process.exit(prepare ? 0 : 1);
}
if (!existsSync(TSC)) {
  // Installed without dev dependencies: dist/ must come from elsewhere (`npm run build` where the compiler is, as the Dockerfile does).
  if (prepare) {
    process.stderr.write('no TypeScript compiler installed (dev dependencies omitted): Herald is not built now; run `npm run build` where dev dependencies are installed\n');
    process.exit(0);
  }
  if (existsSync(join(DIST, 'src', 'main.js'))) process.exit(0);
  process.stderr.write('Herald is not built and the TypeScript compiler is not installed: run `npm ci` (with dev dependencies), then `npm start`\n');
  process.exit(1);
}
const compiled = compiledStale();
if (compiled) run(`compiling Herald (${compiled})`, [TSC, '-b', join(ROOT, 'tsconfig.build.json')]);
const pages = pagesStale();
if (pages) run(`building the Mini App's pages (${pages})`, [VITE, 'build', '--config', join(ROOT, 'webapp', 'vite.config.ts')]);
