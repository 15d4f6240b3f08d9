/**
 * A member's items: ballots open to them that they have not voted in, ballots under way that they
 * may not vote in and why, a round of an online nomination meeting open to them, and their own
 * constituency's review or selection while it runs.
 */
import { outsideVotingWindow, votingWindow } from '../../domain/processes/index.js';
import type { ProcessDocument } from '../../domain/processes/documents.js';
import { ballotState, isBallotProcess, type BallotDocument } from '../ballot-paper.js';
import { electorateEntry } from '../electorate-entry.js';
import { mayVoteAt } from '../meeting-booth.js';
import type { MemberId, ProcessId } from '../../domain/ids.js';
import { said, type Need, type NeedSource, type NeedsReading } from './need.js';

const PUBLISHED = { key: 'needs.publishedResults', params: {} } as const;
const ELIGIBILITY = { key: 'needs.yourEligibility', params: {} } as const;

const REVIEW_UNDER_WAY: readonly string[] = ['open', 'not-readopted', 'appeal'];
const CHOOSING_CANDIDATES: readonly string[] = ['applications', 'nominations', 'longlist', 'shortlist'];
const BEING_COUNTED: readonly string[] = ['closed', 'counted'];

/** The member's own constituency's review or selection while it runs and no ballot of it asks for their vote. */
function localProcess(p: ProcessDocument, where: string): Need | null {
  const base = { role: 'member' as const, about: where };
  if (p.kind === 'trigger-ballot' && REVIEW_UNDER_WAY.includes(p.state.phase)) {
    return {
      ...base,
      ...said({ key: 'needs.review', params: { where, incumbent: p.state.incumbent.name } }, PUBLISHED),
      target: { to: 'results-index' },
      due: { kind: 'by', date: p.state.closes },
    };
  }
  if (p.kind === 'selection' && CHOOSING_CANDIDATES.includes(p.state.phase)) {
    return {
      ...base,
      ...said({ key: 'needs.choosing', params: { title: p.state.title } }, ELIGIBILITY),
      target: { to: 'eligibility' },
      due: { kind: 'from', date: p.state.timetable.ballotOpens },
    };
  }
  if (p.kind === 'selection' && BEING_COUNTED.includes(p.state.phase)) {
    return {
      ...base,
      ...said({ key: 'needs.counting', params: { title: p.state.title } }, PUBLISHED),
      target: { to: 'results-index' },
      due: null,
    };
  }
  return null;
}

/** A ballot whose electorate is frozen and whose voting has not ended: the member's vote, or why they have none. */
async function ballotNeed(r: NeedsReading, p: BallotDocument, voted: ReadonlySet<string>): Promise<Need | null> {
  const s = ballotState(p);
  if (s.phase !== 'ballot-open' && s.phase !== 'electorate-frozen') return null;
  const entry = await electorateEntry(r.store, p, r.person.member.id);
  if (entry === null) return null;
  const base = { role: 'member' as const, about: s.title };
  if (!entry.eligible)
    // The stored reason is English; the member's eligibility page says it in their language.
    return {
      ...base,
      ...said({ key: 'needs.cannotVote', params: { title: s.title, reason: entry.reason } }, ELIGIBILITY),
      target: { to: 'eligibility' },
      due: null,
    };
  if (voted.has(p.id)) return null;
  const closes = votingWindow(s, r.zone).closes;
  if (r.now.getTime() >= closes.getTime()) return null;
  if (s.phase === 'ballot-open' && outsideVotingWindow(s, r.now, r.zone) === null)
    return {
      ...base,
      ...said({ key: 'needs.openNotVoted', params: { title: s.title } }, { key: 'needs.vote', params: {} }),
      target: { to: 'booth', process: p.id, ...(p.kind === 'internal-election' && p.state.contest ? { election: p.state.contest.election } : {}) },
      due: { kind: 'closes', at: closes },
    };
  return {
    ...base,
    ...said({ key: 'needs.mayVote', params: { title: s.title } }, ELIGIBILITY),
    target: { to: 'eligibility' },
    due: { kind: 'from', date: s.timetable.ballotOpens },
  };
}

/** An online meeting's open round the member is present and may vote in, and has not voted in yet. */
async function meetingRoundNeed(r: NeedsReading, p: ProcessDocument): Promise<Need | null> {
  if (p.kind !== 'nomination-meeting' || p.state.voting !== 'online' || p.state.openRound === null) return null;
  const member = r.person.member.id;
  if (!mayVoteAt(p.state, member)) return null;
  const round = p.state.openRound.round;
  if (await r.store.hasVotedInMeetingRound(p.id as ProcessId, round, member as MemberId)) return null;
  return {
    role: 'member',
    about: p.state.title,
    ...said({ key: 'needs.meetingRound', params: { round: String(round), title: p.state.title } }, { key: 'needs.vote', params: {} }),
    target: { to: 'meeting-booth', meeting: p.id },
    due: null,
  };
}

export const memberNeeds: NeedSource = async (r) => {
  const voted = new Set((await r.store.votesOf(r.person.member.id)).map((v) => v.process as string));
  const out: Need[] = [];
  for (const p of r.processes) {
    const vote = isBallotProcess(p) ? await ballotNeed(r, p, voted) : await meetingRoundNeed(r, p);
    if (vote) out.push(vote);
    else if (p.constituency !== null && p.constituency === r.homeConstituency) {
      const local = localProcess(p, r.unitName(p.constituency));
      if (local) out.push(local);
    }
  }
  return out;
};
