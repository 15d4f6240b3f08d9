/**
 * What the member's pages say about a ballot in the member's language: when it closes, what the
 * paper says above its candidates, and why a vote is refused now. The English is the words the officers' pages and the domain use.
 */
import { momentWithZone, type Words } from '../../app/language/index.js';
import { votingWindow } from '../../domain/processes/index.js';
import type { PaperRules } from './paper-rules.js';

type WithWindow = Parameters<typeof votingWindow>[0];

/** "midnight at the end of Thursday 4 March 2027 (UK time)": the closing moment. */
export function closingIn(w: Words, state: WithWindow, zone?: string): string {
  const win = votingWindow(state, zone);
  return momentWithZone(w, win.closes, win.zone);
}

/** "Voting closes at …", "Voting closed at …", or when it opens and closes, at `now`. */
export function votingSentenceIn(w: Words, state: WithWindow & { readonly phase: string }, now: Date, zone?: string): string {
  const win = votingWindow(state, zone);
  const closed = state.ballot?.closedAt ?? null;
  if (closed !== null) {
    const at = state.ballot?.closedByTimetable ? win.closes : new Date(closed);
    return w.t('booth.closedAt', { moment: momentWithZone(w, at, win.zone) });
  }
  if (now.getTime() >= win.closes.getTime()) return w.t('booth.closedAt', { moment: momentWithZone(w, win.closes, win.zone) });
  if (now.getTime() < win.opens.getTime())
    return w.t('booth.opensAt', { opens: momentWithZone(w, win.opens, win.zone, 'start'), closes: momentWithZone(w, win.closes, win.zone) });
  return w.t('booth.closesAt', { moment: momentWithZone(w, win.closes, win.zone) });
}

/** Why a vote at `now` is outside the voting window (a sentence without its full stop), or null inside it. */
export function outsideWindowIn(w: Words, state: WithWindow, now: Date, zone?: string): string | null {
  const win = votingWindow(state, zone);
  if (now.getTime() >= win.closes.getTime()) return w.t('booth.closedMoment', { moment: momentWithZone(w, win.closes, win.zone) });
  if (now.getTime() < win.opens.getTime()) return w.t('booth.opensMoment', { moment: momentWithZone(w, win.opens, win.zone, 'start') });
  return null;
}

/** The paper's rules above the candidates, sentence by sentence: how many are elected, any minimum of women, how to mark it. */
export function paperRulesIn(w: Words, p: PaperRules): string[] {
  const minimum =
    p.minWomen === null || p.minWomen <= 0
      ? []
      : [p.seats === p.minWomen ? w.t('booth.allWomen', { seats: p.seats }) : w.t('booth.atLeastWomen', { n: p.minWomen, seats: p.seats })];
  const marking = p.maxMarks === 1 ? w.t('booth.markOne') : p.maxMarks !== null ? w.t('booth.markUpTo', { n: p.maxMarks }) : w.t('booth.markRank');
  return [w.t('booth.elects', { n: p.seats }), ...minimum, marking];
}
