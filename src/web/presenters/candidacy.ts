/** Standing for selection as the member's pages show it: each of their applications and how it stands, and the form to apply. */
import type { Member } from '../../domain/organisation.js';
import type { SelectionCandidate, SelectionState } from '../../domain/processes/index.js';
import type { Rulebook } from '../../domain/rulebook.js';
import type { SelectionDocument } from '../../domain/processes/documents.js';
import type { MyApplication } from '../views/candidacy.js';
import type { FormState } from '../views/context.js';
import { paths } from '../views/paths.js';
import { dateIn, type Words } from '../../app/language/index.js';
import { fractionIn } from '../views/language.js';

/** A selection the member may apply to, as the handler found it: the per-resource checks passed. */
export interface ApplyScope {
  readonly process: SelectionDocument;
  readonly state: SelectionState;
  readonly constituency: { readonly name: string };
  readonly rulebook: Rulebook;
  /** Why the member may apply, in words. */
  readonly standing: string;
}

/** The stages after the shortlist in which a shortlisted candidate is on the ballot paper. */
const ON_PAPER = ['electorate-frozen', 'ballot-open', 'closed', 'counted'] as const;
const onPaper = (phase: string): phase is (typeof ON_PAPER)[number] => (ON_PAPER as readonly string[]).includes(phase);

function applicationStatus(w: Words, s: SelectionState, c: SelectionCandidate): Pick<MyApplication, 'status' | 'tone'> {
  if (c.withdrawn) return { status: w.t('stand.withdrew', { date: dateIn(w, c.withdrawn.at) }), tone: 'neutral' };
  if (s.declaration)
    return s.declaration.winner === c.id
      ? { status: w.t('stand.selected'), tone: 'good' }
      : { status: w.t('stand.notSelected', { name: s.declaration.name }), tone: 'neutral' };
  if (s.shortlist)
    return s.shortlist.includes(c.id)
      ? { status: onPaper(s.phase) ? w.t(`stand.onPaper.${s.phase}`) : w.t('stand.shortlisted'), tone: 'good' }
      : { status: w.t('stand.notShortlisted'), tone: 'neutral' };
  if (s.longlist)
    return s.longlist.includes(c.id) ? { status: w.t('stand.longlisted'), tone: 'good' } : { status: w.t('stand.notLonglisted'), tone: 'neutral' };
  const nominations = s.nominations.filter((n) => n.candidates.includes(c.id)).length;
  if (s.phase === 'nominations') return { status: w.t('stand.nominatedBy', { n: nominations }), tone: nominations > 0 ? 'good' : 'warn' };
  return { status: w.t('stand.received'), tone: 'neutral' };
}

/** One of the member's applications, in their language; `constituency` is its name. */
export function applicationRow(p: SelectionDocument, cand: SelectionCandidate, constituency: string, resultsVisible: boolean, w: Words): MyApplication {
  const s = p.state;
  return {
    process: p.id,
    title: s.title,
    constituency,
    appliedAt: cand.appliedAt,
    ...applicationStatus(w, s, cand),
    ...(resultsVisible ? { resultsUrl: paths.results(p.id) } : {}),
  };
}

function genderRules(scope: ApplyScope, w: Words): string {
  if (scope.state.allWomenShortlist) return w.t('apply.allWomen');
  const share = scope.rulebook.selection.shortlist.minWomenShortlist;
  return share === null
    ? w.t('apply.noWomenRule', { rulebook: scope.rulebook.name })
    : w.t('apply.womenShare', { rulebook: scope.rulebook.name, share: fractionIn(w, share) });
}

export function applicationFormView(scope: ApplyScope, member: Member, form: FormState, w: Words) {
  return {
    process: { id: scope.process.id, title: scope.state.title },
    constituency: scope.constituency.name,
    name: member.name,
    applicationsClose: scope.state.timetable.applicationsClose,
    standing: scope.standing,
    genderRules: genderRules(scope, w),
    statementWords: scope.rulebook.statementWords,
    form,
  };
}
