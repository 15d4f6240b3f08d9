/**
 * A member's own pages as the views show them: the ballots open to them (and
 * the closed ones with a vote in their name), and their eligibility in each
 * ballot process with its reason.
 */
import { assessEligibility, type EligibilityContext } from '../../domain/eligibility.js';
import type { Member, Unit } from '../../domain/organisation.js';
import { contestTitle, votingWindow, type ContestLink } from '../../domain/processes/index.js';
import { closingIn } from './member-words.js';
import { voteShort } from '../../app/vote-notices.js';
import { eligibilityReasonIn, segmentIn, wordsIn, type Words } from '../../app/language/index.js';
import { isPrivateSegment, judgeSegment, storedSegmentReason } from '../../domain/segment.js';
import type { Rulebook } from '../../domain/rulebook.js';
import type { IsoDate } from '../../domain/time.js';
import type { ElectorateEntry, MemberVote } from '../../store/store.js';
import type { ClosedBallot, EligibilityEntry, MyBallotsView, MyEligibilityView, OpenBallot } from '../views/member.js';
import { paths } from '../views/paths.js';
import { ballotState, type BallotDocument } from '../../app/ballot-paper.js';
import { declaredCharacteristics } from '../../app/self-identification.js';
import type { SelfIdentified } from '../../domain/organisation.js';
import { SELF_IDENTIFIED } from '../../domain/organisation.js';
import { emptyForm, type FormState } from '../views/context.js';
import type { SelfIdentificationView } from '../views/self-identification.js';

const COUNTED: readonly string[] = ['counted', 'declared'];

/** A ballot process with what the handler read about it for this member. */
export interface MemberBallot {
  readonly process: BallotDocument;
  /** Whether the frozen electorate holds the member as eligible (false when not on it, or not yet frozen). */
  readonly eligible: boolean;
  /** The vote recorded in the member's name, if any. */
  readonly vote: MemberVote | undefined;
  /** For a vote recorded on paper while the ballot is open: what to do if it was not the member's. */
  readonly notYours?: string;
  /** The constituency or body it is for, in words. */
  readonly unit: string;
  /** Whether the member may see its results now. */
  readonly resultsShown: boolean;
}

/**
 * The ballots the member is eligible in or has a vote recorded in: every vote in their name is
 * listed, with how and when, during the ballot and after it, since the member is the one person
 * who can tell whether a vote recorded for them is theirs.
 */
export function myBallotsView(ballots: readonly MemberBallot[], now: Date, timeZone: string, w: Words = wordsIn('en-GB')): MyBallotsView {
  const open: OpenBallot[] = [];
  const closed: ClosedBallot[] = [];
  for (const b of ballots) {
    if (!b.eligible && b.vote === undefined) continue;
    const s = ballotState(b.process);
    const yourVote = b.vote === undefined ? null : voteShort(b.vote, w);
    // Past its closing moment a ballot is closed to voters, even in the instant before the server seals it.
    if (s.phase === 'ballot-open' && now.getTime() < votingWindow(s).closes.getTime()) {
      open.push({
        process: b.process.id,
        title: ballotTitle(b.process),
        boothUrl: boothUrlOf(b.process),
        unit: b.unit,
        closes: s.timetable.ballotCloses,
        closing: closingIn(w, s, timeZone),
        voted: b.vote !== undefined,
        yourVote,
        ...(b.vote && b.vote.channel !== 'online' && b.notYours !== undefined ? { notYours: b.notYours } : {}),
      });
    } else if (s.phase === 'ballot-open' || s.phase === 'closed' || COUNTED.includes(s.phase)) {
      closed.push({ process: b.process.id, title: ballotTitle(b.process), yourVote, ...(b.resultsShown ? { resultsUrl: paths.results(b.process.id) } : {}) });
    }
  }
  return { open, closed };
}

/** The contest link of one contest of an election of several; null for any other ballot. */
const contestOf = (p: BallotDocument): ContestLink | null => (p.kind === 'internal-election' ? (p.state.contest ?? null) : null);

/** Where a member votes in a ballot: a contest of an election of several in the election's one booth, any other in its own. */
export function boothUrlOf(p: BallotDocument): string {
  const contest = contestOf(p);
  return contest === null ? paths.ballot(p.id) : paths.electionBooth(contest.election);
}

/** A ballot's title for members: a contest's with its election's ("NEC elections 2026: Youth representative"). */
export function ballotTitle(p: BallotDocument): string {
  return p.kind === 'internal-election' ? contestTitle(p.state) : ballotState(p).title;
}

/** A ballot process with the member's entry on its frozen electorate (null when not on it, or not yet frozen) and its rulebook. */
export interface EligibilityBallot {
  readonly process: BallotDocument;
  readonly entry: ElectorateEntry | null;
  readonly rulebook: Rulebook | null;
}

/**
 * A frozen judgement in the member's language: the rules judged again at the freeze date, said from
 * their structured form, when that gives word for word the reason stored at the freeze; otherwise
 * (the record changed since, or an old row) the stored English, marked as English.
 */
function storedReasonIn(w: Words, entry: ElectorateEntry, again: ReturnType<typeof assessEligibility> | null): Pick<EligibilityEntry, 'reason' | 'reasonLang'> {
  if (again !== null && again.judgement.eligible === entry.eligible && again.judgement.reason === entry.reason)
    return { reason: eligibilityReasonIn(w, again) };
  return w.language === 'en-GB' ? { reason: entry.reason } : { reason: entry.reason, reasonLang: 'en-GB' };
}

/**
 * Every ballot process the member could take part in: where the electorate is frozen, the stored
 * judgement; where it is not yet, the judgement the rules would give at the timetable's freeze
 * date, said to be provisional. `units` names the constituencies by id.
 */
export function myEligibilityView(
  member: Member,
  branch: Unit | null,
  ballots: readonly EligibilityBallot[],
  units: ReadonlyMap<string, string>,
  region: string | null = null,
  w: Words = wordsIn('en-GB'),
): MyEligibilityView {
  const entries: EligibilityEntry[] = [];
  for (const { process: p, entry, rulebook: rb } of ballots) {
    const s = { ...ballotState(p), title: ballotTitle(p) };
    const contest = contestOf(p);
    if (
      contest !== null &&
      s.electorate &&
      entry &&
      isPrivateSegment(contest.segment) &&
      entry.reason === storedSegmentReason(contest.segment, p.state.title, entry)
    ) {
      // The stored reason says nothing of the member's own characteristics; this page, theirs alone, says what it was judged on.
      const who = segmentIn(w, contest.segment);
      entries.push({
        process: p.id,
        title: s.title,
        freezeDate: s.electorate.freezeDate,
        eligible: entry.eligible,
        reason: entry.eligible ? w.t('eligibility.segmentYes', { who }) : w.t('eligibility.segmentNo', { who }),
      });
      continue;
    }
    const inScope = p.constituency === null || (branch?.kind === 'branch' && branch.parent === p.constituency);
    const where = p.constituency === null ? 'the party' : (units.get(p.constituency) ?? p.constituency);
    const whereIn = p.constituency === null ? w.t('eligibility.theParty') : where;
    const judging = (freezeDate: IsoDate): EligibilityContext =>
      branch === null
        ? { freezeDate }
        : { freezeDate, unitBranches: new Set(inScope ? [branch.id] : []), unitName: where, branchNames: new Map([[branch.id, branch.name]]) };
    if (s.electorate) {
      if (entry) {
        const again = rb && branch ? assessEligibility(member, rb.eligibility, judging(s.electorate.freezeDate as IsoDate)) : null;
        entries.push({ process: p.id, title: s.title, freezeDate: s.electorate.freezeDate, eligible: entry.eligible, ...storedReasonIn(w, entry, again) });
      }
      // In its area now but not judged at the freeze: they joined, or moved here, after it.
      else if (inScope) {
        entries.push({
          process: p.id,
          title: s.title,
          freezeDate: s.electorate.freezeDate,
          eligible: false,
          reason: w.t('eligibility.notOnElectorate', { where: whereIn }),
        });
      }
      continue;
    }
    if (!inScope || !rb || !branch) continue;
    const freezeDate = s.timetable.freezeDate as IsoDate;
    const a = assessEligibility(member, rb.eligibility, judging(freezeDate));
    const seg = contest !== null && a.judgement.eligible ? judgeSegment(member, contest.segment, ballotState(p).title, { region, freezeDate }) : null;
    entries.push({
      process: p.id,
      title: s.title,
      freezeDate,
      eligible: seg?.eligible ?? a.judgement.eligible,
      // A contest's segment is judged in English words still (src/domain/segment.ts).
      reason: w.t('eligibility.provisional', { reason: seg?.reason ?? eligibilityReasonIn(w, a) }),
      ...(seg !== null && w.language !== 'en-GB' ? { reasonLang: 'en-GB' as const } : {}),
    });
  }
  return { entries };
}

/** Each characteristic a member may declare, in the words the page uses. */
const characteristicWords = (w: Words): Readonly<Record<SelfIdentified, { readonly label: string; readonly hint: string }>> => ({
  disabled: { label: w.t('self.disabled'), hint: w.t('self.disabledHint') },
  bame: { label: w.t('self.bame'), hint: w.t('self.bameHint') },
  'lgbt+': { label: w.t('self.lgbt'), hint: w.t('self.lgbtHint') },
});

/**
 * The member's self-identification page: what their record holds, and the boxes ticked as it
 * holds them, or (`sent`) as a refused form sent them.
 */
export function selfIdentificationView(
  member: Member,
  form: FormState = emptyForm,
  sent?: readonly string[],
  w: Words = wordsIn('en-GB'),
): SelfIdentificationView {
  const declared = declaredCharacteristics(member);
  const words = characteristicWords(w);
  return {
    choices: SELF_IDENTIFIED.map((c) => ({ value: c, ...words[c] })),
    declared: declared.map((c) => words[c].label),
    checked: sent ?? declared,
    form,
  };
}
