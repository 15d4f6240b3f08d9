/**
 * `hustings rulebook diff A B`: every difference between two rulebooks as a
 * plain-English sentence, field by field ("Labour 2018 triggers if either
 * branches or affiliates reach at least one third of their voting units;
 * Labour 2021 combines branches and affiliates in a 50/50 electoral college and
 * triggers above 50%.").
 *
 * Each aspect below covers some fields and describes them for one rulebook;
 * when the fields differ, the sentence puts the two descriptions side by side.
 * Details that only some reviews have (tie rule, affiliate counting, a
 * college's silent class) are compared when both rulebooks have them; when only
 * one has them the review sentence already tells the two apart. The id, name and description are what the sentences
 * are about rather than rules, so they are not compared; the version is, when
 * the two are versions of the same rulebook.
 */
import type { Rulebook } from './rulebook.js';
import { ballotEncryptionOf, disputeRulesOf, silentClassOf } from './rulebook.js';
import {
  affiliateCountingWords,
  arrearsWords,
  ballotEncryptionWords,
  ballotOrderWords,
  ballotWords,
  internalElectionWords,
  contestsWords,
  electionNominationWords,
  leadershipElectorateWords,
  leadershipWords,
  vacancyNominationWords,
  statementWordsWords,
  statutoryPostalWords,
  nominationMeetingWords,
  disputeRulesWords,
  membershipWords,
  methodFor,
  parentalLeaveWords,
  reviewWords,
  shareRuleWords,
  silentClassWords,
  snapElectionWords,
  endorsementWords,
  emergencySelectionWords,
  suspendedIncumbentWords,
  suspendedWords,
  uncertainSetting,
  type RulebookReader,
  tieWords,
} from './rulebook-words.js';

interface Aspect {
  /** The values compared; the aspect speaks when they differ (as JSON). Undefined: the aspect does not apply to this rulebook. */
  readonly value: (rb: Rulebook) => unknown;
  /** A predicate for the rulebook: "needs 6 months' …". */
  readonly words: (rb: Rulebook, method: (id: string) => string) => string;
  /** Compared only when it applies to both: when only one rulebook has it, the review or election sentence already says so. */
  readonly bothOnly?: boolean;
}

const trigger = (rb: Rulebook) => (rb.incumbentReview.kind === 'trigger-ballot' ? rb.incumbentReview : undefined);
const college = (rb: Rulebook) => {
  const t = trigger(rb);
  return t && t.combine.kind === 'college' ? t.combine : undefined;
};

/** The review as a whole; the details only some reviews have are aspects of their own. */
function reviewValue(rb: Rulebook): unknown {
  const r = rb.incumbentReview;
  if (r.kind !== 'trigger-ballot') return r;
  const c = r.combine;
  return { kind: r.kind, combine: c.kind === 'college' ? { kind: c.kind, weights: c.weights, threshold: c.threshold } : c };
}

const ASPECTS: readonly Aspect[] = [
  { value: reviewValue, words: (rb) => reviewWords(rb.incumbentReview) },
  { value: (rb) => trigger(rb)?.unitVote.tie, words: (rb) => tieWords(trigger(rb)!.unitVote.tie), bothOnly: true },
  { value: (rb) => trigger(rb)?.affiliateCounting, words: (rb) => affiliateCountingWords(trigger(rb)!.affiliateCounting), bothOnly: true },
  { value: (rb) => (college(rb) ? silentClassOf(college(rb)!) : undefined), words: (rb) => silentClassWords(silentClassOf(college(rb)!)), bothOnly: true },
  { value: (rb) => rb.eligibility.minMembershipMonths, words: (rb) => membershipWords(rb.eligibility.minMembershipMonths) },
  { value: (rb) => rb.eligibility.arrearsGraceMonths ?? 0, words: (rb) => arrearsWords(rb.eligibility.arrearsGraceMonths) },
  { value: (rb) => rb.eligibility.excludeSuspended, words: (rb) => suspendedWords(rb.eligibility.excludeSuspended) },
  { value: (rb) => rb.selection.ballot, words: (rb) => ballotWords(rb.selection.ballot) },
  { value: (rb) => rb.selection.method, words: (rb, method) => `counts the selection by ${method(rb.selection.method)}` },
  { value: (rb) => rb.selection.nominations.perUnit, words: (rb) => `lets each unit nominate up to ${rb.selection.nominations.perUnit}` },
  {
    value: (rb) => rb.selection.nominations.minWomenPerUnit,
    words: (rb) => {
      const w = rb.selection.nominations.minWomenPerUnit;
      return w === 0
        ? "has no rule on women among a unit's nominations"
        : `requires a unit nominating more than one to include at least ${w} ${w === 1 ? 'woman' : 'women'}`;
    },
  },
  {
    value: (rb) => rb.selection.shortlist.allWomen,
    words: (rb) => (rb.selection.shortlist.allWomen ? 'selects from an all-women shortlist' : 'does not require an all-women shortlist'),
  },
  { value: (rb) => ratioKey(rb.selection.shortlist.minWomenLonglist), words: (rb) => shareRuleWords(rb.selection.shortlist.minWomenLonglist, 'longlist') },
  { value: (rb) => ratioKey(rb.selection.shortlist.minWomenShortlist), words: (rb) => shareRuleWords(rb.selection.shortlist.minWomenShortlist, 'shortlist') },
  {
    value: (rb) => rb.selection.shortlist.incumbentAutomatically,
    words: (rb) =>
      rb.selection.shortlist.incumbentAutomatically
        ? 'shortlists a triggered incumbent automatically'
        : 'makes a triggered incumbent seek nomination like anyone else',
  },
  { value: (rb) => (rb.internalElection === null ? null : 'set'), words: (rb, method) => internalElectionWords(rb.internalElection, method) },
  { value: (rb) => rb.internalElection?.seats, words: (rb) => `elects ${rb.internalElection!.seats} national executive seats`, bothOnly: true },
  {
    value: (rb) => rb.internalElection?.method,
    words: (rb, method) => `elects the national executive by ${method(rb.internalElection!.method)}`,
    bothOnly: true,
  },
  {
    value: (rb) => (rb.internalElection ? rb.internalElection.minWomen : undefined),
    words: (rb) => {
      const w = rb.internalElection!.minWomen;
      return w === null ? 'sets no minimum of women on the national executive' : `requires at least ${w} women among the national executive seats`;
    },
    bothOnly: true,
  },
  {
    value: (rb) => JSON.stringify(rb.internalElection?.contests ?? []),
    words: (rb) => contestsWords(rb.internalElection) ?? 'holds one contest in an internal election',
  },
  {
    value: (rb) => (rb.internalElection ? JSON.stringify(rb.internalElection.nominations) : undefined),
    words: (rb) => electionNominationWords(rb.internalElection),
    bothOnly: true,
  },
  { value: (rb) => (rb.leadership === null ? null : 'set'), words: (rb, method) => leadershipWords(rb.leadership, method)[0]! },
  { value: (rb) => rb.leadership?.method, words: (rb, method) => `elects its leader by ${method(rb.leadership!.method)}`, bothOnly: true },
  {
    value: (rb) => (rb.leadership ? { ...rb.leadership.nominations, challengerShare: undefined } : undefined),
    words: (rb) => `needs, for a candidate when the post of leader is vacant, ${vacancyNominationWords(rb.leadership!.nominations)}`,
    bothOnly: true,
  },
  { value: (rb) => rb.leadership?.nominations.challengerShare, words: (rb) => leadershipWords(rb.leadership)[1]!, bothOnly: true },
  {
    value: (rb) => (rb.leadership ? JSON.stringify(rb.leadership.electorate ?? null) : undefined),
    words: (rb) => leadershipElectorateWords(rb.leadership!.electorate),
    bothOnly: true,
  },
  {
    value: (rb) => (rb.leadership ? JSON.stringify(rb.leadership.deputy ?? null) : undefined),
    words: (rb) =>
      rb.leadership?.deputy
        ? `holds a deputy leadership contest in the same election, where a candidate for deputy leader needs ${vacancyNominationWords(rb.leadership.deputy)}`
        : 'holds no deputy leadership contest',
    bothOnly: true,
  },
  { value: (rb) => rb.statementWords, words: (rb) => statementWordsWords(rb.statementWords) },
  { value: (rb) => JSON.stringify(rb.statutoryPostal ?? null), words: (rb) => statutoryPostalWords(rb.statutoryPostal) },
  { value: (rb) => rb.nominationMeeting?.provisionalWeeks ?? 0, words: (rb) => nominationMeetingWords(rb.nominationMeeting) },
  { value: (rb) => JSON.stringify(disputeRulesOf(rb)), words: (rb) => disputeRulesWords(disputeRulesOf(rb)) },
  { value: (rb) => rb.exemptions.suspendedIncumbent, words: (rb) => suspendedIncumbentWords(rb.exemptions.suspendedIncumbent) },
  { value: (rb) => rb.exemptions.parentalLeaveMonths, words: (rb) => parentalLeaveWords(rb.exemptions.parentalLeaveMonths) },
  { value: (rb) => rb.snapElection, words: (rb) => snapElectionWords(rb.snapElection) },
  { value: (rb) => `${rb.emergency?.readoptionEndorsement ?? 'none'} ${rb.emergency?.nationalBody ?? ''}`, words: (rb) => endorsementWords(rb.emergency) },
  { value: (rb) => `${rb.emergency?.emergencySelection ?? 'none'} ${rb.emergency?.nationalBody ?? ''}`, words: (rb) => emergencySelectionWords(rb.emergency) },
  { value: (rb) => rb.ballotOrder, words: (rb) => ballotOrderWords(rb.ballotOrder) },
  { value: (rb) => ballotEncryptionOf(rb), words: (rb) => ballotEncryptionWords(ballotEncryptionOf(rb)) },
];

/** Fractions compared by value: 1/2 and 2/4 are the same rule. */
function ratioKey(f: { num: number; den: number } | null): string | null {
  if (f === null) return null;
  let [a, b] = [f.num, f.den];
  while (b) [a, b] = [b, a % b];
  return `${f.num / a}/${f.den / a}`;
}

function same(x: unknown, y: unknown): boolean {
  return canonical(x) === canonical(y);
}

/** JSON with object keys sorted, and fractions reduced, so equal rules compare equal. */
function canonical(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  if (Object.keys(o).length === 2 && typeof o.num === 'number' && typeof o.den === 'number') return JSON.stringify(ratioKey(o as { num: number; den: number }));
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

function labels(a: Rulebook, b: Rulebook, reader: RulebookReader): [string, string] {
  if (a.name !== b.name) return [a.name, b.name];
  if (a.version !== b.version) return [`${a.name} version ${a.version}`, `${b.name} version ${b.version}`];
  if (a.id !== b.id) return reader === 'page' ? ['The first rulebook', 'the second'] : [`${a.name} (${a.id})`, `${b.name} (${b.id})`];
  return ['The first', 'the second'];
}

/** Every difference between two rulebooks, one sentence each; empty when they set the same rules. */
export function diffRulebooks(a: Rulebook, b: Rulebook, reader: RulebookReader = 'command-line'): string[] {
  const [la, lb] = labels(a, b, reader);
  const method = methodFor(reader);
  const out: string[] = [];
  if (a.id === b.id && a.version !== b.version) {
    const named = reader === 'page' ? a.name : a.id;
    out.push(
      a.name === b.name
        ? `${named} version ${a.version} and version ${b.version} are two versions of the same rulebook.`
        : `${la} (version ${a.version}) and ${lb} (version ${b.version}) are two versions of the same rulebook${reader === 'page' ? '' : `, ${a.id}`}.`,
    );
  }

  for (const aspect of ASPECTS) {
    const va = aspect.value(a);
    const vb = aspect.value(b);
    if (aspect.bothOnly && (va === undefined || vb === undefined)) continue;
    if (same(va, vb)) continue;
    out.push(`${la} ${aspect.words(a, method)}; ${lb} ${aspect.words(b, method)}.`);
  }

  out.push(...uncertainDiff(a, b, la, lb, reader));
  return out;
}

function uncertainDiff(a: Rulebook, b: Rulebook, la: string, lb: string, reader: RulebookReader): string[] {
  const out: string[] = [];
  const keys = [...new Set([...Object.keys(a.uncertain), ...Object.keys(b.uncertain)])].sort();
  const named = (ks: readonly string[]) =>
    ks
      .map((k) => uncertainSetting(k, reader))
      .map((w, i) => (reader === 'page' && i > 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w))
      .join(reader === 'page' ? '; ' : ', ');
  const onlyA = keys.filter((k) => !(k in b.uncertain));
  const onlyB = keys.filter((k) => !(k in a.uncertain));
  const differ = keys.filter((k) => k in a.uncertain && k in b.uncertain && a.uncertain[k] !== b.uncertain[k]);
  if (onlyA.length > 0) out.push(`${la} marks as uncertain what ${lb} does not: ${named(onlyA)}.`);
  if (onlyB.length > 0) out.push(`${lb} marks as uncertain what ${la} does not: ${named(onlyB)}.`);
  if (differ.length > 0) out.push(`${la} and ${lb} give different notes on the uncertain ${differ.length === 1 ? 'value' : 'values'} ${named(differ)}.`);
  return out;
}
