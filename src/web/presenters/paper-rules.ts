/**
 * What a ballot paper says above its candidates: how many will be elected, any
 * minimum ("At least 4 of the 9 will be women"), and how to mark it for the
 * counting method. The booth and the paper-vote desk show the same words.
 */
import { minimumGroupNoun } from '../../report/sheet.js';

export interface PaperRules {
  readonly seats: number;
  /** Minimum of women among those elected, or null. */
  readonly minWomen: number | null;
  /** Most candidates a paper may mark (block vote: the seats; plurality: one), or null for a ranking as long as the paper. */
  readonly maxMarks: number | null;
}

/** "One candidate will be elected." / "9 will be elected." */
export function electsWords(seats: number): string {
  return seats === 1 ? 'One candidate will be elected.' : `${seats} will be elected.`;
}

/** "At least 4 of the 9 will be women.", or null without a minimum. */
export function minimumWords(seats: number, minWomen: number | null): string | null {
  if (minWomen === null || minWomen <= 0) return null;
  const noun = minimumGroupNoun({ attribute: 'gender', value: 'woman', minimum: minWomen }, true);
  return seats === minWomen ? `All ${seats} will be women.` : `At least ${minWomen} of the ${seats} will be ${noun}.`;
}

/** How to mark the paper for its method, in one sentence. */
export function markingWords(maxMarks: number | null): string {
  if (maxMarks === 1) return 'Mark one candidate only.';
  if (maxMarks !== null) return `Mark up to ${maxMarks} candidates; each one you mark gets one vote.`;
  return 'Rank the candidates 1, 2, 3 and so on, as many or as few as you like.';
}

/** The paper's rules, sentence by sentence, as shown above the candidates. */
export function paperRulesLines(p: PaperRules): string[] {
  const minimum = minimumWords(p.seats, p.minWomen);
  return [electsWords(p.seats), ...(minimum === null ? [] : [minimum]), markingWords(p.maxMarks)];
}
