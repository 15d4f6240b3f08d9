/**
 * Opening a store from a URL: `postgres://…` or `postgresql://…` for
 * PostgreSQL; `sqlite:path/to/file.db`, `sqlite::memory:`, or a bare path for
 * SQLite.
 */
import { openPostgresStore } from './postgres/index.js';
import { openSqliteStore } from './sqlite/index.js';
import type { Store } from './store.js';

export type {
  Store,
  StoredProcess,
  ProcessHistoryEntry,
  ProcessChange,
  DocumentChange,
  ProcessUpdate,
  ProcessFilter,
  ElectorateEntry,
  UnitFilter,
  OrganisationStore,
  ProcessStore,
  AuthStore,
  VotingStore,
  IntegrityStore,
  AuditStore,
  OutboxStore,
  NewNotice,
  NoticeAudience,
  NoticeState,
  StoredNotice,
  OutboxMessage,
  MessageFailure,
  FailingAddress,
  SignInLink,
} from './store.js';
export { DocumentRefused } from './documents/read.js';
export { openPostgresStore, type PostgresOptions } from './postgres/index.js';
export { openSqliteStore, type SqliteOptions } from './sqlite/index.js';
export { LATEST_SCHEMA, MIGRATIONS, type Migration } from './migrations/index.js';

export type StoreTarget = { readonly dialect: 'sqlite'; readonly path: string } | { readonly dialect: 'postgres'; readonly url: string };

/** Which adapter a URL names, and what to hand it. */
export function storeTarget(url: string): StoreTarget {
  if (/^postgres(ql)?:\/\//i.test(url)) return { dialect: 'postgres', url };
  const sqlite = /^sqlite:(.*)$/is.exec(url);
  if (sqlite) {
    // sqlite:///abs/file.db and sqlite://rel/file.db, as other tools write them, mean the path after the slashes.
    const path = sqlite[1].startsWith('//') ? sqlite[1].slice(2) : sqlite[1];
    if (path === '') throw new Error(`no file in the store URL "${url}": write sqlite:path/to/file.db`);
    return { dialect: 'sqlite', path };
  }
  // A scheme of two letters or more (one letter is a Windows drive, C:\…).
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(url);
  if (scheme) throw new Error(`unsupported store URL "${url}": use sqlite:path/to/file.db or postgres://user@host/database`);
  if (url === '') throw new Error('no store given: use sqlite:path/to/file.db or postgres://user@host/database');
  return { dialect: 'sqlite', path: url };
}

export interface OpenOptions {
  /**
   * False for commands that only read: never create a store or change its schema; a missing SQLite file,
   * or a database without an up-to-date Hustings schema, is an error saying so.
   */
  readonly create?: boolean;
  /** Only read: implies `create: false`, and an SQLite file is opened read-only. */
  readonly readOnly?: boolean;
}

export async function openStore(url: string, options: OpenOptions = {}): Promise<Store> {
  const target = storeTarget(url);
  return target.dialect === 'postgres' ? openPostgresStore(target.url, options) : openSqliteStore(target.path, options);
}
