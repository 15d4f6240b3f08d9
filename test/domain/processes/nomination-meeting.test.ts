/**
 * A constituency party's nomination meeting: who may vote (the 8-week provisional period, at and
 * either side of it; outside the party; not in good standing), tallies refused when they exceed the
 * members present who may vote or name a candidate no longer standing, drops of one and of several
 * at once, a tie for lowest settled by the earlier rounds, and the decision.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/domain/calendar.js';
import { memberId, unitId } from '../../../src/domain/ids.js';
import type { Member } from '../../../src/domain/organisation.js';
import { LABOUR_2021, PRESETS } from '../../../src/domain/presets.js';
import {
  applyMeeting,
  callNominationMeeting,
  judgeAttendee,
  meetingCount,
  meetingWinner,
  nextWords,
  roundProblems,
  standingNext,
  type NominationMeetingState,
} from '../../../src/domain/processes/index.js';
import { context, d, fails, jsonRoundTrips, must } from './helpers.js';

const MEETING_DAY = d('2024-06-10');
const party = { name: 'Ashford CLP', branches: new Set(['ash-north', 'ash-south']) };

function member(id: string, joined: string, over: Partial<Member> = {}): Member {
  return {
    id: memberId(id),
    name: `Member ${id}`,
    email: null,
    branch: unitId('ash-north'),
    joined: d(joined),
    statusHistory: [{ from: d(joined), status: 'current' }],
    gender: null,
    ...over,
  };
}

describe('who may vote at the meeting', () => {
  it('counts membership in weeks: a member of exactly 8 weeks may vote, one a day short may attend but not vote', () => {
    const eight = judgeAttendee(member('a', addDays(MEETING_DAY, -56)), LABOUR_2021, MEETING_DAY, party);
    expect(eight.mayVote).toBe(true);
    expect(eight.reason).toContain('8 weeks (1 month 26 days) before the meeting');
    const short = judgeAttendee(member('b', addDays(MEETING_DAY, -55)), LABOUR_2021, MEETING_DAY, party);
    expect(short.mayVote).toBe(false);
    expect(short.reason).toContain('7 weeks and 6 days (1 month 25 days) before the meeting, within the 8-week provisional period');
    expect(short.reason).toContain('may attend and speak but not vote');
    const longer = judgeAttendee(member('c', addDays(MEETING_DAY, -57)), LABOUR_2021, MEETING_DAY, party);
    expect(longer.mayVote).toBe(true);
    expect(longer.reason).toMatch(/8 weeks and 1 day \(1 month/);
  });

  it('takes the period from the rulebook: labour-2018 and labour-2021 have 8 weeks, a rulebook without the section none', () => {
    expect(LABOUR_2021.nominationMeeting?.provisionalWeeks).toBe(8);
    expect(PRESETS.find((r) => r.id === 'labour-2018')?.nominationMeeting?.provisionalWeeks).toBe(8);
    expect(LABOUR_2021.uncertain['nominationMeeting.provisionalWeeks']).toMatch(/not verified/);
    const none = { ...LABOUR_2021, nominationMeeting: undefined };
    expect(judgeAttendee(member('b', addDays(MEETING_DAY, -3)), none, MEETING_DAY, party).mayVote).toBe(true);
  });

  it('refuses a member of another party, a lapsed or suspended member, one in arrears', () => {
    const outside = judgeAttendee(member('x', '2010-01-01', { branch: unitId('elsewhere') }), LABOUR_2021, MEETING_DAY, party);
    expect(outside).toEqual({ mayVote: false, reason: 'Member x may not vote: not a member of a branch of Ashford CLP.' });
    const lapsed = member('l', '2010-01-01', {
      statusHistory: [
        { from: d('2010-01-01'), status: 'current' },
        { from: d('2024-01-01'), status: 'lapsed' },
      ],
    });
    expect(judgeAttendee(lapsed, LABOUR_2021, MEETING_DAY, party).reason).toContain('lapsed');
    const suspended = member('s', '2010-01-01', {
      statusHistory: [
        { from: d('2010-01-01'), status: 'current' },
        { from: d('2024-05-01'), status: 'suspended' },
      ],
    });
    expect(judgeAttendee(suspended, LABOUR_2021, MEETING_DAY, party).reason).toContain('suspended');
    const arrears = member('r', '2010-01-01', {
      statusHistory: [
        { from: d('2010-01-01'), status: 'current' },
        { from: d('2024-05-01'), status: 'arrears' },
      ],
    });
    expect(judgeAttendee(arrears, LABOUR_2021, MEETING_DAY, party).mayVote).toBe(false);
  });
});

const CANDIDATES = ['Ada', 'Bea', 'Cal', 'Dev', 'Eve'].map((name) => ({ member: name.toLowerCase(), name }));

function called(seats = CANDIDATES): NominationMeetingState {
  const { ctx } = context(LABOUR_2021, '2024-06-01T10:00:00Z', 'secretary');
  return must(
    callNominationMeeting(
      {
        title: 'Ashford CLP: nomination meeting',
        body: { id: 'ashford', name: 'Ashford CLP' },
        election: { process: 'leader-1', title: 'Leadership election 2024', nominationsClose: d('2024-06-30') },
        date: MEETING_DAY,
        place: 'Ashford Labour Hall',
        candidates: seats,
        seed: 7,
      },
      ctx,
    ),
  ).state;
}

/** A meeting with `voters` members who may vote and one provisional member, on its day. */
function withAttendance(voters: number, seats = CANDIDATES): NominationMeetingState {
  const { ctx } = context(LABOUR_2021, `${MEETING_DAY}T19:00:00Z`, 'secretary');
  const members = [...Array.from({ length: voters }, (_, i) => member(`v${i}`, '2015-01-01')), member('new', addDays(MEETING_DAY, -10))];
  return must(applyMeeting(called(seats), { type: 'record-attendance', members, branches: [...party.branches] }, ctx)).state;
}

function round(s: NominationMeetingState, votes: Record<string, number>, spoilt = 0) {
  const { ctx } = context(LABOUR_2021, `${MEETING_DAY}T20:00:00Z`, 'chair');
  return applyMeeting(s, { type: 'enter-round', votes, spoilt }, ctx);
}

describe('calling the meeting and recording attendance', () => {
  it('refuses a date after nominations close, and a date in the past', () => {
    const { ctx } = context(LABOUR_2021, '2024-06-01T10:00:00Z');
    const base = {
      title: 't',
      body: { id: 'ashford', name: 'Ashford CLP' },
      election: { process: 'p', title: 'Leadership election 2024', nominationsClose: d('2024-06-30') },
      place: 'online',
      candidates: CANDIDATES,
      seed: 1,
    };
    expect(fails(callNominationMeeting({ ...base, date: d('2024-07-01') }, ctx), 'timetable').message).toContain('close on 30 June 2024');
    fails(callNominationMeeting({ ...base, date: d('2024-05-31') }, ctx), 'invalid-input');
    expect(must(callNominationMeeting({ ...base, date: d('2024-06-05') }, ctx)).state.online).toBe(true);
  });

  it('judges each attendee, and refuses the same member twice', () => {
    const s = withAttendance(3);
    jsonRoundTrips(s);
    expect(s.attendees.map((a) => a.mayVote)).toEqual([true, true, true, false]);
    const { ctx } = context(LABOUR_2021, `${MEETING_DAY}T19:00:00Z`);
    fails(applyMeeting(s, { type: 'record-attendance', members: [member('v0', '2015-01-01')], branches: [...party.branches] }, ctx), 'duplicate');
  });
});

describe('the rounds', () => {
  it('refuses tallies of more papers than the members present who may vote (a provisional member is not counted)', () => {
    const s = withAttendance(20);
    const over = fails(round(s, { ada: 8, bea: 6, cal: 3, dev: 2, eve: 1 }, 1), 'invalid-input');
    expect(over.message).toBe('The round has 21 papers, more than the 20 members present who may vote: check the tallies.');
    must(round(s, { ada: 8, bea: 6, cal: 3, dev: 2, eve: 1 }));
  });

  it('refuses a fraction, a missing candidate, and votes for one no longer standing, naming the field', () => {
    const s = withAttendance(20);
    const problems = roundProblems(s, { ada: 1.5, bea: 2, cal: 1, dev: 1 }, -1);
    expect(problems.map((p) => p.field)).toEqual(['ada', 'eve', 'spoilt']);
    const after = must(round(s, { ada: 8, bea: 6, cal: 3, dev: 2, eve: 1 })).state;
    // Dev and Eve together (3) are not below Cal (3), so Eve alone is dropped.
    expect(standingNext(after).map((c) => c.name)).toEqual(['Ada', 'Bea', 'Cal', 'Dev']);
    expect(roundProblems(after, { ada: 8, bea: 6, cal: 3, dev: 2, eve: 1 }, 0).map((p) => p.field)).toEqual(['eve']);
  });

  it('drops several at once when together they are below the next, then elects with more than half', () => {
    let s = withAttendance(30);
    s = must(round(s, { ada: 10, bea: 9, cal: 5, dev: 2, eve: 1 })).state;
    // Dev and Eve together (3) are below Cal (5), and Cal, Dev and Eve together (8) below Bea (9): all three go at once.
    expect(standingNext(s).map((c) => c.name)).toEqual(['Ada', 'Bea']);
    expect(nextWords(s).join(' ')).toContain('Cal, Dev and Eve are dropped together');
    s = must(round(s, { ada: 16, bea: 13 }, 1)).state;
    expect(meetingWinner(s)).toEqual({ member: 'ada', name: 'Ada', round: 2 });
    expect(nextWords(s).join(' ')).toContain('Ada has 16 of the 29 votes cast in round 2, more than half (15 needed)');
    fails(round(s, { ada: 1, bea: 1 }), 'invalid-input');
  });

  it('settles a tie for lowest by the earlier rounds, and says so', () => {
    let s = withAttendance(30, CANDIDATES.slice(0, 3));
    s = must(round(s, { ada: 12, bea: 9, cal: 8 })).state;
    expect(standingNext(s).map((c) => c.name)).toEqual(['Ada', 'Bea']);
    s = withAttendance(30, CANDIDATES.slice(0, 4));
    s = must(round(s, { ada: 12, bea: 6, cal: 6, dev: 5 })).state;
    s = must(round(s, { ada: 12, bea: 8, cal: 8 })).state;
    // Bea and Cal tie; in round 1 they were equal too, so the lot decides (seed 7).
    const words = nextWords(s).join(' ');
    expect(words).toMatch(/Bea and Cal tied for fewest votes; the tie is settled by lot \(seed 7\)/);
    const record = meetingCount(s)!.record;
    expect(record.freshVotesEachStage).toBe(true);
    expect(record.events.some((e) => e.type === 'tie')).toBe(true);
  });
});

describe('the decision', () => {
  it('nominates the winner once the rounds have one, or no one with a reason', () => {
    const { ctx } = context(LABOUR_2021, `${MEETING_DAY}T21:00:00Z`, 'secretary');
    let s = withAttendance(10, CANDIDATES.slice(0, 2));
    fails(applyMeeting(s, { type: 'decide', nominate: true }, ctx), 'invalid-transition');
    fails(applyMeeting(s, { type: 'decide', nominate: false, reason: ' ' }, ctx), 'invalid-input');
    const none = must(applyMeeting(s, { type: 'decide', nominate: false, reason: 'The meeting voted not to nominate.' }, ctx));
    expect(none.state.decision).toMatchObject({ kind: 'no-nomination', reason: 'The meeting voted not to nominate.' });
    s = must(round(s, { ada: 6, bea: 4 })).state;
    const decided = must(applyMeeting(s, { type: 'decide', nominate: true }, ctx));
    expect(decided.state.phase).toBe('decided');
    expect(decided.state.decision).toMatchObject({ kind: 'nominated', member: 'ada', name: 'Ada' });
    expect(decided.event).toMatchObject({ type: 'decided', data: { nominated: 'ada', name: 'Ada', rounds: 1 } });
    fails(applyMeeting(decided.state, { type: 'enter-round', votes: {}, spoilt: 0 }, ctx), 'invalid-transition');
  });
});
