/** Standing for selection as the member's pages show it: each of their applications and how it stands, and the form to apply. */
import type { Member } from '../../domain/organisation.js';
import type { SelectionCandidate, SelectionState } from '../../domain/processes/index.js';
import type { Rulebook } from '../../domain/rulebook.js';
import { fractionWords } from '../../domain/rulebook-words.js';
import type { SelectionDocument } from '../../domain/processes/documents.js';
import type { MyApplication } from '../views/candidacy.js';
import type { FormState } from '../views/context.js';
import { paths } from '../views/paths.js';
import { dayText } from '../views/format.js';
import { phaseText } from '../views/words.js';

/** A selection the member may apply to, as the handler found it: the per-resource checks passed. */
export interface ApplyScope {
  readonly process: SelectionDocument;
  readonly state: SelectionState;
  readonly constituency: { readonly name: string };
  readonly rulebook: Rulebook;
  /** Why the member may apply, in words. */
  readonly standing: string;
}

function applicationStatus(s: SelectionState, c: SelectionCandidate): Pick<MyApplication, 'status' | 'tone'> {
  if (c.withdrawn) return { status: `withdrew on ${dayText(c.withdrawn.at)}`, tone: 'neutral' };
  if (s.declaration)
    return s.declaration.winner === c.id ? { status: 'selected', tone: 'good' } : { status: `not selected (${s.declaration.name} was)`, tone: 'neutral' };
  if (s.shortlist)
    return s.shortlist.includes(c.id)
      ? { status: s.phase === 'shortlist' ? 'shortlisted' : `on the ballot paper (${phaseText('selection', s.phase).toLowerCase()})`, tone: 'good' }
      : { status: 'not shortlisted', tone: 'neutral' };
  if (s.longlist) return s.longlist.includes(c.id) ? { status: 'longlisted', tone: 'good' } : { status: 'not longlisted', tone: 'neutral' };
  const nominations = s.nominations.filter((n) => n.candidates.includes(c.id)).length;
  if (s.phase === 'nominations')
    return { status: `nominated by ${nominations} unit${nominations === 1 ? '' : 's'} so far`, tone: nominations > 0 ? 'good' : 'warn' };
  return { status: 'application received', tone: 'neutral' };
}

/** One of the member's applications; `constituency` is its name. */
export function applicationRow(p: SelectionDocument, cand: SelectionCandidate, constituency: string, resultsVisible: boolean): MyApplication {
  const s = p.state;
  return {
    process: p.id,
    title: s.title,
    constituency,
    appliedAt: cand.appliedAt,
    ...applicationStatus(s, cand),
    ...(resultsVisible ? { resultsUrl: paths.results(p.id) } : {}),
  };
}

function genderRules(scope: ApplyScope): string {
  if (scope.state.allWomenShortlist) return 'This selection has an all-women shortlist: only candidates who describe themselves as women can be shortlisted.';
  const share = scope.rulebook.selection.shortlist.minWomenShortlist;
  return share === null
    ? `${scope.rulebook.name} sets no rule on women on the shortlist.`
    : `Under ${scope.rulebook.name} at least ${fractionWords(share)} of the longlist and the shortlist must be women.`;
}

export function applicationFormView(scope: ApplyScope, member: Member, form: FormState) {
  return {
    process: { id: scope.process.id, title: scope.state.title },
    constituency: scope.constituency.name,
    name: member.name,
    applicationsClose: scope.state.timetable.applicationsClose,
    standing: scope.standing,
    genderRules: genderRules(scope),
    statementWords: scope.rulebook.statementWords,
    form,
  };
}
