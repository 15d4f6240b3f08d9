/**
 * The audit log from the command line: a small story (imports, a refused
 * import, a trigger ballot opened, recorded and closed, a refused step) leaves
 * exactly its entries, by the command line's user, and `hustings audit list`
 * and `verify` show them, the head, and a tampered entry.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_EVENT_TYPES, type AuditEntry } from '../../src/audit/index.js';
import { cliActor } from '../../src/runtime/os-user.js';
import { unitId } from '../../src/domain/ids.js';
import { openStore } from '../../src/store/index.js';
import { hustingsIn, scratch } from '../cli/store-cli.js';

const tmp = scratch('audit-cli');
afterAll(() => tmp.cleanup());
const DB = tmp.db('party.db');
const h = (...args: string[]) => hustingsIn([...args, '--db', DB]);
const ME = cliActor();

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
    'R-NW,region,North West,LAB,',
    'C-042,constituency,Wigtown,R-NW,',
    'B-1,branch,Wigtown Central,C-042,',
    'B-2,branch,Wigtown East,C-042,',
    '',
  ].join('\n'),
);
const MEMBERS = file(
  'members.csv',
  [
    'member_id,name,email,branch_id,joined,status,status_since,gender',
    'L0001,Ann Jones,ann@example.org,B-1,2016-05-02,current,,woman',
    'L0002,Cy Patel,,B-2,2021-01-10,current,,man',
    '',
  ].join('\n'),
);
const BAD = file('bad.csv', ['member_id,name,email,branch_id,joined,status,status_since,gender', 'L0003,Eve Ede,,B-999,2019-11-20,current,,', ''].join('\n'));

async function listed(...more: string[]): Promise<{ head: { seq: number; hash: string; text: string } | null; entries: AuditEntry[] }> {
  const r = await h('audit', 'list', '--format', 'json', ...more);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

beforeAll(async () => {
  const ok = async (...args: string[]) => {
    const r = await h(...args);
    expect(r.stderr, args.join(' ')).toBe('');
    expect(r.status, args.join(' ')).toBe(0);
  };
  await ok('import', 'units', UNITS, '--dry-run');
  await ok('import', 'units', UNITS);
  await ok('import', 'members', MEMBERS);
  expect((await h('import', 'members', BAD)).status).toBe(1);
  const store = await openStore(DB);
  await store.putIncumbent({ constituency: unitId('C-042'), name: 'Pat Lee', member: null, gender: 'woman', suspended: false, parentalLeaveEnded: null });
  await store.close();
  await ok('trigger', 'open', 'C-042', '--closes', '2024-04-01', '--now', '2024-03-01');
  await ok(
    'trigger',
    'record',
    'tb-C-042-1',
    '--unit',
    'B-1',
    '--for',
    '12',
    '--against',
    '3',
    '--abstentions',
    '1',
    '--attendance',
    '16',
    '--date',
    '2024-03-10',
    '--now',
    '2024-03-10T19:30:00Z',
  );
  expect((await h('trigger', 'close', 'tb-C-042-1', '--now', '2024-03-11')).status).toBe(1);
  await ok('trigger', 'record', 'tb-C-042-1', '--unit', 'B-2', '--absent', '--note', 'not quorate', '--now', '2024-03-12');
  await ok('trigger', 'close', 'tb-C-042-1', '--now', '2024-03-13');
});

describe('hustings audit list', () => {
  it('shows every action of the story, in order, by the command line’s user — and nothing for a dry run or a refused step', async () => {
    const { entries, head } = await listed();
    expect(entries.map((e) => e.type)).toEqual([
      'import.started',
      'import.finished',
      'import.started',
      'import.finished',
      'import.started',
      'import.finished',
      'trigger.opened',
      'trigger.meeting-recorded',
      'trigger.absence-recorded',
      'trigger.closed',
    ]);
    expect(entries.every((e) => e.actor === ME)).toBe(true);
    expect(ME).toMatch(/^cli:./);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(head).toEqual({ seq: 10, hash: entries[9].hash, text: `10:${entries[9].hash}` });

    expect(entries[1].data).toEqual({ what: 'units', file: UNITS, outcome: 'imported', rows: 5, problems: 0, reason: null, added: 5, changed: 0, lapsed: 0 });
    expect(entries[5].data).toMatchObject({ what: 'members', file: BAD, outcome: 'refused', rows: 0, problems: 1 });
    expect(entries[7]).toMatchObject({
      at: '2024-03-10T19:30:00.000Z',
      data: { process: 'tb-C-042-1', version: 2, unit: 'B-1', for: 12, against: 3, abstentions: 1, attendance: 16, date: '2024-03-10' },
    });
    expect(entries[9].data).toMatchObject({ process: 'tb-C-042-1', version: 4, outcome: 'triggered', decisions: ['B-1: yes', 'B-2: absent'] });
  });

  it('prints a line per entry and the head as text; --last and --after choose entries', async () => {
    const text = await h('audit', 'list');
    expect(text.status).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[6]).toMatch(new RegExp(`^ {5}7  2024-03-01T12:00:00\\.000Z  ${ME}  trigger\\.opened  \\{"closes":"2024-04-01","constituency":"C-042"`));
    expect(lines[10]).toMatch(/^Head: 10:[0-9a-f]{64}$/);
    expect((await listed('--last', '2')).entries.map((e) => e.seq)).toEqual([9, 10]);
    expect((await listed('--after', '8')).entries.map((e) => e.seq)).toEqual([9, 10]);
    expect((await listed('--last', '50')).entries).toHaveLength(10);
    expect((await h('audit', 'list', '--after', '10')).stdout).toMatch(/^No audit entries after seq 10 in .*\nHead: 10:/);
  });
});

describe('hustings audit verify', () => {
  it('passes the untouched log and prints its head; then names an edited entry and exits 1', async () => {
    const { head } = await listed();
    const good = await h('audit', 'verify', '--expect-head', head!.text);
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0);
    expect(good.stdout).toContain('The audit log is intact: 10 entries, the last seq 10');
    expect(good.stdout).toContain(`It still reaches the head written down (${head!.text}), unchanged.`);

    // Someone with the file changes the recorded meeting (after lifting the append-only guard).
    const db = new Database(join(tmp.dir, 'party.db'));
    db.exec(`DROP TRIGGER audit_log_no_update; UPDATE audit_log SET data = json_set(data, '$.for', 3, '$.against', 12) WHERE seq = 8`);
    db.close();
    const bad = await h('audit', 'verify', '--expect-head', head!.text);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('The audit log has been tampered with: 1 problem in 10 entries');
    expect(bad.stdout).toContain(
      `edited: seq 8 was edited: its content (trigger.meeting-recorded by ${ME} at 2024-03-10T19:30:00.000Z) no longer matches its hash`,
    );
    expect(bad.stderr).toBe('hustings: the audit log failed verification (edited at seq 8)\n');
  });

  it('refuses a malformed --expect-head as a usage error', async () => {
    const r = await h('audit', 'verify', '--expect-head', '10:abc');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--expect-head must be written <seq>:<hash>/);
  });
});

describe('hustings audit events', () => {
  it('lists every type with its data, as text and as the markdown table of the docs', async () => {
    const text = await hustingsIn(['audit', 'events']);
    expect(text.status).toBe(0);
    for (const t of AUDIT_EVENT_TYPES) expect(text.stdout).toContain(`${t}`);
    expect(text.stdout).toContain('    unit (text): the branch or affiliated branch');
    const md = await hustingsIn(['audit', 'events', '--format', 'markdown']);
    expect(md.stdout.split('\n')[0]).toBe('| Type | Logged when | Data |');
    expect((await hustingsIn(['audit', 'events', '--format', 'html'])).status).toBe(2);
    expect((await hustingsIn(['audit', '--help'])).stdout).toContain('hustings audit verify [--expect-head <seq:hash>]');
  });
});
