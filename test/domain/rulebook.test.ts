import { describe, expect, it } from 'vitest';
import { LABOUR_1979, LABOUR_1990, LABOUR_2018, LABOUR_2021, LIBDEM_READOPTION, PRESETS } from '../../src/domain/presets.js';
import { electorateClassesOf, type Rulebook } from '../../src/domain/rulebook.js';
import { leadershipElectorateWords } from '../../src/domain/rulebook-words.js';
import { diffRulebooks } from '../../src/domain/rulebook-diff.js';
import { parseRulebook, rulebookProblems } from '../../src/formats/rulebook-schema.js';

/** A deep, mutable copy of a preset as plain JSON, as a custom rulebook file would be. */
function copy(rb: Rulebook): any {
  return JSON.parse(JSON.stringify(rb));
}

function set(obj: any, path: string, value: unknown): any {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) o = o[k];
  if (value === undefined) delete o[keys.at(-1)!];
  else o[keys.at(-1)!] = value;
  return obj;
}

const problemsWith = (rb: Rulebook, path: string, value: unknown): string[] => rulebookProblems(set(copy(rb), path, value));

describe('parseRulebook: every field checked, with precise messages', () => {
  it('a bad denominator', () => {
    expect(problemsWith(LABOUR_2021, 'incumbentReview.combine.threshold.share.den', 0)).toEqual([
      'incumbentReview.combine.threshold.share.den: must be a positive whole number, not 0',
    ]);
    expect(problemsWith(LABOUR_2021, 'incumbentReview.combine.threshold.share.den', 2.5)).toEqual([
      'incumbentReview.combine.threshold.share.den: must be a positive whole number, not 2.5',
    ]);
  });

  it('the error names the source and carries every problem', () => {
    const bad = set(set(copy(LABOUR_2021), 'version', 0), 'eligibility.minMembershipMonths', -1);
    const r = parseRulebook(bad, 'my-rules.json');
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'invalid-rulebook',
        message: [
          'my-rules.json: version: must be a positive whole number, not 0',
          'my-rules.json: eligibility.minMembershipMonths: must be a whole number from 0 to 1200, not -1',
        ].join('\n'),
      },
    });
  });

  it('fractions must lie between 0 and 1; thresholds must be reachable and above nothing', () => {
    expect(problemsWith(LABOUR_2018, 'incumbentReview.combine.threshold.share', { num: 4, den: 3 })).toEqual([
      'incumbentReview.combine.threshold.share: must be between 0 and 1, not 4/3',
    ]);
    expect(problemsWith(LABOUR_2018, 'incumbentReview.combine.threshold.share', { num: 0, den: 3 })).toEqual([
      'incumbentReview.combine.threshold.share: must be more than 0 (a threshold of nothing is always met)',
    ]);
    expect(problemsWith(LABOUR_2021, 'incumbentReview.combine.threshold', { share: { num: 1, den: 1 }, inclusive: false })).toEqual([
      'incumbentReview.combine.threshold: can never be met: more than all of the votes (make it inclusive, or lower the share)',
    ]);
    expect(problemsWith(LABOUR_2021, 'selection.shortlist.minWomenLonglist', { num: 3, den: 2 })).toEqual([
      'selection.shortlist.minWomenLonglist: must be between 0 and 1, not 3/2',
    ]);
    expect(problemsWith(LABOUR_2021, 'selection.shortlist.minWomenLonglist', 'half')).toEqual([
      'selection.shortlist.minWomenLonglist: must be an object or null, not string "half"',
    ]);
    expect(problemsWith(LABOUR_2021, 'incumbentReview.combine.threshold.share.den', 20_000)).toEqual([
      'incumbentReview.combine.threshold.share.den: must be at most 10000, not 20000',
    ]);
  });

  it('the weights of a college must add up to 1', () => {
    expect(problemsWith(LABOUR_2021, 'incumbentReview.combine.weights.affiliate', { num: 1, den: 3 })).toEqual([
      'incumbentReview.combine.weights: must add up to 1, not 1/2 + 1/3',
    ]);
    expect(problemsWith(LABOUR_2021, 'incumbentReview.combine.weights', { branch: { num: 3, den: 5 }, affiliate: { num: 4, den: 10 } })).toEqual([]);
  });

  it('counting methods must exist in the registry and be able to do what is asked', () => {
    expect(problemsWith(LABOUR_2021, 'internalElection.method', 'borda')).toEqual([
      'internalElection.method: must be one of "plurality", "block", "irv", "stv-scottish", "stv-ers97", "stv-meek", "stv-droop", "stv-mpls", "stv-wigm", not "borda"',
    ]);
    expect(problemsWith(LABOUR_2021, 'internalElection.method', 'irv')).toEqual([
      'internalElection.method: irv elects one candidate; 9 seats need a method that elects several ("plurality", "block", "stv-scottish", "stv-ers97", "stv-meek", "stv-droop", "stv-mpls", "stv-wigm")',
      'internalElection.minWomen: irv cannot enforce a minimum of women (methods that can: "block", "stv-scottish", "stv-ers97", "stv-meek", "stv-droop")',
    ]);
    expect(problemsWith(LABOUR_2021, 'internalElection.method', 'plurality')).toEqual([
      'internalElection.method: plurality cannot enforce a minimum of women (methods that can: "block", "stv-scottish", "stv-ers97", "stv-meek", "stv-droop")'.replace(
        'internalElection.method',
        'internalElection.minWomen',
      ),
    ]);
    expect(problemsWith(LABOUR_2021, 'internalElection.minWomen', 10)).toEqual([
      'internalElection.minWomen: must be a whole number from 0 to 9 or null, not 10',
    ]);
    expect(problemsWith(LABOUR_2021, 'selection.method', 'stv-droop')).toEqual(['selection.method: must be one of "irv", "plurality", not "stv-droop"']);
    const noElection = set(copy(LABOUR_2021), 'internalElection', null);
    delete noElection.uncertain['internalElection.minWomen'];
    delete noElection.uncertain['internalElection.contests'];
    delete noElection.uncertain['internalElection.nominations.threshold'];
    expect(rulebookProblems(noElection)).toEqual([]);
  });

  it('choices, booleans, unknown and missing fields', () => {
    expect(problemsWith(LABOUR_2021, 'incumbentReview.unitVote.tie', 'chair')).toEqual([
      'incumbentReview.unitVote.tie: must be one of "no", "abstain", not "chair"',
    ]);
    expect(problemsWith(LABOUR_2021, 'incumbentReview.combine.kind', 'average')).toEqual([
      'incumbentReview.combine.kind: must be one of "pooled", "either-class", "college", not "average"',
    ]);
    expect(problemsWith(LABOUR_2021, 'eligibility.excludeSuspended', 'yes')).toEqual(['eligibility.excludeSuspended: must be true or false, not string "yes"']);
    expect(problemsWith(LABOUR_2021, 'eligibility.minMembershipMonth', 6)).toEqual([
      'eligibility.minMembershipMonth: unknown field (expected "minMembershipMonths", "arrearsGraceMonths", "excludeSuspended")',
    ]);
    expect(problemsWith(LABOUR_2021, 'snapElection', undefined)).toEqual(['snapElection: missing']);
    expect(problemsWith(LABOUR_2021, 'id', 'Labour 2021')).toEqual([
      'id: must be lowercase letters, digits and hyphens (e.g. "labour-2021"), not "Labour 2021"',
    ]);
    expect(problemsWith(LABOUR_2021, 'incumbentReview.combine.silentClass', 'ignore')).toEqual([
      'incumbentReview.combine.silentClass: must be one of "reweight", "zero", not "ignore"',
    ]);
    const withoutSilent = set(copy(LABOUR_2021), 'incumbentReview.combine.silentClass', undefined);
    delete withoutSilent.uncertain['incumbentReview.combine.silentClass'];
    expect(rulebookProblems(withoutSilent)).toEqual([]);
    expect(problemsWith(LABOUR_2018, 'incumbentReview.combine.silentClass', 'zero')).toEqual([
      'incumbentReview.combine.silentClass: unknown field (expected "kind", "threshold")',
    ]);
    expect(problemsWith(LIBDEM_READOPTION, 'incumbentReview.appeal', 'tribunal')).toEqual([
      'incumbentReview.appeal: must be "all-member-ballot" or null, not "tribunal"',
    ]);
    expect(problemsWith(LIBDEM_READOPTION, 'incumbentReview.appeal', null)).toEqual([]);
    expect(problemsWith(LABOUR_2021, 'selection.nominations.minWomenPerUnit', 3)).toEqual([
      'selection.nominations.minWomenPerUnit: must be a whole number from 0 to 2, not 3',
    ]);
  });

  it('the fields of one kind of review are not accepted on another', () => {
    expect(problemsWith(LABOUR_1979, 'incumbentReview.unitVote', { tie: 'no' })).toEqual(['incumbentReview.unitVote: unknown field (expected "kind")']);
    expect(rulebookProblems({ ...copy(LABOUR_2021), incumbentReview: { kind: 'trigger-ballot' } })).toEqual([
      'incumbentReview.combine: missing',
      'incumbentReview.unitVote: missing',
      'incumbentReview.affiliateCounting: missing',
    ]);
  });

  it('uncertain notes must name a field of the rulebook', () => {
    expect(problemsWith(LABOUR_2021, 'uncertain', { 'incumbentReview.combine.quorum': 'unknown' })).toEqual([
      'uncertain.incumbentReview.combine.quorum: names no field of this rulebook',
    ]);
    expect(problemsWith(LABOUR_2021, 'uncertain', { snapElection: '' })).toEqual([
      'uncertain.snapElection: must be a note (a non-empty string) saying what is and is not known',
    ]);
  });

  it('leadership rules: shares above nothing, no more unions than affiliates, and left out means none', () => {
    expect(problemsWith(LABOUR_2021, 'leadership.nominations.parliamentaryShare', { num: 0, den: 100 })).toEqual([
      'leadership.nominations.parliamentaryShare: must be more than 0 (a threshold of nothing is always met)',
    ]);
    expect(problemsWith(LABOUR_2021, 'leadership.nominations.constituencyShare.num', 101)).toEqual([
      'leadership.nominations.constituencyShare: must be between 0 and 1, not 101/100',
    ]);
    expect(problemsWith(LABOUR_2021, 'leadership.nominations.affiliateRoute.unions', 4)).toEqual([
      'leadership.nominations.affiliateRoute.unions: must be a whole number from 0 to 3, not 4',
    ]);
    expect(problemsWith(LABOUR_2021, 'leadership.method', 'borda')[0]).toMatch(/^leadership\.method: must be one of /);
    expect(problemsWith(LABOUR_2021, 'leadership.nominations.challengerShare', undefined)).toEqual(['leadership.nominations.challengerShare: missing']);
    const older = copy(LABOUR_2021);
    delete older.leadership;
    for (const k of Object.keys(older.uncertain)) if (k.startsWith('leadership')) delete older.uncertain[k];
    const r = parseRulebook(older, 'old.json');
    expect(r.ok && r.value.leadership).toBe(null);
    const noSecondStage = set(set(copy(LABOUR_2021), 'leadership.nominations.constituencyShare', null), 'leadership.nominations.affiliateRoute', null);
    for (const k of Object.keys(noSecondStage.uncertain)) if (k === 'leadership.nominations.affiliateRoute') delete noSecondStage.uncertain[k];
    expect(rulebookProblems(noSecondStage)).toEqual([]);
  });

  it('a leadership electorate: optional (members alone when absent), a fee in whole pence', () => {
    expect(problemsWith(LABOUR_2018, 'leadership.electorate.registeredSupporters.feePence', 2.5)).toEqual([
      'leadership.electorate.registeredSupporters.feePence: must be a whole number from 0 to 100000, not 2.5',
    ]);
    expect(problemsWith(LABOUR_2018, 'leadership.electorate.affiliatedSupporters', 'yes')[0]).toMatch(/^leadership\.electorate\.affiliatedSupporters: /);
    const membersOnly = copy(LABOUR_2021);
    delete membersOnly.leadership.electorate;
    for (const k of Object.keys(membersOnly.uncertain)) if (k.startsWith('leadership.electorate')) delete membersOnly.uncertain[k];
    const r = parseRulebook(membersOnly, 'members-only.json');
    expect(r.ok && r.value.leadership?.electorate).toBe(undefined);
    expect(r.ok && electorateClassesOf(r.value.leadership!)).toEqual(['member']);
    expect(electorateClassesOf(LABOUR_2018.leadership!)).toEqual(['member', 'affiliated-supporter', 'registered-supporter']);
    expect(electorateClassesOf(LABOUR_2021.leadership!)).toEqual(['member', 'affiliated-supporter']);
    expect(electorateClassesOf(LABOUR_1990.leadership!)).toEqual(['member', 'affiliated-supporter']);
    expect(LABOUR_2018.leadership?.electorate?.registeredSupporters?.feePence).toBe(2500);
    expect(LABOUR_2018.uncertain['leadership.electorate.registeredSupporters']).toMatch(/£3 in 2015/);
    expect(LABOUR_1990.uncertain['leadership.electorate']).toMatch(/electoral college.*not modelled/);
    expect(leadershipElectorateWords(LABOUR_2018.leadership!.electorate)).toMatch(
      /^lets its members, affiliated supporters .* and registered supporters .*£25/,
    );
    expect(leadershipElectorateWords(undefined)).toBe('lets its members alone vote for leader');
    expect(diffRulebooks(LABOUR_2018, LABOUR_2021).some((d) => /registered supporters/.test(JSON.stringify(d)))).toBe(true);
  });

  it('not an object at all', () => {
    expect(rulebookProblems([])).toEqual(['(top level): must be an object, not a list']);
    expect(rulebookProblems(null)).toEqual(['(top level): must be an object, not null']);
  });

  it('a custom rulebook with other settings is accepted as it is', () => {
    const custom = copy(LABOUR_2018);
    custom.id = 'unison-branch-rules';
    custom.name = 'A union branch';
    custom.incumbentReview.affiliateCounting = 'per-affiliate';
    custom.incumbentReview.unitVote.tie = 'abstain';
    custom.eligibility.arrearsGraceMonths = 3;
    custom.uncertain = {};
    const r = parseRulebook(custom, 'x.json');
    expect(r.ok && r.value).toEqual(custom);
  });
});

describe('diffRulebooks: every difference in words', () => {
  it('Labour 2018 and Labour 2021', () => {
    const d = diffRulebooks(LABOUR_2018, LABOUR_2021);
    expect(d[0]).toBe(
      'Labour 2018 triggers if either branches or affiliates reach at least one third of their voting units; Labour 2021 combines branches and affiliates in a 50/50 electoral college and triggers above 50%.',
    );
    expect(d).toContain(
      'Labour 2018 elects the national executive by block vote (block); Labour 2021 elects the national executive by STV with a Droop quota (stv-droop).',
    );
  });

  it('eligibility, exemptions, selection and shortlist rules', () => {
    const d = diffRulebooks(LABOUR_1990, LABOUR_2018);
    expect(d).toContain('Labour 1990 has no rule on women on the longlist; Labour 2018 requires at least half women on the longlist.');
    expect(d).toContain('Labour 1990 has no parental-leave exemption; Labour 2018 exempts an incumbent within 12 months of maternity or parental leave.');
    expect(d).toContain('Labour 1990 does not exempt a suspended incumbent; Labour 2018 holds no review of a suspended incumbent.');
    expect(diffRulebooks(LABOUR_1979, LABOUR_1990)).toContain(
      'Labour 1979 selects by a vote of delegates (the General Management Committee); Labour 1990 selects by one member one vote.',
    );
    const longer = { ...LABOUR_2021, name: 'Longer', eligibility: { ...LABOUR_2021.eligibility, minMembershipMonths: 12, arrearsGraceMonths: 2 } };
    expect(diffRulebooks(LABOUR_2021, longer)).toEqual([
      "Labour 2021 needs 6 months' continuous membership at the freeze date; Longer needs 12 months' continuous membership at the freeze date.",
      'Labour 2021 bars members in arrears; Longer lets members in arrears vote if their arrears began less than 2 months before the freeze date.',
    ]);
  });

  it('leadership thresholds across the eras', () => {
    expect(diffRulebooks(LABOUR_1990, LABOUR_2018)).toContain(
      "Labour 1990 needs, for a candidate when the post of leader is vacant, at least 15% of the parliamentary party's MPs; Labour 2018 needs, for a candidate when the post of leader is vacant, at least 10% of the parliamentary party's MPs, and then either at least 5% of constituency parties or at least 3 affiliates, at least 2 of them trade unions, together holding at least 5% of affiliated membership.",
    );
    expect(diffRulebooks(LABOUR_2018, LABOUR_2021).filter((x) => x.includes('leader is vacant'))).toEqual([
      "Labour 2018 needs, for a candidate when the post of leader is vacant, at least 10% of the parliamentary party's MPs, and then either at least 5% of constituency parties or at least 3 affiliates, at least 2 of them trade unions, together holding at least 5% of affiliated membership; Labour 2021 needs, for a candidate when the post of leader is vacant, at least 20% of the parliamentary party's MPs, and then either at least 5% of constituency parties or at least 3 affiliates, at least 2 of them trade unions, together holding at least 5% of affiliated membership.",
    ]);
    expect(diffRulebooks(LABOUR_1979, LABOUR_1990)).toContain(
      "Labour 1979 sets no rules for a leadership election; Labour 1990 elects its leader by the alternative vote (irv); when the post is vacant a candidate needs at least 15% of the parliamentary party's MPs.",
    );
  });

  it('a rulebook does not differ from itself, and equal fractions are equal', () => {
    for (const p of PRESETS) expect(diffRulebooks(p, p)).toEqual([]);
    const same = set(copy(LABOUR_2021), 'incumbentReview.combine.weights', { branch: { num: 2, den: 4 }, affiliate: { num: 5, den: 10 } });
    expect(diffRulebooks(LABOUR_2021, same)).toEqual([]);
  });

  it('two versions of one rulebook are told apart by version', () => {
    const v2 = { ...copy(LABOUR_2021), version: 2, incumbentReview: { ...copy(LABOUR_2021).incumbentReview, unitVote: { tie: 'abstain' } } };
    expect(diffRulebooks(LABOUR_2021, v2)).toEqual([
      'labour-2021 version 1 and version 2 are two versions of the same rulebook.',
      'Labour 2021 version 1 counts a tied unit meeting as a no; Labour 2021 version 2 counts a tied unit meeting as an abstention (the unit drops out).',
    ]);
  });

  it('uncertain notes that differ are listed', () => {
    const sure = { ...LABOUR_2021, name: 'Sure', uncertain: {} };
    expect(diffRulebooks(LABOUR_2021, sure)).toEqual([
      `Labour 2021 marks as uncertain what Sure does not: ${Object.keys(LABOUR_2021.uncertain).sort().join(', ')}.`,
    ]);
  });

  /** For each rule field: another value it could take. Every field of every preset must be listed. */
  const MUTATIONS: Record<string, (v: any) => unknown> = {
    version: (v) => v + 1,
    'eligibility.minMembershipMonths': (v) => v + 1,
    'eligibility.arrearsGraceMonths': (v) => (v === null ? 3 : null),
    'eligibility.excludeSuspended': (v) => !v,
    'incumbentReview.combine.kind': (v) => (v === 'pooled' ? 'either-class' : 'pooled'),
    'incumbentReview.combine.threshold.share.num': (v) => v + 1,
    'incumbentReview.combine.threshold.share.den': (v) => v + 1,
    'incumbentReview.combine.threshold.inclusive': (v) => !v,
    'incumbentReview.combine.weights.branch.num': (v) => v + 1,
    'incumbentReview.combine.weights.branch.den': (v) => v + 1,
    'incumbentReview.combine.weights.affiliate.num': (v) => v + 1,
    'incumbentReview.combine.weights.affiliate.den': (v) => v + 1,
    'incumbentReview.combine.silentClass': (v) => (v === 'zero' ? 'reweight' : 'zero'),
    'incumbentReview.unitVote.tie': (v) => (v === 'no' ? 'abstain' : 'no'),
    'incumbentReview.affiliateCounting': (v) => (v === 'per-branch' ? 'per-affiliate' : 'per-branch'),
    'incumbentReview.readoptThreshold.share.num': (v) => v + 1,
    'incumbentReview.readoptThreshold.share.den': (v) => v + 1,
    'incumbentReview.readoptThreshold.inclusive': (v) => !v,
    'incumbentReview.appeal': (v) => (v === null ? 'all-member-ballot' : null),
    'selection.ballot': (v) => (v === 'omov' ? 'delegates' : 'omov'),
    'selection.method': (v) => (v === 'irv' ? 'plurality' : 'irv'),
    'selection.nominations.perUnit': (v) => v + 1,
    'selection.nominations.minWomenPerUnit': (v) => (v === 0 ? 1 : 0),
    'selection.shortlist.allWomen': (v) => !v,
    'selection.shortlist.minWomenLonglist': (v) => (v === null ? { num: 1, den: 3 } : null),
    'selection.shortlist.minWomenLonglist.num': (v) => v + 1,
    'selection.shortlist.minWomenLonglist.den': (v) => v + 1,
    'selection.shortlist.minWomenShortlist': (v) => (v === null ? { num: 1, den: 3 } : null),
    'selection.shortlist.minWomenShortlist.num': (v) => v + 1,
    'selection.shortlist.minWomenShortlist.den': (v) => v + 1,
    'selection.shortlist.incumbentAutomatically': (v) => !v,
    internalElection: (v) => (v === null ? { seats: 5, method: 'stv-meek', minWomen: 2, nominations: null } : null),
    'internalElection.nominations': (v) => (v === null ? { bodies: ['affiliate'], threshold: 2 } : null),
    'internalElection.nominations.bodies': (v) => (v.includes('affiliate') ? ['constituency'] : [...v, 'affiliate']),
    'internalElection.nominations.threshold': (v) => v + 1,
    statementWords: (v) => v + 1,
    leadership: (v) =>
      v === null
        ? {
            method: 'irv',
            nominations: { parliamentaryShare: { num: 1, den: 10 }, constituencyShare: null, affiliateRoute: null, challengerShare: { num: 1, den: 5 } },
          }
        : null,
    'leadership.method': (v) => (v === 'irv' ? 'plurality' : 'irv'),
    'leadership.nominations.parliamentaryShare.num': (v) => v + 1,
    'leadership.nominations.parliamentaryShare.den': (v) => v + 1,
    'leadership.nominations.constituencyShare': (v) => (v === null ? { num: 1, den: 20 } : null),
    'leadership.nominations.constituencyShare.num': (v) => v + 1,
    'leadership.nominations.constituencyShare.den': (v) => v + 1,
    'leadership.nominations.affiliateRoute': (v) => (v === null ? { affiliates: 3, unions: 2, membershipShare: { num: 1, den: 20 } } : null),
    'leadership.nominations.affiliateRoute.affiliates': (v) => v + 1,
    'leadership.nominations.affiliateRoute.unions': (v) => (v === 0 ? 1 : v - 1),
    'leadership.nominations.affiliateRoute.membershipShare.num': (v) => v + 1,
    'leadership.nominations.affiliateRoute.membershipShare.den': (v) => v + 1,
    'leadership.nominations.challengerShare.num': (v) => v + 1,
    'leadership.nominations.challengerShare.den': (v) => v + 1,
    'leadership.electorate.affiliatedSupporters': (v) => !v,
    'leadership.electorate.registeredSupporters': (v) => (v === null ? { feePence: 300 } : null),
    'leadership.electorate.registeredSupporters.feePence': (v) => v + 100,
    'leadership.deputy.parliamentaryShare.num': (v) => v + 1,
    'leadership.deputy.parliamentaryShare.den': (v) => v + 1,
    'leadership.deputy.constituencyShare': (v) => (v === null ? { num: 1, den: 20 } : null),
    'leadership.deputy.constituencyShare.num': (v) => v + 1,
    'leadership.deputy.constituencyShare.den': (v) => v + 1,
    'leadership.deputy.affiliateRoute': (v) => (v === null ? { affiliates: 3, unions: 2, membershipShare: { num: 1, den: 20 } } : null),
    'leadership.deputy.affiliateRoute.affiliates': (v) => v + 1,
    'leadership.deputy.affiliateRoute.unions': (v) => (v === 0 ? 1 : v - 1),
    'leadership.deputy.affiliateRoute.membershipShare.num': (v) => v + 1,
    'leadership.deputy.affiliateRoute.membershipShare.den': (v) => v + 1,
    'leadership.deputy.challengerShare.num': (v) => v + 1,
    'leadership.deputy.challengerShare.den': (v) => v + 1,
    'internalElection.seats': (v) => v + 1,
    'internalElection.method': (v) => (v === 'block' ? 'stv-meek' : 'block'),
    'internalElection.minWomen': (v) => (v === null ? 2 : null),
    // The contests are one rule: a changed list is described whole.
    'internalElection.contests': (v) => (v.length > 1 ? v.slice(1) : [...v, { ...v[0], id: 'extra' }]),
    'exemptions.suspendedIncumbent': (v) => !v,
    'exemptions.parentalLeaveMonths': (v) => (v === null ? 6 : null),
    snapElection: (v) => (v === 'continue' ? 'readopt-incumbents' : 'continue'),
    ballotOrder: (v) => (v === 'surname' ? 'rotated' : 'surname'),
    statutoryPostal: (v) => (v === undefined ? { retentionMonths: 12, packBatchSize: 500 } : undefined),
    'statutoryPostal.retentionMonths': (v) => v + 1,
    'statutoryPostal.packBatchSize': (v) => v + 1,
    nominationMeeting: (v) => (v === undefined ? { provisionalWeeks: 8 } : undefined),
    'nominationMeeting.provisionalWeeks': (v) => v + 1,
    emergency: (v) =>
      v === undefined ? { readoptionEndorsement: 'every-readoption', nationalBody: 'the NEC', emergencySelection: 'panel-decides' } : undefined,
    'emergency.readoptionEndorsement': (v) => (v === 'snap-election' ? 'every-readoption' : 'snap-election'),
    'emergency.nationalBody': (v) => `${v} of the party`,
    'emergency.emergencySelection': (v) => (v === 'panel-decides' ? 'members-ballot' : 'panel-decides'),
  };
  const LABELS = new Set(['id', 'name', 'description']);

  /** Every path to a leaf (and to each nullable field) of a rulebook, uncertain notes aside. */
  function paths(v: unknown, prefix = ''): string[] {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return [prefix];
    const here = prefix && Object.keys(MUTATIONS).includes(prefix) ? [prefix] : [];
    return [...here, ...Object.entries(v).flatMap(([k, x]) => (k === 'uncertain' && !prefix ? [] : paths(x, prefix ? `${prefix}.${k}` : k)))];
  }

  it('changing any rule field of any preset yields at least one sentence naming both rulebooks', () => {
    for (const p of PRESETS) {
      for (const path of paths(p)) {
        if (LABELS.has(path)) continue;
        const mutate = MUTATIONS[path];
        expect(mutate ?? path === 'incumbentReview.kind', `no mutation listed for ${path}`).toBeTruthy();
        const old = path.split('.').reduce((o: any, k) => o[k], p);
        // Changing the kind of review replaces the whole review, so the result is still a rulebook.
        const changed =
          path === 'incumbentReview.kind'
            ? { ...copy(p), incumbentReview: copy(p.incumbentReview.kind === 'mandatory-reselection' ? LIBDEM_READOPTION : LABOUR_1979).incumbentReview }
            : set(copy(p), path, mutate(old));
        changed.name = 'Changed';
        const d = diffRulebooks(p, changed);
        expect(d.length, `${p.id}: ${path}`).toBeGreaterThan(0);
        expect(
          d.some((s) => s.includes(p.name) && s.includes('Changed')),
          `${p.id}: ${path}: ${d.join(' | ')}`,
        ).toBe(true);
      }
    }
  });
});
