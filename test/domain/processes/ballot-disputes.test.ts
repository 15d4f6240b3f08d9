import { describe, expect, it } from 'vitest';
import { LABOUR_2021 } from '../../../src/domain/presets.js';
import { applyElection, type ElectionCommand, type InternalElectionState } from '../../../src/domain/processes/internal-election.js';
import { applySelection, type SelectionCommand, type SelectionState } from '../../../src/domain/processes/selection.js';
import type { DisputeRemedy } from '../../../src/domain/processes/disputes.js';
import { context, d, fails, jsonRoundTrips, must } from './helpers.js';
import { electionTo, selectionTo } from './drivers.js';

const REASONS = 'The panel finds the rule was not followed.';

/** Lodges a dispute about `subject` and has the panel uphold it with `remedy`: the decision's step. */
function upholdInSelection(s: SelectionState, ctx: Parameters<typeof applySelection>[2], subject: unknown, remedy: DisputeRemedy) {
  const lodged = must(applySelection(s, { type: 'lodge-dispute', subject, role: 'candidate', grounds: 'Left off unfairly.' } as SelectionCommand, ctx));
  expect(lodged.event).toMatchObject({ type: 'dispute-lodged', data: { dispute: '1', subject } });
  return applySelection(lodged.state, { type: 'decide-dispute', dispute: '1', outcome: 'upheld', reasons: REASONS, remedy }, ctx);
}

describe('disputes about a selection', () => {
  it('reinstates a candidate left off the longlist: back on the longlist and shortlist, in the step that records the decision', () => {
    const { state, ctx } = selectionTo('shortlist');
    expect(state.shortlist).toEqual(['c1', 'c2', 'c3']);
    const decided = must(upholdInSelection(state, ctx, { kind: 'eligibility', candidate: 'c4' }, { kind: 'reinstate-candidate', candidate: 'c4' }));
    expect(decided.event).toMatchObject({
      type: 'dispute-decided',
      data: { dispute: '1', outcome: 'upheld', remedy: { kind: 'reinstate-candidate', candidate: 'c4' }, reasons: REASONS },
    });
    expect(decided.state.longlist).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(decided.state.shortlist).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(decided.state.reinstated).toEqual([expect.objectContaining({ candidate: 'c4', reasons: REASONS })]);
    expect(decided.state.phase).toBe('shortlist');
    jsonRoundTrips(decided.state);
  });

  it('reinstates a withdrawn candidate, and refuses one standing already, one unknown, and once the ballot paper is fixed', () => {
    const { state, ctx } = selectionTo('nominations');
    const withdrawn = must(applySelection(state, { type: 'withdraw', candidate: 'c3', reason: 'pressed to' }, ctx)).state;
    const back = must(upholdInSelection(withdrawn, ctx, { kind: 'nomination', candidate: 'c3' }, { kind: 'reinstate-candidate', candidate: 'c3' }));
    expect(back.state.candidates.find((c) => c.id === 'c3')?.withdrawn).toBeNull();
    expect(fails(upholdInSelection(state, ctx, { kind: 'process' }, { kind: 'reinstate-candidate', candidate: 'c2' }), 'already-recorded').message).toMatch(
      /Bella Birch is standing already/,
    );
    expect(fails(upholdInSelection(state, ctx, { kind: 'process' }, { kind: 'reinstate-candidate', candidate: 'c9' }), 'unknown-candidate').message).toMatch(
      /"c9" is not a candidate in this selection/,
    );
    const open = selectionTo('ballot-open');
    expect(
      fails(
        upholdInSelection(open.state, open.ctx, { kind: 'eligibility', candidate: 'c4' }, { kind: 'reinstate-candidate', candidate: 'c4' }),
        'invalid-transition',
      ).message,
    ).toMatch(/ballot paper was fixed when the ballot opened/);
    // A subject naming no candidate of the selection is refused as it is lodged.
    fails(
      applySelection(state, { type: 'lodge-dispute', subject: { kind: 'nomination', candidate: 'c9' }, role: 'member', grounds: 'x' }, ctx),
      'unknown-candidate',
    );
  });

  it('restores a member to the frozen electorate while the ballot is open; after the close it is refused, saying why', () => {
    const { state, ctx, clock } = selectionTo('ballot-open');
    const restored = must(upholdInSelection(state, ctx, { kind: 'eligibility', member: 'm-77' }, { kind: 'restore-member', member: 'm-77' }));
    expect(restored.state.electorate?.eligible).toBe(101);
    expect(restored.state.restored).toEqual([expect.objectContaining({ member: 'm-77', reasons: REASONS })]);
    expect(restored.event.data).toMatchObject({ remedy: { kind: 'restore-member', member: 'm-77' } });
    // Twice is refused.
    const again = must(
      applySelection(restored.state, { type: 'lodge-dispute', subject: { kind: 'eligibility', member: 'm-77' }, role: 'member', grounds: 'again' }, ctx),
    );
    fails(
      applySelection(
        again.state,
        { type: 'decide-dispute', dispute: '2', outcome: 'upheld', reasons: REASONS, remedy: { kind: 'restore-member', member: 'm-77' } },
        ctx,
      ),
      'already-recorded',
    );

    clock.set('2024-04-10T22:00:00.000Z');
    const closed = must(applySelection(state, { type: 'close-ballot' }, ctx)).state;
    expect(
      fails(upholdInSelection(closed, ctx, { kind: 'eligibility', member: 'm-77' }, { kind: 'restore-member', member: 'm-77' }), 'invalid-transition').message,
    ).toMatch(/The ballot closed on .*a member can no longer be added to its electorate/);
    // Before the freeze nobody has been left out of an electorate.
    const early = selectionTo('shortlist');
    fails(
      applySelection(early.state, { type: 'lodge-dispute', subject: { kind: 'eligibility', member: 'm-77' }, role: 'member', grounds: 'x' }, early.ctx),
      'invalid-transition',
    );
  });

  it('extends voting: the closing day and the open ballot’s closing moment move; not backwards, not after the close', () => {
    const { state, ctx, clock } = selectionTo('ballot-open');
    const extended = must(upholdInSelection(state, ctx, { kind: 'process' }, { kind: 'extend-timetable', closes: d('2024-04-17') }));
    expect(extended.state.timetable.ballotCloses).toBe('2024-04-17');
    expect(extended.state.ballot?.closesAt).toBe('2024-04-17T23:00:00.000Z');
    fails(upholdInSelection(state, ctx, { kind: 'process' }, { kind: 'extend-timetable', closes: d('2024-04-09') }), 'timetable');
    clock.set('2024-04-10T22:00:00.000Z');
    const closed = must(applySelection(state, { type: 'close-ballot' }, ctx)).state;
    expect(
      fails(upholdInSelection(closed, ctx, { kind: 'process' }, { kind: 'extend-timetable', closes: d('2024-04-17') }), 'invalid-transition').message,
    ).toMatch(/no timetable left to extend/);
  });

  it('pauses the timetable with the panel’s reasons: no step but resuming, and nothing to pause once the ballot has closed', () => {
    const { state, ctx, clock } = selectionTo('ballot-open');
    const paused = must(upholdInSelection(state, ctx, { kind: 'process' }, { kind: 'pause-timetable' })).state;
    expect(paused.paused).toMatchObject({ reason: REASONS });
    expect(paused.disputes?.[0]?.decision?.remedy).toEqual({ kind: 'pause-timetable' });
    fails(applySelection(paused, { type: 'close-ballot' }, ctx), 'invalid-transition');
    const resumed = must(applySelection(paused, { type: 'resume-timetable', reason: 'The panel’s inquiry is over.' }, ctx)).state;
    expect(resumed.paused ?? null).toBeNull();
    clock.set('2024-04-10T22:00:00.000Z');
    const closed = must(applySelection(state, { type: 'close-ballot' }, ctx)).state;
    expect(fails(upholdInSelection(closed, ctx, { kind: 'process' }, { kind: 'pause-timetable' }), 'invalid-transition').message).toMatch(/under way to pause/);
  });

  it('extends nominations without passing the ballot’s opening', () => {
    const { state, ctx } = selectionTo('nominations');
    const extended = must(upholdInSelection(state, ctx, { kind: 'process' }, { kind: 'extend-timetable', closes: d('2024-03-28') }));
    expect(extended.state.timetable.nominationsClose).toBe('2024-03-28');
    // Through the timetable's own extension: kept with the panel's reasons, the later dates left where they were.
    expect(extended.state.timetable.ballotOpens).toBe(state.timetable.ballotOpens);
    expect(extended.state.timetableChanges?.at(-1)).toMatchObject({ kind: 'extended', reason: REASONS, dates: { nominationsClose: '2024-03-28' } });
    expect(fails(upholdInSelection(state, ctx, { kind: 'process' }, { kind: 'extend-timetable', closes: d('2024-04-05') }), 'timetable').message).toMatch(
      /after the ballot opens/,
    );
  });

  it('refuses a remedy the rulebook does not allow, and a unit meeting, which a selection does not hold', () => {
    const { state, clock } = selectionTo('shortlist');
    const narrow = { ...LABOUR_2021, disputes: { remedies: ['extend-timetable'] as const, publishDecisions: true } };
    const { ctx } = context(narrow, clock.now().toISOString(), 'panel-chair');
    expect(fails(upholdInSelection(state, ctx, { kind: 'process' }, { kind: 'reinstate-candidate', candidate: 'c4' }), 'rulebook-forbids').message).toMatch(
      /may not order that remedy \(reinstate-candidate\); it may order: extend-timetable/,
    );
    fails(applySelection(state, { type: 'lodge-dispute', subject: { kind: 'unit-meeting', unit: 'b1' }, role: 'member', grounds: 'x' }, ctx), 'invalid-input');
  });

  it('takes a dispute about the count only once there is one', () => {
    const lodge = (s: SelectionState, ctx: Parameters<typeof applySelection>[2]) =>
      applySelection(s, { type: 'lodge-dispute', subject: { kind: 'count' }, role: 'candidate', grounds: 'Miscounted.' }, ctx);
    const open = selectionTo('ballot-open');
    fails(lodge(open.state, open.ctx), 'invalid-transition');
    const counted = selectionTo('counted');
    expect(must(lodge(counted.state, counted.ctx)).state.disputes?.[0]?.subject).toEqual({ kind: 'count' });
  });
});

describe('disputes about an internal election', () => {
  const uphold = (s: InternalElectionState, ctx: Parameters<typeof applyElection>[2], remedy: DisputeRemedy) => {
    const lodged = must(applyElection(s, { type: 'lodge-dispute', subject: { kind: 'process' }, role: 'member', grounds: 'x' } as ElectionCommand, ctx));
    return applyElection(lodged.state, { type: 'decide-dispute', dispute: '1', outcome: 'upheld', reasons: REASONS, remedy }, ctx);
  };

  it('reinstates a withdrawn candidate before the ballot opens, restores a member while it is open, and voids no meetings', () => {
    const { state, ctx } = electionTo('electorate-frozen');
    const out = must(applyElection(state, { type: 'withdraw', candidate: 'c2' }, ctx)).state;
    expect(must(uphold(out, ctx, { kind: 'reinstate-candidate', candidate: 'c2' })).state.candidates.find((c) => c.id === 'c2')?.withdrawn).toBeNull();
    expect(must(uphold(state, ctx, { kind: 'restore-member', member: 'm-5' })).state.electorate?.eligible).toBe(5001);
    expect(fails(uphold(state, ctx, { kind: 'void-unit-result', unit: 'b1', rerunBy: d('2024-08-01') }), 'invalid-input').message).toMatch(
      /no units' meetings to void/,
    );
    const declared = electionTo('declared');
    fails(uphold(declared.state, declared.ctx, { kind: 'restore-member', member: 'm-5' }), 'invalid-transition');
  });

  it("refuses to reinstate a supporter's application where no supporters apply, and an application that is not a number", () => {
    const { state, ctx } = electionTo('electorate-frozen');
    expect(fails(uphold(state, ctx, { kind: 'reinstate-applicant', application: 1 }), 'invalid-input').message).toMatch(
      /takes no supporters' applications: there is no applicant to reinstate/,
    );
    const bad = { kind: 'reinstate-applicant', application: '1' } as unknown as DisputeRemedy;
    expect(fails(uphold(state, ctx, bad), 'invalid-input').message).toMatch(/needs the number of their rejected application, not "1"/);
    const sel = selectionTo('ballot-open');
    fails(upholdInSelection(sel.state, sel.ctx, { kind: 'process' }, { kind: 'reinstate-applicant', application: 1 }), 'invalid-input');
  });
});

describe('a ballot voided and held again', () => {
  const RERUN: DisputeRemedy = { kind: 'rerun-ballot', opens: d('2024-09-02'), closes: d('2024-09-16') };

  it('voids a counted selection’s ballot: back to its frozen electorate with the new voting days, the count gone, opened again by its own step', () => {
    const { state, ctx, clock } = selectionTo('counted');
    expect(state.count).not.toBeNull();
    const decided = must(upholdInSelection(state, ctx, { kind: 'count' }, RERUN));
    const s = decided.state;
    expect(s.phase).toBe('electorate-frozen');
    expect(s.count).toBeNull();
    expect(s.ballot).toBeNull();
    expect(s.electorate).toEqual(state.electorate);
    expect(s.timetable).toMatchObject({ ballotOpens: '2024-09-02', ballotCloses: '2024-09-16', freezeDate: state.timetable.freezeDate });
    expect(s.voidedBallots).toEqual([
      expect.objectContaining({ round: 1, counted: true, openedAt: state.ballot!.openedAt, closedAt: state.ballot!.closedAt, reasons: REASONS }),
    ]);
    expect(decided.event).toMatchObject({ type: 'dispute-decided', data: { remedy: RERUN } });
    jsonRoundTrips(s);
    // The ballot opens again by its own step, on its new opening day and not before.
    fails(applySelection(s, { type: 'open-ballot' }, ctx), 'timetable');
    clock.set('2024-09-02T08:00:00.000Z');
    const reopened = must(applySelection(s, { type: 'open-ballot' }, ctx)).state;
    expect(reopened.phase).toBe('ballot-open');
    expect(reopened.ballot?.closesAt).toBe('2024-09-16T23:00:00.000Z');
    // Voided again, it is the second ballot voided.
    const lodged = must(applySelection(reopened, { type: 'lodge-dispute', subject: { kind: 'process' }, role: 'member', grounds: 'Again.' }, ctx)).state;
    const twice = must(
      applySelection(
        lodged,
        {
          type: 'decide-dispute',
          dispute: '2',
          outcome: 'upheld',
          reasons: REASONS,
          remedy: { kind: 'rerun-ballot', opens: d('2024-10-01'), closes: d('2024-10-08') },
        },
        ctx,
      ),
    ).state;
    expect(twice.voidedBallots?.map((v) => [v.round, v.counted])).toEqual([
      [1, true],
      [2, false],
    ]);
  });

  it('refuses before the ballot opens, once the result is declared, dates past or out of order, and where the rulebook does not allow it', () => {
    const frozen = selectionTo('electorate-frozen');
    expect(fails(upholdInSelection(frozen.state, frozen.ctx, { kind: 'process' }, RERUN), 'invalid-transition').message).toMatch(/has not opened yet/);
    const declared = selectionTo('declared');
    expect(fails(upholdInSelection(declared.state, declared.ctx, { kind: 'process' }, RERUN), 'invalid-transition').message).toMatch(
      /result has been declared/,
    );
    const open = selectionTo('ballot-open');
    expect(
      fails(
        upholdInSelection(open.state, open.ctx, { kind: 'process' }, { kind: 'rerun-ballot', opens: d('2024-09-16'), closes: d('2024-09-02') }),
        'timetable',
      ).message,
    ).toMatch(/would close on .* before it opens/);
    fails(upholdInSelection(open.state, open.ctx, { kind: 'process' }, { kind: 'rerun-ballot', opens: d('2024-01-01'), closes: d('2024-09-02') }), 'timetable');
    const narrow = { ...LABOUR_2021, disputes: { remedies: ['extend-timetable'] as const, publishDecisions: false } };
    const { ctx } = context(narrow, open.clock.now().toISOString(), 'panel-chair');
    fails(upholdInSelection(open.state, ctx, { kind: 'process' }, RERUN), 'rulebook-forbids');
  });

  it('voids an internal election’s open ballot; a review has no ballot of candidates to hold again', () => {
    const { state, ctx } = electionTo('ballot-open');
    const lodged = must(applyElection(state, { type: 'lodge-dispute', subject: { kind: 'process' }, role: 'member', grounds: 'x' } as ElectionCommand, ctx));
    const remedy: DisputeRemedy = { kind: 'rerun-ballot', opens: d('2024-10-01'), closes: d('2024-10-15') };
    const s = must(applyElection(lodged.state, { type: 'decide-dispute', dispute: '1', outcome: 'upheld', reasons: REASONS, remedy }, ctx)).state;
    expect(s).toMatchObject({ phase: 'electorate-frozen', ballot: null, count: null, timetable: { ballotOpens: '2024-10-01', ballotCloses: '2024-10-15' } });
    expect(s.voidedBallots).toEqual([expect.objectContaining({ round: 1, counted: false, closedAt: null })]);
    jsonRoundTrips(s);
  });
});
