/**
 * A declared selection makes its winner the seat's candidate; the sitting MP
 * stays the incumbent, but a trigger ballot on an MP the seat has replaced is
 * no longer possible.
 */
import { describe, expect, it } from 'vitest';
import { memberId, unitId } from '../../src/domain/ids.js';
import { triggerClosedBySelection } from '../../src/domain/organisation.js';
import { seatCandidateOf } from '../../src/domain/processes/index.js';
import { incumbent } from './processes/helpers.js';
import { selectionTo } from './processes/drivers.js';

const seat = unitId('ilford-south');

describe('the seat’s candidate', () => {
  it('is the winner of the declared selection, dated by its declaration', () => {
    const { state } = selectionTo('declared');
    const winner = state.candidates.find((c) => c.id === state.declaration!.winner)!;
    expect(seatCandidateOf(seat, [{ id: 'sel-1', state }])).toEqual({
      constituency: seat,
      name: winner.name,
      member: winner.member,
      selection: 'sel-1',
      selectedOn: state.declaration!.at.slice(0, 10),
    });
  });

  it('is nobody while the selection is only counted', () => {
    const { state } = selectionTo('counted');
    expect(seatCandidateOf(seat, [{ id: 'sel-1', state }])).toBeNull();
  });

  it('a trigger ballot on the MP the selection replaced is refused, in words', () => {
    const { state } = selectionTo('declared');
    const candidate = seatCandidateOf(seat, [{ id: 'sel-1', state }]);
    const mp = incumbent({ name: 'Sam Tarry', member: memberId('m-sitting') });
    expect(triggerClosedBySelection('Ilford South', mp, candidate)).toBe(
      `Ilford South has already selected ${candidate!.name} as its candidate; a trigger ballot on Sam Tarry is no longer possible`,
    );
  });

  it('the MP stays reviewable when there is no selection, or when the selection chose them', () => {
    const mp = incumbent({ name: 'Sam Tarry', member: memberId('m-sitting') });
    expect(triggerClosedBySelection('Ilford South', mp, null)).toBeNull();
    const same = { constituency: seat, name: 'Sam Tarry', member: memberId('m-sitting'), selection: 'sel-1', selectedOn: '2027-03-03' as never };
    expect(triggerClosedBySelection('Ilford South', mp, same)).toBeNull();
    // Without membership numbers the name decides, whatever its case.
    expect(triggerClosedBySelection('Ilford South', { ...mp, member: null }, { ...same, member: null, name: 'sam tarry' })).toBeNull();
  });
});
