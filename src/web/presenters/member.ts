/**
 * A member's own pages as the views show them: the ballots open to them (and
 * the closed ones with a vote in their name), and their eligibility in each
 * ballot process with its reason.
 */
import { judgeEligibility } from '../../domain/eligibility.js';
import type { Member, Unit } from '../../domain/organisation.js';
import { closingWords, contestTitle, votingWindow, type ContestLink } from '../../domain/processes/index.js';
import { isPrivateSegment, judgeSegment, segmentWords, storedSegmentReason } from '../../domain/segment.js';
import type { Rulebook } from '../../domain/rulebook.js';
import type { IsoDate } from '../../domain/time.js';
import type { ElectorateEntry, MemberVote } from '../../store/store.js';
import type { ClosedBallot, EligibilityEntry, MyBallotsView, MyEligibilityView, OpenBallot } from '../views/member.js';
import { paths } from '../views/paths.js';
import { ballotState, type BallotDocument } from '../../app/ballot-paper.js';
import { voteShort } from '../../app/vote-notices.js';
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
export function myBallotsView(ballots: readonly MemberBallot[], now: Date, timeZone: string): MyBallotsView {
  const open: OpenBallot[] = [];
  const closed: ClosedBallot[] = [];
  for (const b of ballots) {
    if (!b.eligible && b.vote === undefined) continue;
    const s = ballotState(b.process);
    const yourVote = b.vote === undefined ? null : voteShort(b.vote);
    // Past its closing moment a ballot is closed to voters, even in the instant before the server seals it.
    if (s.phase === 'ballot-open' && now.getTime() < votingWindow(s).closes.getTime()) {
      open.push({
        process: b.process.id,
        title: ballotTitle(b.process),
        unit: b.unit,
        closes: s.timetable.ballotCloses,
        closing: closingWords(s, timeZone),
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
      const words = segmentWords(contest.segment);
      entries.push({
        process: p.id,
        title: s.title,
        freezeDate: s.electorate.freezeDate,
        eligible: entry.eligible,
        reason: entry.eligible
          ? `You may vote: it is for ${words}, and your record said you do on the freeze date.`
          : `You may not vote in this contest: it is for ${words}, and your record did not say you do on the freeze date.`,
      });
      continue;
    }
    const inScope = p.constituency === null || (branch?.kind === 'branch' && branch.parent === p.constituency);
    const where = p.constituency === null ? 'the party' : (units.get(p.constituency) ?? p.constituency);
    if (s.electorate) {
      if (entry) entries.push({ process: p.id, title: s.title, freezeDate: s.electorate.freezeDate, eligible: entry.eligible, reason: entry.reason });
      // In its area now but not judged at the freeze: they joined, or moved here, after it.
      else if (inScope) {
        entries.push({
          process: p.id,
          title: s.title,
          freezeDate: s.electorate.freezeDate,
          eligible: false,
          reason: `You are not on the electorate: it was drawn up from the members of ${where} when it was frozen, and you were not among them (you joined, or moved to a branch there, afterwards).`,
        });
      }
      continue;
    }
    if (!inScope || !rb || !branch) continue;
    const freezeDate = s.timetable.freezeDate as IsoDate;
    const j = judgeEligibility(member, rb.eligibility, {
      freezeDate,
      unitBranches: new Set([branch.id]),
      unitName: where,
      branchNames: new Map([[branch.id, branch.name]]),
    });
    const seg = contest !== null && j.eligible ? judgeSegment(member, contest.segment, ballotState(p).title, { region, freezeDate }) : null;
    const judged = seg ?? j;
    entries.push({
      process: p.id,
      title: s.title,
      freezeDate,
      eligible: judged.eligible,
      reason: `Not yet frozen; on the rules as they stand: ${judged.reason}`,
    });
  }
  return { entries };
}

/** Each characteristic a member may declare, in the words the page uses. */
const CHARACTERISTIC_WORDS: Readonly<Record<SelfIdentified, { readonly label: string; readonly hint: string }>> = {
  disabled: { label: 'Disabled', hint: 'You consider yourself disabled, or have a long-term condition that limits what you can do day to day.' },
  bame: { label: 'Black, Asian or minority ethnic (BAME)', hint: 'You are Black, Asian or from another minority ethnic background.' },
  'lgbt+': { label: 'LGBT+', hint: 'You are lesbian, gay, bisexual, trans, or otherwise LGBT+.' },
};

/**
 * The member's self-identification page: what their record holds, and the boxes ticked as it
 * holds them, or (`sent`) as a refused form sent them.
 */
export function selfIdentificationView(member: Member, form: FormState = emptyForm, sent?: readonly string[]): SelfIdentificationView {
  const declared = declaredCharacteristics(member);
  return {
    choices: SELF_IDENTIFIED.map((c) => ({ value: c, ...CHARACTERISTIC_WORDS[c] })),
    declared: declared.map((c) => CHARACTERISTIC_WORDS[c].label),
    checked: sent ?? declared,
    form,
  };
}
