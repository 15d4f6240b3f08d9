/**
 * Processes as the officers' pages show them: the list of every process, one
 * process with its facts and a form for each step its officer may take now,
 * and a page of its frozen electorate. Pure: the handler reads the store and
 * passes what it read.
 */
import type { Member } from '../../domain/organisation.js';
import { PROCESS_KINDS, type InternalElectionDocument, type ProcessDocument } from '../../domain/processes/documents.js';
import { electionAllowed, selectionAllowed, triggerAllowed, type SelectionCandidate, votingSentence } from '../../domain/processes/index.js';
import { zoneWords } from '../../domain/local-time.js';
import type { Rulebook } from '../../domain/rulebook.js';
import { methodPhrase, methodWords } from '../../domain/rulebook-words.js';
import type { ElectorateEntry } from '../../store/store.js';
import type { FormState } from '../views/context.js';
import type { ProcessRow } from '../views/national.js';
import { paths } from '../views/paths.js';
import type { ElectorateView, ProcessPageView, StepForm } from '../views/process.js';
import type { BallotDocument } from '../../app/ballot-paper.js';
import type { PageAt } from './pages.js';

const COUNTED: readonly string[] = ['counted', 'declared'];

export function phaseOf(p: ProcessDocument): string {
  return p.state.phase;
}

function outcomeOf(p: ProcessDocument): string | undefined {
  if (p.kind === 'trigger-ballot') return p.state.outcome?.result;
  const s = p.state;
  if (s.kind === 'selection' && s.declaration) return `${s.declaration.name} selected`;
  if (s.kind === 'internal-election' && s.declaration) return `${s.declaration.elected.map((e) => e.name).join(', ')} elected`;
  return undefined;
}

export interface ProcessListFilter {
  readonly kind?: string;
  readonly phase?: string;
  /** Lower case; matched against the name of the process's constituency. */
  readonly q?: string;
}

/** The rows of the list of processes that pass the filter; `unitName` names a constituency (null: the whole party). */
export function processRows(all: readonly ProcessDocument[], filter: ProcessListFilter, unitName: (id: string | null) => string): ProcessRow[] {
  const rows: ProcessRow[] = [];
  for (const p of all) {
    if (filter.kind !== undefined && p.kind !== filter.kind) continue;
    if (filter.phase !== undefined && phaseOf(p) !== filter.phase) continue;
    const unit = unitName(p.constituency);
    if (filter.q !== undefined && !unit.toLowerCase().includes(filter.q)) continue;
    const outcome = outcomeOf(p);
    rows.push({
      id: p.id,
      kind: p.kind,
      unit,
      phase: phaseOf(p),
      rulebook: p.rulebook,
      url: `/processes/${encodeURIComponent(p.id)}`,
      ...(outcome ? { outcome } : {}),
    });
  }
  return rows;
}

/** The kinds the list of processes filters by, in words. */
export const kindChoices = PROCESS_KINDS.map((k) => ({ value: k, text: k.replace('-', ' ') }));

export function phaseChoices(all: readonly ProcessDocument[]): { value: string; text: string }[] {
  return [...new Set(all.map(phaseOf))].sort().map((ph) => ({ value: ph, text: ph }));
}

/** The steps an officer's form can take, by kind, with what each needs. */
export const STEP_LABELS: Readonly<Record<string, { label: string; explanation: string }>> = {
  close: {
    label: 'Close the trigger ballot',
    explanation: 'Closes the ballot and works out the outcome from the units’ decisions. Units that recorded nothing count as not having met.',
  },
  'close-applications': { label: 'Close applications', explanation: 'Ends applications; units then nominate.' },
  'set-longlist': {
    label: 'Set the longlist',
    explanation: 'Choose the longlisted candidates (the rulebook’s gender rules apply; a triggered incumbent is added automatically).',
  },
  'set-shortlist': { label: 'Set the shortlist', explanation: 'Choose the shortlisted candidates from the longlist (the rulebook’s gender rules apply).' },
  'freeze-electorate': { label: 'Freeze the electorate', explanation: 'Judges every member at the freeze date and stores each judgement with its reason.' },
  'open-ballot': {
    label: 'Open the ballot',
    explanation:
      'Members on the electorate can vote from the opening time until the closing moment: by default from the start of the opening day to midnight at the end of the closing day, unless you give times below. From that moment the server refuses every vote and closes the ballot by itself.',
  },
  'close-ballot': { label: 'Close the ballot', explanation: 'Ends voting. No more ballots can be cast.' },
  'record-count': {
    label: 'Run the count',
    explanation:
      'Counts the ballots in the sealed box by the counting method shown above, and records the result. A tie settled by lot uses the seed drawn when the ballot closed.',
  },
  declare: { label: 'Declare the result', explanation: 'Declares whom the count elected.' },
  nominate: { label: 'Nominate a candidate', explanation: 'Puts a candidate on the ballot paper, in the order nominated, until nominations close.' },
};

/** The nomination form's fields. */
export const NOMINATE_FIELDS = { name: 'name', gender: 'gender' } as const;

/** A step's form as it was posted and refused, to be shown again with each problem beside its field. */
export interface KeptStep {
  readonly step: string;
  readonly form: FormState;
}

/** What an officer sent to open the ballot, and what is wrong with it, by field: the form comes back with them. */
export interface OpeningTimes {
  readonly values: Readonly<Record<string, string>>;
  readonly errors: Readonly<Record<string, string>>;
}

/** The steps an officer may take in the process's phase (a member's own steps, such as applying, are not theirs). */
/** Steps with pages of their own (nominations by bodies, consent, statements: see nomination-routes.ts), not step forms here. */
const OWN_PAGES: ReadonlySet<string> = new Set(['body-nominate', 'consent', 'write-statement', 'decide-statement']);

export function allowedSteps(p: ProcessDocument): readonly string[] {
  if (p.kind === 'trigger-ballot') return triggerAllowed(p.state).filter((s) => s === 'close');
  if (p.kind === 'selection') return selectionAllowed(p.state).filter((s) => s !== 'apply' && s !== 'withdraw' && s !== 'nominate' && !OWN_PAGES.has(s));
  return electionAllowed(p.state).filter((s) => s !== 'withdraw' && !OWN_PAGES.has(s));
}

function stepForms(p: ProcessDocument, zone: string, kept?: KeptStep, opening?: OpeningTimes): StepForm[] {
  return allowedSteps(p).map((name) => {
    const base = { step: name, ...STEP_LABELS[name] };
    if (name === 'nominate' && p.kind === 'internal-election') {
      const form = kept?.step === name ? kept.form : { values: {}, errors: {} };
      const keep = (f: string) => ({
        ...(form.values[f] !== undefined ? { value: form.values[f] } : {}),
        ...(form.errors[f] ? { error: form.errors[f] } : {}),
      });
      const s = p.state;
      return {
        ...base,
        fields: [
          {
            name: NOMINATE_FIELDS.name,
            label: 'Candidate’s name',
            hint: 'As it will appear on the ballot paper.',
            required: true,
            ...keep(NOMINATE_FIELDS.name),
          },
          {
            name: NOMINATE_FIELDS.gender,
            label: 'Gender (optional)',
            hint: s.minWomen
              ? `As the candidate describes it. At least ${s.minWomen} of the seats must go to women, so the count needs to know who is a woman.`
              : 'As the candidate describes it.',
            ...keep(NOMINATE_FIELDS.gender),
          },
        ],
      };
    }
    if (p.kind === 'selection' && (name === 'set-longlist' || name === 'set-shortlist')) {
      const s = p.state;
      const pool =
        name === 'set-longlist'
          ? s.candidates.filter((x) => x.withdrawn === null)
          : s.candidates.filter((x) => x.withdrawn === null && (s.longlist ?? []).includes(x.id));
      const nominated = (id: string) => s.nominations.filter((n) => n.candidates.includes(id)).length;
      return {
        ...base,
        choose: pool.map((x) => ({
          id: x.id,
          name: x.name,
          note: `${x.gender ?? 'gender not given'}; nominated by ${nominated(x.id)}${x.incumbent ? '; incumbent' : ''}`,
          checked: false,
        })),
      };
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

/** What the page needs beyond the process itself, read or decided by the handler. */
export interface ProcessPageFacts {
  /** The constituency's name, or "The whole party". */
  readonly where: string;
  readonly rulebook: Rulebook | null;
  /** Ballots cast so far, when the ballot has opened. */
  readonly turnout: number | null;
  readonly now: Date;
  readonly timeZone: string;
  /** May take the process's steps (the permission table's `mayRunProcess`). */
  readonly acting: boolean;
  readonly mayViewElectorate: boolean;
}

/**
 * One process and the steps its officer may take now; a refused step's form is shown again as it was sent;
 * with `opening`, the ballot's opening form comes back filled in with its problems.
 */
export function processPageView(p: ProcessDocument, f: ProcessPageFacts, kept?: KeptStep, opening?: OpeningTimes): ProcessPageView {
  const facts: [string, string][] = [
    ['Where', f.where],
    ['Rulebook', p.rulebook],
  ];
  let title: string;
  let candidates: { id: string; name: string; note: string }[] = [];
  let timetable: { step: string; date: string }[] = [];
  const links: { href: string; text: string }[] = [];
  if (p.kind === 'trigger-ballot') {
    const s = p.state;
    title = `Review of ${s.incumbent.name}`;
    facts.push(['Units recorded', `${s.units.filter((u) => u.result !== null).length} of ${s.units.length}`], ['Closes', s.closes]);
    if (s.outcome) facts.push(['Outcome', s.outcome.result]);
    if (p.constituency) links.push({ href: paths.constituency(p.constituency), text: `Progress in ${f.where}` });
  } else {
    const s = p.state;
    title = s.title;
    candidates =
      s.kind === 'selection'
        ? s.candidates.map((x) => ({ id: x.id, name: x.name, note: applicationNote(x) }))
        : s.candidates.map((x) => ({
            id: x.id,
            name: x.name,
            note: [x.gender ?? 'gender not given', x.withdrawn ? 'withdrawn' : null].filter(Boolean).join(', '),
          }));
    if (s.kind === 'internal-election') {
      facts.push(['Seats', String(s.seats)], ['Counted by', methodPhrase(s.method)], ['Minimum of women', s.minWomen === null ? 'None' : String(s.minWomen)]);
    } else if (f.rulebook) {
      facts.push(['Counted by', methodPhrase(f.rulebook.selection.method)]);
    }
    timetable = Object.entries(s.timetable).map(([k, v]) => ({ step: k.replace(/([A-Z])/g, ' $1').toLowerCase(), date: v as string }));
    facts.push(['Voting', votingSentence(s, f.now, f.timeZone)]);
    if (s.electorate) {
      facts.push(['Electorate', `${s.electorate.eligible} of ${s.electorate.total} eligible at ${s.electorate.freezeDate}`]);
      if (f.mayViewElectorate) links.push({ href: `/processes/${encodeURIComponent(p.id)}/electorate`, text: 'The frozen electorate' });
    }
    if (s.ballot && f.turnout !== null) facts.push(['Turnout', String(f.turnout)]);
    if (COUNTED.includes(s.phase)) links.push({ href: paths.results(p.id), text: 'Results' });
    links.push({ href: paths.processNominations(p.id), text: s.kind === 'internal-election' ? 'Nominations and statements' : 'Candidates’ statements' });
    if (s.kind === 'internal-election') {
      if (s.phase === 'nominations') links.push({ href: paths.electionNominate(p.id), text: 'Record a body’s nomination' });
      links.push({ href: paths.electionCandidates(p.id), text: 'The public candidates page' });
    }
  }
  if (f.acting && p.kind !== 'trigger-ballot' && p.state.phase === 'ballot-open')
    links.unshift({ href: paths.paperVotes(p.id), text: 'Record votes made on paper (by post or in person)' });
  const steps = f.acting ? stepForms(p, f.timeZone, kept, opening) : [];
  const readOnlyNote = f.acting
    ? steps.length === 0
      ? 'No officer step can be taken in this phase.'
      : undefined
    : 'You can see this process but not take its steps.';
  return { id: p.id, title, kind: p.kind, phase: phaseOf(p), facts, candidates, timetable, steps, ...(readOnlyNote ? { readOnlyNote } : {}), links };
}

/** Whether the process has a ballot whose turnout the page shows. */
export function hasBallot(p: ProcessDocument): boolean {
  return p.kind !== 'trigger-ballot' && Boolean(p.state.ballot);
}

export const ELECTORATE_PAGE_SIZE = 200;

/** A page of the frozen electorate, each member named from `members` (their id where the member has gone from the store). */
export function electorateView(p: BallotDocument, slice: readonly ElectorateEntry[], members: readonly Member[], at: PageAt): ElectorateView {
  const s = p.state;
  const names = new Map(members.map((m) => [m.id as string, m.name]));
  const rows = slice.map((e) => ({ member: e.member, name: names.get(e.member) ?? e.member, eligible: e.eligible, reason: e.reason }));
  return { process: { id: p.id, title: s.title }, eligible: s.electorate!.eligible, total: s.electorate!.total, rows, page: at.page, pages: at.pages };
}

/** A row of the national officers' list of internal elections. */
export function electionRow(p: InternalElectionDocument, resultsVisible: boolean) {
  const s = p.state;
  return {
    id: p.id,
    title: s.title,
    phase: s.phase,
    seats: s.seats,
    method: methodWords(s.method),
    closes: s.timetable.ballotCloses,
    ...(resultsVisible ? { resultsUrl: paths.results(p.id) } : {}),
  };
}
