/**
 * The processes through the command line, on a small hand-built party in a
 * temporary SQLite store: a trigger ballot from opening to its outcome, the
 * selection it triggers through to a declaration, and a national election's
 * electorate frozen; and the refusals of steps out of turn.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberId, processId, unitId } from '../../src/domain/ids.js';
import type { Member, MemberStatus, Unit } from '../../src/domain/organisation.js';
import { isoDate } from '../../src/domain/time.js';
import { openStore } from '../../src/store/index.js';
import { hustingsIn, scratch } from './store-cli.js';

const tmp = scratch('process');
const DB = tmp.db('party.db');
afterAll(() => tmp.cleanup());

const unit = (id: string, kind: Unit['kind'], name: string, parent: string | null, constituency: string | null = null): Unit => ({
  id: unitId(id),
  kind,
  name,
  parent: parent === null ? null : unitId(parent),
  constituency: constituency === null ? null : unitId(constituency),
});

const member = (n: number, branch: string, name: string, gender: string | null, joined: string, later: [string, MemberStatus][] = []): Member => ({
  id: memberId(`m${n}`),
  name,
  email: null,
  branch: unitId(branch),
  joined: isoDate(joined),
  statusHistory: [{ from: isoDate(joined), status: 'current' }, ...later.map(([from, status]) => ({ from: isoDate(from), status }))],
  gender,
});

beforeAll(async () => {
  const store = await openStore(DB);
  await store.putUnits([
    unit('party', 'party', 'Test Party', null),
    unit('north', 'region', 'North', 'party'),
    unit('ash', 'constituency', 'Ashford North', 'north'),
    unit('ash:abbey', 'branch', 'Abbey', 'ash', 'ash'),
    unit('ash:castle', 'branch', 'Castle', 'ash', 'ash'),
    unit('aff-gwu', 'affiliate', 'General Workers Union', 'party'),
    unit('ash:gwu-1', 'affiliated-branch', 'General Workers Union, Ashford branch', 'aff-gwu', 'ash'),
    unit('bex', 'constituency', 'Bexley Vale', 'north'),
    unit('bex:mill', 'branch', 'Mill', 'bex', 'bex'),
    unit('cro', 'constituency', 'Crowmere', 'north'),
    unit('cro:quay', 'branch', 'Quay', 'cro', 'cro'),
  ]);
  await store.putMembers([
    member(1, 'ash:abbey', 'Ann Abbot', 'woman', '2010-05-01'),
    member(2, 'ash:abbey', 'Ben Brook', 'man', '2024-01-10'),
    member(3, 'ash:abbey', 'Cat Cole', 'woman', '2012-02-02', [['2023-12-01', 'arrears']]),
    member(4, 'ash:castle', 'Dee Dunn', 'woman', '2015-07-07'),
    member(5, 'ash:castle', 'Eli Ede', 'man', '2016-01-01', [['2023-06-01', 'suspended']]),
    member(6, 'bex:mill', 'Fay Fox', 'woman', '2018-03-03'),
    member(7, 'bex:mill', 'Gus Gray', 'man', '2014-04-04', [
      ['2022-01-01', 'arrears'],
      ['2022-07-01', 'lapsed'],
    ]),
  ]);
  await store.putIncumbent({ constituency: unitId('ash'), name: 'Pat Lee', member: null, gender: 'woman', suspended: false, parentalLeaveEnded: null });
  await store.putIncumbent({ constituency: unitId('cro'), name: 'Ria Moss', member: null, gender: 'woman', suspended: false, parentalLeaveEnded: null });
  await store.close();
});

const h = (...args: string[]) => hustingsIn([...args, '--db', DB]);

/** A refusal: exit status 1, nothing on stdout, one line on stderr. */
function expectRefused(r: { status: number; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^hustings: /);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.status).toBe(1);
}

describe('a trigger ballot through the command line', () => {
  it('opens for the incumbent, records three meetings, closes, and shows the outcome and its arithmetic', async () => {
    const opened = await h('trigger', 'open', 'ash', '--rulebook', 'labour-2021', '--closes', '2024-04-01', '--now', '2024-03-01');
    expect(opened.stderr).toBe('');
    expect(opened.status).toBe(0);
    expect(opened.stdout).toContain('Opened tb-ash-1: the review of Pat Lee in Ashford North under labour-2021@1.');
    expect(opened.stdout).toContain('3 units may meet (2 branches, 1 affiliated branches) until 2024-04-01.');

    const meetings = [
      ['abbey', '12', '3', '1', '16', '2024-03-10'],
      ['castle', '4', '9', '0', '14', '2024-03-12'],
      ['gwu-1', '5', '1', '0', '6', '2024-03-15'],
    ];
    for (const [u, f, a, ab, att, date] of meetings) {
      const r = await h(
        'trigger',
        'record',
        'tb-ash-1',
        '--unit',
        u,
        '--for',
        f,
        '--against',
        a,
        '--abstentions',
        ab,
        '--attendance',
        att,
        '--date',
        date,
        '--now',
        date,
      );
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^Recorded for /);
    }

    const closed = await h('trigger', 'close', 'tb-ash-1', '--now', '2024-03-16');
    expect(closed.status).toBe(0);
    expect(closed.stdout).toContain('tb-ash-1: Pat Lee is not readopted: an open selection will be held (triggered).');

    const json = await h('trigger', 'status', 'tb-ash-1', '--format', 'json');
    expect(json.status).toBe(0);
    const status = JSON.parse(json.stdout);
    expect(status.outcome).toBe('triggered');
    expect(status.phase).toBe('triggered');
    expect(status.decidedBy).toBe('units');
    expect(status.units.map((u: { id: string; decision: string }) => [u.id, u.decision])).toEqual([
      ['ash:abbey', 'yes'],
      ['ash:castle', 'no'],
      ['ash:gwu-1', 'yes'],
    ]);
    // Branches: 1 of 2 want a selection, 25% of the college; affiliates: 1 of 1, 50%; 75% > 50%.
    const arithmetic = status.arithmetic.join('\n');
    expect(arithmetic).toContain('25%');
    expect(arithmetic).toContain('75%');
    expect(status.allowed).toEqual([]);

    const text = await h('trigger', 'status', 'tb-ash-1');
    expect(text.stdout).toContain('Outcome: triggered (decided by units)');
    expect(text.stdout).toContain('Finished: no further steps.');

    const store = await openStore(DB);
    const events = await store.processEvents(processId('tb-ash-1'));
    await store.close();
    expect(events.map((e) => (e.event as { type: string }).type)).toEqual(['opened', 'meeting-recorded', 'meeting-recorded', 'meeting-recorded', 'closed']);
    expect(events.map((e) => e.version)).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses steps out of turn with a clear one-line error and exit status 1, changing nothing', async () => {
    const before = JSON.parse((await h('trigger', 'status', 'tb-ash-1', '--format', 'json')).stdout);
    expectRefused(
      await h(
        'trigger',
        'record',
        'tb-ash-1',
        '--unit',
        'abbey',
        '--for',
        '1',
        '--against',
        '0',
        '--abstentions',
        '0',
        '--attendance',
        '1',
        '--date',
        '2024-03-20',
        '--now',
        '2024-03-20',
      ),
      /Cannot record-meeting: this trigger ballot is in phase "triggered"/,
    );
    expectRefused(
      await h('trigger', 'close', 'tb-ash-1', '--now', '2024-03-20'),
      /Cannot close: this trigger ballot is in phase "triggered"; nothing more can be done/,
    );
    const after = JSON.parse((await h('trigger', 'status', 'tb-ash-1', '--format', 'json')).stdout);
    expect(after).toEqual(before);

    expectRefused(await h('trigger', 'status', 'tb-nope'), /no trigger ballot "tb-nope" \(known: tb-ash-1\)/);
    expectRefused(await h('trigger', 'open', 'bex', '--now', '2024-03-01'), /Bexley Vale \(bex\) has no incumbent on record/);
    expectRefused(await h('trigger', 'open', 'nowhere', '--now', '2024-03-01'), /no constituency "nowhere"/);
  });

  it('checks a meeting against the timetable and the figures, and a second review while one is under way', async () => {
    const open = await h('trigger', 'open', 'Ashford North', '--closes', '2024-07-01', '--now', '2024-06-01');
    expect(open.status).toBe(0);
    expect(open.stdout).toContain('Opened tb-ash-2');
    expectRefused(await h('trigger', 'open', 'ash', '--now', '2024-06-02'), /already under way: tb-ash-2 \(phase "open"\)/);
    expectRefused(
      await h(
        'trigger',
        'record',
        'tb-ash-2',
        '--unit',
        'abbey',
        '--for',
        '3',
        '--against',
        '1',
        '--abstentions',
        '0',
        '--attendance',
        '4',
        '--date',
        '2024-06-05',
        '--now',
        '2024-06-02',
      ),
      /the meeting date, 5 June 2024, is in the future/,
    );
    expectRefused(
      await h(
        'trigger',
        'record',
        'tb-ash-2',
        '--unit',
        'abbey',
        '--for',
        '3',
        '--against',
        '2',
        '--abstentions',
        '0',
        '--attendance',
        '4',
        '--date',
        '2024-06-02',
        '--now',
        '2024-06-02',
      ),
      /more than the 4 members present/,
    );
    expectRefused(
      await h(
        'trigger',
        'record',
        'tb-ash-2',
        '--unit',
        'nope',
        '--for',
        '1',
        '--against',
        '0',
        '--abstentions',
        '0',
        '--attendance',
        '1',
        '--date',
        '2024-06-02',
        '--now',
        '2024-06-02',
      ),
      /Unit "nope" is not in this trigger ballot/,
    );
    expectRefused(await h('trigger', 'close', 'tb-ash-2', '--now', '2024-06-02'), /can close earlier only when every unit has a result/);
    const absent = await h('trigger', 'record', 'tb-ash-2', '--unit', 'castle', '--absent', '--now', '2024-06-02');
    expect(absent.status).toBe(0);
    expect(absent.stdout).toContain('did not meet');
    const meeting = ['--unit', 'abbey', '--abstentions', '0', '--attendance', '4', '--date', '2024-06-02', '--now', '2024-06-02'];
    expect((await h('trigger', 'record', 'tb-ash-2', '--for', '1', '--against', '3', ...meeting)).status).toBe(0);
    expect(
      (await h('trigger', 'record', 'tb-ash-2', '--for', '3', '--against', '1', '--reason', 'the votes were entered the wrong way round', ...meeting)).status,
    ).toBe(0);
    const corrected = await h('trigger', 'status', 'tb-ash-2');
    expect(corrected.stdout).toContain('Corrections:\n  Abbey: corrected on 2024-06-02 — the votes were entered the wrong way round\n');
    const snap = await h('trigger', 'snap-election', 'tb-ash-2', '--now', '2024-06-03');
    expect(snap.status).toBe(0);
    // Labour 2021: the NEC endorses a snap election's readoption.
    expect(snap.stdout).toContain('is to be readopted, waiting for the national body to endorse the readoption');
    const endorsed = await h('emergency', 'endorse', 'tb-ash-2', '--reason', 'Stands again.', '--now', '2024-06-03');
    expect(endorsed.stdout).toContain('readoption is endorsed');
    expect((await h('trigger', 'status', 'tb-ash-2')).stdout).toContain('Outcome: readopted (decided by snap-election)');
  });

  it('reports command-line mistakes with exit status 2', async () => {
    const missing = await h(
      'trigger',
      'record',
      'tb-ash-1',
      '--unit',
      'abbey',
      '--against',
      '0',
      '--abstentions',
      '0',
      '--attendance',
      '1',
      '--date',
      '2024-03-20',
    );
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('hustings: trigger record needs --for\n');
    const badDate = await h('trigger', 'open', 'ash', '--closes', '2024-02-30');
    expect(badDate.status).toBe(2);
    expect(badDate.stderr).toContain('--closes must be a date written YYYY-MM-DD, not "2024-02-30"');
    const badNow = await h('trigger', 'close', 'tb-ash-1', '--now', 'yesterday');
    expect(badNow.status).toBe(2);
    const rulebook = await h('trigger', 'open', 'ash', '--rulebook', 'labour-1066');
    expect(rulebook.status).toBe(2);
    expect(rulebook.stderr).toContain('no rulebook "labour-1066"');
    const sub = await h('trigger', 'reopen', 'tb-ash-1');
    expect(sub.status).toBe(2);
    expect(sub.stderr).toContain('unknown subcommand "trigger reopen"');
  });
});

describe("a readoption by members' meeting, with an appeal", () => {
  it('records the meeting, takes the appeal, and readopts on the all-member ballot', async () => {
    const opened = await h('trigger', 'open', 'cro', '--rulebook', 'libdem-readoption', '--closes', '2024-05-01', '--now', '2024-04-01');
    expect(opened.status).toBe(0);
    expect(opened.stdout).toContain("A members' meeting decides on readoption, by 2024-05-01.");
    expectRefused(
      await h(
        'trigger',
        'record',
        'tb-cro-1',
        '--unit',
        'quay',
        '--for',
        '1',
        '--against',
        '0',
        '--abstentions',
        '0',
        '--attendance',
        '1',
        '--date',
        '2024-04-02',
        '--now',
        '2024-04-02',
      ),
      /Cannot record-meeting: this trigger ballot is in phase "open"; allowed in phase "open": record-members-meeting, snap-election/,
    );
    const meeting = await h(
      'trigger',
      'meeting',
      'tb-cro-1',
      '--for',
      '10',
      '--against',
      '14',
      '--abstentions',
      '1',
      '--attendance',
      '25',
      '--date',
      '2024-04-10',
      '--now',
      '2024-04-10',
    );
    expect(meeting.stderr).toBe('');
    expect(meeting.stdout).toContain('tb-cro-1 is in phase "not-readopted"; next: appeal, close, snap-election.');
    expect((await h('trigger', 'appeal', 'tb-cro-1', '--now', '2024-04-11')).status).toBe(0);
    const ballot = await h(
      'trigger',
      'appeal-ballot',
      'tb-cro-1',
      '--for',
      '300',
      '--against',
      '200',
      '--spoilt',
      '4',
      '--date',
      '2024-04-30',
      '--now',
      '2024-04-30',
    );
    expect(ballot.stdout).toContain('tb-cro-1: Ria Moss is readopted (readopted).');
    const status = JSON.parse((await h('trigger', 'status', 'tb-cro-1', '--format', 'json')).stdout);
    expect(status).toMatchObject({ mode: 'members-meeting', phase: 'readopted', outcome: 'readopted', decidedBy: 'appeal-ballot' });
  });
});

describe('the selection that follows, through to a declaration', () => {
  it('runs applications, nominations, lists, the electorate freeze, the ballot, the count and the declaration', async () => {
    const opened = await h(
      'selection',
      'open',
      'ash',
      '--now',
      '2024-03-20',
      '--applications-close',
      '2024-03-25',
      '--nominations-close',
      '2024-04-05',
      '--freeze-date',
      '2024-03-01',
      '--ballot-opens',
      '2024-04-20',
      '--ballot-closes',
      '2024-05-01',
    );
    expect(opened.stderr).toBe('');
    expect(opened.status).toBe(0);
    expect(opened.stdout).toContain('Opened sel-ash-1');
    expect(opened.stdout).toContain('It follows trigger ballot tb-ash-1: Pat Lee stands as c1.');

    expect((await h('selection', 'apply', 'sel-ash-1', '--name', 'Sam Okafor', '--gender', 'man', '--now', '2024-03-21')).stdout).toContain(
      'Sam Okafor applied as c2 (man)',
    );
    const fromStore = await h('selection', 'apply', 'sel-ash-1', '--member', 'm4', '--now', '2024-03-21');
    expect(fromStore.stdout).toContain('Dee Dunn applied as c3 (woman)');
    expect((await h('selection', 'apply', 'sel-ash-1', '--name', 'Jo Reid', '--gender', 'woman', '--now', '2024-03-22')).status).toBe(0);
    expect((await h('selection', 'apply', 'sel-ash-1', '--name', 'Kit Lowe', '--now', '2024-03-22')).stdout).toContain('Kit Lowe applied as c5; 5 standing.');
    expect((await h('selection', 'withdraw', 'sel-ash-1', '--candidate', 'c5', '--reason', 'moved away', '--now', '2024-03-23')).stdout).toBe(
      'Kit Lowe (c5) has withdrawn (moved away); 4 standing.\n',
    );

    expectRefused(
      await h('selection', 'nominate', 'sel-ash-1', '--unit', 'abbey', '--candidates', 'c2', '--now', '2024-03-23'),
      /Cannot nominate: this selection is in phase "applications"/,
    );
    expectRefused(await h('selection', 'close-applications', 'sel-ash-1', '--now', '2024-03-23'), /cannot be closed early/);
    expect((await h('selection', 'close-applications', 'sel-ash-1', '--now', '2024-03-25')).status).toBe(0);

    const nominated = await h('selection', 'nominate', 'sel-ash-1', '--unit', 'abbey', '--candidates', 'c2,c3', '--now', '2024-03-28');
    expect(nominated.stdout).toContain('Abbey nominated Sam Okafor (c2), Dee Dunn (c3); 1 of 3 units have nominated.');
    expectRefused(await h('selection', 'nominate', 'sel-ash-1', '--unit', 'castle', '--candidates', 'c2,c3,c4', '--now', '2024-03-28'), /at most 2/);
    expect((await h('selection', 'nominate', 'sel-ash-1', '--unit', 'gwu-1', '--candidates', 'c4', '--now', '2024-03-29')).status).toBe(0);

    const longlist = await h('selection', 'longlist', 'sel-ash-1', '--candidates', 'c2,c3,c4', '--now', '2024-04-06');
    expect(longlist.status).toBe(0);
    // The triggered incumbent goes on automatically.
    expect(longlist.stdout).toContain('Longlist (4, 3 women)');
    expect((await h('selection', 'shortlist', 'sel-ash-1', '--candidates', 'c2,c3', '--now', '2024-04-06')).stdout).toContain(
      'Shortlist (3, 2 women): Sam Okafor (c2), Dee Dunn (c3), Pat Lee (c1).',
    );

    const frozen = await h('selection', 'freeze', 'sel-ash-1', '--now', '2024-04-07');
    expect(frozen.stderr).toBe('');
    expect(frozen.status).toBe(0);
    // Of Ashford North's five members: Ann and Dee are eligible; Ben joined too recently, Cat is in arrears, Eli suspended.
    expect(frozen.stdout).toContain('Electorate of sel-ash-1 frozen at 2024-03-01: 2 of 5 members eligible.');
    expect(frozen.stdout).toMatch(/not a member long enough: 1/);
    expect(frozen.stdout).toMatch(/in arrears: 1/);
    expect(frozen.stdout).toMatch(/suspended: 1/);
    expectRefused(
      await h('selection', 'freeze', 'sel-ash-1', '--now', '2024-04-08'),
      /Cannot freeze-electorate: this selection is in phase "electorate-frozen"/,
    );

    const store = await openStore(DB);
    const electorate = await store.electorate(processId('sel-ash-1'));
    await store.close();
    expect(electorate.map((e) => [e.member, e.eligible])).toEqual([
      ['m1', true],
      ['m2', false],
      ['m3', false],
      ['m4', true],
      ['m5', false],
    ]);
    expect(electorate[1].reason).toMatch(/6 months needed/);

    expect((await h('selection', 'open-ballot', 'sel-ash-1', '--now', '2024-04-20')).status).toBe(0);
    expect((await h('selection', 'close-ballot', 'sel-ash-1', '--now', '2024-05-01')).status).toBe(0);

    // Ballots by candidate name, in ballot-paper order of the file: Sam Okafor, Dee Dunn, Pat Lee.
    const tooMany = join(tmp.dir, 'too-many.blt');
    writeFileSync(tooMany, '3 1\n3 2 1 0\n0\n"Sam Okafor"\n"Dee Dunn"\n"Pat Lee"\n"Ashford North"\n');
    expectRefused(await h('selection', 'count', 'sel-ash-1', tooMany, '--now', '2024-05-02'), /more ballots \(at least 3\) than eligible voters \(2\)/);
    const ballots = join(tmp.dir, 'ballots.blt');
    writeFileSync(ballots, '3 1\n2 2 1 0\n0\n"Sam Okafor"\n"Dee Dunn"\n"Pat Lee"\n"Ashford North"\n');
    const counted = await h('selection', 'count', 'sel-ash-1', ballots, '--now', '2024-05-02');
    expect(counted.stderr).toBe('');
    expect(counted.stdout).toContain('Counted 2 ballots by irv');
    expect(counted.stdout).toContain('Dee Dunn (c3) elected');
    const declared = await h('selection', 'declare', 'sel-ash-1', '--now', '2024-05-03');
    expect(declared.status).toBe(0);
    expect(declared.stdout).toContain('Dee Dunn is the seat’s candidate.');

    const status = JSON.parse((await h('selection', 'status', 'sel-ash-1', '--format', 'json')).stdout);
    expect(status.phase).toBe('declared');
    expect(status.declaration).toMatchObject({ winner: 'c3', name: 'Dee Dunn' });
    expect(status.electorate).toMatchObject({ eligible: 2, total: 5, freezeDate: '2024-03-01' });
  });

  it('makes the winner the seat’s candidate: a new trigger ballot on the MP replaced is refused, changing nothing', async () => {
    const reviews = async (): Promise<number> => {
      const store = await openStore(DB);
      const n = (await store.listProcesses({ kind: 'trigger-ballot', constituency: unitId('ash') })).length;
      await store.close();
      return n;
    };
    const before = await reviews();
    expectRefused(
      await h('trigger', 'open', 'ash', '--closes', '2024-07-01', '--now', '2024-06-01'),
      /Ashford North has already selected Dee Dunn as its candidate; a trigger ballot on Pat Lee is no longer possible/,
    );
    expect(await reviews()).toBe(before);
    // Pat Lee stays the sitting MP until an election; only a review of her is closed.
    const store = await openStore(DB);
    expect((await store.getIncumbent(unitId('ash')))?.name).toBe('Pat Lee');
    await store.close();
  });
});

describe('a national internal election', () => {
  it('takes nominations and freezes an electorate of every member of the party', async () => {
    const opened = await h(
      'election',
      'open',
      'NEC constituency section 2024',
      '--id',
      'nec',
      '--now',
      '2024-03-01',
      '--nominations-close',
      '2024-03-10',
      '--freeze-date',
      '2024-03-01',
      '--ballot-opens',
      '2024-03-20',
      '--ballot-closes',
      '2024-03-30',
    );
    expect(opened.stderr).toBe('');
    expect(opened.stdout).toContain('Opened el-nec-1: NEC constituency section 2024, under labour-2021@1: 9 seats by stv-droop, at least 4 women.');
    expectRefused(await h('election', 'freeze', 'el-nec-1', '--now', '2024-03-05'), /Nominations are open until 10 March 2024/);
    for (let i = 1; i <= 10; i++) {
      const r = await h('election', 'nominate', 'el-nec-1', '--name', `Nominee ${i}`, '--gender', i % 2 === 0 ? 'woman' : 'man', '--now', '2024-03-05');
      expect(r.status).toBe(0);
    }
    // Each officer's direct nomination is in the audit log, as the command line's user's step.
    const store = await openStore(DB);
    const nominated = (await store.auditEntries({ limit: 10_000 })).filter((e) => e.type === 'election.nominated');
    await store.close();
    expect(nominated.map((e) => (e.data as { name: string }).name)).toEqual(Array.from({ length: 10 }, (_, i) => `Nominee ${i + 1}`));
    expect(nominated.every((e) => e.actor.startsWith('cli:'))).toBe(true);
    const frozen = await h('election', 'freeze', 'el-nec-1', '--now', '2024-03-11');
    expect(frozen.stderr).toBe('');
    // Every member of both constituencies: Ann, Dee and Fay are eligible; Gus has lapsed.
    expect(frozen.stdout).toContain('2024-03-01: 3 of 7 members eligible.');
    expect(frozen.stdout).toMatch(/lapsed: 1/);
    const status = JSON.parse((await h('election', 'status', 'el-nec-1', '--format', 'json')).stdout);
    expect(status.phase).toBe('electorate-frozen');
    expect(status.electorate).toMatchObject({ eligible: 3, total: 7 });
    const list = JSON.parse((await h('election', 'list', '--format', 'json')).stdout);
    expect(list).toEqual([expect.objectContaining({ process: 'el-nec-1', phase: 'electorate-frozen', seats: 9, candidates: 10 })]);
    // A selection command on an election is pointed to the right one.
    expectRefused(await h('selection', 'status', 'el-nec-1'), /el-nec-1 is an internal election, not a selection; use hustings election/);
  });

  it('may be opened with its own seats, counting method and minimum of women, as on the web; one that could never be counted is refused', async () => {
    const dates = ['--now', '2024-03-01', '--nominations-close', '2024-03-10', '--ballot-opens', '2024-03-20', '--ballot-closes', '2024-03-30'];
    const opened = await h('election', 'open', 'Policy panel', '--id', 'panel', '--seats', '3', '--method', 'stv-meek', '--min-women', '1', ...dates);
    expect(opened.stderr).toBe('');
    expect(opened.stdout).toContain('Opened el-panel-1: Policy panel, under labour-2021@1: 3 seats by stv-meek, at least 1 woman.');
    expectRefused(await h('election', 'open', 'Chair', '--seats', '2', '--method', 'irv', '--min-women', '0', ...dates), /fills one seat, not 2/);
    expectRefused(await h('election', 'open', 'Chair', '--method', 'plurality', ...dates), /cannot enforce a minimum of women/);
    const wrong = await h('election', 'open', 'Chair', '--min-women', 'some', ...dates);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('--min-women must be a whole number of 0 or more, not "some"');
    const list = JSON.parse((await h('election', 'list', '--format', 'json')).stdout) as { process: string; seats: number }[];
    expect(list.map((x) => x.process)).toEqual(['el-nec-1', 'el-panel-1']);
  });

  it('counts under a minimum of women and says whether the minimum changed who was elected', async () => {
    const dates = ['--nominations-close', '2024-06-10', '--freeze-date', '2024-06-01', '--ballot-opens', '2024-06-20', '--ballot-closes', '2024-06-30'];
    const opened = await h(
      'election',
      'open',
      'Standing orders panel',
      '--id',
      'sop',
      '--seats',
      '2',
      '--method',
      'stv-droop',
      '--min-women',
      '1',
      '--now',
      '2024-06-01',
      ...dates,
    );
    expect(opened.stderr).toBe('');
    for (const [name, gender] of [
      ['Al Hart', 'man'],
      ['Bob Hale', 'man'],
      ['Cath Lee', 'woman'],
    ]) {
      expect((await h('election', 'nominate', 'el-sop-1', '--name', name, '--gender', gender, '--now', '2024-06-05')).status).toBe(0);
    }
    expect((await h('election', 'freeze', 'el-sop-1', '--now', '2024-06-11')).status).toBe(0);
    expect((await h('election', 'open-ballot', 'el-sop-1', '--now', '2024-06-20')).status).toBe(0);
    expect((await h('election', 'close-ballot', 'el-sop-1', '--now', '2024-06-30')).status).toBe(0);
    // Counted elsewhere (the box stayed empty): two ballots for the two men, one for the woman. Bob Hale and
    // Cath Lee then tie for the second seat without the minimum, so the sentence depends on the lot; either way it is said.
    const ballots = join(tmp.dir, 'panel.blt');
    writeFileSync(ballots, '3 2\n2 1 2 0\n1 3 0\n0\n"Al Hart"\n"Bob Hale"\n"Cath Lee"\n"Standing orders panel"\n');
    const counted = await h('election', 'count', 'el-sop-1', ballots, '--now', '2024-07-01');
    expect(counted.stderr).toBe('');
    expect(counted.stdout).toContain('Cath Lee (c3)');
    expect(counted.stdout).toMatch(
      /\nThe minimum of 1 woman (did not change who was elected|changed the result: Cath Lee was elected in place of Bob Hale)\.\n/,
    );
  });
});
