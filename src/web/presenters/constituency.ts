/**
 * A constituency's progress, and the list of constituencies, as the views
 * show them: the trigger ballot's units and gauges, the selection's timetable
 * and shortlist, and what the viewer may open there now (or why not). Pure:
 * the handler reads the store and passes what it read.
 */
import { triggerClosedBySelection, type Incumbent, type SeatCandidate, type Unit } from '../../domain/organisation.js';
import type { ProcessDocument, ProcessKind, SelectionDocument, TriggerBallotDocument } from '../../domain/processes/documents.js';
import { isOfKind, type DocumentOfKind } from '../../app/load-process.js';
import type { SelectionState } from '../../domain/processes/index.js';
import type { Rulebook } from '../../domain/rulebook.js';
import { reviewWords } from '../../domain/rulebook-words.js';
import { decisionOfMeeting, evaluateTrigger, type UnitDecision } from '../../domain/trigger-outcome.js';
import { dateOf } from '../../domain/time.js';
import type { ConstituencyRow, SelectionView, TimetableStep, TriggerProgressView, UnitProgress } from '../views/constituency.js';
import { triggerGauges } from '../views/gauge.js';
import { paths } from '../views/paths.js';
import type { Principal } from '../server/permissions.js';
import { phaseText } from '../views/words.js';
import { dateIn, wordsIn, type Words } from '../../app/language/index.js';

const COUNTED: readonly string[] = ['counted', 'declared'];

/** The stages of a review the constituency page names, as `seat.phase.<stage>`. */
const REVIEW_STAGES = ['not-readopted', 'appeal', 'exempt'] as const;
const isReviewStage = (phase: string): phase is (typeof REVIEW_STAGES)[number] => (REVIEW_STAGES as readonly string[]).includes(phase);

/** A trigger ballot's units, live gauges and outcome, in `w`'s words; null when its rulebook is not bundled. */
export function triggerProgress(p: TriggerBallotDocument, rb: Rulebook | null, who: Principal, w: Words = wordsIn('en-GB')): TriggerProgressView | null {
  const s = p.state;
  if (!rb) return null;
  const review = rb.incumbentReview;
  const units: UnitProgress[] = [];
  const decisions: { unit: string; class: 'branch' | 'affiliate'; decision: UnitDecision; affiliate?: string }[] = [];
  for (const u of s.units) {
    let decision: UnitDecision | null = null;
    let detail: string | undefined;
    let date: string | undefined;
    if (u.result?.kind === 'absent') {
      decision = 'absent';
      detail = u.result.note ?? w.t('seat.didNotMeet');
    } else if (u.result?.kind === 'meeting') {
      const d = review.kind === 'trigger-ballot' ? decisionOfMeeting(review.unitVote, u.result) : null;
      decision = d?.ok ? d.value.decision : null;
      detail = w.t('seat.figures', { yes: u.result.for, against: u.result.against, abstentions: u.result.abstentions, present: u.result.attendance });
      date = u.result.date;
    }
    const mine = s.phase === 'open' && who.units.some((x) => x.id === u.id);
    const corrections = u.corrections.map((x) => ({ date: dateOf(new Date(x.at)), reason: x.reason }));
    units.push({
      name: u.name,
      class: u.class,
      decision,
      ...(detail ? { detail } : {}),
      ...(date ? { date } : {}),
      ...(mine ? { recordUrl: paths.unitMeeting(u.id, p.id) } : {}),
      ...(corrections.length ? { corrections } : {}),
    });
    decisions.push({ unit: u.id, class: u.class, decision: decision ?? 'absent', ...(u.affiliate ? { affiliate: u.affiliate } : {}) });
  }
  const live = review.kind === 'trigger-ballot' ? evaluateTrigger(rb, decisions) : null;
  const phase =
    s.phase === 'open'
      ? w.t('seat.phase.open', { date: dateIn(w, s.closes) })
      : s.phase === 'triggered' || s.phase === 'readopted'
        ? w.t(`seat.phase.${s.phase}`)
        : isReviewStage(s.phase)
          ? w.t(`seat.phase.${s.phase}`)
          : w.t('seat.inProgress');
  return {
    process: { id: p.id, name: w.t('seat.reviewOf', { incumbent: s.incumbent.name }) },
    incumbent: s.incumbent.name,
    phase,
    rule: `${rb.name} ${reviewWords(review)}.`,
    units,
    gauges: live ? triggerGauges(live, rb, w) : [],
    ...(s.outcome ? { outcome: { triggered: s.outcome.result === 'triggered', arithmetic: s.outcome.arithmetic } } : {}),
  };
}

const SELECTION_ORDER = ['applications', 'nominations', 'longlist', 'shortlist', 'electorate-frozen', 'ballot-open', 'closed', 'counted', 'declared'];

function selectionTimetable(s: SelectionState, w: Words): TimetableStep[] {
  const at = SELECTION_ORDER.indexOf(s.phase);
  const steps: [string, string, number][] = [
    [w.t('seat.stepName.applications'), s.timetable.applicationsClose, 1],
    [w.t('seat.stepName.nominations'), s.timetable.nominationsClose, 2],
    [w.t('seat.stepName.freeze'), s.timetable.freezeDate, 4],
    [w.t('seat.stepName.opens'), s.timetable.ballotOpens, 5],
    [w.t('seat.stepName.closes'), s.timetable.ballotCloses, 6],
  ];
  return steps.map(([step, date, phaseAfter]) => ({ step, date, status: at >= phaseAfter ? 'done' : at === phaseAfter - 1 ? 'current' : 'upcoming' }));
}

/** A selection's stage, its timetable and its shortlist, in `w`'s words. */
export function selectionView(p: SelectionDocument, w: Words = wordsIn('en-GB')): SelectionView {
  const s = p.state;
  const nominations = (id: string) => s.nominations.filter((n) => n.candidates.includes(id)).length;
  return {
    process: { id: p.id, name: s.title },
    phase:
      s.phase === 'applications'
        ? w.t('seat.taking', { date: dateIn(w, s.timetable.applicationsClose), n: s.candidates.filter((x) => x.withdrawn === null).length })
        : w.t(`seat.stage.${s.phase}`),
    timetable: selectionTimetable(s, w),
    shortlist:
      s.shortlist === null
        ? null
        : s.shortlist.map((id) => {
            const c = s.candidates.find((x) => x.id === id);
            const note = [
              c?.incumbent ? w.t('seat.incumbent') : null,
              w.t('seat.nominatedBy', { n: nominations(id) }),
              c?.withdrawn ? w.t('seat.withdrawn') : null,
            ]
              .filter(Boolean)
              .join(', ');
            return { name: c?.name ?? id, note };
          }),
    ...(COUNTED.includes(s.phase) ? { resultsUrl: paths.results(p.id) } : {}),
    ...(s.shortlist !== null ? { candidatesUrl: paths.selectionCandidates(p.id) } : {}),
  };
}

/** The constituency's latest process of a kind: the latest still `under` way, else the latest of all. */
export function latestProcess<K extends ProcessKind>(
  processes: readonly ProcessDocument[],
  kind: K,
  under: (p: DocumentOfKind<K>) => boolean,
): DocumentOfKind<K> | undefined {
  const ofKind = processes.filter((p) => isOfKind(p, kind));
  return ofKind.filter(under).pop() ?? ofKind.pop();
}

export const triggerOpen = (p: TriggerBallotDocument): boolean => p.state.phase === 'open';
export const selectionRunning = (p: SelectionDocument): boolean => p.state.phase !== 'declared';

/** What the viewer may do in the constituency (from the permission table's checks) and what is under way there. */
export interface OpeningFacts {
  readonly unit: Unit;
  readonly sitting: Incumbent | null;
  readonly candidate: SeatCandidate | null;
  readonly mayTrigger: boolean;
  readonly maySelection: boolean;
  readonly review: TriggerBallotDocument | undefined;
  readonly running: SelectionDocument | undefined;
}

/** What the viewer may open in the constituency now, and why not where the rules or the state of things say no. */
export function openings(f: OpeningFacts): { actions: { href: string; text: string }[]; notes: string[] } {
  const { unit, sitting, candidate, mayTrigger, maySelection, review, running } = f;
  const incumbent = sitting?.name ?? null;
  const replaced = sitting ? triggerClosedBySelection(unit.name, sitting, candidate) : null;
  const actions: { href: string; text: string }[] = [];
  const notes: string[] = [];
  if (!mayTrigger && !maySelection) return { actions, notes };
  if (incumbent !== null) {
    if (review) notes.push(`A review of ${incumbent} is under way.`);
    else if (replaced) notes.push(`${replaced}.`);
    else if (running) notes.push(`A review of ${incumbent} can be opened once the selection under way (${running.state.title}) is declared.`);
    else if (mayTrigger) actions.push({ href: paths.openTriggerForm(unit.id), text: `Open a trigger ballot on ${incumbent}` });
    else notes.push(`A trigger ballot on ${incumbent} is opened by the party’s national officers.`);
  }
  if (maySelection) {
    if (running) notes.push(`A selection is under way (${running.state.title}); a new one can be opened once it is declared.`);
    else if (review) notes.push(`A selection can be opened once the review under way (of ${review.state.incumbent.name}) has ended.`);
    else actions.push({ href: paths.openSelectionForm(unit.id), text: 'Open a selection' });
  }
  return { actions, notes };
}

/** Every constituency with its region, representative and latest review and selection, filtered by name or region and sorted by name. */
export function constituencyRows(
  all: readonly Unit[],
  regions: ReadonlyMap<string, string>,
  incumbents: ReadonlyMap<string, string>,
  processes: readonly ProcessDocument[],
  q: string,
): ConstituencyRow[] {
  const latest = new Map<string, { review?: TriggerBallotDocument; selection?: SelectionDocument }>();
  for (const p of processes) {
    if (p.constituency === null || p.kind === 'internal-election' || p.kind === 'nomination-meeting') continue;
    const had = latest.get(p.constituency) ?? {};
    latest.set(p.constituency, p.kind === 'trigger-ballot' ? { ...had, review: p } : { ...had, selection: p });
  }
  const needle = q.toLowerCase();
  return all
    .map((u) => {
      const l = latest.get(u.id);
      const review = l?.review ? phaseText(l.review.kind, l.review.state.phase) : null;
      const selection = l?.selection ? phaseText(l.selection.kind, l.selection.state.phase) : null;
      return { id: u.id, name: u.name, region: (u.parent && regions.get(u.parent)) || '', incumbent: incumbents.get(u.id) ?? null, review, selection };
    })
    .filter((r) => needle === '' || r.name.toLowerCase().includes(needle) || r.region.toLowerCase().includes(needle))
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
}
