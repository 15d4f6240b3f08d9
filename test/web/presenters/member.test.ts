import { describe, expect, it } from 'vitest';
import type { BallotDocument } from '../../../src/app/ballot-paper.js';
import type { MemberId, ProcessId, UnitId } from '../../../src/domain/ids.js';
import type { Member, Unit } from '../../../src/domain/organisation.js';
import { LABOUR_2021 } from '../../../src/domain/presets.js';
import { isoDate } from '../../../src/domain/time.js';
import { myBallotsView, myEligibilityView, type MemberBallot } from '../../../src/web/presenters/member.js';

const ZONE = 'Europe/London';

/** A selection with only what the member's pages read: its phase, title, timetable and (once frozen) electorate. */
function selection(id: string, phase: string, constituency: string | null, frozen = true): BallotDocument {
  return {
    id: id as ProcessId,
    kind: 'selection',
    constituency: constituency as UnitId | null,
    rulebook: 'labour-2021@1',
    state: {
      phase,
      title: `Ballot ${id}`,
      timetable: { freezeDate: '2024-05-01', ballotOpens: '2024-06-01', ballotCloses: '2024-06-10' },
      ...(frozen ? { electorate: { freezeDate: '2024-05-01', eligible: 10 } } : {}),
    },
  } as unknown as BallotDocument;
}

const ballot = (process: BallotDocument, extra: Partial<MemberBallot> = {}): MemberBallot => ({
  process,
  eligible: true,
  vote: undefined,
  unit: 'Riverside',
  resultsShown: false,
  ...extra,
});

const DURING = new Date('2024-06-05T12:00:00Z');
const AFTER = new Date('2024-06-11T12:00:00Z');

describe('myBallotsView', () => {
  it('lists an open ballot the member is eligible in, and leaves out one they are not and have no vote in', () => {
    const v = myBallotsView([ballot(selection('p1', 'ballot-open', 'c1')), ballot(selection('p2', 'ballot-open', 'c1'), { eligible: false })], DURING, ZONE);
    expect(v.open.map((b) => b.process)).toEqual(['p1']);
    expect(v.open[0]).toMatchObject({ title: 'Ballot p1', unit: 'Riverside', closes: '2024-06-10', voted: false, yourVote: null });
    expect(v.closed).toEqual([]);
  });

  it('keeps a vote in the member’s name even where they are not eligible, and says what to do if a paper vote was not theirs', () => {
    const vote = { process: 'p1' as ProcessId, channel: 'postal' as const, day: isoDate('2024-06-03') };
    const v = myBallotsView([ballot(selection('p1', 'ballot-open', 'c1'), { eligible: false, vote, notYours: 'Tell the officers.' })], DURING, ZONE);
    expect(v.open[0]).toMatchObject({ voted: true, notYours: 'Tell the officers.' });
    expect(v.open[0]?.yourVote).not.toBeNull();
  });

  it('counts a ballot past its closing moment as closed, before the server seals it', () => {
    const v = myBallotsView([ballot(selection('p1', 'ballot-open', 'c1'))], AFTER, ZONE);
    expect(v.open).toEqual([]);
    expect(v.closed).toEqual([{ process: 'p1', title: 'Ballot p1', yourVote: null }]);
  });

  it('links the results only where the member may see them, and leaves out ballots not yet open', () => {
    const v = myBallotsView(
      [
        ballot(selection('p1', 'declared', 'c1'), { resultsShown: true }),
        ballot(selection('p2', 'counted', 'c1')),
        ballot(selection('p3', 'nominations', 'c1')),
      ],
      DURING,
      ZONE,
    );
    expect(v.closed.map((b) => [b.process, b.resultsUrl])).toEqual([
      ['p1', '/results/p1'],
      ['p2', undefined],
    ]);
  });
});

describe('myEligibilityView', () => {
  const member: Member = {
    id: 'm1' as MemberId,
    name: 'Ada',
    email: null,
    branch: 'b1' as UnitId,
    joined: isoDate('2020-01-01'),
    statusHistory: [{ from: isoDate('2020-01-01'), status: 'current' }],
    gender: null,
  } as Member;
  const branch = { id: 'b1', name: 'Riverside North', kind: 'branch', parent: 'c1' } as unknown as Unit;
  const units = new Map([['c1', 'Riverside']]);

  it('gives a frozen electorate’s stored judgement', () => {
    const v = myEligibilityView(
      member,
      branch,
      [{ process: selection('p1', 'ballot-open', 'c1'), entry: { member: member.id, eligible: false, reason: 'In arrears.' } as never, rulebook: null }],
      units,
    );
    expect(v.entries).toEqual([{ process: 'p1', title: 'Ballot p1', freezeDate: '2024-05-01', eligible: false, reason: 'In arrears.' }]);
  });

  it('says why a member in the area now is not on a frozen electorate, and leaves out areas not theirs', () => {
    const v = myEligibilityView(
      member,
      branch,
      [
        { process: selection('p1', 'ballot-open', 'c1'), entry: null, rulebook: null },
        { process: selection('p2', 'ballot-open', 'c2'), entry: null, rulebook: null },
      ],
      units,
    );
    expect(v.entries.map((e) => e.process)).toEqual(['p1']);
    expect(v.entries[0]?.reason).toContain('the members of Riverside when it was frozen');
  });

  it('judges a process not yet frozen on its rules, said to be provisional, and the party-wide ones too', () => {
    const v = myEligibilityView(
      member,
      branch,
      [
        { process: selection('p1', 'electorate-pending', 'c1', false), entry: null, rulebook: LABOUR_2021 },
        { process: selection('p2', 'electorate-pending', null, false), entry: null, rulebook: LABOUR_2021 },
        { process: selection('p3', 'electorate-pending', 'c1', false), entry: null, rulebook: null },
      ],
      units,
    );
    expect(v.entries.map((e) => e.process)).toEqual(['p1', 'p2']);
    for (const e of v.entries) expect(e.reason).toMatch(/^Not yet frozen; on the rules as they stand: /);
  });
});
