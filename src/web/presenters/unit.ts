/**
 * A unit secretary's pages as the views show them: the processes their unit
 * takes part in, a trigger ballot's meeting form (with what is recorded
 * already), and a selection's nominations form. Pure: the handler passes the
 * process and its rulebook.
 */
import type { Unit } from '../../domain/organisation.js';
import type { ProcessDocument, SelectionDocument, TriggerBallotDocument } from '../../domain/processes/documents.js';
import type { TriggerBallotState } from '../../domain/processes/index.js';
import type { Rulebook } from '../../domain/rulebook.js';
import { tieWords } from '../../domain/rulebook-words.js';
import { decisionOfMeeting } from '../../domain/trigger-outcome.js';
import type { FormState } from '../views/context.js';
import { paths } from '../views/paths.js';
import type { RecordedMeeting } from '../views/secretary.js';
import type { UnitProcessLink } from '../views/unit.js';
import { phaseText } from '../views/words.js';
import { dayText } from '../views/format.js';

/** The unit's part in each process of its constituency: what is recorded, and where to record what it can record now. */
export function unitProcessLinks(unit: Unit, processes: readonly ProcessDocument[]): UnitProcessLink[] {
  const links: UnitProcessLink[] = [];
  for (const p of processes) {
    if (p.kind === 'trigger-ballot') {
      const s = p.state;
      const mine = s.units.find((u) => u.id === unit.id);
      if (!mine || s.mode !== 'trigger-ballot') continue;
      const recorded =
        mine.result === null
          ? 'nothing recorded yet'
          : mine.result.kind === 'meeting'
            ? `meeting of ${dayText(mine.result.date)} recorded`
            : 'recorded as not meeting';
      links.push({
        title: `Trigger ballot: review of ${s.incumbent.name}`,
        status: `${s.phase === 'open' ? `open until ${dayText(s.closes)}` : phaseText(p.kind, s.phase).toLowerCase()}; ${recorded}`,
        href: s.phase === 'open' ? paths.unitMeeting(unit.id, p.id) : null,
        action: 'Record the meeting',
      });
    } else if (p.kind === 'selection') {
      const s = p.state;
      if (!s.units.some((u) => u.id === unit.id)) continue;
      const mine = s.nominations.find((n) => n.unit === unit.id);
      const status = mine
        ? `nominations recorded (${mine.candidates.map((id) => s.candidates.find((x) => x.id === id)?.name ?? id).join(', ')})`
        : s.phase === 'nominations'
          ? `nominations open until ${dayText(s.timetable.nominationsClose)}`
          : phaseText(p.kind, s.phase).toLowerCase();
      links.push({
        title: s.title,
        status,
        href: s.phase === 'nominations' && !mine ? paths.unitNominations(unit.id, p.id) : null,
        action: 'Record nominations',
      });
    }
  }
  return links;
}

function recordedOf(s: TriggerBallotState, unitId: string, rb: Rulebook | null): RecordedMeeting | undefined {
  const u = s.units.find((x) => x.id === unitId);
  const r = u?.result;
  if (r?.kind !== 'meeting') return undefined;
  const review = rb?.incumbentReview;
  const d = review && review.kind === 'trigger-ballot' ? decisionOfMeeting(review.unitVote, r) : null;
  return {
    for: r.for,
    against: r.against,
    abstentions: r.abstentions,
    attendance: r.attendance,
    date: r.date,
    decision: d?.ok ? `${d.value.decision}: ${d.value.reason}` : 'not decided',
  };
}

export function meetingView(unit: Unit, proc: TriggerBallotDocument, rb: Rulebook | null, form: FormState) {
  const s = proc.state;
  const review = rb?.incumbentReview;
  const recorded = recordedOf(s, unit.id, rb);
  return {
    unit: { id: unit.id, name: unit.name },
    process: { id: proc.id, name: `Review of ${s.incumbent.name}` },
    incumbent: s.incumbent.name,
    tieRule: review && review.kind === 'trigger-ballot' ? tieWords(review.unitVote.tie) : 'the rulebook decides a tie',
    form,
    ...(recorded ? { recorded } : {}),
  };
}

export function nominationsView(unit: Unit, proc: SelectionDocument, rb: Rulebook | null, form: FormState) {
  const s = proc.state;
  const rules = rb?.selection.nominations;
  const mine = s.nominations.find((n) => n.unit === unit.id);
  const rule = rules
    ? `Up to ${rules.perUnit} candidate${rules.perUnit === 1 ? '' : 's'}${rules.minWomenPerUnit > 0 && rules.perUnit > 1 ? `; a unit nominating more than one must include at least ${rules.minWomenPerUnit} wom${rules.minWomenPerUnit === 1 ? 'an' : 'en'}` : ''}.`
    : 'As the rulebook allows.';
  return {
    unit: { id: unit.id, name: unit.name },
    process: { id: proc.id, name: s.title },
    candidates: s.candidates.filter((x) => x.withdrawn === null).map((x) => ({ id: x.id, name: x.name, gender: x.gender })),
    rule,
    form,
    ...(mine ? { recorded: mine.candidates.map((id) => s.candidates.find((x) => x.id === id)?.name ?? id) } : {}),
  };
}
