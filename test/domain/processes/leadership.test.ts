/**
 * A leadership election as an internal election: one seat by the alternative vote; each MP
 * nominates once; constituency parties and affiliates nominate once each, for a vacancy only; a
 * nominee stands once they accept and their nominations meet the rulebook's routes; in a challenge
 * the sitting leader is on the ballot from the opening.
 */
import { describe, expect, it } from 'vitest';
import { memberId, unitId } from '../../../src/domain/ids.js';
import type { Affiliation, Member, UnitKind } from '../../../src/domain/organisation.js';
import { LABOUR_1990, LABOUR_2021 } from '../../../src/domain/presets.js';
import { leadershipStandingsOf } from '../../../src/domain/processes/leadership-steps.js';
import {
  applyElection,
  openInternalElection,
  type ElectionCommand,
  type InternalElectionState,
  type LeadershipOpening,
} from '../../../src/domain/processes/index.js';
import type { Rulebook } from '../../../src/domain/rulebook.js';
import { ELECTION_OPENS, ELECTION_TIMETABLE } from './drivers.js';
import { context, d, fails, must } from './helpers.js';

const member = (n: number): Member => ({
  id: memberId(`m${n}`),
  name: `Member ${n}`,
  email: null,
  branch: unitId('b1'),
  joined: d('2010-01-01'),
  statusHistory: [{ from: d('2010-01-01'), status: 'current' }],
  gender: null,
});

/** 10 MPs (mp0…mp9: 20% is 2), 20 constituency parties (5% is 1), 1,000,000 affiliated members (5% is 50,000). */
const PARTY = Array.from({ length: 10 }, (_, i) => ({ member: `mp${i}`, name: `MP ${i}` }));
const VACANCY: LeadershipOpening = { vacancy: true, incumbent: null, parliamentaryParty: PARTY, constituencies: 20, affiliatedMembership: 1_000_000 };

const mpNominates = (mp: number, who: Member): ElectionCommand => ({ type: 'mp-nominate', mp: `mp${mp}`, candidate: who });
const bodyNominates = (id: string, kind: UnitKind, who: Member, affiliation?: Affiliation): ElectionCommand => ({
  type: 'body-nominate',
  body: { id, name: id.toUpperCase(), kind, ...(affiliation ? { affiliation } : {}) },
  candidate: who,
  meetingDate: d('2024-06-01'),
});
const accepts = (n: number): ElectionCommand => ({ type: 'consent', member: `m${n}`, answer: 'accepted' });

function opened(leadership: LeadershipOpening = VACANCY, rb: Rulebook = LABOUR_2021) {
  const { ctx } = context(rb, ELECTION_OPENS, 'national-officer');
  const state = must(openInternalElection({ title: 'Leadership election', timetable: ELECTION_TIMETABLE, leadership }, ctx)).state;
  const step = (s: InternalElectionState, c: ElectionCommand) => must(applyElection(s, c, ctx)).state;
  return { state, ctx, step };
}

describe('a leadership election with a vacancy (Labour 2021)', () => {
  it('opens for one seat by the rulebook’s leadership method, with the bodies as they stand', () => {
    const { ctx } = context(LABOUR_2021, ELECTION_OPENS, 'national-officer');
    const t = must(openInternalElection({ title: 'Leadership election', timetable: ELECTION_TIMETABLE, leadership: VACANCY }, ctx));
    expect(t.state).toMatchObject({ seats: 1, method: 'irv', minWomen: null, candidates: [] });
    expect(t.state.leadership).toMatchObject({ vacancy: true, constituencies: 20, affiliatedMembership: 1_000_000 });
    expect(t.event.data).toMatchObject({ leadership: 'a vacancy; 10 MPs, 20 constituency parties, 1,000,000 affiliated members' });
    expect(
      fails(openInternalElection({ title: 'L', timetable: ELECTION_TIMETABLE, leadership: { ...VACANCY, parliamentaryParty: [] } }, ctx), 'invalid-input')
        .message,
    ).toMatch(/needs the parliamentary party/);
    const { ctx: none } = context({ ...LABOUR_2021, leadership: null }, ELECTION_OPENS);
    expect(fails(openInternalElection({ title: 'L', timetable: ELECTION_TIMETABLE, leadership: VACANCY }, none), 'rulebook-forbids').message).toMatch(
      /sets no leadership election/,
    );
    // Labour 1990 has no national internal election but does have a leadership election.
    expect(opened(VACANCY, LABOUR_1990).state.method).toBe('irv');
  });

  it('each MP nominates once: a second nomination is refused, whoever it is for', () => {
    const { state: s0, ctx, step } = opened();
    const s = step(s0, mpNominates(0, member(1)));
    expect(s.nominations).toMatchObject([{ route: 'parliamentary', body: 'mp0', bodyName: 'MP 0', member: 'm1', recordedBy: 'national-officer' }]);
    expect(fails(applyElection(s, mpNominates(0, member(2)), ctx), 'already-nominated').message).toBe(
      'MP 0 has already nominated Member 1; each MP nominates once, and a nomination cannot be changed.',
    );
    expect(fails(applyElection(s, mpNominates(0, member(1)), ctx), 'already-nominated')).toBeTruthy();
    expect(fails(applyElection(s, { type: 'mp-nominate', mp: 'm5', candidate: member(1) }, ctx), 'not-eligible').message).toMatch(
      /Only a member of the parliamentary party/,
    );
  });

  it('a nominee stands once they accept and have 20% of MPs and then 5% of CLPs — not before', () => {
    const { state: s0, step } = opened();
    let s = step(step(s0, mpNominates(0, member(1))), accepts(1));
    expect(s.candidates).toEqual([]);
    s = step(s, mpNominates(1, member(1)));
    expect(s.candidates).toEqual([]); // 2 of 10 MPs, but no CLP yet
    expect(leadershipStandingsOf(s, LABOUR_2021)[0]).toMatchObject({ parliamentary: { have: 2, met: true }, secondStage: false, valid: false });
    s = step(s, bodyNominates('clp1', 'constituency', member(1)));
    expect(s.candidates.map((c) => c.name)).toEqual(['Member 1']);
  });

  it('the affiliates route: 3 affiliates with 2 unions and 5% of affiliated membership', () => {
    const { state: s0, step } = opened();
    let s = step(step(step(s0, mpNominates(0, member(2))), mpNominates(1, member(2))), accepts(2));
    s = step(s, bodyNominates('u1', 'affiliate', member(2), { membership: 30_000, tradeUnion: true }));
    s = step(s, bodyNominates('s1', 'affiliate', member(2), { membership: 10_000, tradeUnion: false }));
    s = step(s, bodyNominates('s2', 'affiliate', member(2), { membership: 10_000, tradeUnion: false }));
    expect(s.candidates).toEqual([]); // 3 affiliates and 50,000 members, but 1 union
    s = step(s, bodyNominates('u2', 'affiliate', member(2), { membership: 1, tradeUnion: true }));
    expect(s.candidates.map((c) => c.name)).toEqual(['Member 2']);
    expect(s.nominations.at(-1)).toMatchObject({ route: 'affiliate', affiliation: { membership: 1, tradeUnion: true } });
  });

  it('a body nominates once; only constituency parties and affiliates; the sitting leader has no vacancy to fill', () => {
    const { state: s0, ctx, step } = opened();
    const s = step(s0, bodyNominates('clp1', 'constituency', member(1)));
    expect(fails(applyElection(s, bodyNominates('clp1', 'constituency', member(2)), ctx), 'already-nominated').message).toBe(
      'CLP1 has already nominated Member 1; a body nominates one candidate for leader.',
    );
    expect(fails(applyElection(s, bodyNominates('br1', 'branch', member(2)), ctx), 'rulebook-forbids').message).toMatch(/may not nominate for leader/);
    const { state: old, ctx: oldCtx } = opened(VACANCY, LABOUR_1990);
    expect(fails(applyElection(old, bodyNominates('clp1', 'constituency', member(2)), oldCtx), 'rulebook-forbids').message).toBe(
      'Under these rules constituency parties do not nominate for leader.',
    );
  });

  it('an NEC-style election refuses MP nominations', () => {
    const { ctx } = context(LABOUR_2021, ELECTION_OPENS, 'national-officer');
    const nec = must(openInternalElection({ title: 'NEC', timetable: ELECTION_TIMETABLE }, ctx)).state;
    expect(fails(applyElection(nec, mpNominates(0, member(1)), ctx), 'rulebook-forbids').message).toMatch(/not a leadership election/);
  });
});

describe('a challenge', () => {
  const CHALLENGE: LeadershipOpening = { ...VACANCY, vacancy: false, incumbent: { member: 'm9', name: 'Member 9', gender: null } };

  it('puts the sitting leader on the ballot without nominations; a challenger needs 20% of MPs alone', () => {
    const { state: s0, ctx, step } = opened(CHALLENGE);
    expect(s0.candidates.map((c) => [c.id, c.name, c.member])).toEqual([['c1', 'Member 9', 'm9']]);
    expect(fails(applyElection(s0, bodyNominates('clp1', 'constituency', member(1)), ctx), 'rulebook-forbids').message).toMatch(/MPs alone/);
    expect(fails(applyElection(s0, mpNominates(0, member(9)), ctx), 'duplicate').message).toMatch(/sitting leader/);
    let s = step(step(s0, mpNominates(0, member(1))), accepts(1));
    expect(s.candidates).toHaveLength(1);
    s = step(s, mpNominates(1, member(1)));
    expect(s.candidates.map((c) => c.name)).toEqual(['Member 9', 'Member 1']);
  });

  it('a challenge needs the sitting leader', () => {
    const { ctx } = context(LABOUR_2021, ELECTION_OPENS);
    expect(
      fails(openInternalElection({ title: 'L', timetable: ELECTION_TIMETABLE, leadership: { ...CHALLENGE, incumbent: null } }, ctx), 'invalid-input').message,
    ).toMatch(/needs the sitting leader/);
  });
});

describe('a deputy leader’s contest', () => {
  /** Labour 2021 with a deputy's threshold of its own (30% of MPs, MPs alone), to tell the two rules apart. */
  const APART: Rulebook = {
    ...LABOUR_2021,
    leadership: {
      ...LABOUR_2021.leadership!,
      deputy: { parliamentaryShare: { num: 30, den: 100 }, constituencyShare: null, affiliateRoute: null, challengerShare: { num: 30, den: 100 } },
    },
  };
  const DEPUTY: LeadershipOpening = { ...VACANCY, office: 'deputy' };

  it('is judged by the rulebook’s deputy rules, not the leader’s: 3 MPs of 10, and no second stage', () => {
    const { state, step } = opened(DEPUTY, APART);
    expect(state.leadership?.office).toBe('deputy');
    const two = step(step(state, mpNominates(0, member(1))), mpNominates(1, member(1)));
    expect(leadershipStandingsOf(two, APART)[0]).toMatchObject({ parliamentary: { have: 2, needed: 3, met: false }, constituency: null, valid: false });
    const three = step(two, mpNominates(2, member(1)));
    expect(leadershipStandingsOf(three, APART)[0]).toMatchObject({ parliamentary: { have: 3, needed: 3, met: true }, valid: true });
  });

  it('each MP nominates once in it, in words naming the post; the opening says it is the deputy’s', () => {
    const { ctx } = context(APART, ELECTION_OPENS, 'national-officer');
    const t = must(openInternalElection({ title: 'Deputy leader', timetable: ELECTION_TIMETABLE, leadership: DEPUTY }, ctx));
    expect(t.event.data).toMatchObject({ leadership: 'a vacancy for deputy leader; 10 MPs, 20 constituency parties, 1,000,000 affiliated members' });
    const once = must(applyElection(t.state, mpNominates(0, member(1)), ctx)).state;
    const twice = applyElection(once, mpNominates(0, member(2)), ctx);
    expect(twice.ok).toBe(false);
    if (!twice.ok)
      expect(twice.error.message).toBe('MP 0 has already nominated Member 1; each MP nominates once for deputy leader, and a nomination cannot be changed.');
  });

  it('is refused at the opening under a rulebook without a deputy’s contest', () => {
    const { deputy: _, ...leaderOnly } = LABOUR_2021.leadership!;
    const { ctx } = context({ ...LABOUR_2021, leadership: leaderOnly }, ELECTION_OPENS, 'national-officer');
    const r = openInternalElection({ title: 'Deputy leader', timetable: ELECTION_TIMETABLE, leadership: DEPUTY }, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('sets no deputy leadership contest');
  });
});
