/**
 * Rulebooks: everything party-specific, as validated, versioned data. The same
 * processes run a Labour trigger ballot of any era, a Liberal Democrat
 * readoption meeting or a union's own rules, by reading one of these.
 *
 * Shares are exact fractions of whole numbers (never a rounded decimal), so "at
 * least one third" means exactly that.
 */
import type { StatutoryPostalRules } from './postal-ballot.js';

export interface Fraction {
  readonly num: number;
  readonly den: number;
}

/** A share that must be reached: `share` and above when inclusive, strictly above otherwise. */
export interface Threshold {
  readonly share: Fraction;
  readonly inclusive: boolean;
}

/** Who may vote, judged at the freeze date. */
export interface EligibilityRules {
  /** Months of continuous membership needed at the freeze date. */
  readonly minMembershipMonths: number;
  /** Members in arrears may still vote if their arrears began less than this many months before the freeze date; null: never. */
  readonly arrearsGraceMonths: number | null;
  /** Suspended members may not vote (true in every known rulebook; a setting so custom rules can say otherwise). */
  readonly excludeSuspended: boolean;
}

/** How a unit's meeting becomes its decision. */
export interface UnitVoteRules {
  /** What a meeting whose for and against are equal decides. */
  readonly tie: 'no' | 'abstain';
}

/** How the units' decisions combine into an outcome. Units that abstain or do not meet drop out of the denominator. */
export type TriggerCombine =
  /** Branches and affiliates pooled: the share of all voting units wanting a selection. */
  | { readonly kind: 'pooled'; readonly threshold: Threshold }
  /** Triggered if either class, on its own, reaches the threshold. */
  | { readonly kind: 'either-class'; readonly threshold: Threshold }
  /** Electoral college: each class's share of its voting units, weighted, summed. */
  | {
      readonly kind: 'college';
      readonly weights: { readonly branch: Fraction; readonly affiliate: Fraction };
      readonly threshold: Threshold;
      /**
       * When no unit of one class votes (say, a constituency with no affiliated
       * branches): 'reweight' (the default when absent) judges on the other
       * class's share alone; 'zero' counts the silent class's weight as not
       * wanting a selection.
       */
      readonly silentClass?: SilentClass;
    };

export type SilentClass = 'reweight' | 'zero';

export type IncumbentReview =
  /** Always a full selection (Labour 1979–90). */
  | { readonly kind: 'mandatory-reselection' }
  | {
      readonly kind: 'trigger-ballot';
      readonly combine: TriggerCombine;
      readonly unitVote: UnitVoteRules;
      /** One vote per affiliated branch, or one per affiliate in total (decided by a majority of its branches). */
      readonly affiliateCounting: 'per-branch' | 'per-affiliate';
    }
  /** A members' meeting readopts the incumbent by a majority (Liberal Democrat / Conservative style). */
  | {
      readonly kind: 'members-meeting';
      readonly readoptThreshold: Threshold;
      /** If the meeting does not readopt, the incumbent may appeal to an all-member ballot. */
      readonly appeal: 'all-member-ballot' | null;
    };

export interface NominationRules {
  /** Most nominations one unit may make. */
  readonly perUnit: number;
  /** If set, a unit nominating more than one must include at least this many women. */
  readonly minWomenPerUnit: number;
}

export interface ShortlistRules {
  readonly allWomen: boolean;
  /** At least this share of the longlist must be women; null: no rule. */
  readonly minWomenLonglist: Fraction | null;
  /** At least this share of the shortlist must be women; null: no rule. */
  readonly minWomenShortlist: Fraction | null;
  /** A triggered incumbent goes onto the shortlist without nomination. */
  readonly incumbentAutomatically: boolean;
}

export interface SelectionRules {
  /** Who votes in the selection: all eligible members (OMOV), or delegates of a management committee. */
  readonly ballot: 'omov' | 'delegates';
  /** The counting rule (a `hustings count` method id): the alternative vote for Labour since 1993. */
  readonly method: 'irv' | 'plurality';
  readonly nominations: NominationRules;
  readonly shortlist: ShortlistRules;
}

/** Kinds of body that may nominate a candidate in a national internal election. */
export type NominatingBody = 'constituency' | 'affiliate';
export const NOMINATING_BODIES: readonly NominatingBody[] = ['constituency', 'affiliate'];

/**
 * How candidates reach a national internal election's ballot paper: nominated by
 * bodies (a constituency party after its meeting, an affiliate), each body
 * nominating at most as many candidates as there are seats, and standing once
 * `threshold` bodies have nominated them and they have accepted.
 */
export interface ElectionNominationRules {
  readonly bodies: readonly NominatingBody[];
  /** Nominations from different bodies a candidate needs to stand (Labour NEC CLP section: 5 constituency parties). */
  readonly threshold: number;
}

export interface InternalElectionRules {
  readonly seats: number;
  /** A `hustings count` method id, e.g. "stv-droop" (Labour NEC since 2020) or "block" (2018). */
  readonly method: string;
  /** Minimum seats for women, or null; enforced as the counting library documents. */
  readonly minWomen: number | null;
  /** Nominations by bodies with a threshold; null: officers enter the candidates directly. */
  readonly nominations: ElectionNominationRules | null;
  /**
   * The contests the organisation elects in one exercise, in the order its ballot paper gives them
   * (Labour: the NEC's constituency section, youth, Welsh, disabled members', BAME representatives,
   * treasurer). Absent: one contest, by the seats, method and minimum above.
   */
  readonly contests?: readonly ContestRules[] | undefined;
}

/**
 * Who may vote in a contest, beyond the election's eligibility rules: its electorate is the
 * election's, filtered by this (judged by `src/domain/segment.ts`).
 */
export type Segment =
  | { readonly kind: 'everyone' }
  /** Members whose branch lies in the region (or nation) of this name, e.g. "Wales". */
  | { readonly kind: 'region'; readonly region: string }
  /** Members younger than `age` on the freeze date (by their date of birth). */
  | { readonly kind: 'under-age'; readonly age: number }
  /** Members who self-identify with this characteristic (one of SELF_IDENTIFIED). */
  | { readonly kind: 'self-identified'; readonly characteristic: string }
  /** Members of one of these membership classes. */
  | { readonly kind: 'membership-class'; readonly classes: readonly string[] };

export type SegmentKind = Segment['kind'];
export const SEGMENT_KINDS: readonly SegmentKind[] = ['everyone', 'region', 'under-age', 'self-identified', 'membership-class'];

export interface ContestRules {
  /** Short stable id, e.g. "nec-clp" or "youth": what `hustings election open --contests` names. */
  readonly id: string;
  /** For people: "NEC constituency section", "Youth representative". */
  readonly title: string;
  readonly seats: number;
  readonly method: string;
  readonly minWomen: number | null;
  readonly segment: Segment;
}

/**
 * The affiliates' route to a leadership ballot: at least `affiliates` affiliates, at least `unions`
 * of them trade unions, together holding at least `membershipShare` of all affiliated membership.
 */
export interface AffiliateRoute {
  readonly affiliates: number;
  readonly unions: number;
  readonly membershipShare: Fraction;
}

/**
 * Who may stand for leader, and how. Every share is "at least", judged exactly in whole numbers: a
 * count `c` of a whole `n` reaches `num/den` when c × den ≥ num × n (20% of 198 MPs is 39.6, so 40).
 * With a vacancy a candidate needs `parliamentaryShare` of the parliamentary party (its MPs) and then,
 * when the rulebook has a second stage, either `constituencyShare` of the constituency parties or the
 * affiliates' route. With no vacancy a challenger needs `challengerShare` of the MPs alone, and the
 * incumbent is on the ballot without nominations.
 */
export interface LeadershipNominationRules {
  readonly parliamentaryShare: Fraction;
  /** The constituency parties' route of the second stage; null: no such route. */
  readonly constituencyShare: Fraction | null;
  /** The affiliates' route of the second stage; null: no such route. Both null: the MPs' stage alone. */
  readonly affiliateRoute: AffiliateRoute | null;
  readonly challengerShare: Fraction;
}

/**
 * Who votes for leader besides the members (who always do, judged by the eligibility rules): the
 * electorate's classes. Members of an affiliate who sign up as its supporters, with no fee; and
 * registered supporters, anyone who signs up in a window the officers set, pays a fee and is
 * accepted by the officers' validation (Labour 2015–2021).
 */
export interface LeadershipElectorateRules {
  readonly affiliatedSupporters: boolean;
  /** Null: no registered supporters. `feePence`: the fee the rulebook names, in pence; the officer sets each election's own. */
  readonly registeredSupporters: { readonly feePence: number } | null;
}

/** The classes of a leadership electorate. */
export type ElectorateClass = 'member' | 'affiliated-supporter' | 'registered-supporter';
export const ELECTORATE_CLASSES: readonly ElectorateClass[] = ['member', 'affiliated-supporter', 'registered-supporter'];

/** A leadership election: one post, counted by `method` (a `hustings count` method id: the alternative vote for Labour). */
export interface LeadershipRules {
  readonly method: string;
  readonly nominations: LeadershipNominationRules;
  /**
   * Who may stand for deputy leader, when a deputy leadership contest can run in the same election
   * (its own nominations, counted by the same method). Absent: the rulebook sets no deputy contest.
   */
  readonly deputy?: LeadershipNominationRules | undefined;
  /** The electorate's classes besides members; absent: members alone. */
  readonly electorate?: LeadershipElectorateRules | undefined;
}

/** The classes a leadership election's electorate is made of, members first. */
export function electorateClassesOf(l: LeadershipRules): ElectorateClass[] {
  return [
    'member',
    ...(l.electorate?.affiliatedSupporters ? (['affiliated-supporter'] as const) : []),
    ...(l.electorate?.registeredSupporters ? (['registered-supporter'] as const) : []),
  ];
}

export interface Exemptions {
  /** A suspended incumbent faces no trigger ballot (is not readopted automatically either: the party decides). */
  readonly suspendedIncumbent: boolean;
  /** An incumbent within this many months of the end of parental leave is exempt; null: no exemption. */
  readonly parentalLeaveMonths: number | null;
}

/**
 * What the national body does in an emergency (a snap election) and when it endorses a readoption.
 * Absent from a rulebook: no readoption waits for endorsement, and an emergency selection is decided
 * by the members' ballot.
 */
export interface EmergencyRules {
  /** A readoption waits for the national body to endorse it: never, on every readoption, or only on a snap election's. */
  readonly readoptionEndorsement: 'none' | 'every-readoption' | 'snap-election';
  /** The national body that endorses and runs emergency selections, as people call it ("the National Executive Committee"). */
  readonly nationalBody: string;
  /** Who chooses the candidate in an emergency selection once its panel has shortlisted: the members in a ballot on a short timetable, or the panel itself. */
  readonly emergencySelection: 'members-ballot' | 'panel-decides';
}

/**
 * What an upheld dispute may order. Adding one: its kind here, its shape and checks in
 * processes/disputes.ts (`DisputeRemedy`, `REMEDY_CHECKS`), and its effect in each process that
 * takes it (that process's `applyRemedy`).
 */
export type DisputeRemedyKind =
  | 'void-unit-result'
  | 'reinstate-candidate'
  | 'restore-member'
  | 'reinstate-applicant'
  | 'extend-timetable'
  | 'pause-timetable'
  | 'rerun-ballot';
export const DISPUTE_REMEDY_KINDS: readonly DisputeRemedyKind[] = [
  'void-unit-result',
  'reinstate-candidate',
  'restore-member',
  'reinstate-applicant',
  'extend-timetable',
  'pause-timetable',
  'rerun-ballot',
];

/** The disputes panel's powers: the remedies it may order, and whether its decisions are published on a process's public page. */
export interface DisputeRules {
  readonly remedies: readonly DisputeRemedyKind[];
  readonly publishDecisions: boolean;
}

/**
 * A rulebook that says nothing of disputes: every remedy Hustings knows, decisions told to the
 * parties and members but not published. The parties' rulebooks give the panel (Labour's NEC
 * Disputes Panel, the Liberal Democrats' Federal Appeals Panel) wide powers "to take such action as
 * it sees fit"; which remedies each has used is not set down, so none is ruled out by default.
 */
export const DEFAULT_DISPUTE_RULES: DisputeRules = { remedies: DISPUTE_REMEDY_KINDS, publishDecisions: false };

/**
 * Whether a rulebook's ballots may or must be encrypted. A rulebook that says nothing (every bundled
 * one) leaves it to each process, whose ballots are plain unless it chooses otherwise when opened.
 */
export const ballotEncryptionOf = (rb: Pick<Rulebook, 'ballots'>): BallotEncryption => rb.ballots?.encryption ?? 'optional';

/** The dispute rules of a rulebook, its own or the default. */
export const disputeRulesOf = (rb: Pick<Rulebook, 'disputes'>): DisputeRules => rb.disputes ?? DEFAULT_DISPUTE_RULES;

/** Candidates alphabetical by surname (Labour's ballots), or rotated per voter so no position favours anyone. */
export type BallotOrder = 'surname' | 'rotated';

/** Who may vote at a constituency party's all-member nomination meeting. */
export interface NominationMeetingRules {
  /** A member who joined fewer than this many weeks before the meeting may attend but not vote (Labour: 8). */
  readonly provisionalWeeks: number;
}

/**
 * Whether a selection's or internal election's ballots are encrypted in the voter's browser and
 * counted after a mix by trustees (docs/verifiable-ballots.md): never, the process chooses when it is
 * opened, or always.
 */
export type BallotEncryption = 'never' | 'optional' | 'required';

export interface BallotEncryptionRules {
  readonly encryption: BallotEncryption;
}

export interface Rulebook {
  /** Short stable id, e.g. "labour-2021". */
  readonly id: string;
  readonly version: number;
  readonly name: string;
  readonly description: string;
  readonly eligibility: EligibilityRules;
  readonly incumbentReview: IncumbentReview;
  readonly selection: SelectionRules;
  readonly internalElection: InternalElectionRules | null;
  /** Who may stand for leader and how the leader is elected; null: the rulebook sets no leadership election. */
  readonly leadership: LeadershipRules | null;
  readonly exemptions: Exemptions;
  /** When a snap election is called: open trigger ballots are cancelled and incumbents readopted. */
  readonly snapElection: 'readopt-incumbents' | 'continue';
  /** The order of candidates on a ballot paper. Never the order of nomination. */
  readonly ballotOrder: BallotOrder;
  /** The most words a candidate's statement may have (an internal election's, or a selection application's); counted in words, not characters. */
  readonly statementWords: number;
  /**
   * A union's statutory postal ballot (TULRCA 1992 ss. 46–56): the internal election is held by
   * post alone, with numbered papers and an independent scrutineer. Absent: no such ballot.
   */
  readonly statutoryPostal?: StatutoryPostalRules | undefined;
  /** Endorsement of readoptions and emergency selections (absent: none). */
  readonly emergency?: EmergencyRules | undefined;
  /**
   * An all-member nomination meeting of a constituency party (nominating for leader, deputy or the
   * NEC): who may vote at it. Absent: no provisional period, every member of the party in good
   * standing on the day may vote.
   */
  readonly nominationMeeting?: NominationMeetingRules | undefined;
  /**
  /** Encrypted ballots for selections and internal elections. Absent: each process chooses (plain unless it asks). */
  readonly ballots?: BallotEncryptionRules | undefined;
  /** The remedies its disputes panel may order, and whether decisions are published. Absent: `DEFAULT_DISPUTE_RULES`. */
  readonly disputes?: DisputeRules | undefined;
  /**
   * Parameters whose historical value is not certain, by path (e.g.
   * "incumbentReview.combine.threshold.inclusive"), with what is and is not known.
   */
  readonly uncertain: Readonly<Record<string, string>>;
}

// ---- Helpers ---------------------------------------------------------------------

export const fraction = (num: number, den: number): Fraction => ({ num, den });

/** How a process names the rulebook it runs under: "labour-2021@1". */
export const rulebookRef = (rb: Pick<Rulebook, 'id' | 'version'>): string => `${rb.id}@${rb.version}`;

/** The silent-class rule of an electoral college, with its default filled in. */
export const silentClassOf = (combine: Extract<TriggerCombine, { kind: 'college' }>): SilentClass => combine.silentClass ?? 'reweight';

/** The unit-meeting rules of a rulebook that holds unit votes; null for mandatory reselection and members' meetings. */
export function unitVoteOf(rb: Rulebook): UnitVoteRules | null {
  return rb.incumbentReview.kind === 'trigger-ballot' ? rb.incumbentReview.unitVote : null;
}
