/** The segment judge: who of an election's electorate may vote in one contest, with the reason the member reads. */
import { describe, expect, it } from 'vitest';
import { memberId, unitId } from '../../src/domain/ids.js';
import type { Member } from '../../src/domain/organisation.js';
import { LABOUR_2018, LABOUR_2021 } from '../../src/domain/presets.js';
import { ageOn, judgeSegment, segmentWords, storedSegmentReason } from '../../src/domain/segment.js';
import { isoDate } from '../../src/domain/time.js';
import { parseRulebook } from '../../src/formats/rulebook-schema.js';

const member = (more: Partial<Member> = {}): Member => ({
  id: memberId('m1'),
  name: 'Ann Example',
  email: null,
  branch: unitId('b1'),
  joined: isoDate('2010-01-01'),
  statusHistory: [{ from: isoDate('2010-01-01'), status: 'current' }],
  gender: 'woman',
  ...more,
});
const facts = { region: 'Wales', freezeDate: isoDate('2026-06-01') };

describe('age on the freeze date', () => {
  it('counts a birthday on the freeze date, and not one the day after', () => {
    expect(ageOn(isoDate('1999-06-01'), isoDate('2026-06-01'))).toBe(27);
    expect(ageOn(isoDate('1999-06-02'), isoDate('2026-06-01'))).toBe(26);
  });
  it('makes someone born on 29 February a year older on 1 March in a year without one', () => {
    expect(ageOn(isoDate('2000-02-29'), isoDate('2027-02-28'))).toBe(26);
    expect(ageOn(isoDate('2000-02-29'), isoDate('2027-03-01'))).toBe(27);
  });
});

describe('judging a member against a segment', () => {
  const youth = { kind: 'under-age', age: 27 } as const;
  it('lets a member under the age vote, and tells an older one their age on the freeze date', () => {
    expect(judgeSegment(member({ born: isoDate('2000-01-01') }), youth, 'Youth representative', facts)).toEqual({
      eligible: true,
      reason: 'You may vote: you were 26 on the freeze date, and it is for members under 27.',
    });
    expect(judgeSegment(member({ born: isoDate('1995-01-01') }), youth, 'Youth representative', facts)).toEqual({
      eligible: false,
      reason: 'You may not vote in the Youth representative contest: you were 31 on the freeze date, and it is for members under 27 on the freeze date.',
    });
  });
  it('says plainly when there is no date of birth on record', () => {
    const j = judgeSegment(member(), youth, 'Youth representative', facts);
    expect(j.eligible).toBe(false);
    expect(j.reason).toContain('there is no date of birth on your membership record');
  });
  it('judges a region by the name of the region the branch lies in, ignoring case', () => {
    const wales = { kind: 'region', region: 'Wales' } as const;
    expect(judgeSegment(member(), wales, 'Welsh representative', { ...facts, region: 'wales ' }).reason).toBe('You may vote: your branch is in Wales.');
    expect(judgeSegment(member(), wales, 'Welsh representative', { ...facts, region: 'North West' }).reason).toBe(
      'You may not vote in the Welsh representative contest: your branch is in North West, and it is for members whose branch is in Wales.',
    );
    expect(judgeSegment(member(), wales, 'Welsh representative', { ...facts, region: null }).eligible).toBe(false);
  });
  it('judges a self-identified characteristic from the record, and stores no personal reason for it', () => {
    const disabled = { kind: 'self-identified', characteristic: 'disabled' } as const;
    const yes = judgeSegment(member({ selfIdentified: ['disabled'] }), disabled, "Disabled members' representative", facts);
    expect(yes).toEqual({ eligible: true, reason: 'You may vote: you self-identify as disabled.' });
    const no = judgeSegment(member({ selfIdentified: ['bame'] }), disabled, "Disabled members' representative", facts);
    expect(no.eligible).toBe(false);
    expect(no.reason).toContain('you can declare it yourself before the freeze date');
    const stored = [yes, no].map((j) => storedSegmentReason(disabled, "Disabled members' representative", j));
    // The same words whichever way the member was judged, so the stored reason tells readers nothing.
    expect(stored[0]).toBe(stored[1]);
    expect(stored[0]).not.toContain('You');
    expect(stored[0]).toContain('told only to the member');
  });
  it('judges a membership class', () => {
    const cls = { kind: 'membership-class', classes: ['youth', 'student'] } as const;
    expect(segmentWords(cls)).toBe('members of the youth or student membership classes');
    expect(judgeSegment(member({ membershipClass: 'student' }), cls, 'Students', facts).eligible).toBe(true);
    expect(judgeSegment(member({ membershipClass: null }), cls, 'Students', facts).reason).toContain('your record gives no membership class');
  });
  it('lets every member vote in a contest for everyone', () => {
    expect(judgeSegment(member(), { kind: 'everyone' }, 'Treasurer', facts)).toEqual({ eligible: true, reason: 'You may vote: it is open to every member.' });
  });
});

describe("Labour's contests in the rulebook", () => {
  it('holds the NEC constituency section and the reserved places, and a rulebook file with them reads back', () => {
    for (const rb of [LABOUR_2018, LABOUR_2021]) {
      const contests = rb.internalElection?.contests ?? [];
      expect(contests.map((c) => c.id)).toEqual(['nec-clp', 'youth', 'wales', 'disabled', 'bame', 'treasurer']);
      expect(contests[0]).toMatchObject({ seats: 9, minWomen: 4, segment: { kind: 'everyone' } });
      expect(rb.uncertain['internalElection.contests']).toContain('Young Labour');
      const parsed = parseRulebook(JSON.parse(JSON.stringify(rb)), 'test');
      expect(parsed.ok && parsed.value.internalElection?.contests).toEqual(contests);
    }
  });
  it('refuses a rulebook file whose contests repeat an id or name an unknown characteristic', () => {
    const problem = (change: (json: { internalElection: { contests: Record<string, unknown>[] } }) => void): string => {
      const json = JSON.parse(JSON.stringify(LABOUR_2021));
      change(json);
      const parsed = parseRulebook(json, 'x.json');
      return parsed.ok ? 'accepted' : parsed.error.message;
    };
    expect(
      problem((j) => {
        j.internalElection.contests[1]!.id = 'nec-clp';
      }),
    ).toBe('x.json: internalElection.contests.1.id: "nec-clp" names two contests; each needs its own id');
    expect(
      problem((j) => {
        j.internalElection.contests[3]!.segment = { kind: 'self-identified', characteristic: 'left-handed' };
      }),
    ).toContain('internalElection.contests.3.segment.characteristic: must be one of "disabled", "bame", "lgbt+"');
  });
});
