/**
 * Nominations by bodies in an internal election, and candidates' statements:
 * the threshold, a body's limit of as many nominations as seats, no body
 * nominating a member twice, only the kinds of body the rules name, only in
 * the nomination period, only members in good standing; the nominee's
 * consent; the paper drawn from those who reached the threshold and accepted;
 * statements within the limit, approved before they are published.
 */
import { describe, expect, it } from 'vitest';
import { memberId, unitId } from '../../../src/domain/ids.js';
import type { Member, UnitKind } from '../../../src/domain/organisation.js';
import { LABOUR_2021 } from '../../../src/domain/presets.js';
import { publishedStatement } from '../../../src/domain/processes/candidate-statements.js';
import { applyElection, openInternalElection, type ElectionCommand, type InternalElectionState } from '../../../src/domain/processes/index.js';
import type { Rulebook } from '../../../src/domain/rulebook.js';
import { ELECTION_OPENS, ELECTION_TIMETABLE } from './drivers.js';
import { context, d, fails, must } from './helpers.js';

const SMALL: Rulebook = {
  ...LABOUR_2021,
  id: 'small',
  internalElection: { seats: 2, method: 'stv-droop', minWomen: null, nominations: { bodies: ['constituency'], threshold: 2 } },
};

const member = (n: number, status: 'current' | 'lapsed' = 'current'): Member => ({
  id: memberId(`m${n}`),
  name: `Member ${n}`,
  email: null,
  branch: unitId('b1'),
  joined: d('2010-01-01'),
  statusHistory: [{ from: d('2010-01-01'), status: 'current' }, ...(status === 'lapsed' ? [{ from: d('2024-01-01'), status: 'lapsed' as const }] : [])],
  gender: n % 2 === 0 ? 'woman' : 'man',
});

const nominate = (body: string, who: Member, kind: UnitKind = 'constituency'): ElectionCommand => ({
  type: 'body-nominate',
  body: { id: body, name: `${body.toUpperCase()} CLP`, kind },
  candidate: who,
  meetingDate: d('2024-06-01'),
});

function opened(rb: Rulebook = SMALL) {
  const { ctx, clock } = context(rb, ELECTION_OPENS, 'secretary');
  const state = must(openInternalElection({ title: 'Committee', timetable: ELECTION_TIMETABLE }, ctx)).state;
  const step = (s: InternalElectionState, c: ElectionCommand) => must(applyElection(s, c, ctx)).state;
  return { state, ctx, clock, step };
}

describe('nominations by bodies', () => {
  it('a nominee stands once the threshold is reached and they accept, in either order; the paper is drawn from them', () => {
    const { state: s0, ctx, clock, step } = opened();
    let s = step(s0, nominate('a', member(1)));
    s = step(s, { type: 'consent', member: 'm1', answer: 'accepted' });
    expect(s.candidates).toEqual([]);
    s = step(s, nominate('b', member(1)));
    expect(s.candidates.map((c) => [c.name, c.member])).toEqual([['Member 1', 'm1']]);
    // The other way round: threshold first, then acceptance.
    s = step(step(s, nominate('a', member(2))), nominate('b', member(2)));
    expect(s.candidates).toHaveLength(1);
    s = step(s, { type: 'consent', member: 'm2', answer: 'accepted' });
    // A third nominee reaches the threshold but declines: never on the paper.
    s = step(step(step(s, nominate('c', member(3))), nominate('d', member(3))), { type: 'consent', member: 'm3', answer: 'declined' });
    // A further nomination of a standing candidate changes nothing on the paper.
    s = step(s, nominate('c', member(1)));
    expect(s.candidates.map((c) => c.member)).toEqual(['m1', 'm2']);
    expect(s.nominations.filter((n) => n.member === 'm1').map((n) => n.recordedBy)).toEqual(['secretary', 'secretary', 'secretary']);
    clock.set('2024-07-01T09:00:00.000Z');
    const frozen = must(applyElection(s, { type: 'freeze-electorate', eligible: 10, total: 12 }, ctx));
    expect(frozen.event.data.candidates).toEqual(['c1', 'c2']);
  });

  it('refuses a body of a kind the rules do not name, a second nomination of the same member, and more than the seats', () => {
    const { state: s0, ctx, step } = opened();
    expect(fails(applyElection(s0, nominate('u', member(1), 'affiliate'), ctx), 'rulebook-forbids').message).toBe(
      'U CLP may not nominate: under these rules only constituency parties nominate.',
    );
    const s = step(step(s0, nominate('a', member(1))), nominate('a', member(2)));
    expect(fails(applyElection(s, nominate('a', member(1)), ctx), 'duplicate').message).toBe('A CLP has already nominated Member 1.');
    expect(fails(applyElection(s, nominate('a', member(3)), ctx), 'rulebook-forbids').message).toMatch(
      /already made 2 nominations, as many as there are seats \(2\)/,
    );
  });

  it('refuses a member not in good standing, and nominations after the period', () => {
    const { state, ctx, clock } = opened();
    expect(fails(applyElection(state, nominate('a', member(4, 'lapsed')), ctx), 'ineligible').message).toBe(
      "Member 4's membership is lapsed today; a candidate must be a member in good standing.",
    );
    clock.set('2024-07-01T09:00:00.000Z');
    expect(fails(applyElection(state, nominate('a', member(1)), ctx), 'timetable').message).toBe('Nominations closed on 30 June 2024. Nothing was saved.');
  });

  it('refuses nominations by bodies under rules without them; the officer’s direct nomination still works', () => {
    const direct: Rulebook = { ...SMALL, internalElection: { ...SMALL.internalElection!, nominations: null } };
    const { state, ctx } = opened(direct);
    fails(applyElection(state, nominate('a', member(1)), ctx), 'rulebook-forbids');
    const s = must(applyElection(state, { type: 'nominate', name: 'Officer Choice', gender: null }, ctx)).state;
    expect(s.candidates.map((c) => c.name)).toEqual(['Officer Choice']);
  });

  it('a consent from someone not nominated, or after standing, is refused', () => {
    const { state, ctx, step } = opened();
    fails(applyElection(state, { type: 'consent', member: 'm9', answer: 'accepted' }, ctx), 'unknown-candidate');
    const s = step(step(step(state, nominate('a', member(1))), nominate('b', member(1))), { type: 'consent', member: 'm1', answer: 'accepted' });
    expect(fails(applyElection(s, { type: 'consent', member: 'm1', answer: 'declined' }, ctx), 'invalid-transition').message).toMatch(
      /already stands; to stand down, withdraw/,
    );
  });
});

describe('statements', () => {
  it('are limited in words, approved before publication, and wait again when changed', () => {
    const { state: s0, ctx, step } = opened();
    const s = step(s0, nominate('a', member(1)));
    const long = Array.from({ length: 412 }, () => 'word').join(' ');
    expect(fails(applyElection(s, { type: 'write-statement', member: 'm1', text: long }, ctx), 'invalid-input').message).toBe(
      'Your statement is 412 words; the limit is 400. Nothing was saved.',
    );
    fails(applyElection(s, { type: 'write-statement', member: 'm7', text: 'Hello' }, ctx), 'unknown-candidate');
    let w = step(s, { type: 'write-statement', member: 'm1', text: 'Members first.' });
    expect(publishedStatement(w, 'm1')).toBeNull();
    fails(applyElection(w, { type: 'decide-statement', member: 'm1', approve: false }, ctx), 'invalid-input');
    w = step(w, { type: 'decide-statement', member: 'm1', approve: true });
    expect(publishedStatement(w, 'm1')?.text).toBe('Members first.');
    w = step(w, { type: 'write-statement', member: 'm1', text: 'Members first, always.' });
    expect(publishedStatement(w, 'm1')).toBeNull();
  });
});
