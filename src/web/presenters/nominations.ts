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
import { dateIn, wordsIn, type Words } from '../../app/language/index.js';

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

/** A candidate's statement and how it stands, in `w`'s words (English when absent). */
export function statementEntry(st: CandidateStatement | null, w: Words = wordsIn('en-GB')): StatementEntry | null {
  if (st === null) return null;
  const words = w.t('statement.words', { n: statementWordCount(st.text) });
  const what = st.photo === null ? words : w.t('statement.withPhoto', { words });
  const hasPhoto = st.photo !== null;
  if (st.status === 'approved') return { text: st.text, hasPhoto, status: w.t('statement.approved', { what }), tone: 'good' };
  if (st.status === 'returned') return { text: st.text, hasPhoto, status: w.t('statement.returned', { reason: st.reason ?? '' }), tone: 'bad' };
  return { text: st.text, hasPhoto, status: w.t('statement.awaiting', { what }), tone: 'warn' };
}

/** The candidate's own entry for one election they were nominated in, in their words. */
export function standingEntry(
  processId: string,
  s: InternalElectionState,
  rb: Rulebook,
  member: string,
  form: FormState,
  w: Words = wordsIn('en-GB'),
): StandingEntry {
  const rules = rb.internalElection?.nominations ?? null;
  const nominee = s.nominees.find((n) => n.member === member) ?? null;
  const by = nominationsOf(s, member);
  const standing = standsIn(s, member);
  const nominatedBy =
    by.length === 0
      ? w.t('standing.byOfficer')
      : w.t('standing.nominatedBy', { bodies: by.map((x) => w.t('standing.byBody', { body: x.bodyName, date: dateIn(w, x.meetingDate) })).join('; ') });
  const counted = { n: by.length, needed: rules?.threshold ?? 0 };
  const progress = standing
    ? w.t('standing.onPaper')
    : nominee?.consent?.answer === 'declined'
      ? w.t('standing.declined')
      : nominee?.consent?.answer === 'accepted'
        ? w.t('standing.progressAccepted', counted)
        : w.t('standing.progressNotAccepted', counted);
  return {
    process: processId,
    title: s.title,
    nominatedBy,
    progress,
    mayAnswer: s.phase === 'nominations' && !standing && nominee !== null && nominee.consent?.answer !== 'accepted',
    standing,
    statement: statementEntry(statementOf(s, member), w),
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
