/**
 * Properties over random command sequences, valid and not: a step never throws;
 * a refused step leaves the state it was given untouched; every accepted state
 * and event is plain JSON (a JSON round trip gives it back exactly); an accepted
 * command was one the phase allows; and the same commands on the same clock
 * always give the same states and events.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PRESETS, LABOUR_2021 } from '../../../src/domain/presets.js';
import type { Rulebook } from '../../../src/domain/rulebook.js';
import type { ProcessContext, Step } from '../../../src/domain/processes/common.js';
import { applyTrigger, openTriggerBallot, triggerAllowed, type TriggerBallotState } from '../../../src/domain/processes/trigger-ballot.js';
import { applySelection, SELECTION_PHASES, selectionAllowed, type SelectionState } from '../../../src/domain/processes/selection.js';
import { applyElection, ELECTION_PHASES, electionAllowed, type InternalElectionState } from '../../../src/domain/processes/internal-election.js';
import { affiliates, branches, context, d, incumbent, type TestClock } from './helpers.js';
import { electionTo, selectionTo } from './drivers.js';

const count = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '3', null, undefined, 2 ** 60) },
);
const text = fc.constantFrom<unknown>('Alice Ash', 'Bella Birch', 'Carl Cedar', 'alice ash', 'Dana Dogwood', '', '  ', 7, null, undefined);
const gender = fc.constantFrom<unknown>('woman', 'man', 'female', 'non-binary', 'trans woman', null, undefined, 3);
const unit = fc.constantFrom<unknown>('b1', 'b2', 'b3', 'a1', 'a2', 'zz', '', 4, null);
const candidate = fc.constantFrom<unknown>('c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c9', '', 2, null);
const candidates = fc.oneof(
  { weight: 8, arbitrary: fc.uniqueArray(candidate, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(['c1', 'c1'], 'c1', null, [3]) },
);
const date = fc.constantFrom<unknown>(
  '2024-01-09',
  '2024-01-10',
  '2024-01-20',
  '2024-02-10',
  '2024-02-11',
  '2024-03-15',
  '2024-04-05',
  '2024-13-01',
  '20/01/2024',
  null,
);
const ballots = fc.oneof(
  { weight: 8, arbitrary: fc.array(fc.record({ ranking: fc.array(candidate, { maxLength: 4 }), count }, { requiredKeys: ['ranking'] }), { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 'c1', [null], [{ ranking: 'c1' }]) },
);
const seed = fc.constantFrom<unknown>(undefined, 0, 1, 42, -1, 1.5, 'x');
const garbage = fc.oneof(
  fc.constant(null),
  fc.constant('close'),
  fc.constant([]),
  fc.record({ type: fc.string({ maxLength: 12 }) }),
  fc.record({ type: fc.constant(7) }),
);

const meeting = { for: count, against: count, abstentions: count, attendance: count, date };

const triggerCommand = fc.oneof(
  fc.record({ type: fc.constant('record-meeting'), unit, ...meeting }),
  fc.record({ type: fc.constant('correct-meeting'), unit, reason: text, ...meeting }),
  fc.record({ type: fc.constant('record-absent'), unit, note: fc.constantFrom<unknown>(undefined, 'no quorum', 3) }),
  fc.record({ type: fc.constant('close') }),
  fc.record({ type: fc.constant('snap-election'), note: fc.constantFrom<unknown>(undefined, 'election called') }),
  fc.record({ type: fc.constant('record-members-meeting'), ...meeting }),
  fc.record({ type: fc.constant('appeal') }),
  fc.record({ type: fc.constant('record-appeal-ballot'), for: count, against: count, spoilt: count, date }),
  garbage,
);

const freeze = fc.record({ type: fc.constant('freeze-electorate'), eligible: count, total: count, summary: fc.constantFrom<unknown>(undefined, 'frozen', 5) });
const selectionCommand = fc.oneof(
  fc.record({ type: fc.constant('apply'), name: text, gender }),
  fc.record({ type: fc.constant('withdraw'), candidate, reason: fc.constantFrom<unknown>(undefined, 'ill', 9) }),
  fc.record({ type: fc.constant('close-applications') }),
  fc.record({ type: fc.constant('nominate'), unit, candidates }),
  fc.record({ type: fc.constant('set-longlist'), candidates }),
  fc.record({ type: fc.constant('set-shortlist'), candidates }),
  freeze,
  fc.record({ type: fc.constant('open-ballot') }),
  fc.record({ type: fc.constant('close-ballot') }),
  fc.record({ type: fc.constant('record-count'), ballots, seed }),
  fc.record({ type: fc.constant('declare') }),
  garbage,
);

const electionCommand = fc.oneof(
  fc.record({ type: fc.constant('nominate'), name: text, gender }),
  fc.record({ type: fc.constant('withdraw'), candidate, reason: fc.constantFrom<unknown>(undefined, 'ill') }),
  freeze,
  fc.record({ type: fc.constant('open-ballot') }),
  fc.record({ type: fc.constant('close-ballot') }),
  fc.record({ type: fc.constant('record-count'), ballots, seed }),
  fc.record({ type: fc.constant('declare') }),
  garbage,
);

/** Commands with the days the clock moves on before each. */
const sequenceOf = (command: fc.Arbitrary<unknown>) => fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), command), { maxLength: 25 });

interface Trace {
  readonly results: unknown[];
}

/** Runs the commands, checking every step's properties; returns everything observed, for the determinism check. */
function drive<S extends { phase: string }>(
  start: S,
  ctx: ProcessContext,
  clock: TestClock,
  steps: [number, unknown][],
  apply: (s: S, c: never, ctx: ProcessContext) => Step<S>,
  allowed: (s: S) => readonly string[],
): Trace {
  let state = start;
  const results: unknown[] = [];
  for (const [days, command] of steps) {
    clock.advanceDays(days);
    const before = JSON.stringify(state);
    const step = apply(state, command as never, ctx);
    expect(JSON.stringify(state)).toBe(before);
    if (step.ok) {
      expect(allowed(state)).toContain((command as { type: string }).type);
      expect(JSON.parse(JSON.stringify(step.value.state))).toEqual(step.value.state);
      expect(JSON.parse(JSON.stringify(step.value.event))).toEqual(step.value.event);
      expect(step.value.event.at).toBe(clock.now().toISOString());
      state = step.value.state;
      results.push(step.value);
    } else {
      expect(typeof step.error.code).toBe('string');
      expect(step.error.message).toMatch(/\S/);
      if (step.error.code === 'invalid-transition') expect(allowed(state)).not.toContain((command as { type: string }).type);
      results.push(step.error);
    }
  }
  return { results };
}

const RUNS = { numRuns: 150 };

describe('properties: trigger ballot', () => {
  const rulebooks: Rulebook[] = [...PRESETS, { ...LABOUR_2021, id: 'continues', snapElection: 'continue' }];
  const setup = fc.record({
    rulebook: fc.constantFrom(...rulebooks),
    suspended: fc.boolean(),
    leave: fc.constantFrom(null, d('2023-06-01'), d('2020-01-01')),
  });

  function start(cfg: {
    rulebook: Rulebook;
    suspended: boolean;
    leave: ReturnType<typeof d> | null;
  }): { state: TriggerBallotState; ctx: ProcessContext; clock: TestClock } | null {
    const { ctx, clock } = context(cfg.rulebook, '2024-01-10T10:00:00.000Z', 'officer');
    const opened = openTriggerBallot(
      { incumbent: incumbent({ suspended: cfg.suspended, parentalLeaveEnded: cfg.leave }), units: [...branches(3), ...affiliates(2)], closes: d('2024-02-10') },
      ctx,
    );
    if (!opened.ok) return null;
    expect(JSON.parse(JSON.stringify(opened.value))).toEqual(opened.value);
    return { state: opened.value.state, ctx, clock };
  }

  it('never throws, keeps states JSON, refuses without changing anything', () => {
    fc.assert(
      fc.property(setup, sequenceOf(triggerCommand), (cfg, steps) => {
        const s = start(cfg);
        expect(s).not.toBeNull();
        if (s) drive(s.state, s.ctx, s.clock, steps, applyTrigger, triggerAllowed);
      }),
      RUNS,
    );
  });

  it('is deterministic: the same commands on the same clock give the same states and events', () => {
    fc.assert(
      fc.property(setup, sequenceOf(triggerCommand), (cfg, steps) => {
        const a = start(cfg)!;
        const b = start(cfg)!;
        expect(drive(a.state, a.ctx, a.clock, steps, applyTrigger, triggerAllowed)).toEqual(
          drive(b.state, b.ctx, b.clock, steps, applyTrigger, triggerAllowed),
        );
      }),
      { numRuns: 60 },
    );
  });
});

describe('properties: selection', () => {
  const setup = fc.record({ phase: fc.constantFrom(...SELECTION_PHASES), trigger: fc.boolean() });

  it('never throws, keeps states JSON, refuses without changing anything (from every phase)', () => {
    fc.assert(
      fc.property(setup, sequenceOf(selectionCommand), (cfg, steps) => {
        const { state, ctx, clock } = selectionTo(cfg.phase, { trigger: cfg.trigger });
        drive<SelectionState>(state, ctx, clock, steps, applySelection, selectionAllowed);
      }),
      RUNS,
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(setup, sequenceOf(selectionCommand), (cfg, steps) => {
        const a = selectionTo(cfg.phase, { trigger: cfg.trigger });
        const b = selectionTo(cfg.phase, { trigger: cfg.trigger });
        expect(drive<SelectionState>(a.state, a.ctx, a.clock, steps, applySelection, selectionAllowed)).toEqual(
          drive<SelectionState>(b.state, b.ctx, b.clock, steps, applySelection, selectionAllowed),
        );
      }),
      { numRuns: 60 },
    );
  });
});

describe('properties: internal election', () => {
  const setup = fc.record({ phase: fc.constantFrom(...ELECTION_PHASES) });

  it('never throws, keeps states JSON, refuses without changing anything (from every phase)', () => {
    fc.assert(
      fc.property(setup, sequenceOf(electionCommand), (cfg, steps) => {
        const { state, ctx, clock } = electionTo(cfg.phase);
        drive<InternalElectionState>(state, ctx, clock, steps, applyElection, electionAllowed);
      }),
      RUNS,
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(setup, sequenceOf(electionCommand), (cfg, steps) => {
        const a = electionTo(cfg.phase);
        const b = electionTo(cfg.phase);
        expect(drive<InternalElectionState>(a.state, a.ctx, a.clock, steps, applyElection, electionAllowed)).toEqual(
          drive<InternalElectionState>(b.state, b.ctx, b.clock, steps, applyElection, electionAllowed),
        );
      }),
      { numRuns: 60 },
    );
  });
});
