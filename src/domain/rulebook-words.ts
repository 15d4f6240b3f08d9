/**
 * Rulebooks in words: the phrases `rulebook show`, `rulebook diff` and the
 * trigger arithmetic share, so a rule is described the same way everywhere.
 * Numbers are exact: a share that is not a short decimal is written as a
 * fraction with an approximate percentage beside it, never silently rounded.
 */
import { formatScaledShort } from '../count/decimal.js';
import { METHODS } from '../count/methods/index.js';
import { compareRatio, ratio, type Ratio } from '../count/ratio.js';
import { segmentWords } from './segment.js';
import {
  ballotEncryptionOf,
  silentClassOf,
  type AffiliateRoute,
  type BallotEncryption,
  type DisputeRemedyKind,
  type DisputeRules,
  type BallotOrder,
  type Fraction,
  type IncumbentReview,
  type LeadershipNominationRules,
  type LeadershipRules,
  type NominatingBody,
  type Rulebook,
  type Threshold,
} from './rulebook.js';

// ---- Exact numbers -----------------------------------------------------------------

export const ratioOf = (f: Fraction): Ratio => ratio(f.num, f.den);

/** A ratio as a JSON-friendly fraction; whole numbers this large mean a caller passed absurd data. */
export function fractionOf(r: Ratio): Fraction {
  const num = Number(r.num);
  const den = Number(r.den);
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den)) throw new RangeError(`${r.num}/${r.den} is too large to report exactly`);
  return { num, den };
}

/** Whether a threshold is met by a share: at or above it when inclusive, strictly above otherwise. */
export function meets(share: Ratio, t: Threshold): boolean {
  const c = compareRatio(share, ratioOf(t.share));
  return t.inclusive ? c >= 0 : c > 0;
}

/** "57.5%", "100%"; for a share that is not a decimal of at most 4 places: "about 33.33%". */
export function percentText(r: Ratio): string {
  const p = ratio(r.num * 100n, r.den);
  for (let places = 0; places <= 4; places++) {
    const scale = 10n ** BigInt(places);
    if ((p.num * scale) % p.den === 0n) {
      const scaled = (p.num * scale) / p.den;
      return formatScaledShort(scaled, places) + '%';
    }
  }
  // Rounded half up at two places: only ever shown beside the exact fraction.
  const scaled = (p.num * 100n * 2n + p.den) / (2n * p.den);
  return `about ${formatScaledShort(scaled, 2)}%`;
}

/** "15%", or "1/3 (about 33.33%)" when the percentage is not exact. */
export function shareText(r: Ratio): string {
  const p = percentText(r);
  return p.startsWith('about') ? `${r.num}/${r.den} (${p})` : p;
}

const NAMED: Readonly<Record<string, string>> = {
  '1/2': 'half',
  '1/3': 'one third',
  '2/3': 'two thirds',
  '1/4': 'a quarter',
  '3/4': 'three quarters',
  '1/5': 'a fifth',
};

/** "one third", "half", "40%", "7/9". */
export function fractionWords(f: Fraction): string {
  const r = ratioOf(f);
  const named = NAMED[`${r.num}/${r.den}`];
  if (named) return named;
  const p = percentText(r);
  return p.startsWith('about') ? `${r.num}/${r.den}` : p;
}

/** "at least one third", "more than half" (or, with `percent`, "at least 50%", "above 50%"). */
export function thresholdWords(t: Threshold, percent = false): string {
  const r = ratioOf(t.share);
  const p = percentText(r);
  const what = percent && !p.startsWith('about') ? p : fractionWords(t.share);
  if (percent && !p.startsWith('about')) return t.inclusive ? `at least ${what}` : `above ${what}`;
  return t.inclusive ? `at least ${what}` : `more than ${what}`;
}

/** "≥ 1/3" or "> 50%": the comparison the arithmetic makes. */
export function thresholdSymbol(t: Threshold): string {
  const r = ratioOf(t.share);
  const p = percentText(r);
  return `${t.inclusive ? '≥' : '>'} ${p.startsWith('about') ? `${r.num}/${r.den}` : p}`;
}

export function monthsWords(n: number): string {
  return n === 1 ? '1 month' : `${n} months`;
}

// ---- Rules in words ----------------------------------------------------------------

/** What the incumbent review does, as a predicate: "Labour 2018 <triggers if …>". */
export function reviewWords(review: IncumbentReview): string {
  switch (review.kind) {
    case 'mandatory-reselection':
      return 'holds a full selection every time (mandatory reselection)';
    case 'members-meeting': {
      const base = `readopts the incumbent if ${thresholdWords(review.readoptThreshold)} of those voting at a members' meeting agree`;
      return review.appeal === 'all-member-ballot' ? `${base}, with an appeal to a ballot of all members` : `${base}; otherwise a selection is held`;
    }
    case 'trigger-ballot': {
      const c = review.combine;
      switch (c.kind) {
        case 'pooled':
          return `pools branches and affiliates and triggers if ${thresholdWords(c.threshold)} of the voting units want a selection`;
        case 'either-class':
          return `triggers if either branches or affiliates reach ${thresholdWords(c.threshold)} of their voting units`;
        case 'college':
          return `combines branches and affiliates in a ${weightsWords(c.weights)} electoral college and triggers ${thresholdWords(c.threshold, true)}`;
        default:
          return assertNever(c);
      }
    }
    default:
      return assertNever(review);
  }
}

/** "50/50", or "40% branches / 60% affiliates". */
export function weightsWords(w: { readonly branch: Fraction; readonly affiliate: Fraction }): string {
  const b = percentText(ratioOf(w.branch));
  const a = percentText(ratioOf(w.affiliate));
  if (!b.startsWith('about') && !a.startsWith('about')) {
    return b === a ? `${b.slice(0, -1)}/${a.slice(0, -1)}` : `${b} branches / ${a} affiliates`;
  }
  return `${fractionWords(w.branch)} branches / ${fractionWords(w.affiliate)} affiliates`;
}

export function tieWords(tie: 'no' | 'abstain'): string {
  return tie === 'no' ? 'counts a tied unit meeting as a no' : 'counts a tied unit meeting as an abstention (the unit drops out)';
}

export function affiliateCountingWords(c: 'per-branch' | 'per-affiliate'): string {
  return c === 'per-branch' ? 'counts one vote per affiliated branch' : 'counts one vote per affiliate in total, decided by a majority of its branches';
}

export function silentClassWords(s: 'reweight' | 'zero'): string {
  return s === 'reweight'
    ? 'judges on one class alone when no unit of the other class votes'
    : 'counts a class with no voting unit as not wanting a selection (its weight is lost)';
}

const METHOD_PHRASES: Readonly<Record<string, string>> = {
  plurality: 'plurality',
  block: 'block vote',
  irv: 'the alternative vote',
  'stv-scottish': 'Scottish STV',
  'stv-ers97': 'ERS97 STV',
  'stv-meek': 'Meek STV',
  'stv-droop': 'STV with a Droop quota',
  'stv-mpls': 'Minneapolis STV',
  'stv-wigm': 'STV by the weighted inclusive Gregory method',
};

/** "the alternative vote (irv)": a counting method as a sentence names it, with its `hustings count` id. */
export function methodWords(id: string): string {
  const phrase = methodPhrase(id);
  return phrase !== id ? `${phrase} (${id})` : id;
}

/** "3 seats by stv-meek, at least 1 woman": what an internal election was opened with, as its officers' messages say it. */
export function seatsByMethodWords(e: { readonly seats: number; readonly method: string; readonly minWomen: number | null }): string {
  return `${e.seats} ${e.seats === 1 ? 'seat' : 'seats'} by ${e.method}${e.minWomen ? `, at least ${e.minWomen} ${e.minWomen === 1 ? 'woman' : 'women'}` : ''}`;
}

/** "the alternative vote": a counting method as a sentence names it for members, without the id only the command line needs. */
export function methodPhrase(id: string): string {
  return METHOD_PHRASES[id] ?? METHODS.find((x) => x.id === id)?.name ?? id;
}

export function membershipWords(months: number): string {
  return months === 0 ? 'needs no minimum period of membership' : `needs ${monthsWords(months)}' continuous membership at the freeze date`;
}

export function arrearsWords(grace: number | null): string {
  return grace === null || grace === 0
    ? 'bars members in arrears'
    : `lets members in arrears vote if their arrears began less than ${monthsWords(grace)} before the freeze date`;
}

export function suspendedWords(exclude: boolean): string {
  return exclude ? 'bars suspended members' : 'lets suspended members vote';
}

export function ballotWords(ballot: 'omov' | 'delegates'): string {
  return ballot === 'omov' ? 'selects by one member one vote' : 'selects by a vote of delegates (the General Management Committee)';
}

export function shareRuleWords(share: Fraction | null, where: string): string {
  return share === null ? `has no rule on women on the ${where}` : `requires at least ${fractionWords(share)} women on the ${where}`;
}

/** `method` names the counting method: by default with its id, as the command line shows it; pages pass `methodPhrase` (no id). */
export function internalElectionWords(ie: Rulebook['internalElection'], method: (id: string) => string = methodWords): string {
  if (ie === null) return 'sets no rules for a national internal election';
  const women = ie.minWomen === null ? 'no minimum of women' : `at least ${ie.minWomen} ${ie.minWomen === 1 ? 'woman' : 'women'}`;
  return `elects ${ie.seats} national executive seats by ${method(ie.method)} with ${women}`;
}

/** The contests held in one election, completing "It …"; null when the rulebook names none. */
export function contestsWords(ie: Rulebook['internalElection']): string | null {
  const contests = ie?.contests ?? [];
  if (contests.length === 0) return null;
  const each = contests.map((c) => `the ${c.title} (${seatsByMethodWords({ ...c, method: methodPhrase(c.method) })}, for ${segmentWords(c.segment)})`);
  return `holds these contests in one election: ${each.join('; ')}`;
}

const BODY_WORDS: Readonly<Record<NominatingBody, string>> = { constituency: 'constituency parties', affiliate: 'affiliates' };

/** Who nominates candidates in a national internal election, and how many nominations a candidate needs. */
export function electionNominationWords(ie: Rulebook['internalElection']): string {
  const n = ie?.nominations ?? null;
  if (ie === null || n === null) return 'has officers enter the candidates of a national internal election directly';
  const bodies = n.bodies.map((b) => BODY_WORDS[b]).join(' or ');
  return `has candidates nominated by ${bodies}, each nominating up to ${ie.seats}; a candidate needs ${n.threshold} ${n.threshold === 1 ? 'nomination' : 'nominations'} and must accept to stand`;
}

/** "at least 3 affiliates, at least 2 of them trade unions, together holding at least 5% of affiliated membership". */
export function affiliateRouteWords(a: AffiliateRoute): string {
  const unions = a.unions === 0 ? '' : `, at least ${a.unions} of them ${a.unions === 1 ? 'a trade union' : 'trade unions'}`;
  return `at least ${a.affiliates} ${a.affiliates === 1 ? 'affiliate' : 'affiliates'}${unions}, together holding at least ${shareText(ratioOf(a.membershipShare))} of affiliated membership`;
}

/** What a vacancy's candidate needs, completing "a candidate needs …". */
export function vacancyNominationWords(n: LeadershipNominationRules): string {
  const mps = `at least ${shareText(ratioOf(n.parliamentaryShare))} of the parliamentary party's MPs`;
  const routes = [
    ...(n.constituencyShare ? [`at least ${shareText(ratioOf(n.constituencyShare))} of constituency parties`] : []),
    ...(n.affiliateRoute ? [affiliateRouteWords(n.affiliateRoute)] : []),
  ];
  if (routes.length === 0) return mps;
  return `${mps}, and then ${routes.length === 1 ? routes[0] : `either ${routes.join(' or ')}`}`;
}

/** Who may stand for leader, and how the leader is elected: sentences completing "It …", empty of rules when the rulebook sets none. */
export function leadershipWords(l: Rulebook['leadership'], method: (id: string) => string = methodWords): string[] {
  if (l === null) return ['sets no rules for a leadership election'];
  const n = l.nominations;
  return [
    `elects its leader by ${method(l.method)}; when the post is vacant a candidate needs ${vacancyNominationWords(n)}`,
    `lets a challenger stand against a sitting leader with at least ${shareText(ratioOf(n.challengerShare))} of the MPs, and puts the sitting leader on the ballot without nominations`,
    'counts every share as "at least", in whole nominations: 20% of 198 MPs is 39.6, so 40 are needed',
    leadershipElectorateWords(l.electorate),
    ...(l.deputy ? [deputyWords(l.deputy)] : []),
  ];
}

/** "£25", "£3", "£2.50", "no fee". */
export function feeWords(pence: number): string {
  if (pence === 0) return 'no fee';
  return pence % 100 === 0 ? `£${pence / 100}` : `£${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, '0')}`;
}

/** Who votes for leader, completing "It …". */
export function leadershipElectorateWords(e: LeadershipRules['electorate']): string {
  const classes = ['its members'];
  if (e?.affiliatedSupporters) classes.push("affiliated supporters (members of an affiliate who sign up as the party's supporters, with no fee)");
  if (e?.registeredSupporters)
    classes.push(
      `registered supporters (who sign up in a window the officers set, pay a fee — ${feeWords(e.registeredSupporters.feePence)} unless the officers set another — and are accepted by the officers)`,
    );
  return `lets ${classes.length === 1 ? 'its members alone' : classes.slice(0, -1).join(', ') + ' and ' + classes[classes.length - 1]} vote for leader`;
}

/** The deputy leader's contest in the same election: what a candidate for deputy needs. */
function deputyWords(d: NonNullable<NonNullable<Rulebook['leadership']>['deputy']>): string {
  return `can hold a deputy leadership contest in the same election, where a candidate for deputy leader needs ${vacancyNominationWords(d)}`;
}

export function statementWordsWords(words: number): string {
  return `limits a candidate's statement to ${words.toLocaleString('en-GB')} words`;
}

/** Whether the internal election is a statutory postal ballot, and its retention period and print batches. */
export function statutoryPostalWords(rules: Rulebook['statutoryPostal']): string {
  if (!rules) return 'holds no statutory postal ballot';
  return `holds its internal election as a statutory postal ballot (numbered papers, an independent scrutineer), keeping the papers and the register for ${monthsWords(rules.retentionMonths)} from the announcement, printed in files of ${rules.packBatchSize.toLocaleString('en-GB')} papers`;
}

/** Who may vote at a constituency party's nomination meeting: the provisional period, in weeks. */
export function nominationMeetingWords(rules: Rulebook['nominationMeeting']): string {
  if (!rules || rules.provisionalWeeks === 0) return "lets every member in good standing vote at a constituency party's nomination meeting";
  return `lets a member who joined fewer than ${rules.provisionalWeeks} weeks before a constituency party's nomination meeting attend it but not vote`;
}

const REMEDY_WORDS: Readonly<Record<DisputeRemedyKind, string>> = {
  'void-unit-result': "void a unit's meeting and order it held again",
  'reinstate-candidate': 'reinstate a candidate',
  'restore-member': 'restore a member to an electorate',
  'reinstate-applicant': "reinstate a supporter's rejected application",
  'extend-timetable': 'extend the timetable',
  'pause-timetable': 'pause the timetable',
  'rerun-ballot': 'void a ballot and hold it again',
};

const ENCRYPTION_WORDS: Readonly<Record<BallotEncryption, string>> = {
  never: 'takes selection and election ballots in plain form only, kept secret by the server',
  optional:
    'lets each selection and election choose, before anyone votes, ballots encrypted in the voter’s browser and decrypted only by its trustees (plain ballots otherwise)',
  required: 'encrypts every selection and election ballot in the voter’s browser, decrypted only by its trustees after they have shuffled them',
};

/** Whether selection and election ballots are encrypted. */
export function ballotEncryptionWords(encryption: BallotEncryption): string {
  return ENCRYPTION_WORDS[encryption];
}

/** What the disputes panel may order, and whether its decisions are published. */
export function disputeRulesWords(rules: DisputeRules): string {
  const may =
    rules.remedies.length === 0
      ? 'lets its disputes panel order no remedy'
      : `lets its disputes panel ${rules.remedies.map((r) => REMEDY_WORDS[r]).join(', ')}`;
  return `${may}, ${rules.publishDecisions ? 'publishing its decisions on the process’s public page' : 'telling its decisions to the parties and members, not the public'}`;
}

export function parentalLeaveWords(months: number | null): string {
  return months === null ? 'has no parental-leave exemption' : `exempts an incumbent within ${monthsWords(months)} of maternity or parental leave`;
}

export function suspendedIncumbentWords(exempt: boolean): string {
  return exempt ? 'holds no review of a suspended incumbent' : 'does not exempt a suspended incumbent';
}

/** Whether a readoption waits for the national body's endorsement. */
export function endorsementWords(rules: Rulebook['emergency']): string {
  const rule = rules?.readoptionEndorsement ?? 'none';
  if (rule === 'none') return 'readopts an incumbent without waiting for the national body to endorse them';
  const body = rules!.nationalBody;
  return rule === 'every-readoption'
    ? `makes every readoption wait for ${body} to endorse it; a refusal sends the seat to a selection`
    : `makes a readoption on a snap election wait for ${body} to endorse it; a refusal sends the seat to a selection`;
}

/** Who chooses the candidate in an emergency selection. */
export function emergencySelectionWords(rules: Rulebook['emergency']): string {
  if (rules === undefined) return "runs an emergency selection's shortlist to a members' ballot on a short timetable";
  return rules.emergencySelection === 'panel-decides'
    ? `lets a panel of ${rules.nationalBody} shortlist and choose the candidate itself in an emergency selection`
    : `lets a panel of ${rules.nationalBody} shortlist in an emergency selection, then the members vote on a short timetable`;
}

export function snapElectionWords(s: 'readopt-incumbents' | 'continue'): string {
  return s === 'readopt-incumbents'
    ? 'cancels open reviews and readopts incumbents when a snap election is called'
    : 'lets open reviews continue when a snap election is called';
}

export function ballotOrderWords(order: BallotOrder): string {
  return order === 'surname'
    ? 'lists candidates on the ballot paper alphabetically by surname'
    : 'lists candidates on the ballot paper in an order rotated for each voter, so every candidate is first equally often';
}

/**
 * Who reads a rulebook's words: the command line names each counting method and uncertain value by the
 * id a rulebook file uses ("the alternative vote (irv)", "statementWords"); a page says it in words alone.
 */
export type RulebookReader = 'command-line' | 'page';

/** What a rulebook's uncertain values are about, for a page: the settings a preset marks as uncertain, in words. */
const UNCERTAIN_SETTINGS: Readonly<Record<string, string>> = {
  'eligibility.minMembershipMonths': 'The months of membership needed to vote',
  'eligibility.arrearsGraceMonths': 'How long a member may be in arrears and still vote',
  'exemptions.parentalLeaveMonths': 'The exemption after maternity or parental leave',
  'incumbentReview.kind': 'How a sitting representative is reviewed',
  'incumbentReview.affiliateCounting': 'How affiliated branches are counted',
  'incumbentReview.appeal': 'The appeal against a review',
  'incumbentReview.combine.silentClass': 'What happens when no unit of one class votes',
  'incumbentReview.combine.threshold.inclusive': 'Whether exactly the threshold triggers a selection',
  'incumbentReview.readoptThreshold': 'The share needed to readopt',
  'incumbentReview.unitVote.tie': 'What a tied unit meeting decides',
  internalElection: 'The national internal election',
  leadership: 'The leadership election',
  'leadership.nominations.parliamentaryShare': 'The share of MPs a candidate for leader needs',
  'leadership.nominations.affiliateRoute': 'The constituency parties’ and affiliates’ routes to a leadership ballot',
  'leadership.nominations.challengerShare': 'What a challenger to a sitting leader needs',
  'leadership.electorate': 'Who votes for leader',
  'leadership.electorate.affiliatedSupporters': 'Affiliated supporters in a leadership election',
  'leadership.electorate.registeredSupporters': 'Registered supporters and their fee',
  'leadership.deputy': 'What a candidate for deputy leader needs',
  'internalElection.contests': 'The contests held in one election',
  'internalElection.minWomen': 'The minimum of women on the national executive',
  'internalElection.nominations.threshold': 'The nominations a candidate needs',
  'selection.ballot': 'Who votes in a selection',
  'selection.method': 'How a selection is counted',
  'selection.nominations.perUnit': 'How many candidates a unit may nominate',
  'selection.nominations.minWomenPerUnit': 'Women among a unit’s nominations',
  'selection.shortlist.incumbentAutomatically': 'Whether a triggered incumbent is shortlisted automatically',
  'selection.shortlist.minWomenLonglist': 'Women on the longlist',
  'selection.shortlist.minWomenShortlist': 'Women on the shortlist',
  snapElection: 'What a snap election does',
  statementWords: 'The length limit on a candidate’s statement',
};

/** An uncertain value as its reader names it: in words on a page (a custom rulebook's own setting by its name), by its path on the command line. */
export function uncertainSetting(path: string, reader: RulebookReader): string {
  return reader === 'page' ? (UNCERTAIN_SETTINGS[path] ?? path) : path;
}

/** A counting method as its reader names it. */
export const methodFor = (reader: RulebookReader): ((id: string) => string) => (reader === 'page' ? methodPhrase : methodWords);

/** A readable summary, section by section (what `hustings rulebook show` prints, and a rulebook's page). */
export function describeRulebook(rb: Rulebook, reader: RulebookReader = 'command-line'): { readonly heading: string; readonly lines: readonly string[] }[] {
  const method = methodFor(reader);
  const review: string[] = [];
  const r = rb.incumbentReview;
  review.push(sentence(`It ${reviewWords(r)}`));
  if (r.kind === 'trigger-ballot') {
    review.push(
      sentence(`Each unit decides by a simple majority of the members present who vote (no quorum) and ${tieWords(r.unitVote.tie)}`),
      'Units that abstain or do not vote drop out of the count.',
      sentence(`It ${affiliateCountingWords(r.affiliateCounting)}`),
    );
    if (r.combine.kind === 'college') review.push(sentence(`It ${silentClassWords(silentClassOf(r.combine))}`));
  }
  const sel = rb.selection;
  const selection = [
    sentence(`It ${ballotWords(sel.ballot)}, counted by ${method(sel.method)}`),
    sentence(
      `Each unit may nominate up to ${sel.nominations.perUnit}` +
        (sel.nominations.minWomenPerUnit > 0 ? `, including at least ${sel.nominations.minWomenPerUnit} woman if it nominates more than one` : ''),
    ),
    sentence(sel.shortlist.allWomen ? 'The shortlist is all women' : 'The shortlist need not be all women'),
    sentence(
      `It ${shareRuleWords(sel.shortlist.minWomenLonglist, 'longlist')} and ${shareRuleWords(sel.shortlist.minWomenShortlist, 'shortlist').replace(/^(has|requires) /, '')}`,
    ),
    sentence(
      sel.shortlist.incumbentAutomatically ? 'A triggered incumbent is shortlisted automatically' : 'A triggered incumbent must be nominated like anyone else',
    ),
  ];
  const sections = [
    { heading: 'Incumbent review', lines: review },
    {
      heading: 'Who may vote',
      lines: [
        sentence(
          `It ${membershipWords(rb.eligibility.minMembershipMonths)}, ${arrearsWords(rb.eligibility.arrearsGraceMonths)} and ${suspendedWords(rb.eligibility.excludeSuspended)}`,
        ),
      ],
    },
    { heading: 'Selection', lines: selection },
    {
      heading: 'National internal election',
      lines: [internalElectionWords(rb.internalElection, method), electionNominationWords(rb.internalElection), contestsWords(rb.internalElection)].flatMap(
        (w) => (w === null ? [] : [sentence(`It ${w}`)]),
      ),
    },
    { heading: 'Leadership election', lines: leadershipWords(rb.leadership, method).map((w) => sentence(`It ${w}`)) },
    {
      heading: 'Exemptions and snap elections',
      lines: [
        sentence(`It ${suspendedIncumbentWords(rb.exemptions.suspendedIncumbent)} and ${parentalLeaveWords(rb.exemptions.parentalLeaveMonths)}`),
        sentence(`It ${snapElectionWords(rb.snapElection)}`),
        sentence(`It ${endorsementWords(rb.emergency)}`),
        sentence(`It ${emergencySelectionWords(rb.emergency)}`),
      ],
    },
    {
      heading: 'Ballot papers',
      lines: [
        sentence(`It ${ballotOrderWords(rb.ballotOrder)}, never in the order of nomination`),
        sentence(`It ${ballotEncryptionWords(ballotEncryptionOf(rb))}`),
      ],
    },
    { heading: 'Candidate statements', lines: [sentence(`It ${statementWordsWords(rb.statementWords)}, in an election and in a selection alike`)] },
  ];
  const uncertain = Object.entries(rb.uncertain);
  if (uncertain.length > 0) sections.push({ heading: 'Uncertain values', lines: uncertain.map(([k, v]) => `${uncertainSetting(k, reader)}: ${v}`) });
  return sections;
}

function sentence(s: string): string {
  return s.endsWith('.') ? s : s + '.';
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}
