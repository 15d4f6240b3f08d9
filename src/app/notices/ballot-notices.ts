/**
 * The notices a ballot sends its electorate: when it opens, an invitation to every eligible member;
 * and reminders to those who have not yet voted, a last-day one by default and others at times an
 * officer schedules. They are stored with the step that opens the ballot (in its transaction), and
 * a reminder's recipients are worked out by the store only when it is due: nobody, and no page,
 * ever holds the list of who has not voted.
 */
import type { ProcessId } from '../../domain/ids.js';
import { votingWindow } from '../../domain/processes/index.js';
import type { InternalElectionState, SelectionState } from '../../domain/processes/index.js';
import type { NewNotice } from '../../store/store.js';

export const BALLOT_INVITATION = 'ballot-invitation';
export const BALLOT_REMINDER = 'ballot-reminder';

/** What an invitation or reminder says: the ballot, when it closes, its candidates, and where to vote. */
export interface BallotNoticeParams {
  readonly title: string;
  /** The closing moment, an ISO instant, read in `zone`. */
  readonly closesAt: string;
  readonly zone: string;
  /** The names on the ballot paper, alphabetically by surname. */
  readonly candidates: readonly string[];
  /** The booth to open after signing in: the election's one booth for a contest, else the ballot's own. */
  readonly booth: string;
}

type BallotState = SelectionState | InternalElectionState;

/** The names on the ballot paper: a selection's shortlist, an election's candidates standing; by surname, never the order of nomination. */
function paperNames(s: BallotState): string[] {
  const standing = s.candidates.filter((c) => c.withdrawn === null && (s.kind !== 'selection' || (s.shortlist ?? []).includes(c.id)));
  const surname = (name: string) => name.trim().split(/\s+/).at(-1) ?? name;
  return standing.map((c) => c.name).sort((a, b) => surname(a).localeCompare(surname(b), 'en-GB') || a.localeCompare(b, 'en-GB'));
}

/** The booth a member is sent to from a ballot's notices. */
export function boothPath(processId: ProcessId, s: BallotState): string {
  const election = s.kind === 'internal-election' ? (s.contest?.election ?? null) : null;
  return election === null ? `/ballots/${encodeURIComponent(processId)}` : `/elections/${encodeURIComponent(election)}/booth`;
}

export function ballotNoticeParams(processId: ProcessId, s: BallotState): BallotNoticeParams {
  const w = votingWindow(s);
  return { title: s.title, closesAt: w.closes.toISOString(), zone: w.zone, candidates: paperNames(s), booth: boothPath(processId, s) };
}

/** The last-day reminder goes this long before the close: the morning of the last day of a ballot that closes at midnight. */
const LAST_DAY_MS = 15 * 3_600_000;

/** A ballot held again after one was voided has notices of its own: ":round-2" and on, after the first's ids. */
export function roundSuffix(s: BallotState): string {
  const voided = (s.voidedBallots ?? []).length;
  return voided === 0 ? '' : `:round-${voided + 1}`;
}

/**
 * The notices of a ballot that has just opened at `at`: the invitation, due at once; and the
 * last-day reminder, unless the ballot is too short for one to mean anything.
 */
export function ballotOpenedNotices(processId: ProcessId, s: BallotState, at: string, actor: string): NewNotice[] {
  const params = ballotNoticeParams(processId, s);
  const invitation: NewNotice = {
    id: `${processId}:invitation${roundSuffix(s)}`,
    kind: BALLOT_INVITATION,
    process: processId,
    audience: { electorate: true },
    params,
    sendAt: at,
    private: true,
    createdBy: actor,
  };
  const lastDay = new Date(new Date(params.closesAt).getTime() - LAST_DAY_MS);
  const worthIt = lastDay.getTime() - new Date(at).getTime() >= 12 * 3_600_000;
  return worthIt ? [invitation, reminderNotice(processId, s, lastDay.toISOString(), actor, 'last-day')] : [invitation];
}

/** A reminder to those who have not voted by `sendAt`; `name` makes its id (one reminder per name and ballot). */
export function reminderNotice(processId: ProcessId, s: BallotState, sendAt: string, actor: string, name: string): NewNotice {
  return {
    id: `${processId}:reminder:${name}${roundSuffix(s)}`,
    kind: BALLOT_REMINDER,
    process: processId,
    audience: { notVoted: true },
    params: ballotNoticeParams(processId, s),
    sendAt,
    private: true,
    createdBy: actor,
  };
}

/** Whether a stored notice's params are a ballot notice's (the template reads nothing else). */
export function isBallotNoticeParams(p: unknown): p is BallotNoticeParams {
  if (typeof p !== 'object' || p === null) return false;
  const o = p as Record<string, unknown>;
  return (
    typeof o.title === 'string' &&
    typeof o.closesAt === 'string' &&
    typeof o.zone === 'string' &&
    typeof o.booth === 'string' &&
    Array.isArray(o.candidates) &&
    o.candidates.every((c) => typeof c === 'string')
  );
}
