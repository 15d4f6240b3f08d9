/**
 * Where the store is. In order: the `--db <url>` flag, the HUSTINGS_DB
 * environment variable, and otherwise an SQLite file `hustings.db` in the
 * current directory.
 *
 *   sqlite:hustings.db, sqlite:/var/lib/hustings/party.db   an SQLite file (created if absent; a bare path too)
 *   postgres://user:password@host:5432/database             a PostgreSQL database (postgresql:// too)
 * (src/store/index.ts reads the url; this module only decides which one.)
 */
import path from 'node:path';
import { storeTarget } from '../store/index.js';
import { readEnvironment } from './environment.js';

export const DB_ENV = 'HUSTINGS_DB' as const;
export const DEFAULT_DB = 'sqlite:hustings.db';

export interface StoreLocation {
  readonly url: string;
  /** Where the url came from, for messages ("from HUSTINGS_DB"). */
  readonly source: 'flag' | 'env' | 'default';
}

export function storeLocation(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): StoreLocation {
  if (flag !== undefined && flag !== '') return { url: flag, source: 'flag' };
  const fromEnv = readEnvironment(env, [DB_ENV])[DB_ENV];
  if (fromEnv !== undefined) return { url: fromEnv, source: 'env' };
  return { url: DEFAULT_DB, source: 'default' };
}

/** The store's address for people: an SQLite file as an absolute path, a PostgreSQL url without its password. */
export function describeStore(url: string, cwd: string = process.cwd()): string {
  let target: ReturnType<typeof storeTarget>;
  try {
    target = storeTarget(url);
  } catch {
    return url;
  }
  if (target.dialect === 'sqlite') return target.path === ':memory:' ? 'SQLite in memory (nothing is kept)' : `SQLite file ${path.resolve(cwd, target.path)}`;
  try {
    const u = new URL(target.url);
    if (u.password) u.password = '***';
    return `PostgreSQL ${u.toString()}`;
  } catch {
    return 'PostgreSQL (an unreadable url)';
  }
}

/** Where the location came from, as a phrase for messages. */
export function sourceText(loc: StoreLocation): string {
  switch (loc.source) {
    case 'flag':
      return 'from --db';
    case 'env':
      return `from ${DB_ENV}`;
    case 'default':
      return `the default; set --db or ${DB_ENV} to choose another`;
  }
}
