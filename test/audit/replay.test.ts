/**
 * `hustings audit replay`: rebuilds each process from the audit log's step entries and names every
 * difference from the stored processes. A meeting changed in the processes table behind the log's
 * back (direct SQL on the SQLite file) is found and named; an untouched store replays clean.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitId } from '../../src/domain/ids.js';
import { openStore } from '../../src/store/index.js';
import { hustingsIn, scratch } from '../cli/store-cli.js';

const tmp = scratch('audit-replay');
afterAll(() => tmp.cleanup());
const DB = tmp.db('party.db');
const FILE = join(tmp.dir, 'party.db');
const h = (...args: string[]) => hustingsIn([...args, '--db', DB]);

function file(name: string, text: string): string {
  const p = join(tmp.dir, name);
  writeFileSync(p, text);
  return p;
}

const UNITS = file(
  'units.csv',
  [
    'unit_id,kind,name,parent_id,constituency_id',
    'LAB,party,Demo Party,,',
    'R-L,region,London,LAB,',
    'C-IS,constituency,Ilford South,R-L,',
    'B-ALD,branch,Aldborough,C-IS,',
    'B-CLE,branch,Clementswood,C-IS,',
    '',
  ].join('\n'),
);
const MEMBERS = file(
  'members.csv',
  ['member_id,name,email,branch_id,joined,status,status_since,gender', 'L0001,Ann Jones,ann@example.org,B-ALD,2016-05-02,current,,woman', ''].join('\n'),
);

/** Runs SQL on the store's file directly, as someone holding the database could. */
function behindTheLogsBack(sql: string, ...params: unknown[]): void {
  const db = new Database(FILE);
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  const ok = async (...args: string[]) => {
    const r = await h(...args);
    expect(r.stderr, args.join(' ')).toBe('');
    expect(r.status, args.join(' ')).toBe(0);
  };
  await ok('import', 'units', UNITS);
  await ok('import', 'members', MEMBERS);
  const store = await openStore(DB);
  await store.putIncumbent({ constituency: unitId('C-IS'), name: 'Pat Lee', member: null, gender: 'woman', suspended: false, parentalLeaveEnded: null });
  await store.close();
  await ok('trigger', 'open', 'C-IS', '--closes', '2024-04-01', '--now', '2024-03-01');
  await ok(
    'trigger',
    'record',
    'tb-C-IS-1',
    '--unit',
    'B-ALD',
    '--for',
    '10',
    '--against',
    '5',
    '--abstentions',
    '0',
    '--attendance',
    '15',
    '--date',
    '2024-03-10',
    '--now',
    '2024-03-10T19:30:00Z',
  );
  await ok('trigger', 'record', 'tb-C-IS-1', '--unit', 'B-CLE', '--absent', '--now', '2024-03-12');
});

describe('hustings audit replay', () => {
  it('finds every process matching its log: exit 0', async () => {
    const r = await h('audit', 'replay');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('Replayed 3 step entries of 1 process: every process in the store matches its audit log.\n');
  });

  it('names a meeting changed in the processes table behind the log’s back: exit 1', async () => {
    behindTheLogsBack(
      `UPDATE processes SET state = json_set(state, '$.units[0].result.for', 12, '$.units[0].result.against', 3) WHERE id = 'tb-C-IS-1' AND json_extract(state, '$.units[0].id') = 'B-ALD'`,
    );
    const r = await h('audit', 'replay');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      [
        'Replayed 3 step entries of 1 process: 1 difference between the stored processes and the audit log.',
        "  trigger ballot Ilford South (tb-C-IS-1): unit Aldborough's meeting is recorded as 12 for, 3 against in the processes table but 10 for, 5 against in the audit log",
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe('hustings: the stored processes differ from the audit log in 1 place\n');
    // The log itself is intact: only replay, which compares it with the table, catches this.
    expect((await h('audit', 'verify')).status).toBe(0);
  });

  it('names a step written without an entry, and a process the log never saw', async () => {
    behindTheLogsBack(`UPDATE processes SET version = version + 1, state = json_set(state, '$.units[1].result', NULL) WHERE id = 'tb-C-IS-1'`);
    behindTheLogsBack(
      `INSERT INTO processes (id, kind, constituency, rulebook, state, version) SELECT 'tb-C-IS-9', kind, constituency, rulebook, state, 1 FROM processes WHERE id = 'tb-C-IS-1'`,
    );
    const r = await h('audit', 'replay');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      "trigger ballot Ilford South (tb-C-IS-1): the processes table is at version 4 but the audit log's last step is version 3: 1 step was made without an entry",
    );
    expect(r.stdout).toContain(
      "trigger ballot Ilford South (tb-C-IS-1): unit Clementswood's meeting is not recorded in the processes table but not held in the audit log",
    );
    expect(r.stdout).toContain(
      'trigger ballot Ilford South (tb-C-IS-9): it is in the processes table (at version 1) but the audit log has no entry of its opening',
    );
  });
});

describe('hustings audit replay on the demo party', () => {
  const DEMO = tmp.db('demo.db');
  const DEMO_FILE = join(tmp.dir, 'demo.db');
  const d = (...args: string[]) => hustingsIn([...args, '--db', DEMO]);
  const sql = (text: string) => {
    const db = new Database(DEMO_FILE);
    try {
      db.exec(text);
    } finally {
      db.close();
    }
  };

  it('replays every process the demo made (trigger ballots, selections, an election) clean, then names each change made behind the log', async () => {
    expect((await d('demo', '--members', '3000')).status).toBe(0);
    const clean = await d('audit', 'replay');
    expect(clean.stderr).toBe('');
    expect(clean.status).toBe(0);
    expect(clean.stdout).toMatch(/^Replayed \d+ step entries of 5 processes: every process in the store matches its audit log\.\n$/);

    sql(
      `UPDATE processes SET state = json_set(state, '$.shortlist', json('["c2","c3","c4"]'), '$.electorate.eligible', 400, '$.candidates[1].name', 'Someone Else') WHERE id = 'sel-ockworth-1'`,
    );
    const r = await d('audit', 'replay');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('3 differences');
    expect(r.stdout).toContain(
      'selection Selection for Ockworth (sel-ockworth-1): the shortlist is c2, c3, c4 in the processes table but c2, c3, c4, c1 in the audit log',
    );
    expect(r.stdout).toContain('selection Selection for Ockworth (sel-ockworth-1): the electorate is 400 eligible of ');
    expect(r.stdout).toMatch(
      /selection Selection for Ockworth \(sel-ockworth-1\): candidate c2 is named Someone Else in the processes table but [^\n]+ in the audit log/,
    );

    // A ballot's closing moment moved a week later in the store, to let votes in after the close.
    sql(
      `UPDATE processes SET state = json_set(state, '$.ballot.closesAt', strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(state, '$.ballot.closesAt'), '+7 days')) WHERE json_extract(state, '$.phase') = 'ballot-open'`,
    );
    const moved = await d('audit', 'replay');
    expect(moved.status).toBe(1);
    expect(moved.stdout).toMatch(/: voting closes at \S+ in the processes table but at \S+ in the audit log/);
  }, 60_000);
});
