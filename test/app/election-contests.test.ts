/**
 * An election of several contests: opening the rulebook's contests together (each its own internal
 * election, linked to the election), and freezing each contest's electorate as the election's
 * electorate filtered by who the contest is for.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { castBallot } from '../../src/app/cast-ballot.js';
import { closeBallot } from '../../src/app/close-ballot.js';
import { publicResultOf } from '../../src/app/declared-results.js';
import { publishBoard } from '../../src/app/publish-board.js';
import { recordCount } from '../../src/app/record-count.js';
import { verifyBoard } from '../../src/integrity/verify.js';
import { contestsOf, openElectionContests } from '../../src/app/open-process.js';
import { memberId, unitId } from '../../src/domain/ids.js';
import type { Member, Unit } from '../../src/domain/organisation.js';
import { LABOUR_2021 } from '../../src/domain/presets.js';
import { fixedClock, isoDate } from '../../src/domain/time.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';
import { applyStep, freezeElectorate, type Acting } from './steps.js';

const unit = (id: string, kind: Unit['kind'], parent: string | null, name = id): Unit => ({
  id: unitId(id),
  kind,
  name,
  parent: parent === null ? null : unitId(parent),
  constituency: kind === 'branch' && parent !== null ? unitId(parent) : null,
});

const member = (n: number, branch: string, more: Partial<Member> = {}): Member => ({
  id: memberId(`m${n}`),
  name: `Member ${n}`,
  email: null,
  branch: unitId(branch),
  joined: isoDate('2010-01-01'),
  statusHistory: [{ from: isoDate('2010-01-01'), status: 'current' }],
  gender: n % 2 === 0 ? 'woman' : 'man',
  ...more,
});

const noon = (d: string) => `${d}T12:00:00.000Z`;
let store: Store;
const clock = fixedClock(noon('2026-01-05'));
const a = (): Acting => ({ store, clock, actor: 'tester' });
const timetable = {
  nominationsClose: isoDate('2026-02-01'),
  freezeDate: isoDate('2026-02-01'),
  ballotOpens: isoDate('2026-02-10'),
  ballotCloses: isoDate('2026-03-01'),
};

beforeAll(async () => {
  store = await openStore('sqlite::memory:');
  await store.putUnits([
    unit('party', 'party', null, 'The Party'),
    unit('wales', 'region', 'party', 'Wales'),
    unit('london', 'region', 'party', 'London'),
    unit('cardiff', 'constituency', 'wales', 'Cardiff Central'),
    unit('cardiff:b1', 'branch', 'cardiff', 'Cathays'),
    unit('ealing', 'constituency', 'london', 'Ealing North'),
    unit('ealing:b1', 'branch', 'ealing', 'Northolt'),
  ]);
  await store.putMembers([
    member(1, 'cardiff:b1', { born: isoDate('2001-05-01') }), // 24 on the freeze date, in Wales
    member(2, 'cardiff:b1', { born: isoDate('1980-05-01'), selfIdentified: ['disabled'] }),
    member(3, 'ealing:b1', { born: isoDate('1999-02-01') }), // 27 on the freeze date itself
    member(4, 'ealing:b1'), // no date of birth
    member(5, 'ealing:b1', { born: isoDate('2003-01-01'), statusHistory: [{ from: isoDate('2010-01-01'), status: 'lapsed' }] }),
  ]);
});

describe('an election of several contests', () => {
  it('opens the chosen contests in the rulebook order, each with its own seats, method and segment', async () => {
    const r = await openElectionContests(a(), LABOUR_2021, 'NEC elections 2026', timetable, [
      { contest: 'wales' },
      { contest: 'youth' },
      { contest: 'nec-clp', seats: 5 },
      { contest: 'disabled' },
    ]);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.map((p) => p.id)).toEqual([
      'el-nec-elections-2026-1-nec-clp',
      'el-nec-elections-2026-1-youth',
      'el-nec-elections-2026-1-wales',
      'el-nec-elections-2026-1-disabled',
    ]);
    const [clp, youth] = r.value;
    expect(clp!.state).toMatchObject({ title: 'NEC constituency section', seats: 5, method: 'stv-droop', minWomen: 4 });
    expect(youth!.state).toMatchObject({ title: 'Youth representative', seats: 1, method: 'irv', minWomen: null });
    expect(youth!.state.contest).toEqual({
      election: 'el-nec-elections-2026-1',
      electionTitle: 'NEC elections 2026',
      contest: 'youth',
      order: 2,
      segment: { kind: 'under-age', age: 27 },
    });
    expect((await contestsOf(a(), 'el-nec-elections-2026-1')).map((p) => p.state.contest?.contest)).toEqual(['nec-clp', 'youth', 'wales', 'disabled']);
  });

  it('opens none when one contest is refused, and names a contest the rulebook lacks', async () => {
    const before = (await store.listProcesses()).length;
    const bad = await openElectionContests(a(), LABOUR_2021, 'Again', timetable, [{ contest: 'youth' }, { contest: 'nec-clp', seats: 3.5 }]);
    expect(!bad.ok && bad.error.message).toBe('NEC constituency section: The number of seats must be a whole number of 1 or more, not 3.5.');
    const unknown = await openElectionContests(a(), LABOUR_2021, 'Again', timetable, [{ contest: 'scotland' }]);
    expect(!unknown.ok && unknown.error.message).toContain('has no contest "scotland"');
    expect((await store.listProcesses()).length).toBe(before);
  });

  it("freezes a contest's electorate as the election's, filtered by its segment, with each member's reason", async () => {
    clock.set(noon('2026-01-10'));
    await applyStep(a(), 'el-nec-elections-2026-1-wales', 'internal-election', { type: 'nominate', name: 'Candidate for Wales', gender: 'woman' });
    clock.set(noon('2026-02-02'));
    const wales = await freezeElectorate(a(), 'el-nec-elections-2026-1-wales', 'internal-election');
    expect([wales.eligible, wales.total]).toEqual([2, 5]);
    // The lapsed member is barred by the election's own rules; the others outside Wales by the segment.
    expect(wales.barred).toEqual({ lapsed: 1, 'not among members whose branch is in Wales': 2 });
    const entries = new Map((await store.electorate(wales.process.id)).map((e) => [String(e.member), e]));
    expect(entries.get('m1')?.eligible).toBe(true);
    expect(entries.get('m3')?.reason).toBe(
      'You may not vote in the Welsh representative contest: your branch is in London, and it is for members whose branch is in Wales.',
    );
    expect(wales.process.state.electorate?.summary).toContain('2 of 5 members eligible');
  });

  it('freezes an age-limited contest by date of birth, and a self-identified one without saying who self-identifies', async () => {
    clock.set(noon('2026-01-10'));
    for (const c of ['youth', 'disabled'])
      await applyStep(a(), `el-nec-elections-2026-1-${c}`, 'internal-election', { type: 'nominate', name: `Candidate for ${c}`, gender: 'woman' });
    clock.set(noon('2026-02-02'));
    const youth = await freezeElectorate(a(), 'el-nec-elections-2026-1-youth', 'internal-election');
    expect([youth.eligible, youth.barred]).toEqual([1, { lapsed: 1, 'not among members under 27 on the freeze date': 3 }]);
    const reasons = new Map((await store.electorate(youth.process.id)).map((e) => [String(e.member), e.reason]));
    expect(reasons.get('m3')).toBe(
      'You may not vote in the Youth representative contest: you were 27 on the freeze date, and it is for members under 27 on the freeze date.',
    );
    expect(reasons.get('m4')).toContain('there is no date of birth on your membership record');

    const disabled = await freezeElectorate(a(), 'el-nec-elections-2026-1-disabled', 'internal-election');
    expect(disabled.eligible).toBe(1);
    const stored = await store.electorate(disabled.process.id);
    expect(stored.find((e) => e.eligible)?.member).toBe(memberId('m2'));
    // What officers and scrutineers read of the others says nothing of how each self-identifies.
    const told = stored.filter((x) => x.member !== memberId('m5')).map((x) => x.reason);
    expect(new Set(told).size, told.join(' | ')).toBe(1);
    expect(told[0]).toContain('is told only to the member');
  });

  it("lists a declared contest's public result under its election", async () => {
    const doc = (await contestsOf(a(), 'el-nec-elections-2026-1'))[1]!;
    const declared = {
      ...doc,
      state: { ...doc.state, phase: 'declared' as const, declaration: { elected: [{ id: 'c1', name: 'Ria Moss' }], at: noon('2026-03-05') } },
    };
    expect(publicResultOf(declared, () => '')).toMatchObject({ title: 'NEC elections 2026: Youth representative', elected: ['Ria Moss'] });
  });

  it("runs a contest through its own ballot box to a board that verifies, holding only its own electorate's ballots", async () => {
    const id = 'el-nec-elections-2026-1-wales';
    clock.set(noon('2026-02-10'));
    await applyStep(a(), id, 'internal-election', { type: 'open-ballot' });
    const open = (await store.processDocument(id as never))!;
    if (open.kind !== 'internal-election') throw new Error('not an election');
    expect((await castBallot(store, clock, open, open.state, memberId('m1'), ['c1'])).ok).toBe(true);
    // A member outside Wales is not on this contest's electorate.
    const outside = await castBallot(store, clock, open, open.state, memberId('m3'), ['c1']);
    expect(!outside.ok && outside.error.reason).toBe('not-eligible');
    clock.set(noon('2026-03-02'));
    const closed = await closeBallot({ store, clock, rulebook: LABOUR_2021, actor: 'tester' }, open);
    if (!closed.ok) throw new Error(closed.error.message);
    const counted = await recordCount(store, clock, closed.value, LABOUR_2021, { kind: 'ballot-box' }, 'tester');
    if (!counted.ok) throw new Error(counted.error.message);
    const board = await publishBoard(store, counted.value, { actor: 'tester', at: clock.now().toISOString(), withUndeclared: true });
    if (!board.ok) throw new Error(board.error.message);
    expect(board.value.ballots.length).toBe(1);
    expect(verifyBoard(board.value).problems).toEqual([]);
  });
});
