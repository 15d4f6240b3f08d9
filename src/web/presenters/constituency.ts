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

const COUNTED: readonly string[] = ['counted', 'declared'];

/** A trigger ballot's units, live gauges and outcome; null when its rulebook is not bundled. */
export function triggerProgress(p: TriggerBallotDocument, rb: Rulebook | null, who: Principal): TriggerProgressView | null {
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
      detail = u.result.note ?? 'did not meet';
    } else if (u.result?.kind === 'meeting') {
      const d = review.kind === 'trigger-ballot' ? decisionOfMeeting(review.unitVote, u.result) : null;
      decision = d?.ok ? d.value.decision : null;
      detail = `${u.result.for} for, ${u.result.against} against, ${u.result.abstentions} abstentions, ${u.result.attendance} present`;
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
      ? `Unit meetings under way until ${s.closes}`
      : s.phase === 'triggered'
        ? 'Closed: a selection will be held'
        : s.phase === 'readopted'
          ? 'Closed: the incumbent is readopted'
          : `Phase: ${s.phase}`;
  return {
    process: { id: p.id, name: `Review of ${s.incumbent.name}` },
    incumbent: s.incumbent.name,
    phase,
    rule: `${rb.name} ${reviewWords(review)}.`,
    units,
    gauges: live ? triggerGauges(live, rb) : [],
    ...(s.outcome ? { outcome: { triggered: s.outcome.result === 'triggered', arithmetic: s.outcome.arithmetic } } : {}),
  };
}

const SELECTION_ORDER = ['applications', 'nominations', 'longlist', 'shortlist', 'electorate-frozen', 'ballot-open', 'closed', 'counted', 'declared'];

function selectionTimetable(s: SelectionState): TimetableStep[] {
  const at = SELECTION_ORDER.indexOf(s.phase);
  const steps: [string, string, number][] = [
    ['Applications close', s.timetable.applicationsClose, 1],
    ['Nominations close', s.timetable.nominationsClose, 2],
    ['Electorate frozen at', s.timetable.freezeDate, 4],
    ['Ballot opens', s.timetable.ballotOpens, 5],
    ['Ballot closes', s.timetable.ballotCloses, 6],
  ];
  return steps.map(([step, date, phaseAfter]) => ({ step, date, status: at >= phaseAfter ? 'done' : at === phaseAfter - 1 ? 'current' : 'upcoming' }));
}

/** Each stage of a selection after applications, in words for members. */
const SELECTION_STAGE: Readonly<Record<SelectionState['phase'], string>> = {
  applications: 'Taking applications',
  nominations: 'Branches and affiliated branches are nominating',
  longlist: 'The longlist is set; the shortlist comes next',
  shortlist: 'The shortlist is set; the ballot comes next',
  'electorate-frozen': 'The list of members who may vote is settled; the ballot opens next',
  'ballot-open': 'The ballot is open',
  closed: 'The ballot has closed; the count comes next',
  counted: 'The ballot has been counted; the result is declared next',
  declared: 'The result has been declared',
};

export function selectionView(p: SelectionDocument): SelectionView {
  const s = p.state;
  const nominations = (id: string) => s.nominations.filter((n) => n.candidates.includes(id)).length;
  return {
    process: { id: p.id, name: s.title },
    phase:
      s.phase === 'applications'
        ? `Taking applications until ${s.timetable.applicationsClose}: ${s.candidates.filter((x) => x.withdrawn === null).length} standing so far`
        : SELECTION_STAGE[s.phase],
    timetable: selectionTimetable(s),
    shortlist:
      s.shortlist === null
        ? null
        : s.shortlist.map((id) => {
            const c = s.candidates.find((x) => x.id === id);
            const note = [
              c?.incumbent ? 'incumbent' : null,
              `nominated by ${nominations(id)} unit${nominations(id) === 1 ? '' : 's'}`,
              c?.withdrawn ? 'withdrawn' : null,
            ]
              .filter(Boolean)
              .join(', ');
            return { name: c?.name ?? id, note };
          }),
    ...(COUNTED.includes(s.phase) ? { resultsUrl: paths.results(p.id) } : {}),
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
    if (review) notes.push(`A review of ${incumbent} is under way (${review.id}).`);
    else if (replaced) notes.push(`${replaced}.`);
    else if (running) notes.push(`A review of ${incumbent} can be opened once the selection under way (${running.id}) is declared.`);
    else if (mayTrigger) actions.push({ href: paths.openTriggerForm(unit.id), text: `Open a trigger ballot on ${incumbent}` });
    else notes.push(`A trigger ballot on ${incumbent} is opened by the party’s national officers.`);
  }
  if (maySelection) {
    if (running) notes.push(`A selection is under way (${running.id}); a new one can be opened once it is declared.`);
    else if (review) notes.push(`A selection can be opened once the review under way (${review.id}) has ended.`);
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
    if (p.constituency === null || p.kind === 'internal-election') continue;
    const had = latest.get(p.constituency) ?? {};
    latest.set(p.constituency, p.kind === 'trigger-ballot' ? { ...had, review: p } : { ...had, selection: p });
  }
  const needle = q.toLowerCase();
  return all
    .map((u) => {
      const l = latest.get(u.id);
      const review = l?.review ? `${l.review.state.phase} (${l.review.id})` : null;
      const selection = l?.selection ? `${l.selection.state.phase} (${l.selection.id})` : null;
      return { id: u.id, name: u.name, region: (u.parent && regions.get(u.parent)) || '', incumbent: incumbents.get(u.id) ?? null, review, selection };
    })
    .filter((r) => needle === '' || r.name.toLowerCase().includes(needle) || r.region.toLowerCase().includes(needle))
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
}
