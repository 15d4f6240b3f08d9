/**
 * The outcome of an incumbent review, with its arithmetic in words and numbers.
 *
 * A trigger ballot: each branch and affiliated branch decides at a meeting
 * (`decisionOfMeeting`), then `evaluateTrigger` combines the units' decisions
 * by the rulebook. Units that abstain or do not vote drop out of the
 * denominator. All arithmetic is on exact fractions.
 *
 * When no unit votes at all there is no share to compare with the threshold:
 * a selection is held only when units that voted asked for one, so the
 * incumbent is readopted (the same outcome as when every unit declines to meet).
 *
 * A members' meeting (Liberal Democrat / Conservative style) is judged by
 * `evaluateReadoptionMeeting`, and an appeal to all members by
 * `evaluateReadoptionAppeal`.
 */
import { err, ok, type Result } from './result.js';
import { rulebookRef, silentClassOf, type Fraction, type Rulebook, type Threshold, type UnitVoteRules } from './rulebook.js';
import { addRatio, mulRatio, ratio, type Ratio } from '../count/ratio.js';
import { fractionOf, meets, percentText, ratioOf, reviewWords, shareText, thresholdSymbol, thresholdWords, assertNever } from './rulebook-words.js';

export type UnitClass = 'branch' | 'affiliate';
export const UNIT_CLASSES: readonly UnitClass[] = ['branch', 'affiliate'];

/** yes = wants a selection; abstain and absent drop out of the count. */
export type UnitDecision = 'yes' | 'no' | 'abstain' | 'absent';
export const UNIT_DECISIONS: readonly UnitDecision[] = ['yes', 'no', 'abstain', 'absent'];

export interface UnitResult {
  readonly unit: string;
  readonly class: UnitClass;
  readonly decision: UnitDecision;
  /** For an affiliated branch: the affiliate (union, society) it belongs to; used when each affiliate casts one vote. */
  readonly affiliate?: string;
}

export interface ClassFigures {
  /** Votes in this class: one per unit, or one per affiliate when affiliates vote as a whole. */
  readonly votes: number;
  readonly yes: number;
  readonly no: number;
  readonly abstain: number;
  readonly absent: number;
  /** yes + no: the denominator. */
  readonly voting: number;
  /** yes ÷ voting, reduced; null when none voted. */
  readonly share: Fraction | null;
}

/** How one affiliate's branches made its single vote (per-affiliate counting). */
export interface AffiliateVote {
  readonly affiliate: string;
  readonly branches: number;
  readonly yes: number;
  readonly no: number;
  readonly abstain: number;
  readonly absent: number;
  readonly decision: UnitDecision;
}

export interface TriggerOutcome {
  /** "labour-2021@1". */
  readonly rulebook: string;
  /** triggered: a selection will be held (always, under mandatory reselection); readopted: the incumbent is the candidate. */
  readonly outcome: 'triggered' | 'readopted';
  /** The rule, in words. */
  readonly rule: string;
  /** The working, line by line. */
  readonly arithmetic: readonly string[];
  readonly classes: { readonly branch: ClassFigures; readonly affiliate: ClassFigures };
  /** The figure compared with the threshold (pooled share or college total); null when each class is judged alone, or nothing was compared. */
  readonly score: Fraction | null;
  readonly threshold: Threshold | null;
  /** Per-affiliate counting: how each affiliate's vote was made; null otherwise. */
  readonly affiliates: readonly AffiliateVote[] | null;
}

// ---- A unit's meeting -------------------------------------------------------------------

export interface MeetingCounts {
  readonly for: number;
  readonly against: number;
  readonly abstentions: number;
  /** Members present. */
  readonly attendance: number;
}

export interface MeetingDecision {
  readonly decision: UnitDecision;
  readonly reason: string;
}

function checkCounts(m: MeetingCounts): Result<MeetingCounts> {
  for (const key of ['for', 'against', 'abstentions', 'attendance'] as const) {
    const v = m[key];
    if (!Number.isSafeInteger(v) || v < 0) return err('invalid-meeting', `${key} must be a whole number, at least 0, not ${v}`);
  }
  if (m.for + m.against + m.abstentions > m.attendance) {
    return err(
      'invalid-meeting',
      `${m.for} for, ${m.against} against and ${m.abstentions} abstentions make ${m.for + m.against + m.abstentions}, more than the ${m.attendance} members present`,
    );
  }
  return ok(m);
}

/**
 * A unit meeting's decision: a simple majority of the members present who vote
 * for or against (no quorum); abstentions count for neither side; a tie is
 * settled by the rulebook; a meeting nobody attended is absent.
 */
export function decisionOfMeeting(rules: UnitVoteRules, meeting: MeetingCounts): Result<MeetingDecision> {
  const checked = checkCounts(meeting);
  if (!checked.ok) return checked;
  const { for: yes, against: no, abstentions, attendance } = meeting;
  const counts = `${yes} for, ${no} against, ${abstentions} abstaining, ${attendance} present`;
  if (attendance === 0) return ok({ decision: 'absent', reason: 'nobody attended: the unit did not meet and drops out of the count' });
  if (yes > no) return ok({ decision: 'yes', reason: `${counts}: a majority of those voting want a selection` });
  if (no > yes) return ok({ decision: 'no', reason: `${counts}: a majority of those voting do not want a selection` });
  if (yes === 0) return ok({ decision: 'abstain', reason: `${counts}: nobody voted for or against, so the unit drops out of the count` });
  return ok(
    rules.tie === 'no'
      ? { decision: 'no', reason: `${counts}: a tie, which this rulebook counts as a no` }
      : { decision: 'abstain', reason: `${counts}: a tie, which this rulebook counts as an abstention (the unit drops out)` },
  );
}

// ---- The trigger ballot ------------------------------------------------------------------

interface Tally {
  votes: number;
  yes: number;
  no: number;
  abstain: number;
  absent: number;
}

const emptyTally = (): Tally => ({ votes: 0, yes: 0, no: 0, abstain: 0, absent: 0 });

function add(t: Tally, d: UnitDecision): void {
  t.votes++;
  t[d]++;
}

function figures(t: Tally): ClassFigures {
  const voting = t.yes + t.no;
  return { ...t, voting, share: voting === 0 ? null : fractionOf(ratio(t.yes, voting)) };
}

/** "(1 abstained, 2 did not vote)", or "". */
function dropped(t: Tally): string {
  const parts = [t.abstain > 0 ? `${t.abstain} abstained` : '', t.absent > 0 ? `${t.absent} did not vote` : ''].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/** The outcome, also the last word of the arithmetic. */
const verdict = (triggered: boolean): 'triggered' | 'readopted' => (triggered ? 'triggered' : 'readopted');

/**
 * Combines the units' decisions by the rulebook. Each unit appears once
 * (a unit named twice is a caller's bug and throws). A members'-meeting
 * rulebook holds no unit votes: use `evaluateReadoptionMeeting`.
 */
export function evaluateTrigger(rulebook: Rulebook, units: readonly UnitResult[]): TriggerOutcome {
  const review = rulebook.incumbentReview;
  if (review.kind === 'members-meeting') {
    throw new RangeError(`${rulebook.id} readopts at a members' meeting, not by unit votes: use evaluateReadoptionMeeting`);
  }
  const seen = new Set<string>();
  for (const u of units) {
    if (seen.has(u.unit)) throw new RangeError(`unit "${u.unit}" appears twice`);
    seen.add(u.unit);
  }

  const perAffiliate = review.kind === 'trigger-ballot' && review.affiliateCounting === 'per-affiliate';
  const tie = review.kind === 'trigger-ballot' ? review.unitVote.tie : 'no';
  const branch = emptyTally();
  const affiliate = emptyTally();
  const groups = new Map<string, Tally>();
  for (const u of units) {
    if (u.class === 'branch') add(branch, u.decision);
    else if (!perAffiliate) add(affiliate, u.decision);
    else {
      // An affiliated branch without a named affiliate is an affiliate of its own.
      const name = u.affiliate && u.affiliate.trim() !== '' ? u.affiliate : u.unit;
      let g = groups.get(name);
      if (!g) groups.set(name, (g = emptyTally()));
      add(g, u.decision);
    }
  }

  const lines: string[] = [];
  let affiliates: AffiliateVote[] | null = null;
  if (perAffiliate) {
    affiliates = [];
    for (const [name, g] of groups) {
      let decision: UnitDecision;
      let why: string;
      if (g.yes > g.no) [decision, why] = ['yes', 'yes'];
      else if (g.no > g.yes) [decision, why] = ['no', 'no'];
      else if (g.yes > 0) [decision, why] = tie === 'no' ? ['no', 'a tie, counted as no'] : ['abstain', 'a tie, counted as an abstention'];
      else if (g.abstain > 0) [decision, why] = ['abstain', 'no branch voted: abstains'];
      else [decision, why] = ['absent', 'no branch voted: did not vote'];
      affiliates.push({ affiliate: name, branches: g.votes, yes: g.yes, no: g.no, abstain: g.abstain, absent: g.absent, decision });
      add(affiliate, decision);
      lines.push(`affiliate ${name}: ${g.votes} ${g.votes === 1 ? 'branch' : 'branches'}, ${g.yes} yes, ${g.no} no${dropped(g)}: ${why}`);
    }
  }

  const classes = { branch: figures(branch), affiliate: figures(affiliate) };
  // One place builds the result, so the JSON always reads outcome first, then the working.
  const done = (outcome: 'triggered' | 'readopted', arithmetic: readonly string[], score: Fraction | null, threshold: Threshold | null): TriggerOutcome => ({
    rulebook: rulebookRef(rulebook),
    outcome,
    rule: `${rulebook.name} ${reviewWords(review)}.`,
    arithmetic,
    classes,
    score,
    threshold,
    affiliates,
  });
  const affLabel = perAffiliate ? 'affiliates (one vote each)' : 'affiliates';
  const affUnit = perAffiliate ? 'voting affiliates' : 'voting';
  const classLine = (label: string, t: Tally, unitWord: string): string => `${label}: ${t.yes} of ${t.yes + t.no} ${unitWord} want a selection${dropped(t)}`;

  if (review.kind === 'mandatory-reselection') {
    return done('triggered', [...lines, 'mandatory reselection: a full selection is held whatever the units decide: triggered'], null, null);
  }

  const c = review.combine;
  const nobody = branch.yes + branch.no + affiliate.yes + affiliate.no === 0;
  const nobodyLine = (): string => {
    const all: Tally = { votes: 0, yes: 0, no: 0, abstain: branch.abstain + affiliate.abstain, absent: branch.absent + affiliate.absent };
    return `no unit voted${dropped(all)}: with no votes nothing can reach the threshold, so the incumbent is readopted`;
  };

  switch (c.kind) {
    case 'pooled': {
      const yes = branch.yes + affiliate.yes;
      const voting = yes + branch.no + affiliate.no;
      lines.push(classLine('branches', branch, 'voting'), classLine(affLabel, affiliate, affUnit));
      if (nobody) return done('readopted', [...lines, nobodyLine()], null, c.threshold);
      const share = ratio(yes, voting);
      const hit = meets(share, c.threshold);
      lines.push(`pooled: ${yes} of ${voting} voting units = ${shareText(share)}${hit ? ' ' : ', not '}${thresholdSymbol(c.threshold)}: ${verdict(hit)}`);
      return done(verdict(hit), lines, fractionOf(share), c.threshold);
    }
    case 'either-class': {
      const reached: string[] = [];
      for (const [label, t, unitWord, name] of [
        ['branches', branch, 'voting', 'branches'],
        [affLabel, affiliate, affUnit, 'affiliates'],
      ] as const) {
        if (t.yes + t.no === 0) {
          lines.push(`${label}: none voted${dropped(t)}, so ${name} cannot trigger`);
          continue;
        }
        const share = ratio(t.yes, t.yes + t.no);
        const hit = meets(share, c.threshold);
        if (hit) reached.push(name);
        lines.push(`${classLine(label, t, unitWord)} = ${shareText(share)}${hit ? ' ' : ', not '}${thresholdSymbol(c.threshold)}`);
      }
      const words = thresholdWords(c.threshold);
      const last = nobody
        ? nobodyLine()
        : reached.length === 0
          ? `neither branches nor affiliates reach ${words}: readopted`
          : `${reached.length === 2 ? 'both branches and affiliates reach' : `${reached[0]} reach`} ${words}: triggered`;
      lines.push(last);
      return done(verdict(reached.length > 0), lines, null, c.threshold);
    }
    case 'college': {
      if (nobody) {
        lines.push(classLine('branches', branch, 'voting'), classLine(affLabel, affiliate, affUnit), nobodyLine());
        return done('readopted', lines, null, c.threshold);
      }
      const silent = silentClassOf(c);
      const parts: [string, Tally, string, Ratio][] = [
        ['branches', branch, 'voting', ratioOf(c.weights.branch)],
        [affLabel, affiliate, affUnit, ratioOf(c.weights.affiliate)],
      ];
      const anySilent = parts.some(([, t]) => t.yes + t.no === 0);
      let total = ratio(0, 1);
      for (const [label, t, unitWord, weight] of parts) {
        const voting = t.yes + t.no;
        if (voting === 0) {
          const other = label === 'branches' ? 'affiliates' : 'branches';
          lines.push(
            silent === 'reweight'
              ? `${label}: none voted${dropped(t)}, so the ${other}' share is the whole result`
              : `${label}: none voted${dropped(t)}; their ${percentText(weight)} counts as not wanting a selection = 0% of the college`,
          );
          continue;
        }
        const share = ratio(t.yes, voting);
        if (anySilent && silent === 'reweight') {
          total = share;
          lines.push(`${classLine(label, t, unitWord)} = ${shareText(share)}, the whole college`);
        } else {
          const part = mulRatio(share, weight);
          total = addRatio(total, part);
          lines.push(`${classLine(label, t, unitWord)} = ${shareText(share)} × ${shareText(weight)} = ${shareText(part)} of the college`);
        }
      }
      const hit = meets(total, c.threshold);
      lines.push(`total ${shareText(total)}${hit ? ' ' : ' is not '}${thresholdSymbol(c.threshold)}: ${verdict(hit)}`);
      return done(verdict(hit), lines, fractionOf(total), c.threshold);
    }
    default:
      return assertNever(c);
  }
}

// ---- Readoption by a members' meeting ----------------------------------------------------------

export interface ReadoptionOutcome {
  readonly rulebook: string;
  /** not-readopted: a selection follows, unless the incumbent appeals (when `appeal` allows). */
  readonly outcome: 'readopted' | 'not-readopted';
  readonly appeal: 'all-member-ballot' | null;
  /** for ÷ (for + against), reduced; null when nobody voted. */
  readonly share: Fraction | null;
  readonly threshold: Threshold;
  readonly arithmetic: readonly string[];
}

function membersMeetingOf(rulebook: Rulebook): Result<Extract<Rulebook['incumbentReview'], { kind: 'members-meeting' }>> {
  const r = rulebook.incumbentReview;
  if (r.kind !== 'members-meeting') {
    return err('wrong-rulebook', `${rulebook.id} does not readopt at a members' meeting: it ${reviewWords(r)}`);
  }
  return ok(r);
}

function judgeReadoption(threshold: Threshold, yes: number, no: number, what: string): { readopted: boolean; share: Fraction | null; line: string } {
  if (yes + no === 0) return { readopted: false, share: null, line: `${what}: nobody voted for or against, so no majority readopts the incumbent` };
  const share = ratio(yes, yes + no);
  const readopted = meets(share, threshold);
  return {
    readopted,
    share: fractionOf(share),
    line: `${what}: ${yes} of ${yes + no} voting for readoption = ${shareText(share)}${readopted ? ' ' : ', not '}${thresholdSymbol(threshold)}: ${readopted ? 'readopted' : 'not readopted'}`,
  };
}

/** A members' meeting on readopting the incumbent: readopted when those voting for reach the rulebook's threshold. */
export function evaluateReadoptionMeeting(rulebook: Rulebook, meeting: MeetingCounts): Result<ReadoptionOutcome> {
  const review = membersMeetingOf(rulebook);
  if (!review.ok) return review;
  const checked = checkCounts(meeting);
  if (!checked.ok) return checked;
  const { readoptThreshold, appeal } = review.value;
  const j = judgeReadoption(
    readoptThreshold,
    meeting.for,
    meeting.against,
    `members' meeting (${meeting.attendance} present, ${meeting.abstentions} abstaining)`,
  );
  const next = j.readopted
    ? []
    : [appeal === 'all-member-ballot' ? 'the incumbent may appeal to a ballot of all members; without an appeal, a selection is held' : 'a selection is held'];
  return ok({
    rulebook: rulebookRef(rulebook),
    outcome: j.readopted ? 'readopted' : 'not-readopted',
    appeal: j.readopted ? null : appeal,
    share: j.share,
    threshold: readoptThreshold,
    arithmetic: [j.line, ...next],
  });
}

/** The incumbent's appeal to a ballot of all members, decided by the same threshold as the meeting. */
export function evaluateReadoptionAppeal(rulebook: Rulebook, ballot: { readonly for: number; readonly against: number }): Result<ReadoptionOutcome> {
  const review = membersMeetingOf(rulebook);
  if (!review.ok) return review;
  if (review.value.appeal === null) return err('no-appeal', `${rulebook.id} has no appeal from the members' meeting`);
  for (const key of ['for', 'against'] as const) {
    const v = ballot[key];
    if (!Number.isSafeInteger(v) || v < 0) return err('invalid-ballot', `${key} must be a whole number, at least 0, not ${v}`);
  }
  const threshold = review.value.readoptThreshold;
  const j = judgeReadoption(threshold, ballot.for, ballot.against, 'ballot of all members');
  const next = j.readopted ? [] : ['a selection is held'];
  return ok({
    rulebook: rulebookRef(rulebook),
    outcome: j.readopted ? 'readopted' : 'not-readopted',
    appeal: null,
    share: j.share,
    threshold,
    arithmetic: [j.line, ...next],
  });
}
