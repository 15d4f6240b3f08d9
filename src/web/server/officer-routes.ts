/**
 * Officers' pages: a constituency's progress (trigger-ballot gauges, the
 * selection's timetable and shortlist), every process at a glance, one
 * process with the steps it allows now, its frozen electorate, internal
 * elections and rulebooks — and taking a step (close applications, longlist,
 * shortlist, freeze, open and close the ballot, count the stored ballots,
 * declare, close a trigger ballot) through the domain's state machine.
 */
import { recordCount } from '../../app/record-count.js';
import { applyStep } from '../../app/apply-step.js';
import { freezeElectorate } from '../../app/freeze-electorate.js';
import { reviewUnderWay, seatCandidate, selectionUnderWay } from '../../app/processes-under-way.js';
import type { ProcessId, UnitId } from '../../domain/ids.js';
import { triggerClosedBySelection, type Incumbent, type SeatCandidate, type Unit } from '../../domain/organisation.js';
import {
  electionAllowed,
  selectionAllowed,
  triggerAllowed,
  type InternalElectionState,
  type ProcessCommand,
  type SelectionCandidate,
  type SelectionState,
  type TriggerBallotState,
  votingSentence,
} from '../../domain/processes/index.js';
import { checkTimeOfDay, zoneWords } from '../../domain/local-time.js';
import { PRESETS, presetById } from '../../domain/presets.js';
import { rulebookRef } from '../../domain/rulebook.js';
import { methodPhrase, methodWords, reviewWords } from '../../domain/rulebook-words.js';
import { decisionOfMeeting, evaluateTrigger, type UnitDecision } from '../../domain/trigger-outcome.js';
import { dateOf } from '../../domain/time.js';
import type { StoredProcess } from '../../store/store.js';
import { CONSTITUENCY_FILTER_FIELD, constituenciesPage, constituencyPage, type SelectionView, type TimetableStep, type TriggerProgressView, type UnitProgress } from '../views/constituency.js';
import { triggerGauges } from '../views/gauge.js';
import { electionsPage, processesPage, rulebookComparePage, rulebookPage, rulebooksPage, PROCESS_FILTER_FIELDS, COMPARE_FIELDS, type ProcessRow } from '../views/national.js';
import { paths } from '../views/paths.js';
import type { Handler } from './app.js';
import { CANDIDATES_FIELD, CLOSES_AT_FIELD, OPENS_AT_FIELD, electoratePage, processPage, type StepForm } from './extra-views.js';
import { many, single } from './form.js';
import { done, errorResponse, page, viewContext, type AppDeps, type Ctx, param } from './http.js';
import { FormReading } from './form-values.js';
import type { FormState } from '../views/context.js';
import { mayViewResults, mayOpenElection, mayOpenSelection, mayOpenTrigger, mayRunProcess, mayViewConstituency, mayViewElectorate, type Principal } from './permissions.js';
import { isBallotProcess, type BallotState } from '../../app/ballot-paper.js';
import { rulebookFor, rulebookOf } from '../../app/rulebook-of.js';
import { httpStatusOf, type RefusalStatus } from './http-status.js';

const COUNTED: readonly string[] = ['counted', 'declared'];

function mayViewProcess(who: Principal, p: StoredProcess): boolean {
  if (who.roles.has('national-officer') || who.roles.has('scrutineer') || who.roles.has('administrator')) return true;
  return p.constituency !== null && who.constituencies.some((c) => c.id === p.constituency);
}

async function unitName(deps: AppDeps, id: UnitId | null): Promise<string> {
  if (id === null) return 'The whole party';
  return (await deps.store.getUnit(id))?.name ?? id;
}

// ---- Constituency progress --------------------------------------------------------------------

function triggerProgress(p: StoredProcess, who: Principal): TriggerProgressView | null {
  const s = p.state as TriggerBallotState;
  const rb = rulebookFor(p);
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
      decision = d && d.ok ? d.value.decision : null;
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
    s.phase === 'open' ? `Unit meetings under way until ${s.closes}` : s.phase === 'triggered' ? 'Closed: a selection will be held' : s.phase === 'readopted' ? 'Closed: the incumbent is readopted' : `Phase: ${s.phase}`;
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

function selectionView(p: StoredProcess): SelectionView {
  const s = p.state as SelectionState;
  const nominations = (id: string) => s.nominations.filter((n) => n.candidates.includes(id)).length;
  return {
    process: { id: p.id, name: s.title },
    phase: s.phase === 'applications' ? `Taking applications until ${s.timetable.applicationsClose}: ${s.candidates.filter((x) => x.withdrawn === null).length} standing so far` : `Phase: ${s.phase}`,
    timetable: selectionTimetable(s),
    shortlist:
      s.shortlist === null
        ? null
        : s.shortlist.map((id) => {
            const c = s.candidates.find((x) => x.id === id);
            const note = [c?.incumbent ? 'incumbent' : null, `nominated by ${nominations(id)} unit${nominations(id) === 1 ? '' : 's'}`, c?.withdrawn ? 'withdrawn' : null].filter(Boolean).join(', ');
            return { name: c?.name ?? id, note };
          }),
    ...(COUNTED.includes(s.phase) ? { resultsUrl: paths.results(p.id) } : {}),
  };
}

const constituency: Handler = async (c, deps) => {
  const who = c.get('who')!;
  const id = param(c, 'unit') as UnitId;
  if (!mayViewConstituency(who, id)) return errorResponse(c, 403, `You hold no office in constituency "${id}", so you cannot see its processes.`);
  const unit = await deps.store.getUnit(id);
  if (!unit || unit.kind !== 'constituency') return errorResponse(c, 404, `There is no constituency "${id}".`);
  const processes = await deps.store.listProcesses({ constituency: id });
  const latest = (kind: string, under: (p: StoredProcess) => boolean) => {
    const ofKind = processes.filter((p) => p.kind === kind);
    return ofKind.filter(under).pop() ?? ofKind.pop();
  };
  const tb = latest('trigger-ballot', (p) => (p.state as TriggerBallotState).phase === 'open');
  const sel = latest('selection', (p) => (p.state as SelectionState).phase !== 'declared');
  const trigger = tb ? triggerProgress(tb, who) : null;
  const incumbent = await deps.store.getIncumbent(unit.id);
  const candidate = await seatCandidate(deps.store, unit.id);
  const party = candidate ? (await deps.store.listUnits({ kind: 'party' }))[0]?.name : undefined;
  const { actions, notes } = await openings(deps, who, unit, incumbent, candidate);
  return page(
    c,
    constituencyPage(
      {
        constituency: { id: unit.id, name: unit.name },
        ...(incumbent ? { incumbent: incumbent.name } : {}),
        ...(candidate ? { candidate: { name: candidate.name, selectedOn: candidate.selectedOn, ...(party ? { party } : {}) } } : {}),
        ...(trigger ? { trigger } : {}),
        ...(sel ? { selection: selectionView(sel) } : {}),
        actions,
        notes,
      },
      viewContext(c),
    ),
  );
};

/** What the viewer may open in the constituency now, and why not where the rules or the state of things say no. */
async function openings(
  deps: AppDeps,
  who: Principal,
  unit: Unit,
  sitting: Incumbent | null,
  candidate: SeatCandidate | null,
): Promise<{ actions: { href: string; text: string }[]; notes: string[] }> {
  const incumbent = sitting?.name ?? null;
  const replaced = sitting ? triggerClosedBySelection(unit.name, sitting, candidate) : null;
  const actions: { href: string; text: string }[] = [];
  const notes: string[] = [];
  const mayTrigger = mayOpenTrigger(who);
  const maySelection = mayOpenSelection(who, unit.id);
  if (!mayTrigger && !maySelection) return { actions, notes };
  const review = await reviewUnderWay(deps.store, unit.id);
  const running = await selectionUnderWay(deps.store, unit.id);
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

const constituencies: Handler = async (c, deps) => {
  const q = (c.req.query(CONSTITUENCY_FILTER_FIELD) ?? '').trim();
  const all = await deps.store.listUnits({ kind: 'constituency' });
  const regions = new Map((await deps.store.listUnits({ kind: 'region' })).map((r) => [r.id as string, r.name]));
  const incumbents = new Map((await deps.store.listIncumbents()).map((i) => [i.constituency as string, i.name]));
  const latest = new Map<string, { review?: StoredProcess; selection?: StoredProcess }>();
  for (const p of await deps.store.listProcesses()) {
    if (p.constituency === null || p.kind === 'internal-election') continue;
    const had = latest.get(p.constituency) ?? {};
    latest.set(p.constituency, p.kind === 'trigger-ballot' ? { ...had, review: p } : { ...had, selection: p });
  }
  const needle = q.toLowerCase();
  const rows = all
    .map((u) => {
      const l = latest.get(u.id);
      const review = l?.review ? `${(l.review.state as TriggerBallotState).phase} (${l.review.id})` : null;
      const selection = l?.selection ? `${(l.selection.state as SelectionState).phase} (${l.selection.id})` : null;
      return { id: u.id, name: u.name, region: (u.parent && regions.get(u.parent)) || '', incumbent: incumbents.get(u.id) ?? null, review, selection };
    })
    .filter((r) => needle === '' || r.name.toLowerCase().includes(needle) || r.region.toLowerCase().includes(needle))
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  return page(c, constituenciesPage({ ...(q ? { q } : {}), rows, total: all.length }, viewContext(c)));
};

// ---- Processes -------------------------------------------------------------------------------

function phaseOf(p: StoredProcess): string {
  return (p.state as { phase: string }).phase;
}

function outcomeOf(p: StoredProcess): string | undefined {
  if (p.kind === 'trigger-ballot') {
    const s = p.state as TriggerBallotState;
    return s.outcome?.result;
  }
  const s = p.state as BallotState;
  if (s.kind === 'selection' && s.declaration) return `${s.declaration.name} selected`;
  if (s.kind === 'internal-election' && s.declaration) return `${s.declaration.elected.map((e) => e.name).join(', ')} elected`;
  return undefined;
}

const processes: Handler = async (c, deps) => {
  const all = await deps.store.listProcesses();
  const kind = c.req.query(PROCESS_FILTER_FIELDS.kind) || undefined;
  const phase = c.req.query(PROCESS_FILTER_FIELDS.phase) || undefined;
  const q = (c.req.query(PROCESS_FILTER_FIELDS.q) ?? '').trim().toLowerCase() || undefined;
  const rows: ProcessRow[] = [];
  const names = new Map<string, string>();
  for (const p of all) {
    if (kind !== undefined && p.kind !== kind) continue;
    if (phase !== undefined && phaseOf(p) !== phase) continue;
    const key = p.constituency ?? '';
    if (!names.has(key)) names.set(key, await unitName(deps, p.constituency));
    const unit = names.get(key)!;
    if (q !== undefined && !unit.toLowerCase().includes(q)) continue;
    const outcome = outcomeOf(p);
    rows.push({ id: p.id, kind: p.kind, unit, phase: phaseOf(p), rulebook: p.rulebook, url: `/processes/${encodeURIComponent(p.id)}`, ...(outcome ? { outcome } : {}) });
  }
  const kinds = ['trigger-ballot', 'selection', 'internal-election'].map((k) => ({ value: k, text: k.replace('-', ' ') }));
  const phases = [...new Set(all.map(phaseOf))].sort().map((ph) => ({ value: ph, text: ph }));
  return page(
    c,
    processesPage({ filter: { ...(kind ? { kind } : {}), ...(phase ? { phase } : {}), ...(q ? { q } : {}) }, kinds, phases, rows, total: all.length }, viewContext(c)),
  );
};

/** The steps an officer's form can take, by kind, with what each needs. */
const STEP_LABELS: Readonly<Record<string, { label: string; explanation: string }>> = {
  close: { label: 'Close the trigger ballot', explanation: 'Closes the ballot and works out the outcome from the units’ decisions. Units that recorded nothing count as not having met.' },
  'close-applications': { label: 'Close applications', explanation: 'Ends applications; units then nominate.' },
  'set-longlist': { label: 'Set the longlist', explanation: 'Choose the longlisted candidates (the rulebook’s gender rules apply; a triggered incumbent is added automatically).' },
  'set-shortlist': { label: 'Set the shortlist', explanation: 'Choose the shortlisted candidates from the longlist (the rulebook’s gender rules apply).' },
  'freeze-electorate': { label: 'Freeze the electorate', explanation: 'Judges every member at the freeze date and stores each judgement with its reason.' },
  'open-ballot': { label: 'Open the ballot', explanation: 'Members on the electorate can vote from the opening time until the closing moment: by default from the start of the opening day to midnight at the end of the closing day, unless you give times below. From that moment the server refuses every vote and closes the ballot by itself.' },
  'close-ballot': { label: 'Close the ballot', explanation: 'Ends voting. No more ballots can be cast.' },
  'record-count': { label: 'Run the count', explanation: 'Counts the ballots in the sealed box by the counting method shown above, and records the result. A tie settled by lot uses the seed drawn when the ballot closed.' },
  declare: { label: 'Declare the result', explanation: 'Declares whom the count elected.' },
  nominate: { label: 'Nominate a candidate', explanation: 'Puts a candidate on the ballot paper, in the order nominated, until nominations close.' },
};

/** The nomination form's fields. */
const NOMINATE_FIELDS = { name: 'name', gender: 'gender' } as const;
const NAME_MAX = 120;
const GENDER_MAX = 40;

/** A step's form as it was posted and refused, to be shown again with each problem beside its field. */
interface KeptStep {
  readonly step: string;
  readonly form: FormState;
}

function allowedSteps(p: StoredProcess): readonly string[] {
  if (p.kind === 'trigger-ballot') return triggerAllowed(p.state as TriggerBallotState).filter((s) => s === 'close');
  if (p.kind === 'selection') return selectionAllowed(p.state as SelectionState).filter((s) => s !== 'apply' && s !== 'withdraw' && s !== 'nominate');
  return electionAllowed(p.state as InternalElectionState).filter((s) => s !== 'withdraw');
}

/** What an officer sent to open the ballot, and what is wrong with it, by field: the form comes back with them. */
interface OpeningTimes {
  readonly values: Readonly<Record<string, string>>;
  readonly errors: Readonly<Record<string, string>>;
}

function stepForms(p: StoredProcess, zone: string, kept?: KeptStep, opening?: OpeningTimes): StepForm[] {
  return allowedSteps(p).map((name) => {
    const base = { step: name, ...STEP_LABELS[name] };
    if (name === 'nominate') {
      const form = kept?.step === name ? kept.form : { values: {}, errors: {} };
      const keep = (f: string) => ({ ...(form.values[f] !== undefined ? { value: form.values[f] } : {}), ...(form.errors[f] ? { error: form.errors[f] } : {}) });
      const s = p.state as InternalElectionState;
      return {
        ...base,
        fields: [
          { name: NOMINATE_FIELDS.name, label: 'Candidate’s name', hint: 'As it will appear on the ballot paper.', required: true, ...keep(NOMINATE_FIELDS.name) },
          {
            name: NOMINATE_FIELDS.gender,
            label: 'Gender (optional)',
            hint: s.minWomen ? `As the candidate describes it. At least ${s.minWomen} of the seats must go to women, so the count needs to know who is a woman.` : 'As the candidate describes it.',
            ...keep(NOMINATE_FIELDS.gender),
          },
        ],
      };
    }
    if (p.kind === 'selection' && (name === 'set-longlist' || name === 'set-shortlist')) {
      const s = p.state as SelectionState;
      const pool = name === 'set-longlist' ? s.candidates.filter((x) => x.withdrawn === null) : s.candidates.filter((x) => x.withdrawn === null && (s.longlist ?? []).includes(x.id));
      const nominated = (id: string) => s.nominations.filter((n) => n.candidates.includes(id)).length;
      return { ...base, choose: pool.map((x) => ({ id: x.id, name: x.name, note: `${x.gender ?? 'gender not given'}; nominated by ${nominated(x.id)}${x.incumbent ? '; incumbent' : ''}`, checked: false })) };
    }
    if (name === 'open-ballot') return { ...base, times: { zone: zoneWords(zone), ...opening } };
    return base;
  });
}

/** An application as its officer reads it: who, from when, and how it stands. */
function applicationNote(x: SelectionCandidate): string {
  return [
    x.gender ?? 'gender not given',
    x.incumbent ? 'the sitting representative' : `applied ${x.appliedAt.slice(0, 10)}`,
    x.member ? `member ${x.member}` : 'not linked to a member record',
    x.withdrawn ? `withdrew ${x.withdrawn.at.slice(0, 10)}` : null,
  ]
    .filter(Boolean)
    .join(', ');
}

const processView: Handler = async (c, deps) => {
  const who = c.get('who')!;
  const id = param(c, 'process') as ProcessId;
  const p = await deps.store.getProcess(id);
  if (!p) return errorResponse(c, 404, `There is no process "${id}".`);
  if (!mayViewProcess(who, p)) return errorResponse(c, 403, `You hold no office that lets you see ${id}.`);
  return showProcess(c, deps, p);
};

/**
 * One process and the steps its officer may take now; a refused step's form is shown again as it was sent, at `status`;
 * with `opening`, the ballot's opening form comes back filled in with its problems (400).
 */
async function showProcess(c: Ctx, deps: AppDeps, p: StoredProcess, kept?: KeptStep, status: 200 | 400 | RefusalStatus = 200, opening?: OpeningTimes): Promise<Response> {
  const who = c.get('who')!;
  const where = await unitName(deps, p.constituency);
  const facts: [string, string][] = [['Where', where], ['Rulebook', p.rulebook]];
  let title: string;
  let candidates: { id: string; name: string; note: string }[] = [];
  let timetable: { step: string; date: string }[] = [];
  const links: { href: string; text: string }[] = [];
  if (p.kind === 'trigger-ballot') {
    const s = p.state as TriggerBallotState;
    title = `Review of ${s.incumbent.name}`;
    facts.push(['Units recorded', `${s.units.filter((u) => u.result !== null).length} of ${s.units.length}`], ['Closes', s.closes]);
    if (s.outcome) facts.push(['Outcome', s.outcome.result]);
    if (p.constituency) links.push({ href: paths.constituency(p.constituency), text: `Progress in ${where}` });
  } else {
    const s = p.state as BallotState;
    title = s.title;
    candidates =
      s.kind === 'selection'
        ? s.candidates.map((x) => ({ id: x.id, name: x.name, note: applicationNote(x) }))
        : s.candidates.map((x) => ({ id: x.id, name: x.name, note: [x.gender ?? 'gender not given', x.withdrawn ? 'withdrawn' : null].filter(Boolean).join(', ') }));
    const rb = rulebookFor(p);
    if (s.kind === 'internal-election') {
      facts.push(['Seats', String(s.seats)], ['Counted by', methodPhrase(s.method)], ['Minimum of women', s.minWomen === null ? 'None' : String(s.minWomen)]);
    } else if (rb) {
      facts.push(['Counted by', methodPhrase(rb.selection.method)]);
    }
    timetable = Object.entries(s.timetable).map(([k, v]) => ({ step: k.replace(/([A-Z])/g, ' $1').toLowerCase(), date: v as string }));
    facts.push(['Voting', votingSentence(s, deps.clock.now(), deps.config.timeZone)]);
    if (s.electorate) {
      facts.push(['Electorate', `${s.electorate.eligible} of ${s.electorate.total} eligible at ${s.electorate.freezeDate}`]);
      if (mayViewElectorate(who, p)) links.push({ href: `/processes/${encodeURIComponent(p.id)}/electorate`, text: 'The frozen electorate' });
    }
    if (s.ballot) facts.push(['Turnout', String(await deps.store.turnout(p.id))]);
    if (COUNTED.includes(s.phase)) links.push({ href: paths.results(p.id), text: 'Results' });
  }
  const acting = mayRunProcess(who, p);
  if (acting && isBallotProcess(p) && (p.state as BallotState).phase === 'ballot-open') links.unshift({ href: paths.paperVotes(p.id), text: 'Record votes made on paper (by post or in person)' });
  const steps = acting ? stepForms(p, deps.config.timeZone, kept, opening) : [];
  const readOnlyNote = acting ? (steps.length === 0 ? 'No officer step can be taken in this phase.' : undefined) : 'You can see this process but not take its steps.';
  return page(c, processPage({ id: p.id, title, kind: p.kind, phase: phaseOf(p), facts, candidates, timetable, steps, ...(readOnlyNote ? { readOnlyNote } : {}), links }, viewContext(c)), opening ? 400 : status);
}

const PAGE_SIZE = 200;

const electorate: Handler = async (c, deps) => {
  const who = c.get('who')!;
  const id = param(c, 'process') as ProcessId;
  const p = await deps.store.getProcess(id);
  if (!p || !isBallotProcess(p)) return errorResponse(c, 404, `There is no ballot process "${id}".`);
  if (!mayViewElectorate(who, p)) return errorResponse(c, 403, `You hold no office that lets you see the electorate of ${id}.`);
  const s = p.state as BallotState;
  if (!s.electorate) return errorResponse(c, 409, `The electorate of ${s.title} has not been frozen yet.`);
  const entries = await deps.store.electorate(p.id);
  const pages = Math.max(1, Math.ceil(entries.length / PAGE_SIZE));
  const n = Math.min(pages, Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1));
  const slice = entries.slice((n - 1) * PAGE_SIZE, n * PAGE_SIZE);
  const rows = [];
  for (const e of slice) rows.push({ member: e.member, name: (await deps.store.getMember(e.member))?.name ?? e.member, eligible: e.eligible, reason: e.reason });
  return page(c, electoratePage({ process: { id: p.id, title: s.title }, eligible: s.electorate.eligible, total: s.electorate.total, rows, page: n, pages }, viewContext(c)));
};

const takeStep: Handler = async (c, deps) => {
  const who = c.get('who')!;
  const id = param(c, 'process') as ProcessId;
  const name = param(c, 'step');
  const p = await deps.store.processDocument(id);
  if (!p) return errorResponse(c, 404, `There is no process "${id}".`);
  if (!mayRunProcess(who, p)) return errorResponse(c, 403, `You cannot take steps in ${id}: ${p.constituency === null ? 'national processes are run by national officers' : 'you are not the procedures secretary of its constituency'}. Nothing was saved.`);
  const here = `/processes/${encodeURIComponent(p.id)}`;
  if (!Object.hasOwn(STEP_LABELS, name)) return errorResponse(c, 404, `There is no step "${name}"; the steps are: ${Object.keys(STEP_LABELS).join(', ')}.`, { href: here, text: 'Back to the process' });
  if (!allowedSteps(p).includes(name)) {
    return errorResponse(c, 409, `“${STEP_LABELS[name].label}” is not possible now: ${id} is in phase "${phaseOf(p)}"${allowedSteps(p).length ? `; possible now: ${allowedSteps(p).join(', ')}` : ''}. Nothing was saved.`, { href: here, text: 'Back to the process' });
  }
  const form = c.get('form');
  let command: ProcessCommand;
  switch (name) {
    case 'set-longlist':
    case 'set-shortlist': {
      const chosen = many(form, CANDIDATES_FIELD);
      if (chosen.length === 0) return errorResponse(c, 400, 'Choose at least one candidate. Nothing was saved.', { href: here, text: 'Back to the process' });
      command = { type: name, candidates: chosen };
      break;
    }
    case 'record-count': {
      // The sealed box, counted once with the seed drawn at its seal: there is nothing to choose.
      const rulebook = rulebookOf(p);
      if (!rulebook.ok) return errorResponse(c, httpStatusOf(rulebook.error), `${rulebook.error.message}. Nothing was saved.`, { href: here, text: 'Back to the process' });
      const counted = await recordCount(deps.store, deps.clock, p, rulebook.value, { kind: 'ballot-box' }, who.member.id);
      if (!counted.ok) return errorResponse(c, httpStatusOf(counted.error), counted.error.message.endsWith('Tell the scrutineers.') ? counted.error.message : `${counted.error.message} Nothing was saved.`, { href: here, text: 'Back to the process' });
      return done(c, deps.config, here, `${STEP_LABELS[name].label}: done. ${p.id} is now in phase "${phaseOf(counted.value)}".`);
    }
    case 'nominate': {
      const r = new FormReading(form);
      const candidate = r.text(NOMINATE_FIELDS.name, NAME_MAX, 'Enter the candidate’s name.');
      const gender = r.text(NOMINATE_FIELDS.gender, GENDER_MAX);
      if (!r.ok || candidate === undefined) return showProcess(c, deps, p, { step: name, form: { values: r.values, errors: r.errors } }, 400);
      const stepped = await applyStep({ store: deps.store, clock: deps.clock, actor: who.member.id }, p, { type: 'nominate', name: candidate, gender: gender ?? null });
      if (!stepped.ok) {
        // A name already standing is the name field's problem; anything else (nominations closed) is the process's.
        if (stepped.error.reason !== 'duplicate') return errorResponse(c, httpStatusOf(stepped.error), `${stepped.error.message} Nothing was saved.`, { href: here, text: 'Back to the process' });
        return showProcess(c, deps, p, { step: name, form: { values: r.values, errors: { [NOMINATE_FIELDS.name]: stepped.error.message } } }, httpStatusOf(stepped.error));
      }
      const s = stepped.value.state as InternalElectionState;
      const added = s.candidates.at(-1)!;
      const standing = s.candidates.filter((x) => x.withdrawn === null).length;
      return done(c, deps.config, here, `${added.name} is nominated: ${standing} standing for ${s.seats} ${s.seats === 1 ? 'seat' : 'seats'}.`);
    }
    case 'freeze-electorate': {
      const frozen = await freezeElectorate({ store: deps.store, clock: deps.clock, actor: who.member.id }, p.id, p.kind as 'selection' | 'internal-election');
      if (!frozen.ok) return errorResponse(c, httpStatusOf(frozen.error), `${frozen.error.message} Nothing was saved.`, { href: here, text: 'Back to the process' });
      return done(c, deps.config, here, `Electorate frozen: ${frozen.value.eligible} of ${frozen.value.total} members eligible.`);
    }
    case 'open-ballot': {
      // The organisation's zone goes with the command: the ballot keeps it, so its closing moment never moves.
      const opensAt = single(form, OPENS_AT_FIELD);
      const closesAt = single(form, CLOSES_AT_FIELD);
      if (opensAt.error || closesAt.error) return errorResponse(c, 400, 'The opening and closing times must each be given once. Nothing was saved.', { href: here, text: 'Back to the process' });
      const values = { [OPENS_AT_FIELD]: (opensAt.value ?? '').trim(), [CLOSES_AT_FIELD]: (closesAt.value ?? '').trim() };
      const errors: Record<string, string> = {};
      for (const [field, what] of [[OPENS_AT_FIELD, 'The opening time'], [CLOSES_AT_FIELD, 'The closing time']] as const) {
        const checked = values[field] === '' ? null : checkTimeOfDay(values[field], what);
        if (checked && !checked.ok) errors[field] = checked.error.message;
      }
      if (Object.keys(errors).length > 0) return showProcess(c, deps, p, undefined, 400, { values, errors });
      command = { type: 'open-ballot', timeZone: deps.config.timeZone, opensAt: values[OPENS_AT_FIELD], closesAt: values[CLOSES_AT_FIELD] };
      break;
    }
    default:
      command = { type: name } as ProcessCommand;
  }
  const r = await applyStep({ store: deps.store, clock: deps.clock, actor: who.member.id }, p, command);
  if (!r.ok) return errorResponse(c, httpStatusOf(r.error), `${r.error.message} Nothing was saved.`, { href: here, text: 'Back to the process' });
  return done(c, deps.config, here, `${STEP_LABELS[name].label}: done. ${p.id} is now in phase "${phaseOf(r.value)}".`);
};

// ---- National --------------------------------------------------------------------------------

const elections: Handler = async (c, deps) => {
  const rows = (await deps.store.processDocuments({ kind: 'internal-election' })).map((p) => {
    const s = p.state as InternalElectionState;
    return { id: p.id, title: s.title, phase: s.phase, seats: s.seats, method: methodWords(s.method), closes: s.timetable.ballotCloses, ...(mayViewResults(c.get('who'), p) ? { resultsUrl: paths.results(p.id) } : {}) };
  });
  return page(c, electionsPage({ elections: rows, ...(mayOpenElection(c.get('who')!) ? { openUrl: paths.openElectionForm } : {}) }, viewContext(c)));
};

const rulebooks: Handler = (c) => page(c, rulebooksPage({ rulebooks: PRESETS }, viewContext(c)));

function presetByRef(ref: string) {
  const at = ref.lastIndexOf('@');
  const rb = presetById(at < 0 ? ref : ref.slice(0, at));
  if (!rb) return undefined;
  return at < 0 || rulebookRef(rb) === ref ? rb : undefined;
}

const rulebook: Handler = (c) => {
  const ref = param(c, 'ref');
  const rb = presetByRef(ref);
  if (!rb) return errorResponse(c, 404, `There is no rulebook "${ref}". The bundled rulebooks are: ${PRESETS.map(rulebookRef).join(', ')}.`, { href: paths.rulebooks, text: 'All rulebooks' });
  return page(c, rulebookPage({ rulebook: rb }, viewContext(c)));
};

const compare: Handler = (c) => {
  const a = c.req.query(COMPARE_FIELDS.a) ?? '';
  const b = c.req.query(COMPARE_FIELDS.b) ?? '';
  const ra = a === '' ? undefined : presetByRef(a);
  const rbb = b === '' ? undefined : presetByRef(b);
  const bad = [a !== '' && !ra ? a : null, b !== '' && !rbb ? b : null].filter((x): x is string => x !== null);
  const error = bad.length > 0 ? `There is no rulebook ${bad.map((x) => `"${x}"`).join(' or ')}.` : undefined;
  return page(c, rulebookComparePage({ rulebooks: PRESETS, ...(ra ? { a: ra } : {}), ...(rbb ? { b: rbb } : {}), ...(error ? { error } : {}) }, viewContext(c)), error ? 400 : 200);
};

export const officerHandlers: Readonly<Record<string, Handler>> = {
  constituency,
  constituencies,
  processes,
  process: processView,
  'process.electorate': electorate,
  'process.step': takeStep,
  elections,
  rulebooks,
  rulebook,
  'rulebooks.compare': compare,
};
