/**
 * Valid paths through each process, step by step, so a test can stop at any
 * phase. Each step sets the clock to the day it happens, then applies a command
 * built from the state so far (candidate ids are looked up by name).
 */
import { LABOUR_2021 } from '../../../src/domain/presets.js';
import type { Rulebook } from '../../../src/domain/rulebook.js';
import type { ProcessContext } from '../../../src/domain/processes/common.js';
import {
  applySelection,
  openSelection,
  type SelectionCommand,
  type SelectionPhase,
  type SelectionState,
  type SelectionTimetable,
} from '../../../src/domain/processes/selection.js';
import {
  applyElection,
  openInternalElection,
  type ElectionCommand,
  type ElectionPhase,
  type ElectionTimetable,
  type InternalElectionState,
} from '../../../src/domain/processes/internal-election.js';
import { applyTrigger, openTriggerBallot, type TriggerBallotState } from '../../../src/domain/processes/trigger-ballot.js';
import { branches, context, d, incumbent, must, YES, type TestClock } from './helpers.js';

export const SELECTION_TIMETABLE: SelectionTimetable = {
  applicationsClose: d('2024-03-10'),
  nominationsClose: d('2024-03-20'),
  freezeDate: d('2024-02-01'),
  ballotOpens: d('2024-04-01'),
  ballotCloses: d('2024-04-10'),
};
export const SELECTION_OPENS = '2024-03-01T09:00:00.000Z';

export function idOf(state: { candidates: readonly { id: string; name: string }[] }, name: string): string {
  const c = state.candidates.find((x) => x.name === name);
  if (!c) throw new Error(`no candidate named ${name}`);
  return c.id;
}

/** A trigger ballot under labour-2021 in which every branch wants a selection: closed as triggered. */
export function triggeredBallot(rulebook: Rulebook = LABOUR_2021): TriggerBallotState {
  const { ctx, clock } = context(rulebook, '2024-01-10T10:00:00.000Z');
  let state = must(openTriggerBallot({ incumbent: incumbent(), units: branches(3), closes: d('2024-02-10') }, ctx)).state;
  clock.set('2024-01-20T19:00:00.000Z');
  for (const u of state.units) state = must(applyTrigger(state, { type: 'record-meeting', unit: u.id, ...YES, date: d('2024-01-20') }, ctx)).state;
  state = must(applyTrigger(state, { type: 'close' }, ctx)).state;
  return state;
}

export interface Driven<S> {
  state: S;
  ctx: ProcessContext;
  clock: TestClock;
}

type SelectionStep = { at?: string; make: (s: SelectionState) => SelectionCommand };

/**
 * Applicants Alice Ash (woman), Bella Birch (woman), Carl Cedar (man), Dev Deodar (man);
 * with `trigger`, the incumbent Sam Sitting (man) is c1 and is shortlisted automatically.
 */
export const SELECTION_PATH: SelectionStep[] = [
  { make: () => ({ type: 'apply', name: 'Alice Ash', gender: 'woman' }) },
  { make: () => ({ type: 'apply', name: 'Bella Birch', gender: 'Woman' }) },
  { make: () => ({ type: 'apply', name: 'Carl Cedar', gender: 'man' }) },
  { make: () => ({ type: 'apply', name: 'Dev Deodar', gender: 'man' }) },
  { at: '2024-03-10T18:00:00.000Z', make: () => ({ type: 'close-applications' }) },
  { at: '2024-03-12T19:30:00.000Z', make: (s) => ({ type: 'nominate', unit: 'b1', candidates: [idOf(s, 'Alice Ash')] }) },
  { make: (s) => ({ type: 'nominate', unit: 'b2', candidates: [idOf(s, 'Bella Birch')] }) },
  {
    at: '2024-03-21T10:00:00.000Z',
    make: (s) => ({ type: 'set-longlist', candidates: [idOf(s, 'Alice Ash'), idOf(s, 'Bella Birch'), idOf(s, 'Carl Cedar')] }),
  },
  { make: (s) => ({ type: 'set-shortlist', candidates: [idOf(s, 'Alice Ash'), idOf(s, 'Bella Birch'), idOf(s, 'Carl Cedar')] }) },
  {
    at: '2024-03-25T10:00:00.000Z',
    make: () => ({ type: 'freeze-electorate', eligible: 100, total: 130, summary: '100 of 130 members eligible at 2024-02-01' }),
  },
  { at: '2024-04-01T07:00:00.000Z', make: () => ({ type: 'open-ballot' }) },
  { at: '2024-04-10T22:00:00.000Z', make: () => ({ type: 'close-ballot' }) },
  {
    at: '2024-04-11T10:00:00.000Z',
    make: (s) => ({
      type: 'record-count',
      // Alice 30, Bella 25, Carl 20: Carl is excluded, 15 of his votes go to Bella and 5 to Alice; Bella 40 of 75 beats Alice 35.
      ballots: [
        { ranking: [idOf(s, 'Alice Ash')], count: 25 },
        { ranking: [idOf(s, 'Alice Ash'), idOf(s, 'Bella Birch')], count: 5 },
        { ranking: [idOf(s, 'Bella Birch')], count: 25 },
        { ranking: [idOf(s, 'Carl Cedar'), idOf(s, 'Bella Birch')], count: 15 },
        { ranking: [idOf(s, 'Carl Cedar'), idOf(s, 'Alice Ash')], count: 5 },
      ],
    }),
  },
  { make: () => ({ type: 'declare' }) },
];

export const SELECTION_UNITS = [
  { id: 'b1', name: 'Cranbrook', class: 'branch' as const },
  { id: 'b2', name: 'Loxford', class: 'branch' as const },
  { id: 'a1', name: 'GMB Ilford', class: 'affiliate' as const },
];

export function selectionTo(phase: SelectionPhase, opts: { rulebook?: Rulebook; trigger?: boolean } = {}): Driven<SelectionState> {
  const rulebook = opts.rulebook ?? LABOUR_2021;
  const { ctx, clock } = context(rulebook, SELECTION_OPENS, 'procedures-secretary');
  const followsTrigger = opts.trigger ? { process: 'tb-1', ballot: triggeredBallot() } : null;
  let state = must(openSelection({ constituency: 'ilford-south', timetable: SELECTION_TIMETABLE, units: SELECTION_UNITS, followsTrigger }, ctx)).state;
  for (const step of SELECTION_PATH) {
    if (
      state.phase === phase &&
      !(phase === 'applications' && state.candidates.filter((c) => !c.incumbent).length < 4) &&
      !(phase === 'nominations' && state.nominations.length < 2)
    )
      break;
    if (step.at) clock.set(step.at);
    state = must(applySelection(state, step.make(state), ctx)).state;
  }
  if (state.phase !== phase) throw new Error(`the selection path never reached ${phase}`);
  return { state, ctx, clock };
}

export const ELECTION_TIMETABLE: ElectionTimetable = {
  nominationsClose: d('2024-06-30'),
  freezeDate: d('2024-06-01'),
  ballotOpens: d('2024-07-15'),
  ballotCloses: d('2024-08-15'),
};
export const ELECTION_OPENS = '2024-06-01T09:00:00.000Z';

/** Twelve candidates for nine seats: w1…w5 women, m1…m7 men. */
export const NEC_FIELD = [
  ...['w1', 'w2', 'w3', 'w4', 'w5'].map((n) => ({ name: `Woman ${n.slice(1)}`, gender: 'woman' })),
  ...['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'].map((n) => ({ name: `Man ${n.slice(1)}`, gender: 'man' })),
];

/**
 * Ballots where the men are far more popular: each man is the first choice of 100
 * voters and each woman of 20, every voter ranking only within their own first
 * choice's gender. Without a minimum, seven men and two women would win.
 */
export function necBallots(s: InternalElectionState): { ranking: string[]; count: number }[] {
  const women = s.candidates.filter((c) => c.gender === 'woman').map((c) => c.id);
  const men = s.candidates.filter((c) => c.gender === 'man').map((c) => c.id);
  const rotate = (xs: string[], k: number): string[] => [...xs.slice(k), ...xs.slice(0, k)];
  return [...men.map((_, k) => ({ ranking: rotate(men, k), count: 100 + k })), ...women.map((_, k) => ({ ranking: rotate(women, k), count: 20 + k }))];
}

type ElectionStep = { at?: string; make: (s: InternalElectionState) => ElectionCommand };

export const ELECTION_PATH: ElectionStep[] = [
  ...NEC_FIELD.map((c) => ({ make: (): ElectionCommand => ({ type: 'nominate', name: c.name, gender: c.gender }) })),
  { at: '2024-07-01T10:00:00.000Z', make: () => ({ type: 'freeze-electorate', eligible: 5000, total: 6000, summary: 'national electorate at 2024-06-01' }) },
  { at: '2024-07-15T07:00:00.000Z', make: () => ({ type: 'open-ballot' }) },
  { at: '2024-08-15T12:00:00.000Z', make: () => ({ type: 'close-ballot' }) },
  { at: '2024-08-16T10:00:00.000Z', make: (s) => ({ type: 'record-count', ballots: necBallots(s) }) },
  { make: () => ({ type: 'declare' }) },
];

export function electionTo(phase: ElectionPhase, opts: { rulebook?: Rulebook } = {}): Driven<InternalElectionState> {
  const rulebook = opts.rulebook ?? LABOUR_2021;
  const { ctx, clock } = context(rulebook, ELECTION_OPENS, 'national-officer');
  let state = must(openInternalElection({ title: 'NEC constituency section 2024', timetable: ELECTION_TIMETABLE }, ctx)).state;
  for (const step of ELECTION_PATH) {
    if (state.phase === phase && !(phase === 'nominations' && state.candidates.length < NEC_FIELD.length)) break;
    if (step.at) clock.set(step.at);
    state = must(applyElection(state, step.make(state), ctx)).state;
  }
  if (state.phase !== phase) throw new Error(`the election path never reached ${phase}`);
  return { state, ctx, clock };
}
