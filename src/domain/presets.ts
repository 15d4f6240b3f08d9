/**
 * The bundled rulebooks: Labour's four eras of incumbent review, and the
 * Liberal Democrat / Conservative style of readoption by a members' meeting.
 *
 * Where history does not tell us a value for certain, the value is still an
 * explicit setting (so it can be changed in a custom rulebook) and `uncertain`
 * says, by the field's path, what is and is not known. A preset is never
 * edited in place: a corrected preset is a new version.
 */
import {
  fraction,
  type ContestRules,
  type LeadershipElectorateRules,
  type LeadershipRules,
  type Rulebook,
  type Segment,
  type SelectionRules,
} from './rulebook.js';

const HALF = fraction(1, 2);

/** Said of every Labour era: shared so the presets cannot drift apart where the facts are the same. */
const LABOUR_UNCERTAIN = {
  statementWords:
    "The length limit for a candidate's statement is not in the rulebook text we hold; modelled as 400 words for every statement (election and selection alike).",
  'eligibility.arrearsGraceMonths':
    'Members "in arrears" may not vote in selections (DESIGN.md); whether a short period of arrears is tolerated before the freeze date is not verified. Modelled as no grace (null); a number of months here would admit members whose arrears began less than that long before the freeze date.',
  'selection.nominations.perUnit':
    'Units nominate under per-unit limits such as "one man and one woman"; the exact limit set in each era\'s NEC guidelines is not verified. Modelled as up to 2 nominations per unit.',
  'selection.nominations.minWomenPerUnit':
    'Assumed from the "one man and one woman" practice: a unit nominating two must include a woman. Not verified for every era.',
} as const;

const LABOUR_TRIGGER_UNCERTAIN = {
  'incumbentReview.unitVote.tie':
    'A unit decides by a simple majority of the members present who vote, with no quorum. What a tied meeting decides is not written down that we know of: under ordinary meeting procedure a tied motion falls, so a tie is modelled as a "no" (no selection); a chair\'s casting vote may have been used in practice.',
  'incumbentReview.affiliateCounting':
    'Affiliates count one vote per affiliated branch attached to the constituency; some unions are said to have cast one vote in total for all their branches. Modelled as per-branch; "per-affiliate" gives each affiliate one vote, decided by a majority of its branches.',
} as const;

/** Labour's OMOV selection by the alternative vote, with its gender rules. */
const LABOUR_OMOV_SELECTION: SelectionRules = {
  ballot: 'omov',
  method: 'irv',
  nominations: { perUnit: 2, minWomenPerUnit: 1 },
  shortlist: {
    allWomen: false,
    minWomenLonglist: HALF,
    minWomenShortlist: HALF,
    incumbentAutomatically: true,
  },
};

/** Labour's second stage since 2018: 5% of constituency parties, or 3 affiliates (2 of them trade unions) with 5% of affiliated membership. */
const LABOUR_SECOND_STAGE = {
  constituencyShare: fraction(5, 100),
  affiliateRoute: { affiliates: 3, unions: 2, membershipShare: fraction(5, 100) },
} as const;

/** Leadership elections are counted by the alternative vote in every era modelled; only who may stand changes. */
const labourLeadership = (mps: number, secondStage: boolean, electorate?: LeadershipElectorateRules): LeadershipRules => {
  const nominations = {
    parliamentaryShare: fraction(mps, 100),
    ...(secondStage ? LABOUR_SECOND_STAGE : { constituencyShare: null, affiliateRoute: null }),
    challengerShare: fraction(20, 100),
  };
  // A deputy leader is nominated by the same routes and shares as the leader (see LEADERSHIP_DEPUTY_NOTE).
  return { method: 'irv', nominations, deputy: nominations, ...(electorate ? { electorate } : {}) };
};

/** Members and affiliated supporters (no fee): Labour before 2015 and again from 2021. */
const MEMBERS_AND_AFFILIATED: LeadershipElectorateRules = { affiliatedSupporters: true, registeredSupporters: null };

const AFFILIATED_SUPPORTERS_NOTE =
  "Affiliated supporters are members of an affiliate (a trade union, a socialist society) who sign up as the party's supporters, paying no fee; Hustings validates them in the same queue as registered supporters, with the affiliate chosen. How each affiliate vouches for its members is not modelled.";

const LEADERSHIP_SECOND_STAGE_NOTE =
  'The rule book asks for 5 per cent of constituency Labour parties, or at least 3 affiliates, at least 2 of them trade unions, "comprising at least 5 per cent of affiliated membership". ' +
  "Modelled with every constituency party in the organisation as the whole (not only those that meet), and each affiliate's affiliated membership as the organisation records it, against the total of all affiliates; " +
  'the date at which the party measures affiliated membership is not verified.';

const LEADERSHIP_DEPUTY_NOTE =
  "A deputy leadership contest is modelled with the same routes and shares as the leader's, counted by the same method, in the same election (one ballot for both): in 2020 the deputy's candidates needed 10 per cent of MPs and MEPs (22) and then 5 per cent of constituency parties or the affiliates' route, as the leader's did. " +
  "Whether every era's rule book set the deputy's shares equal to the leader's (notably after the 2021 change to 20 per cent) is not verified; set `deputy` apart to differ.";

const LEADERSHIP_CHALLENGE_NOTE =
  'With no vacancy a challenger needs 20 per cent of the parliamentary party; no constituency or affiliate nominations are modelled for a challenge, and the incumbent is on the ballot without nominations (the 2016 challenge is the case the courts looked at).';

export const LABOUR_1979: Rulebook = {
  id: 'labour-1979',
  version: 1,
  name: 'Labour 1979',
  description:
    'Labour, 1979–1990: mandatory reselection. Every sitting MP faced a full selection before each general election. ' +
    'The selection was made by the delegates of the constituency General Management Committee (GMC); from 1987 ' +
    'affiliates held no more than 40% of a local electoral college.',
  eligibility: { minMembershipMonths: 6, arrearsGraceMonths: null, excludeSuspended: true },
  incumbentReview: { kind: 'mandatory-reselection' },
  selection: {
    ballot: 'delegates',
    method: 'irv',
    nominations: { perUnit: 1, minWomenPerUnit: 0 },
    shortlist: { allWomen: false, minWomenLonglist: null, minWomenShortlist: null, incumbentAutomatically: true },
  },
  internalElection: null,
  leadership: null,
  exemptions: { suspendedIncumbent: false, parentalLeaveMonths: null },
  snapElection: 'readopt-incumbents',
  ballotOrder: 'surname',
  statementWords: 400,
  uncertain: {
    ...LABOUR_UNCERTAIN,
    leadership:
      'The leader was elected by MPs until 1981 and then by an electoral college of affiliates, constituency parties and MPs, which members did not vote in directly; not modelled (null).',
    'eligibility.minMembershipMonths':
      'The 6-month rule is documented for OMOV selections; in this era members voted only indirectly (through GMC delegates), and the qualifying period for taking part is not verified. Modelled as 6 months.',
    'selection.nominations.perUnit':
      'Branches and affiliates each nominated a candidate; whether a unit could nominate more than one is not verified. Modelled as one.',
    'selection.nominations.minWomenPerUnit':
      'No rule on women among a unit\'s nominations is known for this era (the "one man and one woman" practice is later). Modelled as none (0).',
    'selection.ballot':
      'Selection by GMC delegates. From 1987 the vote was a local electoral college in which affiliates held at most 40%; a weighted delegate/member college cannot be expressed as a selection ballot here, so the whole era is modelled as "delegates".',
    'selection.method':
      'Delegates voted in an exhaustive ballot (repeated rounds, the lowest dropped each round); modelled as the alternative vote, which gives the same winner when every delegate votes the same preferences in each round.',
    'selection.shortlist.incumbentAutomatically':
      'Mandatory reselection is usually described as the sitting MP being included in the contest; whether the MP was shortlisted without nomination is not verified. Modelled as yes.',
    'selection.shortlist.minWomenShortlist':
      'A rule that a woman be shortlisted wherever one was nominated is reported from the late 1980s; it cannot be expressed as a share and is not modelled (null).',
    internalElection: 'The NEC constituency section was elected by conference delegates, not members, in this era; not modelled (null).',
    snapElection:
      'Whether a general election called before the reselections ended readopted sitting MPs (as in 2019) is not verified for this era. Modelled as readopting them.',
  },
};

/**
 * Labour's snap-election emergencies (2017, 2024): the NEC endorsed sitting MPs who stood again rather than
 * their constituencies readopting them, and NEC panels chose candidates in the seats left without one.
 */
const LABOUR_EMERGENCY = {
  readoptionEndorsement: 'snap-election',
  nationalBody: 'the National Executive Committee',
  emergencySelection: 'panel-decides',
} as const;

const LABOUR_EMERGENCY_UNCERTAIN = {
  'emergency.readoptionEndorsement':
    'On the snap elections of 2017 and 2024 the NEC endorsed sitting MPs who wished to stand again (and in 2024 declined to endorse some); whether a readoption by trigger ballot outside a snap election also needs NEC endorsement is not verified. Modelled as endorsement on a snap election only ("snap-election"); "every-readoption" is the other reading.',
  'emergency.emergencySelection':
    'In 2017 and 2024 NEC panels shortlisted and, in most seats, selected the candidate directly; some seats held short members\' ballots or hustings. Modelled as the panel deciding ("panel-decides"); "members-ballot" runs the ballot on a short timetable instead.',
} as const;

export const LABOUR_1990: Rulebook = {
  id: 'labour-1990',
  version: 1,
  name: 'Labour 1990',
  description:
    'Labour, 1990–2018: the trigger ballot. Each branch and affiliated branch votes at a meeting on whether to hold a full ' +
    'selection; the votes are pooled, and a selection is held when about half of the units that vote want one ' +
    '(see "uncertain" for exactly half). Otherwise the MP is readopted. From 1993 selections are by one member one vote, ' +
    'counted by the alternative vote.',
  eligibility: { minMembershipMonths: 6, arrearsGraceMonths: null, excludeSuspended: true },
  incumbentReview: {
    kind: 'trigger-ballot',
    combine: { kind: 'pooled', threshold: { share: HALF, inclusive: false } },
    unitVote: { tie: 'no' },
    affiliateCounting: 'per-branch',
  },
  selection: { ...LABOUR_OMOV_SELECTION, shortlist: { ...LABOUR_OMOV_SELECTION.shortlist, minWomenLonglist: null, minWomenShortlist: null } },
  internalElection: null,
  leadership: labourLeadership(15, false, MEMBERS_AND_AFFILIATED),
  exemptions: { suspendedIncumbent: false, parentalLeaveMonths: null },
  snapElection: 'readopt-incumbents',
  emergency: LABOUR_EMERGENCY,
  ballotOrder: 'surname',
  statementWords: 400,
  uncertain: {
    ...LABOUR_UNCERTAIN,
    ...LABOUR_EMERGENCY_UNCERTAIN,
    ...LABOUR_TRIGGER_UNCERTAIN,
    'incumbentReview.combine.threshold.inclusive':
      'The pooled threshold is "about half". Accounts of the 2018 change describe the old rule as needing a majority of branches and affiliates (more than 50%) to request a selection, so an exact half is modelled as not triggering (inclusive: false). The other reading (the MP needed a majority of units to be readopted, so an exact half would trigger) is not ruled out; set inclusive to true for it.',
    'eligibility.minMembershipMonths': 'Modelled as 6 months, as documented for later OMOV selections; the period used in the 1990s is not verified.',
    'selection.ballot':
      'OMOV from 1993; from 1990 to 1993 selections were still made by a local electoral college of delegates and members. Modelled as OMOV for the whole era.',
    'selection.shortlist.minWomenLonglist':
      'Gender rules changed within the era (all-women shortlists from 1993, by NEC decision per seat); not modelled as a share (null).',
    'selection.shortlist.minWomenShortlist': 'As for the longlist: not modelled as a share (null).',
    internalElection: 'The NEC constituency section changed size and method within the era (OMOV from 1998); not modelled (null).',
    snapElection: 'In 2017 every sitting MP was readopted because a snap election left no time for trigger ballots; modelled as readopting incumbents.',
    'leadership.nominations.parliamentaryShare':
      'Modelled on the 2014 rules, used in 2015 and 2016: 15 per cent of MPs to stand for a vacancy, with no second stage. Until 2014 the leader was elected by an electoral college (a vacancy needed 12.5 per cent of MPs); that earlier part of the era is not modelled.',
    'leadership.nominations.challengerShare': LEADERSHIP_CHALLENGE_NOTE,
    'leadership.electorate':
      'Members and affiliated supporters. Until 2014 the leader was elected by an electoral college whose sections (MPs, members, affiliates) were weighted, a third each; that weighting is not modelled: every voter counts once. Registered supporters (2015–2021) are in labour-2018.',
    'leadership.electorate.affiliatedSupporters': AFFILIATED_SUPPORTERS_NOTE,
    'leadership.deputy': LEADERSHIP_DEPUTY_NOTE,
  },
};

/** The 2019 exemptions (suspended MPs; MPs within 12 months of maternity or parental leave). */
const LABOUR_2019_EXEMPTIONS = { suspendedIncumbent: true, parentalLeaveMonths: 12 } as const;

const NEC_MIN_WOMEN_NOTE =
  'A minimum number of women among the 9 constituency-section seats applies, but the exact figure and how it is enforced are not verified. Modelled as 4 (what the bundled NEC sample count uses); a 50% rule rounded up would be 5.';

/**
 * The NEC seats members elect in one exercise: the constituency section (whole membership) and the
 * representatives reserved to a part of it. `clp` is the constituency section's method.
 */
function labourNecContests(clp: string): ContestRules[] {
  const single = (id: string, title: string, segment: Segment): ContestRules => ({ id, title, seats: 1, method: 'irv', minWomen: null, segment });
  return [
    { id: 'nec-clp', title: 'NEC constituency section', seats: 9, method: clp, minWomen: 4, segment: { kind: 'everyone' } },
    single('youth', 'Youth representative', { kind: 'under-age', age: 27 }),
    single('wales', 'Welsh representative', { kind: 'region', region: 'Wales' }),
    single('disabled', "Disabled members' representative", { kind: 'self-identified', characteristic: 'disabled' }),
    single('bame', 'BAME representative', { kind: 'self-identified', characteristic: 'bame' }),
    single('treasurer', 'Treasurer', { kind: 'everyone' }),
  ];
}

const NEC_CONTESTS_UNCERTAIN = {
  'internalElection.contests':
    'Modelled as one exercise; the reserved places are one-seat contests counted by the alternative vote, which is not verified. ' +
    "Youth: Young Labour's members are 14 to 26, so members under 27 on the freeze date (the real electorate, with affiliates' young members, is not verified). " +
    'Welsh: the NEC\'s Welsh place has been chosen in different ways (by the Welsh party or its leader, at times by members); modelled as members whose branch lies in the region "Wales". ' +
    "Disabled members' and BAME: members who self-identify so; how Labour records that, and whether affiliates' members vote, is not verified. " +
    "Treasurer: Labour's treasurer is elected at conference, not by members; modelled as a one-seat contest of the whole membership for a party that elects it by ballot. " +
    'Local-government seats are elected by councillors, not members, and are not modelled.',
} as const;
/** The NEC constituency section: nominated by constituency Labour parties (DESIGN.md: 5 CLPs), a party nominating up to the number of seats. */
const NEC_CLP_NOMINATIONS = { bodies: ['constituency'], threshold: 5 } as const;

const NEC_THRESHOLD_NOTE =
  'Five constituency party nominations to stand for the constituency section (DESIGN.md); whether affiliates may also nominate for this section, and the figure in each year, are not verified.';

/** Labour's all-member nomination meetings: a member within the 8-week provisional period may attend but not vote. */
const LABOUR_NOMINATION_MEETING = { provisionalWeeks: 8 } as const;
const LABOUR_NOMINATION_MEETING_NOTE =
  "A member who joined fewer than 8 weeks before a constituency party's nomination meeting may attend but not vote (Labour's provisional membership); " +
  'whether the 8 weeks run to the day of the meeting or to a cut-off the NEC sets for each election, and whether a lapsed member who rejoins starts them again, is not verified: modelled as weeks of continuous membership on the day of the meeting.';

export const LABOUR_2018: Rulebook = {
  id: 'labour-2018',
  version: 1,
  name: 'Labour 2018',
  description:
    'Labour, 2018–2021: the reformed trigger ballot. Branches and affiliated branches vote separately; a selection is ' +
    'held if one third or more of the branches that vote, or one third or more of the affiliated branches that vote, ' +
    'want one. Selections by one member one vote, counted by the alternative vote. From 2019 suspended MPs and MPs ' +
    'within 12 months of maternity or parental leave are exempt. NEC constituency section: 9 seats by block vote (2018).',
  eligibility: { minMembershipMonths: 6, arrearsGraceMonths: null, excludeSuspended: true },
  incumbentReview: {
    kind: 'trigger-ballot',
    combine: { kind: 'either-class', threshold: { share: fraction(1, 3), inclusive: true } },
    unitVote: { tie: 'no' },
    affiliateCounting: 'per-branch',
  },
  selection: LABOUR_OMOV_SELECTION,
  internalElection: { seats: 9, method: 'block', minWomen: 4, nominations: NEC_CLP_NOMINATIONS, contests: labourNecContests('block') },
  leadership: labourLeadership(10, true, { affiliatedSupporters: true, registeredSupporters: { feePence: 2500 } }),
  exemptions: LABOUR_2019_EXEMPTIONS,
  snapElection: 'readopt-incumbents',
  emergency: LABOUR_EMERGENCY,
  ballotOrder: 'surname',
  statementWords: 400,
  nominationMeeting: LABOUR_NOMINATION_MEETING,
  uncertain: {
    'nominationMeeting.provisionalWeeks': LABOUR_NOMINATION_MEETING_NOTE,
    ...LABOUR_UNCERTAIN,
    ...LABOUR_EMERGENCY_UNCERTAIN,
    ...LABOUR_TRIGGER_UNCERTAIN,
    'selection.shortlist.minWomenLonglist':
      "At least half of a longlist must be women (DESIGN.md); the exact wording in each year's NEC guidelines is not verified.",
    'selection.shortlist.minWomenShortlist': 'Modelled as at least half women, like the longlist; not verified.',
    'internalElection.minWomen': NEC_MIN_WOMEN_NOTE,
    ...NEC_CONTESTS_UNCERTAIN,
    'internalElection.nominations.threshold': NEC_THRESHOLD_NOTE,
    'exemptions.parentalLeaveMonths': 'The exemptions were added in 2019, part-way through this era; the 2018 trigger ballots ran without them.',
    'leadership.nominations.parliamentaryShare':
      'The 2018 rules (used in the 2020 election): 10 per cent of the parliamentary party, counting Labour MEPs with MPs while there were any (in 2020, 22 of 212). Modelled as the parliamentary party the organisation lists: list MEPs in it to reproduce 2020.',
    'leadership.nominations.affiliateRoute': LEADERSHIP_SECOND_STAGE_NOTE,
    'leadership.nominations.challengerShare': LEADERSHIP_CHALLENGE_NOTE,
    'leadership.electorate.registeredSupporters':
      'Registered supporters sign up in a window the party sets and pay a fee: £3 in 2015, £25 in 2016 and 2020. Modelled as £25; the fee is set for each election by its officer, and the party validates each application (the electoral register, membership of an opposing party, the fee received).',
    'leadership.electorate.affiliatedSupporters': AFFILIATED_SUPPORTERS_NOTE,
    'leadership.deputy': LEADERSHIP_DEPUTY_NOTE,
  },
};

export const LABOUR_2021: Rulebook = {
  id: 'labour-2021',
  version: 1,
  name: 'Labour 2021',
  description:
    'Labour, 2021 onwards: the trigger ballot as an electoral college. Branches and affiliated branches each make up ' +
    'half of the college; each class counts as the share of its voting units that want a selection, and a selection ' +
    'is held when the weighted total is above 50%. Selections by one member one vote, counted by the alternative ' +
    'vote. NEC constituency section: 9 seats by STV with a Droop quota (since 2020).',
  eligibility: { minMembershipMonths: 6, arrearsGraceMonths: null, excludeSuspended: true },
  incumbentReview: {
    kind: 'trigger-ballot',
    combine: { kind: 'college', weights: { branch: HALF, affiliate: HALF }, threshold: { share: HALF, inclusive: false }, silentClass: 'reweight' },
    unitVote: { tie: 'no' },
    affiliateCounting: 'per-branch',
  },
  selection: LABOUR_OMOV_SELECTION,
  internalElection: { seats: 9, method: 'stv-droop', minWomen: 4, nominations: NEC_CLP_NOMINATIONS, contests: labourNecContests('stv-droop') },
  leadership: labourLeadership(20, true, MEMBERS_AND_AFFILIATED),
  exemptions: LABOUR_2019_EXEMPTIONS,
  snapElection: 'readopt-incumbents',
  emergency: LABOUR_EMERGENCY,
  ballotOrder: 'surname',
  statementWords: 400,
  nominationMeeting: LABOUR_NOMINATION_MEETING,
  uncertain: {
    'nominationMeeting.provisionalWeeks': LABOUR_NOMINATION_MEETING_NOTE,
    ...LABOUR_UNCERTAIN,
    ...LABOUR_EMERGENCY_UNCERTAIN,
    ...LABOUR_TRIGGER_UNCERTAIN,
    'incumbentReview.combine.silentClass':
      'What the college does when no unit of one class votes (e.g. a constituency without affiliated branches) is not verified. Counting the silent half as "no" would make such a seat impossible to trigger, so the other class\'s share is modelled as the whole result ("reweight"); "zero" is the alternative.',
    'selection.shortlist.minWomenLonglist':
      "At least half of a longlist must be women (DESIGN.md); the exact wording in each year's NEC guidelines is not verified.",
    'selection.shortlist.minWomenShortlist': 'Modelled as at least half women, like the longlist; not verified.',
    'internalElection.minWomen': NEC_MIN_WOMEN_NOTE,
    ...NEC_CONTESTS_UNCERTAIN,
    'internalElection.nominations.threshold': NEC_THRESHOLD_NOTE,
    'leadership.nominations.affiliateRoute': LEADERSHIP_SECOND_STAGE_NOTE,
    'leadership.nominations.challengerShare': LEADERSHIP_CHALLENGE_NOTE,
    'leadership.electorate': 'Members and affiliated supporters: the 2021 conference abolished registered supporters.',
    'leadership.electorate.affiliatedSupporters': AFFILIATED_SUPPORTERS_NOTE,
    'leadership.deputy': LEADERSHIP_DEPUTY_NOTE,
  },
};

const READOPTION_UNCERTAIN = {
  statementWords:
    "The length limit for a candidate's statement is not in the rulebook text we hold; modelled as 400 words for every statement (election and selection alike).",
  'incumbentReview.readoptThreshold':
    "A majority of those voting at the members' meeting (more than half) readopts; whether abstentions or members present but not voting count against is not verified (they are left out).",
  'incumbentReview.appeal': 'The appeal to a ballot of all members is decided by the same threshold as the meeting; not verified.',
  snapElection: 'What happens to a readoption under way when a snap election is called is not verified; modelled as readopting the incumbent.',
  ballotOrder: 'The order of names on the ballot paper is not verified; modelled as alphabetical by surname.',
  'selection.shortlist.minWomenShortlist':
    'Shortlist gender rules are usually "at least one of each gender" on shortlists of a given size, which is not a share; not modelled (null).',
  'selection.shortlist.incumbentAutomatically':
    'Whether an incumbent who is not readopted may be included in the selection without applying is not verified; modelled as yes.',
} as const;

/** What the Liberal Democrat and Conservative readoption rulebooks have in common. */
const READOPTION_RULES = {
  incumbentReview: { kind: 'members-meeting', readoptThreshold: { share: HALF, inclusive: false }, appeal: 'all-member-ballot' },
  selection: {
    ballot: 'omov',
    method: 'irv',
    nominations: { perUnit: 1, minWomenPerUnit: 0 },
    shortlist: { allWomen: false, minWomenLonglist: null, minWomenShortlist: null, incumbentAutomatically: true },
  },
  internalElection: null,
  leadership: null,
  exemptions: { suspendedIncumbent: false, parentalLeaveMonths: null },
  snapElection: 'readopt-incumbents',
  ballotOrder: 'surname',
  statementWords: 400,
} as const satisfies Partial<Rulebook>;

export const LIBDEM_READOPTION: Rulebook = {
  id: 'libdem-readoption',
  version: 1,
  name: 'Liberal Democrat readoption',
  description:
    "Liberal Democrat style: the local party readopts its sitting MP by a majority at a members' meeting; if the meeting " +
    'does not readopt, the MP may appeal to a ballot of all members, and if that fails a selection is held. Selections ' +
    'by one member one vote, counted by the alternative vote (single-seat STV).',
  eligibility: { minMembershipMonths: 6, arrearsGraceMonths: null, excludeSuspended: true },
  ...READOPTION_RULES,
  uncertain: {
    ...READOPTION_UNCERTAIN,
    'eligibility.minMembershipMonths': 'The qualifying period for voting in a Liberal Democrat selection is not verified; modelled as 6 months.',
    'selection.nominations.perUnit': 'Candidates apply rather than being nominated by units; modelled as one nomination per unit, with no gender rule.',
  },
};

export const CONSERVATIVE_READOPTION: Rulebook = {
  id: 'conservative-readoption',
  version: 1,
  name: 'Conservative readoption',
  description:
    "Conservative style: the constituency association readopts its sitting MP by a majority at a members' meeting; an " +
    'MP who is not readopted may appeal to a ballot of all members, and if that fails a selection is held. Selection ' +
    'by the members, in successive rounds (modelled as the alternative vote).',
  eligibility: { minMembershipMonths: 3, arrearsGraceMonths: null, excludeSuspended: true },
  ...READOPTION_RULES,
  uncertain: {
    ...READOPTION_UNCERTAIN,
    'incumbentReview.kind':
      "In practice the association's executive first decides whether to recommend readoption and a general meeting follows; both steps are modelled as the one members' meeting.",
    'eligibility.minMembershipMonths': 'A qualifying period of 3 months for voting in selections is reported but not verified.',
    'selection.method':
      'Final selection meetings vote in successive rounds, the lowest dropped each time (an exhaustive ballot); modelled as the alternative vote.',
    'selection.nominations.perUnit':
      'Candidates apply to the association rather than being nominated by units; modelled as one nomination per unit, with no gender rule.',
  },
};

/**
 * A union's executive elected by statutory postal ballot (TULRCA 1992, ss. 46–56, as amended by the
 * Trade Union Reform and Employment Rights Act 1993, s. 1): by post alone, every voting paper
 * numbered, an independent scrutineer who supervises the papers, receives them back, may inspect
 * the register, counts (or has them counted) and reports; election addresses printed as written.
 */
export const UNION_EXECUTIVE_STATUTORY: Rulebook = {
  id: 'union-executive-statutory',
  version: 1,
  name: 'Union executive (statutory postal ballot)',
  description:
    "A trade union's national executive, elected under the 1992 Act: a postal ballot of every member entitled to vote, " +
    "each sent a numbered voting paper and the candidates' election addresses, returned to an independent scrutineer, who " +
    'keeps the register of who holds which number, logs each paper that comes back, counts the papers received in time ' +
    'and reports: papers issued and returned, valid and spoilt, the votes for each candidate. Papers and register are kept ' +
    'for a year from the announcement of the result, then destroyed. Counted by STV (Droop quota).',
  eligibility: { minMembershipMonths: 0, arrearsGraceMonths: null, excludeSuspended: true },
  incumbentReview: { kind: 'mandatory-reselection' },
  selection: {
    ballot: 'omov',
    method: 'plurality',
    nominations: { perUnit: 1, minWomenPerUnit: 0 },
    shortlist: { allWomen: false, minWomenLonglist: null, minWomenShortlist: null, incumbentAutomatically: false },
  },
  internalElection: { seats: 5, method: 'stv-droop', minWomen: null, nominations: null },
  leadership: null,
  exemptions: { suspendedIncumbent: false, parentalLeaveMonths: null },
  snapElection: 'continue',
  ballotOrder: 'surname',
  statementWords: 500,
  statutoryPostal: { retentionMonths: 12, packBatchSize: 500 },
  uncertain: {
    'statutoryPostal.retentionMonths':
      "The scrutineer keeps the returned papers, and the copy of the register given to them, for one year beginning with the announcement of the result (s. 49(3) and (5A) as we read them); modelled as 12 months. Whether a union's own rules ask for longer is for its rulebook.",
    statementWords:
      'The Act lets the union set a word limit on election addresses, the same for every candidate, of at least 100 words (s. 48(3) as we read it), and forbids it to edit them; 500 words is an example, not a statutory figure.',
    'internalElection.method':
      'The Act leaves the counting method to the union\'s rules; many unions count executive seats by STV, others by first past the post ("plurality" for one seat, "block" for several). STV with a Droop quota is an example.',
    'internalElection.seats': "The number of seats is the union's own; 5 is an example. The opening of an election may set its own.",
    'eligibility.minMembershipMonths':
      'Entitlement to vote is given equally to all members (s. 50), save classes the Act allows a union to exclude (members in arrears among them); modelled as every current member, with no qualifying period.',
    statutoryPostal:
      "Paper numbers: each paper is given one of a series of consecutive whole numbers, a different one for each paper produced (s. 51(2) as we read it); Hustings hands 1…N to the register in a shuffled order, and a replacement gets the next number. The scrutineer here is the organisation's scrutineer role; the Act requires an independent person qualified under the Secretary of State's order, which the union must check itself.",
    'incumbentReview.kind':
      'Not a parliamentary party: the incumbent-review and selection settings are not used by this rulebook and are set to the plainest values.',
  },
};

/** Frozen all the way down: a preset is shared by every process that runs under it, so nothing may change it. */
function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/** Every bundled rulebook, oldest Labour era first. */
export const PRESETS: readonly Rulebook[] = deepFreeze([
  LABOUR_1979,
  LABOUR_1990,
  LABOUR_2018,
  LABOUR_2021,
  LIBDEM_READOPTION,
  CONSERVATIVE_READOPTION,
  UNION_EXECUTIVE_STATUTORY,
]);

/** The rulebook a process opens under when the officer chooses none: Labour's rules in force today. */
export const DEFAULT_PRESET_ID: string = LABOUR_2021.id;

export function presetById(id: string): Rulebook | undefined {
  return PRESETS.find((p) => p.id === id);
}
