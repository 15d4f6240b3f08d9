import { describe, expect, it } from 'vitest';
import { readCvrSources } from '../../src/formats/cvr/index.js';
import { ballots, errorOf, scratch, write } from './cvr/helpers.js';

const dir = scratch();

/** A CVR ranking selections (by their ids) at ranks 1, 2, …; `null` skips a rank. */
function cvr(id: string, picks: readonly (string | null)[], more: Record<string, unknown> = {}): Record<string, unknown> {
  const bySelection = new Map<string, number[]>();
  picks.forEach((p, k) => {
    if (p !== null) bySelection.set(p, [...(bySelection.get(p) ?? []), k + 1]);
  });
  return {
    '@type': 'CVR.CVR',
    BallotPrePrintedId: id,
    CurrentSnapshotId: `s-${id}`,
    CVRSnapshot: [
      {
        '@id': `s-${id}`,
        '@type': 'CVR.CVRSnapshot',
        Type: 'original',
        CVRContest: [
          {
            ContestId: 'c1',
            CVRContestSelection: [...bySelection].map(([s, ranks]) => ({
              ContestSelectionId: s,
              SelectionPosition: ranks.map((r) => ({ HasIndication: 'yes', IsAllocable: 'yes', NumberVotes: 1, Rank: r })),
            })),
          },
        ],
      },
    ],
    ...more,
  };
}

const election = {
  '@type': 'CVR.Election',
  '@id': 'e1',
  Candidate: [
    { '@id': 'k-a', Name: 'Alice' },
    { '@id': 'k-b', Name: 'Bob' },
    { '@id': 'k-o', Name: 'OVER' },
  ],
  Contest: [
    {
      '@id': 'c1',
      '@type': 'CVR.CandidateContest',
      Name: 'Mayor',
      ContestSelection: [
        { '@id': 'cs-a', CandidateIds: ['k-a'] },
        { '@id': 'cs-b', CandidateIds: ['k-b'] },
        { '@id': 'cs-o', CandidateIds: ['k-o'] },
        { '@id': 'cs-w', IsWriteIn: true },
      ],
    },
  ],
};

describe('CDF JSON', () => {
  // CVRs before the Election, as RCTab writes them: the reader must take two passes.
  const report = {
    '@type': 'CVR.CastVoteRecordReport',
    CVR: [
      cvr('1', ['cs-a', 'cs-b']),
      cvr('2', ['cs-b', null, 'cs-a'], { BallotStyleUnitId: 'p1' }),
      cvr('3', ['cs-o', 'cs-a']),
      cvr('4', ['cs-w', 'cs-b']),
      cvr('5', ['cs-a', 'cs-b']),
    ],
    Election: [election],
    GpUnit: [{ '@id': 'p1', Name: 'Precinct 1', Type: 'precinct' }],
    GeneratedDate: '2026-12-07T00:00:00Z',
  };
  const path = write(dir, 'report.json', JSON.stringify(report, null, 2));

  it('reads the contest by name, the selections’ candidates, skipped ranks, write-ins and the overvote label', async () => {
    const { election: e, undeclaredWriteIn } = await readCvrSources([{ provider: 'cdf', path, contestId: 'Mayor', overvoteLabel: 'OVER' }], {
      candidates: [{ name: 'Alice' }, { name: 'Bob' }],
    });
    expect(e.candidates.map((c) => c.name)).toEqual(['Alice', 'Bob', 'Undeclared Write-ins']);
    expect(undeclaredWriteIn).toBe(2);
    expect(ballots(e)).toEqual(['Alice=Bob=Undeclared Write-ins>Alice ×1', 'Alice>Bob ×2', 'Bob>->Alice ×1', 'Undeclared Write-ins>Bob ×1']);
  });

  it('takes the file’s own candidates for a plain count, and its only contest', async () => {
    const { election: e } = await readCvrSources([{ provider: 'cdf', path, overvoteLabel: 'OVER' }], { candidates: 'declared' });
    expect(e.candidates.map((c) => c.name)).toEqual(['Alice', 'Bob', 'Undeclared Write-ins']);
    expect(e.ballots.total).toBe(5n);
  });

  it('refuses a count by precinct when a record names no precinct', async () => {
    expect(await errorOf(readCvrSources([{ provider: 'cdf', path }], { candidates: 'declared', byPrecinct: true }))).toMatch(
      /report\.json:\d+ \(CVR 1\): the record names no precinct, and the count was asked by precinct/,
    );
  });

  it('says where a bad CVR is: file, line and record', async () => {
    const bad = { ...report, CVR: [cvr('1', ['cs-a']), cvr('2', ['cs-x'])] };
    const badPath = write(dir, 'bad.json', JSON.stringify(bad, null, 1));
    const lines = JSON.stringify(bad, null, 1).split('\n');
    const line = lines.findIndex((l, k) => k > 3 && l === '  {') + 1;
    expect(await errorOf(readCvrSources([{ provider: 'cdf', path: badPath }], { candidates: 'declared' }))).toBe(
      `${badPath}:${line} (CVR 2): ContestSelection "cs-x" is not a selection of the contest`,
    );
  });

  it('refuses broken JSON at its line, an unknown contest, and a candidate the configuration lacks', async () => {
    const broken = write(
      dir,
      'broken.json',
      `{"Election": ${JSON.stringify([election])},\n "CVR": [\n  ${JSON.stringify(cvr('1', ['cs-a']))},\n  {"a": }\n ]\n}\n`,
    );
    expect(await errorOf(readCvrSources([{ provider: 'cdf', path: broken }], { candidates: 'declared' }))).toMatch(/broken\.json:4: not valid JSON \(/);
    expect(await errorOf(readCvrSources([{ provider: 'cdf', path, contestId: 'Sheriff' }], { candidates: 'declared' }))).toBe(
      `${path}: the report has no contest named "Sheriff"`,
    );
    expect(await errorOf(readCvrSources([{ provider: 'cdf', path, contestId: 'Mayor' }], { candidates: [{ name: 'Alice' }] }))).toMatch(
      /report\.json:\d+ \(CVR 1\): unknown candidate "Bob"/,
    );
    const truncated = write(dir, 'truncated.json', '{"CVR": [{"a": 1}');
    expect(await errorOf(readCvrSources([{ provider: 'cdf', path: truncated }], { candidates: 'declared' }))).toBe(
      `${truncated}:1: the JSON document ends before it is complete`,
    );
  });
});

describe('CDF XML', () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<cdf:CastVoteRecordReport xmlns:cdf="NIST_V0_cast_vote_records.xsd" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <cdf:CVR>
    <cdf:CurrentSnapshotId>s1</cdf:CurrentSnapshotId>
    <cdf:CVRSnapshot ObjectId="s1">
      <cdf:CVRContest>
        <cdf:ContestId>c1</cdf:ContestId>
        <cdf:CVRContestSelection>
          <cdf:ContestSelectionId>cs-b</cdf:ContestSelectionId>
          <cdf:SelectionPosition><cdf:HasIndication>yes</cdf:HasIndication><cdf:IsAllocable>yes</cdf:IsAllocable><cdf:Rank>1</cdf:Rank></cdf:SelectionPosition>
        </cdf:CVRContestSelection>
        <cdf:CVRContestSelection>
          <cdf:ContestSelectionId>cs-a</cdf:ContestSelectionId>
          <cdf:SelectionPosition><cdf:HasIndication>yes</cdf:HasIndication><cdf:IsAllocable>no</cdf:IsAllocable><cdf:Rank>2</cdf:Rank></cdf:SelectionPosition>
          <cdf:SelectionPosition><cdf:HasIndication>yes</cdf:HasIndication><cdf:IsAllocable>yes</cdf:IsAllocable><cdf:Rank>3</cdf:Rank></cdf:SelectionPosition>
        </cdf:CVRContestSelection>
        <cdf:CVRContestSelection>
          <cdf:ContestSelectionId>cs-b</cdf:ContestSelectionId>
          <cdf:Status>needs-adjudication</cdf:Status>
          <cdf:SelectionPosition><cdf:HasIndication>yes</cdf:HasIndication><cdf:IsAllocable>yes</cdf:IsAllocable><cdf:Rank>2</cdf:Rank></cdf:SelectionPosition>
        </cdf:CVRContestSelection>
      </cdf:CVRContest>
    </cdf:CVRSnapshot>
  </cdf:CVR>
  <cdf:CVR>
    <cdf:CurrentSnapshotId>s2</cdf:CurrentSnapshotId>
    <cdf:CVRSnapshot ObjectId="s2"><cdf:CVRContest><cdf:ContestId>other</cdf:ContestId></cdf:CVRContest></cdf:CVRSnapshot>
  </cdf:CVR>
  <cdf:Election ObjectId="e1">
    <cdf:Candidate ObjectId="k-a"><cdf:Name>Alice &amp; Co</cdf:Name></cdf:Candidate>
    <cdf:Candidate ObjectId="k-b"><cdf:Name>Bob</cdf:Name></cdf:Candidate>
    <cdf:Contest ObjectId="c1" xsi:type="cdf:CandidateContest">
      <cdf:ContestSelection ObjectId="cs-a" xsi:type="cdf:CandidateSelection"><cdf:CandidateIds>k-a</cdf:CandidateIds></cdf:ContestSelection>
      <cdf:ContestSelection ObjectId="cs-b" xsi:type="cdf:CandidateSelection"><cdf:CandidateIds>k-b</cdf:CandidateIds></cdf:ContestSelection>
      <cdf:Name>Mayor</cdf:Name>
    </cdf:Contest>
  </cdf:Election>
</cdf:CastVoteRecordReport>
`;
  const path = write(dir, 'report.xml', xml);

  it('reads positions’ ranks, passes over unallocable positions, selections needing adjudication and CVRs without the contest', async () => {
    const { election: e, sources } = await readCvrSources([{ provider: 'cdf', path, contestId: 'Mayor' }], { candidates: 'declared' });
    expect(e.candidates.map((c) => c.name)).toEqual(['Alice & Co', 'Bob']);
    expect(ballots(e)).toEqual(['Bob>->Alice & Co ×1']);
    expect(sources[0]?.records).toBe(1);
  });

  // Unisyn's shape: the default namespace, `IsAllocable` "unknown", and write-in slots listed as
  // Candidates with an ObjectId and no Name, reached only through write-in selections.
  const unisyn = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<CastVoteRecordReport xmlns="NIST_V0_cast_vote_records.xsd" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
    <CVR>
        <BallotStyleUnitId>PREC_1</BallotStyleUnitId>
        <CurrentSnapshotId>CVRS_1</CurrentSnapshotId>
        <CVRSnapshot ObjectId="CVRS_1">
            <CVRContest>
                <ContestId>CON_9</ContestId>
                <CVRContestSelection>
                    <ContestSelectionId>CONS_9_W</ContestSelectionId>
                    <SelectionPosition><HasIndication>yes</HasIndication><IsAllocable>unknown</IsAllocable><NumberVotes>1</NumberVotes><Rank>1</Rank></SelectionPosition>
                </CVRContestSelection>
                <CVRContestSelection>
                    <ContestSelectionId>CONS_9_2</ContestSelectionId>
                    <SelectionPosition><HasIndication>yes</HasIndication><IsAllocable>unknown</IsAllocable><NumberVotes>1</NumberVotes><Rank>2</Rank></SelectionPosition>
                </CVRContestSelection>
                <Selections>2</Selections>
            </CVRContest>
            <CVRSnapshotType>original</CVRSnapshotType>
        </CVRSnapshot>
        <ElectionId>Election_1</ElectionId>
        <PartyIds>Party_0</PartyIds>
        <UniqueId>77</UniqueId>
    </CVR>
    <Election ObjectId="Election_1">
        <Candidate ObjectId="CAN_1"><Name>Ann Lee</Name><PartyId>Party_1</PartyId></Candidate>
        <Candidate ObjectId="CAN_2"><Name>Ben Ito</Name><PartyId>Party_1</PartyId></Candidate>
        <Candidate ObjectId="WI_9"/>
        <Contest xsi:type="CandidateContest" ObjectId="CON_9">
            <ContestSelection xsi:type="CandidateSelection" ObjectId="CONS_9_1"><CandidateIds>CAN_1</CandidateIds></ContestSelection>
            <ContestSelection xsi:type="CandidateSelection" ObjectId="CONS_9_2"><CandidateIds>CAN_2</CandidateIds></ContestSelection>
            <ContestSelection xsi:type="CandidateSelection" ObjectId="CONS_9_W"><CandidateIds>WI_9</CandidateIds><IsWriteIn>true</IsWriteIn></ContestSelection>
            <Name>For Mayor (1/2)</Name>
            <VoteVariation>rcv</VoteVariation>
        </Contest>
    </Election>
    <GpUnit ObjectId="PREC_1"><Name>Precinct One</Name><Type>precinct</Type></GpUnit>
    <Party ObjectId="Party_1"><Name>Non-Partisan</Name></Party>
</CastVoteRecordReport>
`;
  const unisynPath = write(dir, 'unisyn.xml', unisyn);

  it('reads Unisyn’s reports, whose write-in Candidates have no Name, as RCTab does', async () => {
    const {
      election: e,
      undeclaredWriteIn,
      precincts,
    } = await readCvrSources([{ provider: 'cdf', path: unisynPath, contestId: 'For Mayor (1/2)' }], {
      candidates: [{ name: 'Ann Lee' }, { name: 'Ben Ito' }],
      byPrecinct: true,
    });
    expect([...(precincts ?? new Map()).entries()].map(([name, set]) => [name, set.total])).toEqual([['Precinct One', 1n]]);
    expect(e.candidates.map((c) => c.name)).toEqual(['Ann Lee', 'Ben Ito', 'Undeclared Write-ins']);
    expect(undeclaredWriteIn).toBe(2);
    expect(ballots(e)).toEqual(['Undeclared Write-ins>Ben Ito ×1']);
  });

  it('refuses a selection that is not a write-in naming a Candidate without a Name', async () => {
    const bad = write(
      dir,
      'unisyn-bad.xml',
      unisyn.replace('<CandidateIds>WI_9</CandidateIds><IsWriteIn>true</IsWriteIn>', '<CandidateIds>WI_9</CandidateIds>'),
    );
    expect(await errorOf(readCvrSources([{ provider: 'cdf', path: bad, contestId: 'For Mayor (1/2)' }], { candidates: 'declared' }))).toBe(
      `${bad}: ContestSelection "CONS_9_W" names candidate "WI_9", whose Candidate has no Name (and the selection is not a write-in)`,
    );
  });

  it('says where XML is not well formed', async () => {
    const bad = write(dir, 'bad.xml', '<?xml version="1.0"?>\n<CastVoteRecordReport>\n<CVR>\n</CVR2>\n</CastVoteRecordReport>\n');
    expect(await errorOf(readCvrSources([{ provider: 'cdf', path: bad }], { candidates: 'declared' }))).toMatch(/bad\.xml:4: not well-formed XML/);
  });
});
