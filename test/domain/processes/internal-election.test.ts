import { describe, expect, it } from 'vitest';
import { count } from '../../../src/count/methods/index.js';
import { election } from '../../../src/count/ballots.js';
import { LABOUR_1990, LABOUR_2018, LABOUR_2021 } from '../../../src/domain/presets.js';
import type { Rulebook } from '../../../src/domain/rulebook.js';
import { applyElection, openInternalElection } from '../../../src/domain/processes/internal-election.js';
import { context, d, fails, jsonRoundTrips, must } from './helpers.js';
import { ELECTION_OPENS, ELECTION_TIMETABLE, electionTo, NEC_FIELD, necBallots } from './drivers.js';

const isWomanId = (ids: readonly string[], state: { candidates: readonly { id: string; gender: string | null }[] }) =>
  ids.filter((id) => state.candidates.find((c) => c.id === id)?.gender === 'woman').length;

describe('internal election: NEC constituency section', () => {
  it('labour-2021: 9 seats by Droop STV, at least 4 women, though the men are far more popular', () => {
    const { state } = electionTo('declared');
    expect(state.seats).toBe(9);
    expect(state.method).toBe('stv-droop');
    expect(state.minWomen).toBe(4);
    expect(state.electorate).toMatchObject({ freezeDate: '2024-06-01', eligible: 5000, total: 6000, summary: 'national electorate at 2024-06-01' });
    const elected = state.count?.elected ?? [];
    expect(elected).toHaveLength(9);
    expect(isWomanId(elected, state)).toBe(4);
    expect(state.count?.constraint).toMatch(/at least 4 with gender=woman/);
    expect(state.declaration?.elected.map((x) => x.id)).toEqual(elected);
    jsonRoundTrips(state);
  });

  it('elects exactly what the counting engine elects on the same ballots, and without the minimum more men win', () => {
    const { state } = electionTo('closed');
    const ballots = necBallots(state);
    const index = new Map(state.candidates.map((c, i) => [c.id, i]));
    const e = election({
      candidates: state.candidates.map((c) => ({ name: c.name, attributes: { gender: c.gender ?? '' } })),
      seats: 9,
      ballots: ballots.map((b) => ({ ranks: b.ranking.map((id) => index.get(id)!), weight: b.count })),
    });
    const constrained = count(e, 'stv-droop', { seats: 9, minimum: 'gender=woman:4' });
    const counted = must(applyElection(state, { type: 'record-count', ballots }, electionTo('closed').ctx)).state;
    expect(counted.count?.elected).toEqual(constrained.elected.map((i) => state.candidates[i].id));
    expect(counted.count?.rounds).toHaveLength(constrained.stages.length);
    const free = count(e, 'stv-droop', { seats: 9 });
    expect(
      isWomanId(
        free.elected.map((i) => state.candidates[i].id),
        state,
      ),
    ).toBeLessThan(4);
  });

  it('labour-2018: 9 seats by block vote with the same minimum', () => {
    const { state } = electionTo('declared', { rulebook: LABOUR_2018 });
    expect(state.method).toBe('block');
    expect(state.count?.method).toBe('block');
    expect(state.count?.elected).toHaveLength(9);
    expect(isWomanId(state.count?.elected ?? [], state)).toBeGreaterThanOrEqual(4);
  });

  it('keeps a compact round summary keyed by candidate id', () => {
    const { state } = electionTo('counted');
    const first = state.count!.rounds[0];
    expect(first.stage).toBe(1);
    expect(Object.keys(first.tally).sort()).toEqual(state.candidates.map((c) => c.id).sort());
    expect(state.count?.ballots).toBe(necBallots(state).reduce((a, b) => a + b.count, 0));
    expect(state.count?.candidates).toEqual(state.candidates.map((c) => c.id));
  });

  it('counts a candidate who withdrew during the ballot as withdrawn', () => {
    const { state, ctx, clock } = electionTo('ballot-open');
    const s = must(applyElection(state, { type: 'withdraw', candidate: 'c6', reason: 'appointed elsewhere' }, ctx)).state;
    clock.set('2024-08-15T23:00:00Z');
    const closed = must(applyElection(s, { type: 'close-ballot' }, ctx)).state;
    const counted = must(applyElection(closed, { type: 'record-count', ballots: necBallots(closed) }, ctx)).state;
    expect(counted.count?.elected).not.toContain('c6');
    expect(counted.count?.rounds[0].tally.c6).toBeUndefined();
  });
});

describe('internal election: validation', () => {
  it('refuses to open under a rulebook without an internal election', () => {
    const { ctx } = context(LABOUR_1990, ELECTION_OPENS);
    expect(fails(openInternalElection({ title: 'NEC', timetable: ELECTION_TIMETABLE }, ctx), 'rulebook-forbids').message).toMatch(/labour-1990@1/);
  });

  it('refuses a rulebook whose counting method cannot enforce its women minimum, or is unknown', () => {
    const irv: Rulebook = { ...LABOUR_2021, id: 'irv-nec', internalElection: { seats: 1, method: 'irv', minWomen: 1, nominations: null } };
    expect(fails(openInternalElection({ title: 'Chair', timetable: ELECTION_TIMETABLE }, context(irv, ELECTION_OPENS).ctx), 'method-minimum').message).toMatch(
      /Alternative vote .* cannot enforce a minimum of women/,
    );
    const unknown: Rulebook = { ...LABOUR_2021, id: 'odd', internalElection: { seats: 3, method: 'borda', minWomen: null, nominations: null } };
    fails(openInternalElection({ title: 'X', timetable: ELECTION_TIMETABLE }, context(unknown, ELECTION_OPENS).ctx), 'invalid-rulebook');
  });

  it('takes seats, method and minimum chosen at the opening in place of the rulebook’s, and refuses a choice that could never be counted', () => {
    const { ctx } = context(LABOUR_2021, ELECTION_OPENS);
    const opened = must(openInternalElection({ title: 'Committee', timetable: ELECTION_TIMETABLE, seats: 3, method: 'stv-meek', minWomen: 1 }, ctx));
    expect([opened.state.seats, opened.state.method, opened.state.minWomen]).toEqual([3, 'stv-meek', 1]);
    expect(opened.event.data).toMatchObject({ seats: 3, method: 'stv-meek', minWomen: 1 });
    // A minimum of 0 is no minimum; what is not chosen comes from the rulebook.
    const plain = must(openInternalElection({ title: 'Chair', timetable: ELECTION_TIMETABLE, seats: 1, method: 'plurality', minWomen: 0 }, ctx)).state;
    expect([plain.seats, plain.method, plain.minWomen]).toEqual([1, 'plurality', null]);
    expect(must(openInternalElection({ title: 'NEC', timetable: ELECTION_TIMETABLE, method: 'block' }, ctx)).state).toMatchObject({
      seats: 9,
      method: 'block',
      minWomen: 4,
    });
    expect(
      fails(openInternalElection({ title: 'Chair', timetable: ELECTION_TIMETABLE, seats: 2, method: 'irv', minWomen: 0 }, ctx), 'method-seats').message,
    ).toMatch(/fills one seat, not 2/);
    expect(
      fails(openInternalElection({ title: 'Chair', timetable: ELECTION_TIMETABLE, seats: 2, method: 'plurality' }, ctx), 'method-minimum').message,
    ).toMatch(/At least 4 women/);
    expect(
      fails(openInternalElection({ title: 'Chair', timetable: ELECTION_TIMETABLE, seats: 2, method: 'stv-scottish', minWomen: 3 }, ctx), 'minimum-seats')
        .message,
    ).toMatch(/only 2 seats/);
    fails(openInternalElection({ title: 'Chair', timetable: ELECTION_TIMETABLE, seats: 0 }, ctx), 'invalid-input');
    fails(openInternalElection({ title: 'Chair', timetable: ELECTION_TIMETABLE, method: 'borda' }, ctx), 'invalid-rulebook');
  });

  it('refuses a timetable out of order or already past', () => {
    const { ctx } = context(LABOUR_2021, ELECTION_OPENS);
    fails(openInternalElection({ title: 'NEC', timetable: { ...ELECTION_TIMETABLE, nominationsClose: d('2024-05-31') } }, ctx), 'timetable');
    fails(openInternalElection({ title: 'NEC', timetable: { ...ELECTION_TIMETABLE, ballotCloses: d('2024-07-14') } }, ctx), 'timetable');
    fails(openInternalElection({ title: 'NEC', timetable: { ...ELECTION_TIMETABLE, freezeDate: d('2024-08-01') } }, ctx), 'timetable');
    fails(openInternalElection({ title: '', timetable: ELECTION_TIMETABLE }, ctx), 'invalid-input');
    fails(openInternalElection({ title: 'NEC', timetable: null as never }, ctx), 'invalid-input');
  });

  it('refuses nominations after they close, duplicate names, and freezing before they close', () => {
    const { state, ctx, clock } = electionTo('nominations');
    fails(applyElection(state, { type: 'nominate', name: 'woman 1', gender: 'woman' }, ctx), 'duplicate');
    expect(fails(applyElection(state, { type: 'freeze-electorate', eligible: 10, total: 10 }, ctx), 'timetable').message).toMatch(/open until 30 June 2024/);
    clock.set('2024-07-01T00:00:00Z');
    fails(applyElection(state, { type: 'nominate', name: 'Late Comer', gender: 'woman' }, ctx), 'timetable');
  });

  it('refuses to freeze with fewer candidates than seats, or fewer women than the minimum', () => {
    const { ctx, clock } = context(LABOUR_2021, ELECTION_OPENS);
    let s = must(openInternalElection({ title: 'NEC', timetable: ELECTION_TIMETABLE }, ctx)).state;
    for (const c of NEC_FIELD.slice(0, 8)) s = must(applyElection(s, { type: 'nominate', name: c.name, gender: c.gender }, ctx)).state;
    clock.set('2024-07-01T10:00:00Z');
    expect(fails(applyElection(s, { type: 'freeze-electorate', eligible: 10, total: 10 }, ctx), 'no-candidates').message).toMatch(
      /8 candidate\(s\) are standing for 9 seats/,
    );
    // Three women withdraw: 9 standing, 2 women, 4 needed.
    clock.set('2024-06-20T10:00:00Z');
    for (const c of NEC_FIELD.slice(8)) s = must(applyElection(s, { type: 'nominate', name: c.name, gender: c.gender }, ctx)).state;
    for (const id of ['c1', 'c2', 'c3']) s = must(applyElection(s, { type: 'withdraw', candidate: id }, ctx)).state;
    clock.set('2024-07-01T10:00:00Z');
    expect(fails(applyElection(s, { type: 'freeze-electorate', eligible: 10, total: 10 }, ctx), 'gender-rule').message).toMatch(
      /2 women are standing.*at least 4/,
    );
  });

  it('reports as count-failed a count that withdrawals have made impossible', () => {
    let { state, ctx, clock } = electionTo('ballot-open');
    for (const id of ['c1', 'c2']) state = must(applyElection(state, { type: 'withdraw', candidate: id }, ctx)).state;
    clock.set('2024-08-15T23:00:00Z');
    state = must(applyElection(state, { type: 'close-ballot' }, ctx)).state;
    expect(fails(applyElection(state, { type: 'record-count', ballots: necBallots(state) }, ctx), 'count-failed').message).toMatch(
      /gender=woman:4|cannot be met/,
    );
  });

  it('refuses ballots ranking unknown candidates, and more ballots than the national electorate', () => {
    const { state, ctx } = electionTo('closed');
    fails(applyElection(state, { type: 'record-count', ballots: [{ ranking: ['c1', 'nobody'] }] }, ctx), 'unknown-candidate');
    fails(applyElection(state, { type: 'record-count', ballots: [{ ranking: ['c1'], count: 5001 }] }, ctx), 'invalid-input');
  });

  it('opens the ballot only within its dates and closes it only from its closing date', () => {
    const { state, ctx, clock } = electionTo('electorate-frozen');
    clock.set('2024-07-14T12:00:00Z');
    fails(applyElection(state, { type: 'open-ballot' }, ctx), 'timetable');
    clock.set('2024-08-16T12:00:00Z');
    fails(applyElection(state, { type: 'open-ballot' }, ctx), 'timetable');
    clock.set('2024-07-20T12:00:00Z');
    const open = must(applyElection(state, { type: 'open-ballot' }, ctx)).state;
    fails(applyElection(open, { type: 'close-ballot' }, ctx), 'timetable');
  });
});
