/** The paper-vote desk as the views show it: the ballot with the papers recorded so far by channel, and a reviewed vote's ranking by name. */
import { closingWords } from '../../domain/processes/index.js';
import type { Rulebook } from '../../domain/rulebook.js';
import { methodPhrase } from '../../domain/rulebook-words.js';
import type { ProcessDocument } from '../../domain/processes/documents.js';
import type { BallotBox } from '../../store/store.js';
import type { PaperVoteBallot } from '../views/paper-vote.js';
import type { RankableCandidate } from '../views/ranking-form.js';
import { methodOf, minWomenOf, seatsOf, standingPaper, type BallotState } from '../../app/ballot-paper.js';
import { paperRulesLines } from './paper-rules.js';
import { maxMarksOf } from './booth.js';
import { rulebookText } from '../views/words.js';

/**
 * The candidates still standing, in the order the rulebook sets (never the order of nomination).
 * A desk's paper is not tied to a voter until the member is found, so a rotating rulebook's
 * candidates are listed by surname here, which is also the easiest order to find a name in.
 */
export function deskCandidates(state: BallotState, rb: Rulebook | null): RankableCandidate[] {
  return standingPaper(state, rb, null).map((x) => ({ id: x.id, name: x.name }));
}

/** The ballot at the top of the desk; `unit` names its constituency (or the whole party). */
export function deskBallot(
  proc: Pick<ProcessDocument, 'id' | 'rulebook'>,
  state: BallotState,
  rb: Rulebook | null,
  box: BallotBox | null,
  unit: string,
): PaperVoteBallot {
  return {
    process: proc.id,
    title: state.title,
    unit,
    closes: state.timetable.ballotCloses,
    closing: closingWords(state),
    methodWords: rb ? methodPhrase(methodOf(state, rb)) : rulebookText(proc.rulebook),
    rules: paperRulesLines({ seats: seatsOf(state), minWomen: minWomenOf(state), maxMarks: rb ? maxMarksOf(methodOf(state, rb), seatsOf(state)) : null }),
    recorded: { postal: box?.byChannel.postal ?? 0, inPerson: box?.byChannel['in-person'] ?? 0 },
  };
}

/** A reviewed vote: the ranking by name, and the candidates it leaves unranked (none for a blank paper). */
export function reviewedRanking(candidates: readonly RankableCandidate[], ranking: readonly string[]): { ranking: RankableCandidate[]; unranked: string[] } {
  return {
    ranking: ranking.map((id) => candidates.find((x) => x.id === id)!),
    unranked: ranking.length === 0 ? [] : candidates.filter((x) => !ranking.includes(x.id)).map((x) => x.name),
  };
}
