/** What the nominations and statements pages show, from an internal election's (or a selection's) state: names and dates, never ids. */
import { longDate } from '../../domain/calendar.js';
import { bySurname } from '../../domain/ballot-order.js';
import { nominationsOf, reachesThreshold } from '../../domain/processes/body-nominations.js';
import { validlyNominated } from '../../domain/processes/leadership-steps.js';
import { leadershipNominationsView } from '../../app/leadership.js';
import { publishedStatement, statementOf, statementWordCount, type CandidateStatement } from '../../domain/processes/candidate-statements.js';
import type { InternalElectionState, SelectionState } from '../../domain/processes/index.js';
import type { Rulebook } from '../../domain/rulebook.js';
import { electionNominationWords } from '../../domain/rulebook-words.js';
import type { FormState } from '../views/context.js';
import type { NominationRow, PendingStatement, PhotoView, PublicCandidate, StandingEntry, StatementEntry } from '../views/nominations.js';
import { paths } from '../views/paths.js';

const plural = (n: number, one: string, many: string): string => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

export function nominationRuleSentence(rb: Rulebook, s?: InternalElectionState): string {
  if (s?.leadership) return leadershipNominationsView(s, rb)?.rule ?? 'This leadership election runs under rules that set no leadership election.';
  return `The rulebook ${electionNominationWords(rb.internalElection)}.`;
}

const standsIn = (s: InternalElectionState, member: string): boolean => s.candidates.some((c) => c.member === member && c.withdrawn === null);

/** The officers' table: every nominee, who nominated them and when, the threshold, their answer, and whether they stand. */
export function nominationRows(s: InternalElectionState, rb: Rulebook): NominationRow[] {
  const rules = rb.internalElection?.nominations ?? null;
  const threshold = rules?.threshold ?? 0;
  return bySurname(s.nominees).map((n) => {
    const by = nominationsOf(s, n.member);
    return {
      name: n.name,
      by: by.map((x) =>
        x.route === 'parliamentary' ? `${x.bodyName} MP, ${longDate(x.meetingDate)}` : `${x.bodyName}, meeting of ${longDate(x.meetingDate)}`,
      ),
      count: s.leadership ? `${by.length} in all` : `${by.length} of ${threshold}`,
      reached: s.leadership ? validlyNominated(s, n.member, rb) : reachesThreshold(s, n.member, rules),
      consent: n.consent === null ? 'Not yet answered' : n.consent.answer === 'accepted' ? 'Accepted' : 'Declined',
      standing: standsIn(s, n.member),
    };
  });
}

/** A statement's photo as a page shows it, or null when it has none. */
export function statementPhotoView(processId: string, st: CandidateStatement, name: string): PhotoView | null {
  return st.photoSha256 === null ? null : { src: paths.statementPhoto(processId, st.photoSha256), alt: `Photo of ${name}` };
}

export function pendingStatements(
  processId: string,
  s: { readonly statements: readonly CandidateStatement[] },
  nameOf: (member: string) => string,
): PendingStatement[] {
  return s.statements
    .filter((x) => x.status === 'awaiting-approval')
    .map((x) => ({ candidate: x.member, name: nameOf(x.member), text: x.text, photo: statementPhotoView(processId, x, nameOf(x.member)) }));
}

export function statementEntry(st: CandidateStatement | null): StatementEntry | null {
  if (st === null) return null;
  const words = plural(statementWordCount(st.text), 'word', 'words');
  const withPhoto = st.photo === null ? words : `${words}, with a photo`;
  const hasPhoto = st.photo !== null;
  if (st.status === 'approved') return { text: st.text, hasPhoto, status: `Approved and published (${withPhoto})`, tone: 'good' };
  if (st.status === 'returned') return { text: st.text, hasPhoto, status: `Returned for changes: ${st.reason ?? ''}`, tone: 'bad' };
  return { text: st.text, hasPhoto, status: `Awaiting an officer’s approval (${withPhoto})`, tone: 'warn' };
}

/** The candidate's own entry for one election they were nominated in. */
export function standingEntry(processId: string, s: InternalElectionState, rb: Rulebook, member: string, form: FormState): StandingEntry {
  const rules = rb.internalElection?.nominations ?? null;
  const nominee = s.nominees.find((n) => n.member === member) ?? null;
  const by = nominationsOf(s, member);
  const standing = standsIn(s, member);
  const nominatedBy =
    by.length === 0
      ? 'An officer entered you as a candidate.'
      : `Nominated by ${by.map((x) => `${x.bodyName} (meeting of ${longDate(x.meetingDate)})`).join('; ')}.`;
  const progress = standing
    ? 'You are on the ballot paper.'
    : nominee?.consent?.answer === 'declined'
      ? 'You declined this nomination.'
      : `${plural(by.length, 'nomination', 'nominations')} of the ${rules?.threshold ?? 0} needed${nominee?.consent?.answer === 'accepted' ? '; you have accepted' : '; you have not yet accepted'}.`;
  return {
    process: processId,
    title: s.title,
    nominatedBy,
    progress,
    mayAnswer: s.phase === 'nominations' && !standing && nominee !== null && nominee.consent?.answer !== 'accepted',
    standing,
    statement: statementEntry(statementOf(s, member)),
    statementLimit: rb.statementWords,
    mayWrite: (s.phase === 'nominations' || s.phase === 'electorate-frozen') && nominee?.consent?.answer !== 'declined',
    form,
  };
}

/** The public page: those standing, alphabetically by surname, with approved statements only. */
export function publicCandidates(processId: string, s: InternalElectionState | SelectionState): PublicCandidate[] {
  // A selection's ballot paper is its shortlist: those who applied but were not shortlisted are not published.
  const standing = s.candidates.filter((c) => c.withdrawn === null && (s.kind !== 'selection' || (s.shortlist ?? []).includes(c.id)));
  return bySurname(standing).map((c) => {
    const st = publishedStatement(s, c.member);
    return { name: c.name, statement: st?.text ?? null, photo: st ? statementPhotoView(processId, st, c.name) : null };
  });
}
