/**
 * A snap election declared over a mix of processes, each taking its own step with its own audit
 * entry; endorsements; the timetable's scheduler passing over a paused ballot; an emergency selection
 * opened in the seat a refused endorsement left without a candidate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  awaitingEndorsement,
  changeTimetable,
  declareSnapElection,
  decideEndorsement,
  emergencySelections,
  openEmergencySelection,
  pausedProcesses,
  seatsWithoutCandidate,
} from '../../src/app/emergency.js';
import { TimetableScheduler } from '../../src/app/timetable-scheduler.js';
import { applyStep, freezeElectorate, openElection, openSelectionIn, openTrigger, type Acting } from './steps.js';
import { memberId, unitId, type ProcessId } from '../../src/domain/ids.js';
import type { Member, Unit } from '../../src/domain/organisation.js';
import { LABOUR_2021, LIBDEM_READOPTION } from '../../src/domain/presets.js';
import { fixedClock, isoDate } from '../../src/domain/time.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';
import type { TimedProcessDocument } from '../../src/domain/processes/documents.js';

const unit = (id: string, kind: Unit['kind'], parent: string | null, constituency: string | null = null): Unit => ({
  id: unitId(id),
  kind,
  name: `Unit ${id}`,
  parent: parent === null ? null : unitId(parent),
  constituency: constituency === null ? null : unitId(constituency),
});

const member = (n: number, branch: string): Member => ({
  id: memberId(`m${n}`),
  name: `Member ${n}`,
  email: null,
  branch: unitId(branch),
  joined: isoDate('2010-01-01'),
  statusHistory: [{ from: isoDate('2010-01-01'), status: 'current' }],
  gender: n % 2 === 0 ? 'woman' : 'man',
});

const noon = (d: string) => `${d}T12:00:00.000Z`;
let store: Store;
const clock = fixedClock(noon('2024-03-01'));
const a = (): Acting => ({ store, clock, actor: 'nat-1' });
const SEATS = ['ash', 'bel', 'cro', 'dun', 'eve'];
const ids: Record<string, ProcessId> = {};

beforeAll(async () => {
  store = await openStore('sqlite::memory:');
  await store.putUnits([
    unit('party', 'party', null),
    unit('north', 'region', 'party'),
    ...SEATS.flatMap((c) => [unit(c, 'constituency', 'north'), unit(`${c}:b1`, 'branch', c, c)]),
  ]);
  await store.putMembers(Array.from({ length: 10 }, (_, i) => member(i + 1, `${SEATS[i % 5]}:b1`)));
  for (const c of ['ash', 'bel', 'cro'])
    await store.putIncumbent({ constituency: unitId(c), name: `MP for ${c}`, member: null, gender: 'woman', suspended: false, parentalLeaveEnded: null });
  const con = async (id: string) => (await store.getUnit(unitId(id)))!;
  // Two reviews under way: Labour's NEC endorses; a Liberal Democrat readoption readopts at once.
  ids.ash = (await openTrigger(a(), await con('ash'), LABOUR_2021, isoDate('2024-04-01'))).id;
  ids.bel = (await openTrigger(a(), await con('bel'), LABOUR_2021, isoDate('2024-04-01'))).id;
  ids.cro = (await openTrigger(a(), await con('cro'), LIBDEM_READOPTION, isoDate('2024-04-01'))).id;
  // A selection taking applications, and one whose ballot is open.
  const timetable = {
    applicationsClose: isoDate('2024-03-02'),
    nominationsClose: isoDate('2024-03-02'),
    freezeDate: isoDate('2024-03-01'),
    ballotOpens: isoDate('2024-03-03'),
    ballotCloses: isoDate('2024-03-04'),
  };
  ids.dun = (
    await openSelectionIn(a(), await con('dun'), LABOUR_2021, {
      timetable: {
        ...timetable,
        applicationsClose: isoDate('2024-03-20'),
        nominationsClose: isoDate('2024-03-25'),
        ballotOpens: isoDate('2024-04-01'),
        ballotCloses: isoDate('2024-04-05'),
      },
    })
  ).process.id;
  ids.eve = (await openSelectionIn(a(), await con('eve'), LABOUR_2021, { timetable })).process.id;
  await applyStep(a(), ids.eve, 'selection', { type: 'apply', name: 'Eve One', gender: 'woman' });
  clock.set(noon('2024-03-02'));
  await applyStep(a(), ids.eve, 'selection', { type: 'close-applications' });
  await applyStep(a(), ids.eve, 'selection', { type: 'set-longlist', candidates: ['c1'] });
  await applyStep(a(), ids.eve, 'selection', { type: 'set-shortlist', candidates: ['c1'] });
  await freezeElectorate(a(), ids.eve, 'selection');
  clock.set(noon('2024-03-03'));
  await applyStep(a(), ids.eve, 'selection', { type: 'open-ballot' });
  // A national election, which a general election does not touch.
  ids.nec = (
    await openElection(a(), LABOUR_2021, 'NEC 2024', {
      nominationsClose: isoDate('2024-03-20'),
      freezeDate: isoDate('2024-03-03'),
      ballotOpens: isoDate('2024-04-01'),
      ballotCloses: isoDate('2024-04-05'),
    })
  ).id;
}, 60_000);

afterAll(async () => {
  await store?.close();
});

describe('a snap election declared nationally', () => {
  it('needs a reason', async () => {
    const r = await declareSnapElection(a(), '  ');
    expect(!r.ok && r.error.message).toBe('The reason for declaring a snap election must be given.');
  });

  it('pauses every selection, readopts or awaits endorsement in every review, and says so process by process', async () => {
    const r = await declareSnapElection(a(), 'The Prime Minister has called a general election for 2 May.');
    if (!r.ok) throw new Error(r.error.message);
    const by = Object.fromEntries(r.value.map((o) => [o.process, o]));
    expect(by[ids.ash!]).toMatchObject({ outcome: 'awaiting-endorsement', where: 'Unit ash' });
    expect(by[ids.ash!]!.words).toBe(
      'The review is cancelled: MP for ash is to be readopted, waiting for the National Executive Committee to endorse the readoption.',
    );
    expect(by[ids.cro!]).toMatchObject({ outcome: 'readopted', words: 'The review is cancelled and MP for cro is readopted.' });
    expect(by[ids.dun!]).toMatchObject({ outcome: 'paused', words: 'Paused until it resumes.' });
    expect(by[ids.eve!]).toMatchObject({ outcome: 'paused', words: 'Paused, with its ballot: nobody may vote until it resumes.' });
    expect(by[ids.nec!]).toBeUndefined();
    expect(((await store.processDocument(ids.nec!))?.state as { paused?: unknown } | undefined)?.paused).toBeUndefined();
    // Each process's own step is audited, and the declaration once, with the list.
    const log = await store.auditEntries({ limit: 1000 });
    expect(
      log
        .filter((e) => e.type === 'selection.timetable-paused')
        .map((e) => (e.data as { process: string }).process)
        .sort(),
    ).toEqual([ids.dun, ids.eve].sort());
    expect(log.filter((e) => e.type === 'trigger.snap-election')).toHaveLength(3);
    const declared = log.find((e) => e.type === 'emergency.snap-election')!;
    expect(declared.actor).toBe('nat-1');
    expect((declared.data as { outcomes: string[] }).outcomes).toHaveLength(5);
    expect((await pausedProcesses(a())).map((p) => p.id).sort()).toEqual([ids.dun, ids.eve].sort());
    expect((await awaitingEndorsement(a())).map((p) => p.id)).toEqual([ids.ash, ids.bel]);
  });

  it('a second declaration leaves what it did alone, and says so', async () => {
    const r = await declareSnapElection(a(), 'Again.');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.map((o) => o.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
  });

  it('the timetable’s scheduler does not close a paused ballot past its closing moment, and closes it once resumed and due', async () => {
    clock.set('2024-03-06T12:00:00.000Z');
    const scheduler = new TimetableScheduler({ store, clock });
    expect((await scheduler.closeDue()).closed).toEqual([]);
    const resumed = await changeTimetable(a(), (await store.processDocument(ids.eve!)) as TimedProcessDocument, {
      action: 'resume',
      reason: 'The election is over.',
    });
    if (!resumed.ok) throw new Error(resumed.error.message);
    // Paused on the 3rd, resumed on the 6th: the closing day moves on three days, to the 7th.
    expect(resumed.value.kind === 'selection' && resumed.value.state.timetable.ballotCloses).toBe('2024-03-07');
    expect((await scheduler.closeDue()).closed).toEqual([]);
    clock.set('2024-03-08T00:30:00.000Z');
    expect((await scheduler.closeDue()).closed).toEqual([ids.eve]);
  });

  it('endorsement: one MP endorsed, another refused, whose seat an emergency selection then fills', async () => {
    const endorsed = await decideEndorsement(a(), ids.ash!, { decision: 'endorse', reason: 'Stands again.', date: isoDate('2024-03-08') });
    expect(endorsed.ok && endorsed.value.state.phase).toBe('readopted');
    const refused = await decideEndorsement(a(), ids.bel!, { decision: 'refuse', reason: 'Under investigation.', date: isoDate('2024-03-08') });
    expect(refused.ok && refused.value.state.phase).toBe('triggered');
    expect((await seatsWithoutCandidate(a())).map((p) => p.id)).toEqual([ids.bel]);
    const opened = await openEmergencySelection(a(), unitId('bel'), { panel: 'NEC panel', reason: 'The NEC refused to endorse the MP.' });
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.state).toMatchObject({ followsTrigger: ids.bel, emergency: { decidedBy: 'panel-decides' }, candidates: [] });
    expect(opened.value.state.timetable).toEqual({
      applicationsClose: '2024-03-11',
      nominationsClose: '2024-03-11',
      freezeDate: '2024-03-08',
      ballotOpens: '2024-03-13',
      ballotCloses: '2024-03-16',
    });
    expect((await emergencySelections(a())).map((p) => p.id)).toEqual([opened.value.id]);
    expect(await seatsWithoutCandidate(a())).toEqual([]);
    const again = await decideEndorsement(a(), ids.ash!, { decision: 'refuse', reason: 'x', date: isoDate('2024-03-08') });
    expect(!again.ok && again.error.code).toBe('conflict');
  });
});
