import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DB_ENV, DEFAULT_DB, describeStore, storeLocation } from '../../src/runtime/store-location.js';
import { MAIN, ensureBuilt } from './built.js';
import { hustingsIn, scratch } from './store-cli.js';

const tmp = scratch('init');
afterAll(() => tmp.cleanup());

describe('where the store is', () => {
  it('takes --db first, then HUSTINGS_DB, then sqlite:hustings.db', () => {
    expect(storeLocation('sqlite:a.db', { [DB_ENV]: 'sqlite:b.db' })).toEqual({ url: 'sqlite:a.db', source: 'flag' });
    expect(storeLocation(undefined, { [DB_ENV]: 'sqlite:b.db' })).toEqual({ url: 'sqlite:b.db', source: 'env' });
    expect(storeLocation(undefined, { [DB_ENV]: '' })).toEqual({ url: DEFAULT_DB, source: 'default' });
    expect(storeLocation(undefined, {})).toEqual({ url: 'sqlite:hustings.db', source: 'default' });
  });

  it('describes a store for people, hiding a password', () => {
    expect(describeStore('sqlite:x/party.db', '/srv')).toBe('SQLite file /srv/x/party.db');
    expect(describeStore('sqlite:///var/party.db', '/srv')).toBe('SQLite file /var/party.db');
    expect(describeStore('sqlite://rel/party.db', '/srv')).toBe('SQLite file /srv/rel/party.db');
    expect(describeStore('party.db', '/srv')).toBe('SQLite file /srv/party.db');
    expect(describeStore('mysql://db/x')).toBe('mysql://db/x');
    expect(describeStore('postgres://ann:secret@db.example:5432/hustings')).toBe('PostgreSQL postgres://ann:***@db.example:5432/hustings');
    expect(describeStore('postgresql://db.example/h')).toBe('PostgreSQL postgresql://db.example/h');
  });
});

describe('hustings init', () => {
  it('creates an SQLite store, says where, and is harmless to repeat', async () => {
    const file = join(tmp.dir, 'fresh.db');
    const first = await hustingsIn(['init', '--db', `sqlite:${file}`]);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(`Store ready: SQLite file ${file} (from --db)`);
    expect(first.stdout).toMatch(/Schema version \d+/);
    expect(first.stdout).toContain('Holds 0 units, 0 members, 0 processes');
    expect(existsSync(file)).toBe(true);
    const again = await hustingsIn(['init', '--db', `sqlite:${file}`]);
    expect(again.status).toBe(0);
    expect(again.stdout).toBe(first.stdout);
  });

  it('reads HUSTINGS_DB when there is no --db, and --db wins over it', async () => {
    const fromEnv = join(tmp.dir, 'env.db');
    const r = await hustingsIn(['init'], { HUSTINGS_DB: `sqlite:${fromEnv}` });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`SQLite file ${fromEnv} (from HUSTINGS_DB)`);
    const flag = join(tmp.dir, 'flag.db');
    const both = await hustingsIn(['init', '--db', `sqlite:${flag}`], { HUSTINGS_DB: `sqlite:${fromEnv}` });
    expect(both.stdout).toContain(`SQLite file ${flag} (from --db)`);
  });

  it('defaults to hustings.db in the current directory (the built command)', () => {
    ensureBuilt();
    const env = { ...process.env };
    delete env.HUSTINGS_DB;
    const r = spawnSync(process.execPath, [MAIN, 'init'], { cwd: tmp.dir, encoding: 'utf8', env });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`SQLite file ${join(tmp.dir, 'hustings.db')} (the default; set --db or HUSTINGS_DB to choose another)`);
    expect(existsSync(join(tmp.dir, 'hustings.db'))).toBe(true);
  });

  it('fails in one line, with exit status 1, when the store cannot be opened', async () => {
    const unsupported = await hustingsIn(['init', '--db', 'mysql://db/x']);
    expect(unsupported.status).toBe(1);
    expect(unsupported.stdout).toBe('');
    expect(unsupported.stderr).toMatch(/^hustings: cannot open the store at mysql:\/\/db\/x \(from --db\): unsupported store URL/);
    expect(unsupported.stderr.trim().split('\n')).toHaveLength(1);

    // Nothing listens on port 1: the connection is refused at once.
    const refused = await hustingsIn(['init'], { HUSTINGS_DB: 'postgres://nobody:pw@127.0.0.1:1/none' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^hustings: cannot open the store at PostgreSQL postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none \(from HUSTINGS_DB\): /);
    expect(refused.stderr).not.toContain(':pw@');
  });

  it('refuses arguments it does not take (exit status 2)', async () => {
    const r = await hustingsIn(['init', 'extra']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^hustings: too many arguments/);
    const flag = await hustingsIn(['init', '--seed', '3']);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain('--seed is not an option of init');
  });
});
