import { describe, expect, it } from 'vitest';
import { CONSERVATIVE_READOPTION, LABOUR_1979, LABOUR_1990, LABOUR_2018, LABOUR_2021, LIBDEM_READOPTION } from '../../../src/domain/presets.js';
import type { Rulebook } from '../../../src/domain/rulebook.js';
import { applyTrigger, openTriggerBallot, type MeetingFigures, type TriggerBallotState } from '../../../src/domain/processes/trigger-ballot.js';
import type { UnitClass } from '../../../src/domain/trigger-outcome.js';
import { ABSTAIN, affiliates, branches, context, d, fails, incumbent, jsonRoundTrips, must, NO, YES, type TestClock } from './helpers.js';
import type { ProcessContext } from '../../../src/domain/processes/common.js';

const OPENS = '2024-01-10T10:00:00.000Z';
const MEETING_DAY = '2024-01-20';
const CLOSES = d('2024-02-10');

type Vote = typeof YES | typeof NO | typeof ABSTAIN | 'absent';

function open(rulebook: Rulebook, units: { id: string; name: string; class: UnitClass; affiliate?: string }[], over: Parameters<typeof incumbent>[0] = {}) {
  const { ctx, clock } = context(rulebook, OPENS, 'procedures-secretary');
  const step = must(openTriggerBallot({ incumbent: incumbent(over), units, closes: CLOSES }, ctx));
  return { ...step, ctx, clock };
}

/** Records each unit's meeting (or absence) on the meeting day, then closes on the closing date. */
function runBallot(rulebook: Rulebook, branchVotes: Vote[], affiliateVotes: Vote[]): TriggerBallotState {
  const units = [...branches(branchVotes.length), ...affiliates(affiliateVotes.length)];
  const votes = [...branchVotes, ...affiliateVotes];
  const { state: opened, ctx, clock } = open(rulebook, units);
  let state = opened;
  clock.set(`${MEETING_DAY}T19:00:00.000Z`);
  units.forEach((u, i) => {
    const v = votes[i];
    state = must(
      applyTrigger(state, v === 'absent' ? { type: 'record-absent', unit: u.id } : { type: 'record-meeting', unit: u.id, ...v, date: d(MEETING_DAY) }, ctx),
    ).state;
  });
  state = must(applyTrigger(state, { type: 'close' }, ctx)).state;
  jsonRoundTrips(state);
  return state;
}

/** Labour 2021 without its NEC endorsement: a snap election readopts at once. */
const NO_ENDORSEMENT: Rulebook = { ...LABOUR_2021, emergency: undefined };

const times = <T>(n: number, v: T): T[] => Array.from({ length: n }, () => v);

describe('trigger ballot: outcomes under each Labour preset', () => {
  it('labour-2021, Ilford South 2022: 10/10 branches (50%) + 3 of 20 voting affiliates (7.5%) = 57.5% > 50%: triggered', () => {
    const s = runBallot(LABOUR_2021, times(10, YES), [...times(3, YES), ...times(17, NO), ABSTAIN]);
    expect(s.phase).toBe('triggered');
    expect(s.outcome?.result).toBe('triggered');
    expect(s.outcome?.decidedBy).toBe('units');
    expect(s.outcome?.arithmetic.join('\n')).toMatch(/57\.5%/);
    expect(s.outcome?.decisions.filter((x) => x.decision === 'abstain').map((x) => x.unit)).toEqual(['a21']);
  });

  it('labour-2021: exactly 50% of the college readopts, just above triggers', () => {
    // 2 of 4 branches (25%) + 2 of 4 affiliates (25%) = 50%, not above it.
    expect(runBallot(LABOUR_2021, [YES, YES, NO, NO], [YES, YES, NO, NO]).phase).toBe('readopted');
    // 3 of 4 branches (37.5%) + 2 of 4 affiliates (25%) = 62.5%.
    expect(runBallot(LABOUR_2021, [YES, YES, YES, NO], [YES, YES, NO, NO]).phase).toBe('triggered');
    // 2 of 4 branches + 1 of 4 affiliates = 37.5%.
    expect(runBallot(LABOUR_2021, [YES, YES, NO, NO], [YES, NO, NO, NO]).phase).toBe('readopted');
  });

  it('labour-2018 worked check: 9 branches, 6 vote, 2 want a selection: 2/6 ≥ 1/3: triggered', () => {
    const s = runBallot(LABOUR_2018, [YES, YES, NO, NO, NO, NO, 'absent', 'absent', ABSTAIN], []);
    expect(s.phase).toBe('triggered');
    expect(s.outcome?.arithmetic.join('\n')).toMatch(/2 of 6/);
  });

  it('labour-2018: one third of either class triggers, just below does not', () => {
    expect(runBallot(LABOUR_2018, [YES, NO, NO, NO], [NO, NO]).phase).toBe('readopted'); // 1/4 and 0/2
    expect(runBallot(LABOUR_2018, [NO, NO, NO], [YES, NO, NO]).phase).toBe('triggered'); // affiliates 1/3
  });

  it('labour-1990 pooled: exactly half readopts (modelled as strictly above), more than half triggers', () => {
    expect(runBallot(LABOUR_1990, [YES, YES, YES, NO, NO], [YES, YES, NO, NO, NO]).phase).toBe('readopted'); // 5/10
    expect(runBallot(LABOUR_1990, [YES, YES, YES, NO, NO], [YES, YES, YES, NO, NO]).phase).toBe('triggered'); // 6/10
  });

  it('counts units that record nothing by the closing date as not having met', () => {
    const units = branches(3);
    const { state: opened, ctx, clock } = open(LABOUR_2018, units);
    clock.set(`${MEETING_DAY}T19:00:00.000Z`);
    const s = must(applyTrigger(opened, { type: 'record-meeting', unit: 'b1', ...YES, date: d(MEETING_DAY) }, ctx)).state;
    clock.set('2024-02-10T23:00:00Z');
    const closed = must(applyTrigger(s, { type: 'close' }, ctx)).state;
    expect(closed.phase).toBe('triggered');
    expect(closed.outcome?.decisions.map((x) => x.decision)).toEqual(['yes', 'absent', 'absent']);
    expect(closed.outcome?.arithmetic[0]).toMatch(/2 unit\(s\) recorded nothing.*Branch 2, Branch 3/);
  });

  it('labour-1979: mandatory reselection goes straight to triggered, with no meetings', () => {
    const { state, event } = open(LABOUR_1979, []);
    expect(state.phase).toBe('triggered');
    expect(state.mode).toBe('mandatory-reselection');
    expect(state.outcome).toMatchObject({ result: 'triggered', decidedBy: 'mandatory-reselection' });
    expect(state.outcome?.arithmetic[0]).toMatch(/every sitting representative faces a full selection/);
    expect(event).toMatchObject({ type: 'opened', at: OPENS, by: 'procedures-secretary', data: { outcome: 'triggered' } });
  });

  it('evaluates per-affiliate counting when the rulebook gives each affiliate one vote', () => {
    const rb: Rulebook = {
      ...LABOUR_2018,
      id: 'labour-2018-per-affiliate',
      incumbentReview: {
        ...(LABOUR_2018.incumbentReview as Extract<Rulebook['incumbentReview'], { kind: 'trigger-ballot' }>),
        affiliateCounting: 'per-affiliate',
      },
    };
    // Six affiliated branches of three unions (a1,a4 → union-1; a2,a5 → union-2; a3,a6 → union-3):
    // union-1 yes (2 of 2), union-2 and union-3 no: 1 of 3 affiliates ≥ 1/3: triggered.
    const s = runBallot(rb, [NO, NO, NO], [YES, NO, NO, YES, NO, NO]);
    expect(s.phase).toBe('triggered');
    expect(s.outcome?.arithmetic.join('\n')).toMatch(/affiliate union-1/);
  });
});

describe('trigger ballot: exemptions and the snap-election override', () => {
  it('exempts a suspended incumbent at opening under labour-2021, with the reason', () => {
    const { state, event } = open(LABOUR_2021, branches(3), { suspended: true });
    expect(state.phase).toBe('exempt');
    expect(state.exemption?.reason).toMatch(/Sam Sitting is suspended/);
    expect(state.outcome).toBeNull();
    expect(event.type).toBe('exempted');
    jsonRoundTrips(state);
  });

  it('does not exempt a suspended incumbent under labour-1990 (no such exemption then)', () => {
    expect(open(LABOUR_1990, branches(3), { suspended: true }).state.phase).toBe('open');
  });

  it('exempts within 12 months of the end of parental leave under labour-2018 and labour-2021, and not a day later', () => {
    for (const rb of [LABOUR_2018, LABOUR_2021]) {
      // Opening 2024-01-10: leave that ended on 2023-01-10 is exactly 12 months back, so still exempt.
      const within = open(rb, branches(3), { parentalLeaveEnded: d('2023-01-10') }).state;
      expect(within.phase).toBe('exempt');
      expect(within.exemption?.reason).toMatch(/until 10 January 2024/);
      expect(open(rb, branches(3), { parentalLeaveEnded: d('2023-01-09') }).state.phase).toBe('open');
      expect(open(rb, branches(3), { parentalLeaveEnded: d('2024-03-01') }).state.phase).toBe('exempt');
    }
    expect(open(LABOUR_1990, branches(3), { parentalLeaveEnded: d('2023-06-01') }).state.phase).toBe('open');
  });

  it('holds the leave exemption to the end of a shorter month (31 Aug + 6 months = 29 Feb in a leap year)', () => {
    const rb: Rulebook = { ...LABOUR_2021, id: 'six-months', exemptions: { suspendedIncumbent: true, parentalLeaveMonths: 6 } };
    const at = (day: string) => {
      const { ctx } = context(rb, `${day}T12:00:00Z`);
      return must(openTriggerBallot({ incumbent: incumbent({ parentalLeaveEnded: d('2023-08-31') }), units: branches(2), closes: d('2024-03-31') }, ctx)).state
        .phase;
    };
    expect(at('2024-02-29')).toBe('exempt');
    expect(at('2024-03-01')).toBe('open');
  });

  it('a snap election cancels an open trigger ballot and readopts the incumbent (where no endorsement is needed)', () => {
    const { state, ctx, clock } = open(NO_ENDORSEMENT, branches(3));
    clock.set(`${MEETING_DAY}T19:00:00.000Z`);
    const s = must(applyTrigger(state, { type: 'record-meeting', unit: 'b1', ...YES, date: d(MEETING_DAY) }, ctx)).state;
    const step = must(applyTrigger(s, { type: 'snap-election', note: 'general election called for 12 December' }, ctx));
    expect(step.state.phase).toBe('readopted');
    expect(step.state.outcome).toMatchObject({ result: 'readopted', decidedBy: 'snap-election' });
    expect(step.event).toMatchObject({ type: 'snap-election', data: { cancelledPhase: 'open', note: 'general election called for 12 December' } });
  });

  it('the snap-election override under every preset: readopts an open review; under mandatory reselection there is none to cancel', () => {
    for (const rb of [LIBDEM_READOPTION, CONSERVATIVE_READOPTION]) {
      const { state, ctx } = open(rb, branches(2));
      expect(must(applyTrigger(state, { type: 'snap-election' }, ctx)).state.outcome?.result).toBe('readopted');
    }
    // Labour's NEC endorses the sitting MPs a snap election readopts.
    for (const rb of [LABOUR_1990, LABOUR_2018, LABOUR_2021]) {
      const { state, ctx } = open(rb, branches(2));
      const s = must(applyTrigger(state, { type: 'snap-election' }, ctx)).state;
      expect(s.phase).toBe('awaiting-endorsement');
      expect(s.endorsement?.readoption).toMatchObject({ result: 'readopted', decidedBy: 'snap-election' });
    }
    const { state, ctx } = open(LABOUR_1979, []);
    expect(fails(applyTrigger(state, { type: 'snap-election' }, ctx), 'invalid-transition').message).toMatch(/phase "triggered"/);
  });

  it('an exempt incumbent is not reviewed, so nothing (not even a snap election) can follow', () => {
    const { state, ctx } = open(LABOUR_2021, branches(2), { suspended: true });
    fails(applyTrigger(state, { type: 'snap-election' }, ctx), 'invalid-transition');
    fails(applyTrigger(state, { type: 'record-meeting', unit: 'b1', ...YES, date: d('2024-01-10') }, ctx), 'invalid-transition');
  });

  it('records who acted on each event, or null when nobody is named', () => {
    const { ctx } = context(LABOUR_2021, OPENS);
    expect(must(openTriggerBallot({ incumbent: incumbent(), units: branches(1), closes: CLOSES }, ctx)).event.by).toBeNull();
  });

  it('refuses the snap-election override under a rulebook where reviews continue', () => {
    const rb: Rulebook = { ...LABOUR_2021, id: 'continues', snapElection: 'continue' };
    const { state, ctx } = open(rb, branches(3));
    expect(fails(applyTrigger(state, { type: 'snap-election' }, ctx), 'rulebook-forbids').message).toMatch(/continues in phase "open"/);
  });
});

describe("trigger ballot: members' meeting readoption (Liberal Democrat / Conservative)", () => {
  const meeting = (f: Omit<MeetingFigures, 'date'>) => ({ type: 'record-members-meeting' as const, ...f, date: d(MEETING_DAY) });
  function atMeeting(rb: Rulebook = LIBDEM_READOPTION): { state: TriggerBallotState; ctx: ProcessContext; clock: TestClock } {
    const { state, ctx, clock } = open(rb, []);
    clock.set(`${MEETING_DAY}T21:00:00.000Z`);
    return { state, ctx, clock };
  }

  it('readopts on a majority of the meeting', () => {
    for (const rb of [LIBDEM_READOPTION, CONSERVATIVE_READOPTION]) {
      const { state, ctx } = atMeeting(rb);
      expect(state.mode).toBe('members-meeting');
      const s = must(applyTrigger(state, meeting({ for: 30, against: 20, abstentions: 5, attendance: 60 }), ctx)).state;
      expect(s.phase).toBe('readopted');
      expect(s.outcome).toMatchObject({ result: 'readopted', decidedBy: 'members-meeting' });
      expect(s.outcome?.arithmetic.join('\n')).toMatch(/30 of 50/);
    }
  });

  it('an exact half does not readopt; without an appeal the seat goes to selection', () => {
    const { state, ctx } = atMeeting();
    const s = must(applyTrigger(state, meeting({ for: 25, against: 25, abstentions: 0, attendance: 50 }), ctx)).state;
    expect(s.phase).toBe('not-readopted');
    expect(s.outcome).toBeNull();
    const closed = must(applyTrigger(s, { type: 'close' }, ctx)).state;
    expect(closed.outcome).toMatchObject({ result: 'triggered', decidedBy: 'no-appeal' });
    expect(closed.outcome?.arithmetic.join('\n')).toMatch(/25 of 50/);
  });

  it('an appeal to all members decides: a majority readopts, otherwise a selection', () => {
    const { state, ctx, clock } = atMeeting();
    let s = must(applyTrigger(state, meeting({ for: 10, against: 40, abstentions: 0, attendance: 50 }), ctx)).state;
    s = must(applyTrigger(s, { type: 'appeal' }, ctx)).state;
    expect(s.phase).toBe('appeal');
    clock.set('2024-02-20T18:00:00Z');
    const won = must(applyTrigger(s, { type: 'record-appeal-ballot', for: 301, against: 300, spoilt: 4, date: d('2024-02-20') }, ctx)).state;
    expect(won.outcome).toMatchObject({ result: 'readopted', decidedBy: 'appeal-ballot' });
    expect(won.appeal?.ballot).toMatchObject({ for: 301, against: 300, spoilt: 4 });
    const lost = must(applyTrigger(s, { type: 'record-appeal-ballot', for: 300, against: 300, spoilt: 0, date: d('2024-02-20') }, ctx)).state;
    expect(lost.phase).toBe('triggered');
    expect(fails(applyTrigger(s, { type: 'record-appeal-ballot', for: 1, against: 0, spoilt: 0, date: d('2024-02-21') }, ctx), 'timetable').message).toMatch(
      /future/,
    );
    expect(fails(applyTrigger(s, { type: 'record-appeal-ballot', for: 1, against: 0, spoilt: 0, date: d('2024-01-19') }, ctx), 'timetable').message).toMatch(
      /before the appeal was lodged/,
    );
    fails(applyTrigger(s, { type: 'record-appeal-ballot', for: -1, against: 0, spoilt: 0, date: d('2024-02-20') }, ctx), 'invalid-input');
  });

  it('goes straight to selection when the rulebook allows no appeal', () => {
    const rb: Rulebook = {
      ...LIBDEM_READOPTION,
      id: 'no-appeal',
      incumbentReview: { kind: 'members-meeting', readoptThreshold: { share: { num: 1, den: 2 }, inclusive: false }, appeal: null },
    };
    const { state, ctx } = atMeeting(rb);
    const s = must(applyTrigger(state, meeting({ for: 1, against: 2, abstentions: 0, attendance: 3 }), ctx)).state;
    expect(s.outcome).toMatchObject({ result: 'triggered', decidedBy: 'members-meeting' });
  });

  it('a snap election readopts during an appeal', () => {
    const { state, ctx } = atMeeting();
    let s = must(applyTrigger(state, meeting({ for: 1, against: 2, abstentions: 0, attendance: 3 }), ctx)).state;
    s = must(applyTrigger(s, { type: 'appeal' }, ctx)).state;
    expect(must(applyTrigger(s, { type: 'snap-election' }, ctx)).state.outcome).toMatchObject({ result: 'readopted', decidedBy: 'snap-election' });
  });

  it("validates the members' meeting like any meeting", () => {
    const { state, ctx } = atMeeting();
    fails(applyTrigger(state, meeting({ for: 10, against: 10, abstentions: 1, attendance: 20 }), ctx), 'invalid-input');
    fails(applyTrigger(state, { ...meeting({ for: 1, against: 0, abstentions: 0, attendance: 1 }), date: d('2024-01-21') }, ctx), 'timetable');
  });
});

describe('trigger ballot: recording meetings is validated', () => {
  function recording() {
    const { state, ctx, clock } = open(LABOUR_2021, [...branches(3), ...affiliates(2)]);
    clock.set(`${MEETING_DAY}T19:00:00.000Z`);
    return { state, ctx, clock };
  }
  const rec = (unit: string, f: Partial<MeetingFigures> = {}) => ({ type: 'record-meeting' as const, unit, ...YES, date: d(MEETING_DAY), ...f });

  it('records a meeting with its figures, date and time', () => {
    const { state, ctx } = recording();
    const step = must(applyTrigger(state, rec('b2'), ctx));
    expect(step.state.units[1].result).toEqual({ kind: 'meeting', recordedAt: '2024-01-20T19:00:00.000Z', ...YES, date: MEETING_DAY });
    expect(step.event).toEqual({
      type: 'meeting-recorded',
      at: '2024-01-20T19:00:00.000Z',
      by: 'procedures-secretary',
      data: { unit: 'b2', ...YES, date: MEETING_DAY },
    });
    expect(state.units[1].result).toBeNull();
  });

  it('records a decision an officer enters as it arrived, attributed to them with how and when it came; refuses a second, and a receipt in the future', () => {
    const { state, ctx } = recording();
    const arrived = { via: 'letter' as const, received: d(MEETING_DAY) };
    const step = must(applyTrigger(state, { ...rec('a1'), arrived }, ctx));
    expect(step.state.units[3].result).toMatchObject({ kind: 'meeting', by: 'procedures-secretary', arrived });
    expect(step.event.data).toMatchObject({ unit: 'a1', arrived });
    const absent = must(applyTrigger(step.state, { type: 'record-absent', unit: 'a2', arrived: { via: 'email', received: d(MEETING_DAY) } }, ctx));
    expect(absent.state.units[4].result).toMatchObject({ kind: 'absent', by: 'procedures-secretary', arrived: { via: 'email' } });
    expect(fails(applyTrigger(absent.state, { ...rec('a1'), arrived }, ctx), 'already-recorded').message).toContain('has already recorded a meeting');
    fails(applyTrigger(state, { ...rec('b1'), arrived: { via: 'letter', received: d('2024-01-21') } }, ctx), 'timetable');
    fails(applyTrigger(state, { ...rec('b1'), arrived: { via: 'pigeon' as 'letter', received: d(MEETING_DAY) } }, ctx), 'invalid-input');
  });

  it('refuses negative, fractional or missing numbers', () => {
    const { state, ctx } = recording();
    expect(fails(applyTrigger(state, rec('b1', { for: -1 }), ctx), 'invalid-input').message).toMatch(/votes for must be a whole number of 0 or more, not -1/);
    fails(applyTrigger(state, rec('b1', { against: 1.5 }), ctx), 'invalid-input');
    fails(applyTrigger(state, rec('b1', { abstentions: Number.NaN }), ctx), 'invalid-input');
    fails(applyTrigger(state, rec('b1', { attendance: '17' as unknown as number }), ctx), 'invalid-input');
    fails(applyTrigger(state, { type: 'record-meeting', unit: 'b1', date: d(MEETING_DAY) } as never, ctx), 'invalid-input');
  });

  it('refuses more votes than members present', () => {
    const { state, ctx } = recording();
    expect(fails(applyTrigger(state, rec('b1', { for: 10, against: 5, abstentions: 3, attendance: 17 }), ctx), 'invalid-input').message).toMatch(
      /= 18, more than the 17 members present/,
    );
    must(applyTrigger(state, rec('b1', { for: 10, against: 5, abstentions: 2, attendance: 17 }), ctx));
  });

  it('refuses a meeting dated in the future, before the opening, or after the closing date', () => {
    const { state, ctx, clock } = recording();
    expect(fails(applyTrigger(state, rec('b1', { date: d('2024-01-21') }), ctx), 'timetable').message).toMatch(/in the future \(today is 20 January 2024\)/);
    expect(fails(applyTrigger(state, rec('b1', { date: d('2024-01-09') }), ctx), 'timetable').message).toMatch(/before the ballot opened on 2024-01-10/);
    clock.set('2024-03-01T10:00:00Z');
    expect(fails(applyTrigger(state, rec('b1', { date: d('2024-02-11') }), ctx), 'timetable').message).toMatch(/after the closing date 2024-02-10/);
    fails(applyTrigger(state, rec('b1', { date: '20/01/2024' as never }), ctx), 'invalid-input');
    must(applyTrigger(state, rec('b1', { date: d('2024-01-10') }), ctx));
    must(applyTrigger(state, rec('b1', { date: d('2024-02-10') }), ctx));
  });

  it('refuses a unit that is not in this ballot', () => {
    const { state, ctx } = recording();
    expect(fails(applyTrigger(state, rec('b99'), ctx), 'unknown-unit').message).toMatch(/b99.*b1, b2, b3, a1, a2/);
    fails(applyTrigger(state, { type: 'record-absent', unit: 'b99' }, ctx), 'unknown-unit');
    fails(applyTrigger(state, { ...rec('b99'), type: 'correct-meeting', reason: 'x' }, ctx), 'unknown-unit');
  });

  it('records each unit once: a second record or absence is refused and points to a correction with a reason', () => {
    const { state, ctx } = recording();
    const s = must(applyTrigger(state, rec('b1'), ctx)).state;
    expect(fails(applyTrigger(s, rec('b1', NO), ctx), 'already-recorded').message).toMatch(/correction with a reason/);
    fails(applyTrigger(s, { type: 'record-absent', unit: 'b1' }, ctx), 'already-recorded');
    const absent = must(applyTrigger(state, { type: 'record-absent', unit: 'b2', note: 'inquorate room booking' }, ctx)).state;
    fails(applyTrigger(absent, rec('b2'), ctx), 'already-recorded');
    fails(applyTrigger(absent, { type: 'record-absent', unit: 'b2' }, ctx), 'already-recorded');
  });

  it('corrects a recorded result only with a reason, keeping the earlier figures', () => {
    const { state, ctx } = recording();
    const s = must(applyTrigger(state, rec('b1'), ctx)).state;
    fails(applyTrigger(state, { ...rec('b1', NO), type: 'correct-meeting', reason: 'miscount' }, ctx), 'not-recorded');
    fails(applyTrigger(s, { ...rec('b1', NO), type: 'correct-meeting', reason: '  ' }, ctx), 'invalid-input');
    fails(applyTrigger(s, { ...rec('b1'), type: 'correct-meeting', reason: 'same again' }, ctx), 'invalid-input');
    fails(applyTrigger(s, { ...rec('b1', { for: -2 }), type: 'correct-meeting', reason: 'miscount' }, ctx), 'invalid-input');
    const step = must(applyTrigger(s, { ...rec('b1', NO), type: 'correct-meeting', reason: 'tellers swapped the piles' }, ctx));
    const unit = step.state.units[0];
    expect(unit.result).toMatchObject({ kind: 'meeting', ...NO });
    expect(unit.corrections).toHaveLength(1);
    expect(unit.corrections[0]).toMatchObject({ reason: 'tellers swapped the piles', previous: { kind: 'meeting', ...YES }, by: 'procedures-secretary' });
    expect(step.event.type).toBe('meeting-corrected');
    // A unit recorded as absent can be corrected to the meeting it did hold.
    const absent = must(applyTrigger(state, { type: 'record-absent', unit: 'b2' }, ctx)).state;
    must(applyTrigger(absent, { ...rec('b2'), type: 'correct-meeting', reason: 'the minutes arrived late' }, ctx));
  });

  it('a correction changes the outcome', () => {
    const { state, ctx, clock } = recording();
    let s = state;
    for (const u of ['b1', 'b2', 'b3', 'a1', 'a2']) s = must(applyTrigger(s, rec(u, NO), ctx)).state;
    clock.set('2024-02-10T20:00:00Z');
    expect(must(applyTrigger(s, { type: 'close' }, ctx)).state.phase).toBe('readopted');
    for (const u of ['b1', 'b2', 'a1']) s = must(applyTrigger(s, { ...rec(u, YES), type: 'correct-meeting', reason: 'recount' }, ctx)).state;
    expect(must(applyTrigger(s, { type: 'close' }, ctx)).state.phase).toBe('triggered');
  });

  it('closes before the closing date only when every unit has a result', () => {
    const { state, ctx } = recording();
    let s = must(applyTrigger(state, rec('b1'), ctx)).state;
    expect(fails(applyTrigger(s, { type: 'close' }, ctx), 'timetable').message).toMatch(/4 of 5 have none: Branch 2, Branch 3/);
    for (const u of ['b2', 'b3', 'a1']) s = must(applyTrigger(s, rec(u, NO), ctx)).state;
    s = must(applyTrigger(s, { type: 'record-absent', unit: 'a2' }, ctx)).state;
    must(applyTrigger(s, { type: 'close' }, ctx));
  });

  it('refuses a step given a different rulebook from the one the ballot was opened under', () => {
    const { state, ctx } = recording();
    const e = fails(applyTrigger(state, rec('b1'), { ...ctx, rulebook: LABOUR_2018 }), 'rulebook-mismatch');
    expect(e.message).toMatch(/labour-2021@1.*labour-2018@1/);
  });

  it('refuses unknown and malformed commands as values, never throwing', () => {
    const { state, ctx } = recording();
    fails(applyTrigger(state, { type: 'explode' } as never, ctx), 'invalid-command');
    fails(applyTrigger(state, null as never, ctx), 'invalid-command');
    fails(applyTrigger(state, 'close' as never, ctx), 'invalid-command');
    fails(applyTrigger(state, { type: 'record-absent', unit: 'b1', note: 7 } as never, ctx), 'invalid-input');
  });
});

describe('trigger ballot: opening is validated', () => {
  const { ctx } = context(LABOUR_2021, OPENS);
  const openWith = (over: Record<string, unknown>) => openTriggerBallot({ incumbent: incumbent(), units: branches(2), closes: CLOSES, ...over } as never, ctx);

  it('refuses a closing date before today, malformed or duplicate units, and a ballot with no units', () => {
    expect(fails(openWith({ closes: d('2024-01-09') }), 'timetable').message).toMatch(/before today, 2024-01-10/);
    fails(openWith({ closes: 'soon' }), 'invalid-input');
    fails(openWith({ units: [...branches(2), ...branches(1)] }), 'invalid-input');
    fails(openWith({ units: [{ id: 'x', name: 'X', class: 'society' }] }), 'invalid-input');
    fails(openWith({ units: [] }), 'invalid-input');
    fails(openWith({ units: 'b1' }), 'invalid-input');
    fails(openWith({ incumbent: { ...incumbent(), name: '' } }), 'invalid-input');
  });

  it('needs each affiliated branch to name its affiliate when affiliates vote as a whole', () => {
    const rb: Rulebook = {
      ...LABOUR_2018,
      incumbentReview: {
        ...(LABOUR_2018.incumbentReview as Extract<Rulebook['incumbentReview'], { kind: 'trigger-ballot' }>),
        affiliateCounting: 'per-affiliate',
      },
    };
    const c = context(rb, OPENS).ctx;
    fails(openTriggerBallot({ incumbent: incumbent(), units: [{ id: 'a1', name: 'Unite 1', class: 'affiliate' }], closes: CLOSES }, c), 'invalid-input');
  });

  it('opens with every unit pending and an event naming them', () => {
    const { state, event } = must(openWith({}));
    expect(state.phase).toBe('open');
    expect(state.units.every((u) => u.result === null && u.corrections.length === 0)).toBe(true);
    expect(event).toMatchObject({
      type: 'opened',
      at: OPENS,
      data: { constituency: 'ilford-south', incumbent: 'Sam Sitting', rulebook: 'labour-2021@1', closes: '2024-02-10' },
    });
  });
});
