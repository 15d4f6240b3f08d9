/**
 * The transition tables, tested systematically: every command in every phase of
 * every process. Where a command is not allowed the step must be the
 * `invalid-transition` error naming the command and the phase; where it is
 * allowed it must not be (it may still fail its own validation).
 *
 * The expected tables are written out here independently of the exported ones,
 * so a change to a table in the source has to be made on purpose in both places.
 */
import { describe, expect, it } from 'vitest';
import { LABOUR_1979, LABOUR_2021, LIBDEM_READOPTION } from '../../../src/domain/presets.js';
import type { Rulebook } from '../../../src/domain/rulebook.js';
import type { MemberId, UnitId } from '../../../src/domain/ids.js';
import type { ProcessContext } from '../../../src/domain/processes/common.js';
import {
  applyTrigger,
  openTriggerBallot,
  TRIGGER_ALLOWED,
  TRIGGER_COMMANDS,
  TRIGGER_PHASES,
  type TriggerBallotState,
  type TriggerCommand,
  type TriggerCommandType,
  type TriggerMode,
  type TriggerPhase,
} from '../../../src/domain/processes/trigger-ballot.js';
import {
  applySelection,
  SELECTION_ALLOWED,
  SELECTION_COMMANDS,
  SELECTION_PHASES,
  type SelectionCommand,
  type SelectionCommandType,
} from '../../../src/domain/processes/selection.js';
import {
  applyElection,
  ELECTION_ALLOWED,
  ELECTION_COMMANDS,
  ELECTION_PHASES,
  type ElectionCommand,
  type ElectionCommandType,
} from '../../../src/domain/processes/internal-election.js';
import { applyProcess } from '../../../src/domain/processes/index.js';
import { branches, context, d, incumbent, must, NO, YES } from './helpers.js';
import { electionTo, selectionTo } from './drivers.js';
import type { Result } from '../../../src/domain/result.js';

function expectInvalidTransition(step: Result<unknown>, command: string, phase: string): void {
  expect(step.ok, `${command} in ${phase} should be refused`).toBe(false);
  if (step.ok) return;
  expect(step.error.code, step.error.message).toBe('invalid-transition');
  expect(step.error.message).toContain(`Cannot ${command}`);
  expect(step.error.message).toContain(`phase "${phase}"`);
}

function expectNotInvalidTransition(step: Result<unknown>, command: string, phase: string): void {
  if (!step.ok) expect(step.error.code, `${command} in ${phase}: ${step.error.message}`).not.toBe('invalid-transition');
}

// ---- Trigger ballot ------------------------------------------------------------------------------

const DISPUTES: ('lodge-dispute' | 'decide-dispute' | 'appeal-dispute' | 'decide-dispute-appeal')[] = [
  'lodge-dispute',
  'decide-dispute',
  'appeal-dispute',
  'decide-dispute-appeal',
];
/** A review under way may be paused and extended; one waiting for endorsement is the national body's to decide. */
const TIMETABLE: TriggerCommandType[] = ['pause-timetable', 'extend-timetable'];
const ENDORSING: TriggerCommandType[] = ['endorse', 'refuse-endorsement', ...DISPUTES];

const EXPECTED_TRIGGER: Record<TriggerMode, Record<TriggerPhase, TriggerCommandType[]>> = {
  'trigger-ballot': {
    open: ['record-meeting', 'correct-meeting', 'record-absent', 'close', 'snap-election', ...TIMETABLE, ...DISPUTES],
    'not-readopted': [],
    appeal: [],
    'awaiting-endorsement': ENDORSING,
    triggered: DISPUTES,
    readopted: DISPUTES,
    exempt: [],
  },
  'members-meeting': {
    open: ['record-members-meeting', 'snap-election', ...TIMETABLE, ...DISPUTES],
    'not-readopted': ['appeal', 'close', 'snap-election', ...TIMETABLE, ...DISPUTES],
    appeal: ['record-appeal-ballot', 'snap-election', ...TIMETABLE, ...DISPUTES],
    'awaiting-endorsement': ENDORSING,
    triggered: DISPUTES,
    readopted: DISPUTES,
    exempt: [],
  },
  'mandatory-reselection': { open: [], 'not-readopted': [], appeal: [], 'awaiting-endorsement': ENDORSING, triggered: [], readopted: [], exempt: [] },
};

/** The dispute steps, the same commands in every process. */
const DISPUTE_SAMPLES = {
  'lodge-dispute': { type: 'lodge-dispute', subject: { kind: 'process' }, role: 'member', grounds: 'The notice of the meeting was not sent.' },
  'decide-dispute': { type: 'decide-dispute', dispute: '1', outcome: 'dismissed', reasons: 'No breach of the rules.' },
  'appeal-dispute': { type: 'appeal-dispute', dispute: '1', grounds: 'The panel did not hear me.' },
  'decide-dispute-appeal': { type: 'decide-dispute-appeal', dispute: '1', outcome: 'dismissed', reasons: 'The panel heard the complaint.' },
} as const;

const TRIGGER_SAMPLES: Record<TriggerCommandType, TriggerCommand> = {
  'record-meeting': { type: 'record-meeting', unit: 'b1', ...YES, date: d('2024-01-20') },
  'correct-meeting': { type: 'correct-meeting', unit: 'b1', ...NO, date: d('2024-01-20'), reason: 'recount' },
  'record-absent': { type: 'record-absent', unit: 'b2' },
  close: { type: 'close' },
  'snap-election': { type: 'snap-election' },
  'record-members-meeting': { type: 'record-members-meeting', for: 1, against: 2, abstentions: 0, attendance: 3, date: d('2024-01-20') },
  appeal: { type: 'appeal' },
  'record-appeal-ballot': { type: 'record-appeal-ballot', for: 5, against: 3, spoilt: 0, date: d('2024-01-20') },
  endorse: { type: 'endorse', reason: 'The NEC endorses sitting MPs who stand again.', date: d('2024-01-20') },
  'refuse-endorsement': { type: 'refuse-endorsement', reason: 'Under investigation.', date: d('2024-01-20') },
  'pause-timetable': { type: 'pause-timetable', reason: 'A general election has been called.' },
  'resume-timetable': { type: 'resume-timetable', reason: 'The general election is over.' },
  'extend-timetable': { type: 'extend-timetable', reason: 'Branches need more time.', closes: d('2024-03-01') },
  ...DISPUTE_SAMPLES,
};

const RULEBOOK_OF: Record<TriggerMode, Rulebook> = {
  'trigger-ballot': LABOUR_2021,
  'members-meeting': LIBDEM_READOPTION,
  'mandatory-reselection': LABOUR_1979,
};

/** A state in each mode and phase: reached by real steps where the phase is reachable, otherwise the open state with its phase set. */
function triggerState(mode: TriggerMode, phase: TriggerPhase): { state: TriggerBallotState; ctx: ProcessContext } {
  const rb = RULEBOOK_OF[mode];
  const { ctx, clock } = context(rb, '2024-01-10T10:00:00.000Z');
  const opened = (over = {}) => must(openTriggerBallot({ incumbent: incumbent(over), units: branches(3), closes: d('2024-02-10') }, ctx)).state;
  if (phase === 'exempt') {
    const exempting: Rulebook = { ...rb, exemptions: { suspendedIncumbent: true, parentalLeaveMonths: null } };
    const c = context(exempting, '2024-01-10T10:00:00.000Z').ctx;
    const state = must(openTriggerBallot({ incumbent: incumbent({ suspended: true }), units: branches(3), closes: d('2024-02-10') }, c)).state;
    expect(state.phase).toBe('exempt');
    return { state, ctx: c };
  }
  let state = opened();
  clock.set('2024-01-20T20:00:00.000Z');
  const step = (c: TriggerCommand) => (state = must(applyTrigger(state, c, ctx)).state);
  if (mode === 'trigger-ballot' && (phase === 'triggered' || phase === 'readopted')) {
    for (const u of ['b1', 'b2', 'b3']) step({ type: 'record-meeting', unit: u, ...(phase === 'triggered' ? YES : NO), date: d('2024-01-20') });
    step({ type: 'close' });
  } else if (mode === 'members-meeting' && phase !== 'open') {
    const readopt = phase === 'readopted';
    step({ type: 'record-members-meeting', for: readopt ? 3 : 1, against: readopt ? 1 : 3, abstentions: 0, attendance: 4, date: d('2024-01-20') });
    if (phase === 'appeal' || phase === 'triggered') step({ type: 'appeal' });
    if (phase === 'triggered') step({ type: 'record-appeal-ballot', for: 1, against: 9, spoilt: 0, date: d('2024-01-20') });
  }
  if (state.phase !== phase) state = { ...state, phase };
  return { state, ctx };
}

describe('trigger ballot: every command in every phase', () => {
  it('has the expected transition table', () => {
    expect(TRIGGER_ALLOWED).toEqual(EXPECTED_TRIGGER);
    expect([...TRIGGER_COMMANDS].sort()).toEqual(Object.keys(TRIGGER_SAMPLES).sort());
  });

  for (const mode of Object.keys(EXPECTED_TRIGGER) as TriggerMode[]) {
    for (const phase of TRIGGER_PHASES) {
      it(`${mode}, phase ${phase}`, () => {
        const { state, ctx } = triggerState(mode, phase);
        expect(state.mode).toBe(mode);
        expect(state.phase).toBe(phase);
        for (const type of TRIGGER_COMMANDS) {
          const step = applyTrigger(state, TRIGGER_SAMPLES[type], ctx);
          if (EXPECTED_TRIGGER[mode][phase].includes(type)) expectNotInvalidTransition(step, type, phase);
          else expectInvalidTransition(step, type, phase);
        }
      });
    }
  }

  it('says what is allowed instead, or that the process has finished', () => {
    const { state, ctx } = triggerState('members-meeting', 'not-readopted');
    const e = applyTrigger(state, TRIGGER_SAMPLES['record-meeting'], ctx);
    expect(!e.ok && e.error.message).toBe(
      'Cannot record-meeting: this trigger ballot is in phase "not-readopted"; allowed in phase "not-readopted": appeal, close, snap-election, pause-timetable, extend-timetable. A dispute about it may still be lodged with the disputes panel.',
    );
    const done = triggerState('trigger-ballot', 'exempt');
    const f = applyTrigger(done.state, TRIGGER_SAMPLES.close, done.ctx);
    expect(!f.ok && f.error.message).toBe(
      'Cannot close: this trigger ballot is in phase "exempt"; nothing more can be done in phase "exempt": the trigger ballot has finished.',
    );
  });
});

// ---- Selection ---------------------------------------------------------------------------------

const EXPECTED_SELECTION: Record<string, SelectionCommandType[]> = {
  applications: ['apply', 'withdraw', 'close-applications', 'write-statement', 'decide-statement', ...DISPUTES],
  nominations: ['nominate', 'withdraw', 'set-longlist', 'write-statement', 'decide-statement', ...DISPUTES],
  longlist: ['withdraw', 'set-shortlist', 'write-statement', 'decide-statement', ...DISPUTES],
  shortlist: ['withdraw', 'freeze-electorate', 'write-statement', 'decide-statement', ...DISPUTES],
  'electorate-frozen': ['withdraw', 'open-ballot', 'write-statement', 'decide-statement', ...DISPUTES],
  'ballot-open': ['withdraw', 'close-ballot', ...DISPUTES],
  closed: ['record-count', ...DISPUTES],
  counted: ['declare', ...DISPUTES],
  declared: DISPUTES,
};

const SELECTION_SAMPLES: Record<SelectionCommandType, SelectionCommand> = {
  apply: { type: 'apply', name: 'Zed Zelkova', gender: 'man' },
  withdraw: { type: 'withdraw', candidate: 'c3' },
  'close-applications': { type: 'close-applications' },
  nominate: { type: 'nominate', unit: 'a1', candidates: ['c1'] },
  'set-longlist': { type: 'set-longlist', candidates: ['c1', 'c2'] },
  'set-shortlist': { type: 'set-shortlist', candidates: ['c1', 'c2'] },
  'write-statement': { type: 'write-statement', member: 'm1', text: 'I stand for the members.' },
  'decide-statement': { type: 'decide-statement', member: 'm1', approve: true },
  'freeze-electorate': { type: 'freeze-electorate', eligible: 10, total: 12 },
  'open-ballot': { type: 'open-ballot' },
  'close-ballot': { type: 'close-ballot' },
  'record-count': { type: 'record-count', ballots: [{ ranking: ['c1'] }] },
  declare: { type: 'declare' },
  'panel-decide': { type: 'panel-decide', candidate: 'c1', reasons: 'The strongest candidate.' },
  'pause-timetable': { type: 'pause-timetable', reason: 'A general election has been called.' },
  'resume-timetable': { type: 'resume-timetable', reason: 'The general election is over.' },
  'extend-timetable': { type: 'extend-timetable', reason: 'More time to apply.', closes: d('2024-05-01') },
  ...DISPUTE_SAMPLES,
};

/** Phases in which a process is under way, so its timetable may be paused and extended (the table's entries, plus these two). */
const SELECTION_TIMED = ['applications', 'nominations', 'longlist', 'shortlist', 'electorate-frozen', 'ballot-open'];
const ELECTION_TIMED = ['nominations', 'electorate-frozen', 'ballot-open'];
const withTimetable = <T extends string>(steps: readonly T[], phase: string, timed: readonly string[]): string[] =>
  timed.includes(phase) ? [...steps, 'pause-timetable', 'extend-timetable'] : [...steps];

describe('selection: every command in every phase', () => {
  it('has the expected transition table', () => {
    expect(SELECTION_ALLOWED).toEqual(EXPECTED_SELECTION);
    expect(Object.keys(EXPECTED_SELECTION)).toEqual([...SELECTION_PHASES]);
    expect([...SELECTION_COMMANDS].sort()).toEqual(Object.keys(SELECTION_SAMPLES).sort());
  });

  for (const phase of SELECTION_PHASES) {
    it(`phase ${phase}`, () => {
      const { state, ctx } = selectionTo(phase);
      for (const type of SELECTION_COMMANDS) {
        const step = applySelection(state, SELECTION_SAMPLES[type], ctx);
        if (withTimetable(EXPECTED_SELECTION[phase]!, phase, SELECTION_TIMED).includes(type)) expectNotInvalidTransition(step, type, phase);
        else expectInvalidTransition(step, type, phase);
        // The same through the generic entry point.
        const generic = applyProcess(state, SELECTION_SAMPLES[type], ctx);
        expect(generic).toEqual(step);
      }
    });
  }
});

// ---- Internal election ---------------------------------------------------------------------------

const EXPECTED_ELECTION: Record<string, ElectionCommandType[]> = {
  nominations: ['nominate', 'body-nominate', 'mp-nominate', 'consent', 'withdraw', 'write-statement', 'decide-statement', 'freeze-electorate', ...DISPUTES],
  'electorate-frozen': ['withdraw', 'open-ballot', 'write-statement', 'decide-statement', ...DISPUTES],
  'ballot-open': ['withdraw', 'close-ballot', ...DISPUTES],
  closed: ['record-count', ...DISPUTES],
  counted: ['declare', ...DISPUTES],
  declared: DISPUTES,
};

const ELECTION_SAMPLES: Record<ElectionCommandType, ElectionCommand> = {
  nominate: { type: 'nominate', name: 'Zed Zelkova', gender: 'man' },
  withdraw: { type: 'withdraw', candidate: 'c12' },
  'body-nominate': {
    type: 'body-nominate',
    body: { id: 'u9', name: 'Nowhere CLP', kind: 'constituency' },
    candidate: { id: 'm9' as MemberId, name: 'Nia Nine', email: null, branch: 'b9' as UnitId, joined: d('2000-01-01'), statusHistory: [], gender: null },
    meetingDate: d('2024-01-02'),
  },
  'mp-nominate': {
    type: 'mp-nominate',
    mp: 'm8',
    candidate: { id: 'm9' as MemberId, name: 'Nia Nine', email: null, branch: 'b9' as UnitId, joined: d('2000-01-01'), statusHistory: [], gender: null },
  },
  consent: { type: 'consent', member: 'm9', answer: 'accepted' },
  'write-statement': { type: 'write-statement', member: 'm9', text: 'I stand for the members.' },
  'decide-statement': { type: 'decide-statement', member: 'm9', approve: true },
  'freeze-electorate': { type: 'freeze-electorate', eligible: 10, total: 12 },
  'open-ballot': { type: 'open-ballot' },
  'close-ballot': { type: 'close-ballot' },
  'record-count': { type: 'record-count', ballots: [{ ranking: ['c1'] }] },
  declare: { type: 'declare' },
  'pause-timetable': { type: 'pause-timetable', reason: 'A general election has been called.' },
  'resume-timetable': { type: 'resume-timetable', reason: 'The general election is over.' },
  'extend-timetable': { type: 'extend-timetable', reason: 'More time to nominate.', closes: d('2024-05-01') },
  ...DISPUTE_SAMPLES,
};

describe('internal election: every command in every phase', () => {
  it('has the expected transition table', () => {
    expect(ELECTION_ALLOWED).toEqual(EXPECTED_ELECTION);
    expect(Object.keys(EXPECTED_ELECTION)).toEqual([...ELECTION_PHASES]);
    expect([...ELECTION_COMMANDS].sort()).toEqual(Object.keys(ELECTION_SAMPLES).sort());
  });

  for (const phase of ELECTION_PHASES) {
    it(`phase ${phase}`, () => {
      const { state, ctx } = electionTo(phase);
      for (const type of ELECTION_COMMANDS) {
        const step = applyElection(state, ELECTION_SAMPLES[type], ctx);
        if (withTimetable(EXPECTED_ELECTION[phase]!, phase, ELECTION_TIMED).includes(type)) expectNotInvalidTransition(step, type, phase);
        else expectInvalidTransition(step, type, phase);
      }
    });
  }
});

describe('commands of one process sent to another', () => {
  it('are unknown commands, not transitions', () => {
    const { state, ctx } = selectionTo('applications');
    const step = applyProcess(state, TRIGGER_SAMPLES['record-meeting'], ctx);
    expect(!step.ok && step.error.code).toBe('invalid-command');
    expect(!step.ok && step.error.message).toMatch(/Unknown command "record-meeting" for a selection/);
  });
});

describe('a paused process: no step but resuming it (and, for a review, disputes)', () => {
  it('refuses every other command of a paused review, selection and election as out of turn', () => {
    const review = triggerState('trigger-ballot', 'open');
    const paused = must(applyTrigger(review.state, TRIGGER_SAMPLES['pause-timetable'], review.ctx)).state;
    for (const type of TRIGGER_COMMANDS) {
      const step = applyTrigger(paused, TRIGGER_SAMPLES[type], review.ctx);
      if (type === 'resume-timetable' || (DISPUTES as readonly string[]).includes(type)) expectNotInvalidTransition(step, type, 'open');
      else expectInvalidTransition(step, type, 'open');
    }
    const sel = selectionTo('nominations');
    const pausedSel = must(applySelection(sel.state, SELECTION_SAMPLES['pause-timetable'], sel.ctx)).state;
    for (const type of SELECTION_COMMANDS) {
      const step = applySelection(pausedSel, SELECTION_SAMPLES[type], sel.ctx);
      if (type === 'resume-timetable') expectNotInvalidTransition(step, type, 'nominations');
      else expectInvalidTransition(step, type, 'nominations');
    }
    const el = electionTo('nominations');
    const pausedEl = must(applyElection(el.state, ELECTION_SAMPLES['pause-timetable'], el.ctx)).state;
    for (const type of ELECTION_COMMANDS) {
      const step = applyElection(pausedEl, ELECTION_SAMPLES[type], el.ctx);
      if (type === 'resume-timetable') expectNotInvalidTransition(step, type, 'nominations');
      else expectInvalidTransition(step, type, 'nominations');
    }
  });
});
