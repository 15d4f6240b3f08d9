import { describe, expect, it } from 'vitest';
import { LABOUR_2021, LIBDEM_READOPTION } from '../../../src/domain/presets.js';
import { applyTrigger, openTriggerBallot, type TriggerBallotState, type TriggerCommand } from '../../../src/domain/processes/trigger-ballot.js';
import { affiliates, branches, context, d, fails, incumbent, jsonRoundTrips, must, NO, YES } from './helpers.js';

const OPENS = '2024-01-10T10:00:00.000Z';

/** Refused with `code`, saying what `pattern` matches. */
function refused(step: Parameters<typeof fails>[0], code: string, pattern: RegExp): void {
  expect(fails(step, code).message).toMatch(pattern);
}
const MEETING_DAY = '2024-01-20';

/**
 * A Labour 2021 review of 4 branches and 4 affiliated branches: 3 branches (37.5%) and 2 affiliates
 * (25%) want a selection, 62.5%: triggered. Voiding branch b3's meeting, which it then holds again
 * and votes no, makes it 2 of 4 branches (25%) + 25% = 50%, not above it: readopted.
 */
function decidedReview() {
  const { ctx, clock } = context(LABOUR_2021, OPENS, 'procedures-secretary');
  let state = must(openTriggerBallot({ incumbent: incumbent(), units: [...branches(4), ...affiliates(4)], closes: d('2024-02-10') }, ctx)).state;
  const step = (c: TriggerCommand) => {
    const r = applyTrigger(state, c, ctx);
    state = must(r).state;
    return must(r);
  };
  clock.set(`${MEETING_DAY}T19:00:00.000Z`);
  const votes = { b1: YES, b2: YES, b3: YES, b4: NO, a1: YES, a2: YES, a3: NO, a4: NO };
  for (const [unit, v] of Object.entries(votes)) step({ type: 'record-meeting', unit, ...v, date: d(MEETING_DAY) });
  clock.set('2024-02-11T09:00:00.000Z');
  step({ type: 'close' });
  return {
    get state() {
      return state;
    },
    step,
    ctx,
    clock,
    attempt: (c: TriggerCommand) => applyTrigger(state, c, ctx),
  };
}

describe('disputes about a trigger ballot', () => {
  it('a dispute upheld with a re-run voids the meeting, reopens the review, and the re-run changes the outcome', () => {
    const r = decidedReview();
    expect(r.state.phase).toBe('triggered');
    const lodged = r.step({
      type: 'lodge-dispute',
      subject: { kind: 'unit-meeting', unit: 'b3' },
      role: 'member',
      grounds: 'Members of Ward 3 were not sent notice of the meeting.',
      evidence: 'The branch mailing list shows no notice was sent.',
    });
    expect(lodged.event).toMatchObject({ type: 'dispute-lodged', data: { dispute: '1', subject: { kind: 'unit-meeting', unit: 'b3' }, role: 'member' } });
    expect(r.state.phase).toBe('triggered');

    r.clock.set('2024-02-20T10:00:00.000Z');
    const decided = r.step({
      type: 'decide-dispute',
      dispute: '1',
      outcome: 'upheld',
      reasons: 'No notice was sent; the meeting is void.',
      remedy: { kind: 'void-unit-result', unit: 'b3', rerunBy: d('2024-03-05') },
    });
    expect(decided.event.type).toBe('dispute-decided');
    const s: TriggerBallotState = r.state;
    expect(s.phase).toBe('open');
    expect(s.outcome).toBeNull();
    expect(s.closes).toBe('2024-03-05');
    const b3 = s.units.find((u) => u.id === 'b3')!;
    expect(b3.result).toBeNull();
    expect(b3.voided).toEqual([
      expect.objectContaining({ reason: 'No notice was sent; the meeting is void.', previous: expect.objectContaining({ for: YES.for }) }),
    ]);
    expect(s.disputes?.[0]?.decision).toMatchObject({ outcome: 'upheld', remedy: { kind: 'void-unit-result', unit: 'b3' } });
    jsonRoundTrips(s);

    // Ward 3 meets again, properly notified, and votes against a selection; every unit has a result, so it can close.
    r.clock.set('2024-03-01T20:00:00.000Z');
    r.step({ type: 'record-meeting', unit: 'b3', ...NO, date: d('2024-03-01') });
    r.step({ type: 'close' });
    expect(r.state.phase).toBe('readopted');
    expect(r.state.outcome?.arithmetic.join('\n')).toMatch(/50%/);
  });

  it('a dismissed dispute changes nothing but the record, and orders no remedy', () => {
    const r = decidedReview();
    r.step({ type: 'lodge-dispute', subject: { kind: 'process' }, role: 'candidate', grounds: 'The timetable was too short.' });
    refused(
      r.attempt({ type: 'decide-dispute', dispute: '1', outcome: 'dismissed', reasons: 'x', remedy: { kind: 'extend-timetable', closes: d('2024-03-01') } }),
      'invalid-input',
      /dismissed dispute orders no remedy/,
    );
    r.step({ type: 'decide-dispute', dispute: '1', outcome: 'dismissed', reasons: 'The timetable met the rulebook.' });
    expect(r.state.phase).toBe('triggered');
    expect(r.state.disputes?.[0]?.decision?.outcome).toBe('dismissed');
    refused(r.attempt({ type: 'decide-dispute', dispute: '1', outcome: 'upheld', reasons: 'again' }), 'already-recorded', /an appeal is the way/);
  });

  it('an appeal follows the same shape, and its remedy acts on the review', () => {
    const r = decidedReview();
    r.step({ type: 'lodge-dispute', subject: { kind: 'unit-meeting', unit: 'b3' }, role: 'member', grounds: 'No notice.' });
    refused(r.attempt({ type: 'appeal-dispute', dispute: '1', grounds: 'too soon' }), 'not-recorded', /nothing to appeal against/);
    r.step({ type: 'decide-dispute', dispute: '1', outcome: 'dismissed', reasons: 'Notice was given on the branch website.' });
    r.step({ type: 'appeal-dispute', dispute: '1', grounds: 'The website notice went up after the meeting.' });
    refused(r.attempt({ type: 'appeal-dispute', dispute: '1', grounds: 'again' }), 'already-recorded', /appealed already/);
    r.clock.set('2024-02-25T10:00:00.000Z');
    const e = r.step({
      type: 'decide-dispute-appeal',
      dispute: '1',
      outcome: 'upheld',
      reasons: 'The notice was posted late.',
      remedy: { kind: 'void-unit-result', unit: 'b3', rerunBy: d('2024-03-10') },
    });
    expect(e.event).toMatchObject({ type: 'dispute-appeal-decided', data: { outcome: 'upheld' } });
    expect(r.state.phase).toBe('open');
    expect(r.state.disputes?.[0]?.appeal?.decision?.outcome).toBe('upheld');
  });

  it('refuses remedies the review cannot take, and leaves it as it was', () => {
    const r = decidedReview();
    r.step({ type: 'lodge-dispute', subject: { kind: 'process' }, role: 'officer', grounds: 'Late.' });
    const before = r.state;
    refused(
      r.attempt({ type: 'decide-dispute', dispute: '1', outcome: 'upheld', reasons: 'r', remedy: { kind: 'extend-timetable', closes: d('2024-03-01') } }),
      'invalid-transition',
      /Only a review still open/,
    );
    refused(
      r.attempt({
        type: 'decide-dispute',
        dispute: '1',
        outcome: 'upheld',
        reasons: 'r',
        remedy: { kind: 'void-unit-result', unit: 'b3', rerunBy: d('2024-01-01') },
      }),
      'timetable',
      /a day still to come/,
    );
    refused(
      r.attempt({
        type: 'decide-dispute',
        dispute: '1',
        outcome: 'upheld',
        reasons: 'r',
        remedy: { kind: 'void-unit-result', unit: 'zz', rerunBy: d('2024-03-01') },
      }),
      'unknown-unit',
      /not in this trigger ballot/,
    );
    expect(r.state).toBe(before);
  });

  it('refuses a dispute about a unit that is not in the review, or with no grounds', () => {
    const r = decidedReview();
    refused(r.attempt({ type: 'lodge-dispute', subject: { kind: 'unit-meeting', unit: 'b9' }, role: 'member', grounds: 'x' }), 'unknown-unit', /b9/);
    refused(r.attempt({ type: 'lodge-dispute', subject: { kind: 'process' }, role: 'member', grounds: '  ' }), 'invalid-input', /grounds/);
    refused(
      r.attempt({ type: 'lodge-dispute', subject: { kind: 'process' }, role: 'bystander' as never, grounds: 'x' }),
      'invalid-input',
      /member, candidate, officer/,
    );
  });

  it('extends an open review’s timetable, only later than it was', () => {
    const { ctx } = context(LABOUR_2021, OPENS, 'procedures-secretary');
    let s = must(openTriggerBallot({ incumbent: incumbent(), units: branches(2), closes: d('2024-02-10') }, ctx)).state;
    s = must(
      applyTrigger(s, { type: 'lodge-dispute', subject: { kind: 'process' }, role: 'officer', grounds: 'Branches could not meet over the holiday.' }, ctx),
    ).state;
    refused(
      applyTrigger(
        s,
        { type: 'decide-dispute', dispute: '1', outcome: 'upheld', reasons: 'r', remedy: { kind: 'extend-timetable', closes: d('2024-02-01') } },
        ctx,
      ),
      'timetable',
      /must be after the present one/,
    );
    s = must(
      applyTrigger(
        s,
        { type: 'decide-dispute', dispute: '1', outcome: 'upheld', reasons: 'Fair.', remedy: { kind: 'extend-timetable', closes: d('2024-02-24') } },
        ctx,
      ),
    ).state;
    expect(s.closes).toBe('2024-02-24');
    expect(s.phase).toBe('open');
  });

  it("a members' meeting review has no units' meetings to void", () => {
    const { ctx } = context(LIBDEM_READOPTION, OPENS, 'procedures-secretary');
    const s = must(openTriggerBallot({ incumbent: incumbent(), units: [], closes: d('2024-02-10') }, ctx)).state;
    refused(
      applyTrigger(s, { type: 'lodge-dispute', subject: { kind: 'unit-meeting', unit: 'b1' }, role: 'member', grounds: 'x' }, ctx),
      'invalid-input',
      /no units' meetings/,
    );
  });
});
