/**
 * The public results index's use case: every declared selection and internal
 * election and every decided review, newest first; nothing counted but not yet
 * declared, nothing still open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPublicResults, type PublicResult } from '../../src/app/declared-results.js';
import { memberId, unitId } from '../../src/domain/ids.js';
import type { Member, Unit } from '../../src/domain/organisation.js';
import { LABOUR_1979, LABOUR_2021 } from '../../src/domain/presets.js';
import type { InternalElectionState, SelectionState } from '../../src/domain/processes/index.js';
import { fixedClock, isoDate } from '../../src/domain/time.js';
import { openStore } from '../../src/store/index.js';
import type { Store, StoredProcess } from '../../src/store/store.js';
import { applyStep, freezeElectorate, openElection, openSelectionIn, openTrigger, type Acting } from './steps.js';

const unit = (id: string, kind: Unit['kind'], parent: string | null, constituency: string | null = null): Unit => ({
  id: unitId(id),
  kind,
  name: kind === 'constituency' ? `${id[0]!.toUpperCase()}${id.slice(1)}shire` : `Unit ${id}`,
  parent: parent === null ? null : unitId(parent),
  constituency: constituency === null ? null : unitId(constituency),
});

const member = (n: number, branch: string, gender: string): Member => ({
  id: memberId(`m${n}`),
  name: `Member ${n}`,
  email: null,
  branch: unitId(branch),
  joined: isoDate('2010-01-01'),
  statusHistory: [{ from: isoDate('2010-01-01'), status: 'current' }],
  gender,
});

const noon = (d: string) => `${d}T12:00:00.000Z`;
let store: Store;
const clock = fixedClock(noon('2024-03-01'));
const a = (): Acting => ({ store, clock, actor: 'tester' });
const at = (d: string) => clock.set(noon(d));
let selection: StoredProcess;

async function listed(): Promise<readonly PublicResult[]> {
  const r = await listPublicResults(store);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

beforeAll(async () => {
  store = await openStore('sqlite::memory:');
  const constituencies = ['ash', 'dun', 'eve', 'fen'];
  await store.putUnits([
    unit('party', 'party', null),
    unit('north', 'region', 'party'),
    unit('aff', 'affiliate', 'party'),
    ...constituencies.flatMap((c) => [unit(c, 'constituency', 'north'), unit(`${c}:b1`, 'branch', c, c), unit(`${c}:b2`, 'branch', c, c)]),
    unit('ash:aff-1', 'affiliated-branch', 'aff', 'ash'),
  ]);
  await store.putMembers(Array.from({ length: 16 }, (_, i) => member(i + 1, `${constituencies[i % 4]}:b${(i % 2) + 1}`, i % 2 === 0 ? 'woman' : 'man')));
  for (const c of constituencies) {
    await store.putIncumbent({ constituency: unitId(c), name: `Incumbent of ${c}`, member: null, gender: 'woman', suspended: false, parentalLeaveEnded: null });
  }
  const con = async (id: string) => (await store.getUnit(unitId(id)))!;

  // Ash: a trigger ballot of its units, decided at the close (one branch for, one did not meet, the affiliated branch for).
  at('2024-03-01');
  let tb = await openTrigger(a(), await con('ash'), LABOUR_2021, isoDate('2024-04-01'));
  at('2024-03-10');
  const figures = { abstentions: 0, date: isoDate('2024-03-10') };
  tb = await applyStep(a(), tb.id, 'trigger-ballot', { type: 'record-meeting', unit: 'ash:b1', for: 9, against: 2, attendance: 11, ...figures });
  tb = await applyStep(a(), tb.id, 'trigger-ballot', { type: 'record-absent', unit: 'ash:b2', note: 'not quorate' });
  tb = await applyStep(a(), tb.id, 'trigger-ballot', { type: 'record-meeting', unit: 'ash:aff-1', for: 5, against: 0, attendance: 5, ...figures });
  at('2024-04-02');
  await applyStep(a(), tb.id, 'trigger-ballot', { type: 'close' });
  // Dun: a trigger ballot still open. Eve: mandatory reselection, decided at the opening.
  at('2024-03-02');
  await openTrigger(a(), await con('dun'), LABOUR_2021, isoDate('2024-05-01'));
  await openTrigger(a(), await con('eve'), LABOUR_1979, isoDate('2024-04-01'));

  // Ash's selection, counted (not yet declared).
  at('2024-04-03');
  let sel: StoredProcess = (
    await openSelectionIn(a(), await con('ash'), LABOUR_2021, {
      timetable: {
        applicationsClose: isoDate('2024-04-05'),
        nominationsClose: isoDate('2024-04-10'),
        freezeDate: isoDate('2024-04-01'),
        ballotOpens: isoDate('2024-04-12'),
        ballotCloses: isoDate('2024-04-14'),
      },
    })
  ).process;
  for (const [name, gender] of [
    ['Ann Ash', 'woman'],
    ['Bo Birch', 'man'],
    ['Cy Cedar', 'woman'],
  ] as const) {
    sel = await applyStep(a(), sel.id, 'selection', { type: 'apply', name, gender });
  }
  at('2024-04-05');
  sel = await applyStep(a(), sel.id, 'selection', { type: 'close-applications' });
  at('2024-04-10');
  const list = (sel.state as SelectionState).candidates.map((c) => c.id);
  sel = await applyStep(a(), sel.id, 'selection', { type: 'set-longlist', candidates: list });
  sel = await applyStep(a(), sel.id, 'selection', { type: 'set-shortlist', candidates: list });
  sel = (await freezeElectorate(a(), sel.id, 'selection')).process;
  at('2024-04-12');
  sel = await applyStep(a(), sel.id, 'selection', { type: 'open-ballot' });
  at('2024-04-14');
  sel = await applyStep(a(), sel.id, 'selection', { type: 'close-ballot' });
  const paper = (sel.state as SelectionState).shortlist!;
  selection = await applyStep(a(), sel.id, 'selection', { type: 'record-count', ballots: [{ ranking: [paper[2]!, paper[0]!], count: 3 }], seed: 5 });

  // A national election, declared; another still taking nominations.
  at('2024-05-01');
  let el = await openElection(a(), LABOUR_2021, 'NEC 2024', {
    nominationsClose: isoDate('2024-05-05'),
    freezeDate: isoDate('2024-05-01'),
    ballotOpens: isoDate('2024-05-06'),
    ballotCloses: isoDate('2024-05-08'),
  });
  for (let i = 1; i <= 10; i++)
    el = await applyStep(a(), el.id, 'internal-election', { type: 'nominate', name: `Nominee ${i}`, gender: i <= 5 ? 'woman' : 'man' });
  at('2024-05-06');
  el = (await freezeElectorate(a(), el.id, 'internal-election')).process;
  el = await applyStep(a(), el.id, 'internal-election', { type: 'open-ballot' });
  at('2024-05-08');
  el = await applyStep(a(), el.id, 'internal-election', { type: 'close-ballot' });
  const nominees = (el.state as InternalElectionState).candidates.map((c) => c.id);
  el = await applyStep(a(), el.id, 'internal-election', { type: 'record-count', ballots: [{ ranking: nominees, count: 3 }], seed: 9 });
  at('2024-05-09');
  await applyStep(a(), el.id, 'internal-election', { type: 'declare' });
  await openElection(a(), LABOUR_2021, 'Youth representative 2024', {
    nominationsClose: isoDate('2024-06-05'),
    freezeDate: isoDate('2024-06-01'),
    ballotOpens: isoDate('2024-06-06'),
    ballotCloses: isoDate('2024-06-08'),
  });
}, 60_000);

afterAll(async () => {
  await store?.close();
});

describe('listPublicResults', () => {
  it('lists the declared election and the decided reviews, newest first, and nothing counted but undeclared or still open', async () => {
    const results = await listed();
    expect(results.map((r) => [r.kind, r.kind === 'trigger-ballot' ? r.constituency : r.title])).toEqual([
      ['internal-election', 'NEC 2024'],
      ['trigger-ballot', 'Ashshire'],
      ['trigger-ballot', 'Eveshire'],
    ]);
    expect(results.some((r) => r.process === selection.id)).toBe(false);
    const nec = results[0]!;
    expect(nec.kind === 'internal-election' && nec.constituency).toBeNull();
    expect(nec.kind === 'internal-election' && nec.declaredAt).toBe(noon('2024-05-09'));
    expect(nec.kind === 'internal-election' && nec.elected.length).toBe(9);
  });

  it('tallies the units’ decisions by class for a trigger ballot, and none for a review decided without one', async () => {
    const [, ash, eve] = await listed();
    expect(ash).toMatchObject({
      result: 'triggered',
      decidedBy: 'units',
      decidedAt: noon('2024-04-02'),
      incumbent: 'Incumbent of ash',
      tally: { branch: { yes: 1, no: 0, abstain: 0, absent: 1 }, affiliate: { yes: 1, no: 0, abstain: 0, absent: 0 } },
    });
    expect(eve).toMatchObject({ result: 'triggered', decidedBy: 'mandatory-reselection', tally: null });
  });

  it('lists a selection once it is declared, with who was selected', async () => {
    at('2024-05-10');
    await applyStep(a(), selection.id, 'selection', { type: 'declare' });
    const first = (await listed())[0]!;
    expect(first).toMatchObject({ kind: 'selection', process: selection.id, constituency: 'Ashshire', declaredAt: noon('2024-05-10') });
    const state = selection.state as SelectionState;
    const winner = state.candidates.find((c) => c.id === state.shortlist![2])!.name;
    expect(first.kind === 'selection' && first.elected).toEqual([winner]);
  });
});
