/**
 * Processes as the officers' pages show them: the list of every process, one
 * process with its facts and a form for each step its officer may take now,
 * and a page of its frozen electorate. Pure: the handler reads the store and
 * passes what it read.
 */
import { nominatingKinds } from '../../app/election-nominations.js';
import { leadershipOfficeWords } from '../../domain/processes/leadership-steps.js';
import { hasTurnout } from '../../app/turnout.js';
import type { Member } from '../../domain/organisation.js';
import { hasTimetable, PROCESS_KINDS, type InternalElectionDocument, type ProcessDocument } from '../../domain/processes/documents.js';
import {
  electionNextSteps,
  selectionNextSteps,
  triggerNextSteps,
  votingSentence,
  type BallotUnit,
  type InternalElectionState,
  type SelectionCandidate,
  type SelectionState,
  type StepBar,
  type StepChance,
  type TriggerBallotState,
} from '../../domain/processes/index.js';
import { fixedClock } from '../../domain/time.js';
import { allowedNow, pauseWords, voidedBallotWords } from '../../domain/processes/index.js';
import { zoneWords } from '../../domain/local-time.js';
import type { Rulebook } from '../../domain/rulebook.js';
import { methodPhrase } from '../../domain/rulebook-words.js';
import type { ElectorateEntry } from '../../store/store.js';
import type { FormState } from '../views/context.js';
import type { ElectionOfContestsView, ProcessRow } from '../views/national.js';
import { paths } from '../views/paths.js';
import { CANDIDATES_FIELD, type ElectorateView, type ProcessPageView, type StepForm } from '../views/process.js';
import type { BallotDocument } from '../../app/ballot-paper.js';
import type { ContestStepOutcome, EveryContestChance, EveryContestStep } from '../../app/contest-steps.js';
import type { PageAt } from './pages.js';
import { andList } from '../views/common.js';
import { dayText, numberText } from '../views/format.js';
import { kindText, phaseText, rulebookText } from '../views/words.js';

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
    // A national process is told from another by its title ("The whole party: NEC elections 2026: Youth representative").
    const unit = p.constituency === null ? `${unitName(null)}: ${wholeTitle(p)}` : unitName(p.constituency);
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
export const kindChoices = PROCESS_KINDS.map((k) => ({ value: k, text: kindText(k) }));

export function phaseChoices(all: readonly ProcessDocument[]): { value: string; text: string }[] {
  const kindOf = new Map(all.map((p) => [phaseOf(p), p.kind]));
  return [...new Set(all.map(phaseOf))].sort().map((ph) => ({ value: ph, text: phaseText(kindOf.get(ph)!, ph) }));
}

/** The steps an officer's form can take, by kind, with what each needs, and the headline when the rules refuse it. */
export const STEP_LABELS: Readonly<Record<string, { label: string; explanation: string; refused: string }>> = {
  'record-meeting': {
    label: 'Record a unit’s decision',
    explanation:
      'Enter a branch’s or affiliated branch’s decision as it arrived (a letter or an email from its secretary): the meeting’s figures, or that it did not meet. It is recorded as entered by you. A unit that did not meet counts neither for nor against.',
    refused: 'The unit’s decision was not recorded',
  },
  close: {
    label: 'Close the trigger ballot',
    explanation: 'Closes the ballot and works out the outcome from the units’ decisions. Units that recorded nothing count as not having met.',
    refused: 'The trigger ballot cannot close yet',
  },
  'close-applications': { label: 'Close applications', explanation: 'Ends applications; units then nominate.', refused: 'Applications cannot close yet' },
  'set-longlist': {
    label: 'Set the longlist',
    explanation: 'Choose the longlisted candidates (the rulebook’s gender rules apply; a triggered incumbent is added automatically).',
    refused: 'The rules do not allow this longlist',
  },
  'set-shortlist': {
    label: 'Set the shortlist',
    explanation: 'Choose the shortlisted candidates from the longlist (the rulebook’s gender rules apply).',
    refused: 'The rules do not allow this shortlist',
  },
  'freeze-electorate': {
    label: 'Freeze the electorate',
    explanation: 'Judges every member at the freeze date and stores each judgement with its reason.',
    refused: 'The electorate cannot be frozen yet',
  },
  'open-ballot': {
    label: 'Open the ballot',
    explanation:
      'Members on the electorate can vote from the opening time until the closing moment: by default from the start of the opening day to midnight at the end of the closing day, unless you give times below. From that moment the server refuses every vote and closes the ballot by itself.',
    refused: 'The ballot cannot open',
  },
  'close-ballot': { label: 'Close the ballot', explanation: 'Ends voting. No more ballots can be cast.', refused: 'The ballot cannot close yet' },
  'record-count': {
    label: 'Run the count',
    explanation:
      'Counts the ballots in the sealed box by the counting method shown above, and records the result. A tie settled by lot uses the seed drawn when the ballot closed.',
    refused: 'The count could not be run',
  },
  declare: {
    label: 'Declare the result',
    explanation: 'Declares whom the count elected. The declaration records you as declaring it, and the figures announced; the result is then public.',
    refused: 'The result cannot be declared',
  },
  nominate: {
    label: 'Nominate a candidate',
    explanation: 'Puts a candidate on the ballot paper, in the order nominated, until nominations close.',
    refused: 'The candidate was not nominated',
  },
};

/** The fields of an officer's entry of a unit's decision as it arrived. */
export const DECISION_FIELDS = {
  unit: 'unit',
  met: 'met',
  for: 'for',
  against: 'against',
  abstentions: 'abstentions',
  attendance: 'attendance',
  date: 'meeting-date',
  via: 'via',
  received: 'received',
  note: 'note',
} as const;

/** The nomination form's fields. */
export const NOMINATE_FIELDS = { name: 'name', gender: 'gender' } as const;

/** A step's form as it was posted and refused, to be shown again with each problem beside its field. */
export interface KeptStep {
  readonly step: string;
  readonly form: FormState;
  /** The headline of the refusal, in words ("The rules do not allow this longlist"). */
  readonly headline?: string;
  /** The refusal that belongs to the step as a whole (the list chosen, the day), shown beside its form. */
  readonly problem?: string;
}

/** What an officer sent to open the ballot, and what is wrong with it, by field: the form comes back with them. */
export interface OpeningTimes {
  readonly values: Readonly<Record<string, string>>;
  readonly errors: Readonly<Record<string, string>>;
}

/** Every officer step of the process, in order, and why each that cannot be taken now cannot (see the domain's next-step helpers). */
export function officerStepChances(p: ProcessDocument, rulebook: Rulebook | null, now: Date, zone: string): readonly StepChance[] {
  // Without its rulebook (one this build does not bundle) no step can be judged, so none is offered.
  if (rulebook === null) return [];
  const ctx = { rulebook, clock: fixedClock(now) };
  if (p.kind === 'trigger-ballot') return triggerNextSteps(p.state, ctx);
  if (p.kind === 'selection') return selectionNextSteps(p.state, ctx, zone);
  if (p.kind === 'nomination-meeting') return [];
  return electionNextSteps(p.state, ctx, zone);
}

/** Why a step cannot be taken now, in words. */
export function barWords(bar: StepBar): string {
  if (bar.kind === 'refused') return bar.reason;
  if (bar.kind === 'past') return 'Not possible any more: this process has moved past the stage where it is taken.';
  return bar.first === null ? 'Not possible yet.' : `Not possible yet: first, “${STEP_LABELS[bar.first]?.label ?? bar.first}”.`;
}

/** A form's kept value and problem for one field, as a field spec takes them. */
function keptField(form: FormState, f: string): { value?: string; error?: string } {
  return { ...(form.values[f] !== undefined ? { value: form.values[f] } : {}), ...(form.errors[f] ? { error: form.errors[f] } : {}) };
}

function stepForms(p: ProcessDocument, chances: readonly StepChance[], zone: string, kept?: KeptStep, opening?: OpeningTimes): StepForm[] {
  return chances.map(({ step: name, bar }) => {
    const mine = kept?.step === name ? kept : undefined;
    const base = { step: name, ...STEP_LABELS[name]!, ...(mine?.problem ? { problem: mine.problem } : {}) };
    if (bar !== null) return { ...base, blocked: barWords(bar) };
    const form = mine?.form ?? { values: {}, errors: {} };
    if (name === 'nominate' && p.kind === 'internal-election') {
      const s = p.state;
      return {
        ...base,
        fields: [
          {
            name: NOMINATE_FIELDS.name,
            label: 'Candidate’s name',
            hint: 'As it will appear on the ballot paper.',
            required: true,
            ...keptField(form, NOMINATE_FIELDS.name),
          },
          {
            name: NOMINATE_FIELDS.gender,
            label: 'Gender (optional)',
            hint: s.minWomen
              ? `As the candidate describes it. At least ${s.minWomen} of the seats must go to women, so the count needs to know who is a woman.`
              : 'As the candidate describes it.',
            ...keptField(form, NOMINATE_FIELDS.gender),
          },
        ],
      };
    }
    if (name === 'record-meeting' && p.kind === 'trigger-ballot') return { ...base, ...decisionForm(p.state, form) };
    if (p.kind === 'selection' && (name === 'set-longlist' || name === 'set-shortlist')) {
      const s = p.state;
      const pool =
        name === 'set-longlist'
          ? s.candidates.filter((x) => x.withdrawn === null)
          : s.candidates.filter((x) => x.withdrawn === null && (s.longlist ?? []).includes(x.id));
      // A refused list comes back as it was ticked.
      const ticked = (form.values[CANDIDATES_FIELD] ?? '').split(',');
      return {
        ...base,
        choose: pool.map((x) => ({
          id: x.id,
          name: x.name,
          note: [x.gender ?? 'gender not given', nominatedBy(s, x.id), x.incumbent ? 'the sitting representative' : null].filter(Boolean).join('; '),
          checked: ticked.includes(x.id),
        })),
      };
    }
    if (name === 'open-ballot') return { ...base, times: { zone: zoneWords(zone), ...opening } };
    return base;
  });
}

/** The entry of a unit's decision: which unit (those with none yet), what it decided, its figures, and how it arrived. */
function decisionForm(s: TriggerBallotState, form: FormState): Pick<StepForm, 'radios' | 'fields'> {
  const F = DECISION_FIELDS;
  const waiting = s.units.filter((u) => u.result === null);
  const num = (name: string, label: string) => ({ name, label, type: 'number' as const, narrow: true, ...keptField(form, name) });
  return {
    radios: [
      {
        name: F.unit,
        legend: 'Which unit',
        hint: 'Only units with no decision recorded are listed.',
        options: waiting.map((u) => ({ value: u.id, label: `${u.name} (${u.class === 'branch' ? 'branch' : 'affiliated branch'})` })),
        ...keptField(form, F.unit),
      },
      {
        name: F.met,
        legend: 'What the unit reported',
        options: [
          { value: 'met', label: 'It met and voted', hint: 'Give the figures below as the unit’s secretary reported them.' },
          { value: 'did-not-meet', label: 'It did not meet', hint: 'It counts neither for nor against a selection; the figures are left empty.' },
        ],
        ...keptField(form, F.met),
      },
      {
        name: F.via,
        legend: 'How it arrived',
        options: [
          { value: 'letter', label: 'By letter' },
          { value: 'email', label: 'By email' },
        ],
        ...keptField(form, F.via),
      },
    ],
    fields: [
      num(F.for, 'Votes for holding a selection'),
      num(F.against, 'Votes against'),
      num(F.abstentions, 'Abstentions'),
      num(F.attendance, 'Members present'),
      { name: F.date, label: 'Date of the meeting', type: 'date', hint: 'The day the unit met.', ...keptField(form, F.date) },
      { name: F.received, label: 'Date received', type: 'date', hint: 'The day the letter or email reached you.', ...keptField(form, F.received) },
      { name: F.note, label: 'Note (optional)', hint: 'For a unit that did not meet: why, if it said.', ...keptField(form, F.note) },
    ],
  };
}

/** "nominated by Ash Branch and Birch Branch", or "not nominated". */
function nominatedBy(s: SelectionState, id: string): string {
  const by = s.nominations.filter((n) => n.candidates.includes(id)).map((n) => s.units.find((u) => u.id === n.unit)?.name ?? 'a unit');
  return by.length === 0 ? 'not nominated' : `nominated by ${andList(by)}`;
}

/** Where a selection's candidate stands, in words: applied, nominated by whom, longlisted, shortlisted, withdrawn, selected. */
export function selectionCandidateStatus(s: SelectionState, x: SelectionCandidate): string {
  if (x.withdrawn) return `withdrew on ${dayText(x.withdrawn.at)}`;
  if (s.declaration?.winner === x.id) return 'selected';
  const parts = [
    x.incumbent
      ? 'the sitting representative'
      : x.member === null
        ? `entered on ${dayText(x.appliedAt)}, not linked to a member record`
        : `applied on ${dayText(x.appliedAt)}`,
  ];
  // An emergency selection takes no nominations from branches.
  if (s.phase !== 'applications' && !s.emergency) parts.push(nominatedBy(s, x.id));
  if (s.shortlist?.includes(x.id)) parts.push('shortlisted');
  else if (s.longlist?.includes(x.id)) parts.push(s.shortlist === null ? 'longlisted' : 'longlisted, not shortlisted');
  else if (s.longlist !== null) parts.push('not longlisted');
  return parts.join('; ');
}

/** What a unit of a trigger ballot has recorded, in words; `names` names the officers who entered decisions for units. */
export function unitResultWords(u: BallotUnit, names: ReadonlyMap<string, string>): string {
  const r = u.result;
  if (r === null) return 'no decision yet';
  const what =
    r.kind === 'meeting'
      ? `met on ${dayText(r.date)}: ${numberText(r.for)} for a selection, ${numberText(r.against)} against, ${numberText(r.abstentions)} abstaining, ${numberText(r.attendance)} present`
      : `did not meet${r.note ? ` (${r.note})` : ''}`;
  const entered = r.arrived
    ? `; recorded by ${names.get(r.by ?? '') ?? 'an officer'} from ${r.arrived.via === 'letter' ? 'a letter' : 'an email'} received ${dayText(r.arrived.received)}`
    : '';
  return `${what}${entered}${u.corrections.length > 0 ? `; corrected ${u.corrections.length === 1 ? 'once' : `${u.corrections.length} times`}` : ''}`;
}

/** The outcome of a review, in words. */
export function reviewOutcomeWords(s: TriggerBallotState): string | undefined {
  if (s.outcome === null) return s.phase === 'exempt' ? 'No review: the incumbent is exempt' : undefined;
  return s.outcome.result === 'triggered' ? 'Triggered: the seat goes to an open selection' : `${s.incumbent.name} is readopted`;
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
  /** The viewer is a scrutineer: of a statutory postal ballot, they run its papers, returns and count. */
  readonly scrutineer?: boolean;
  /** Names of the officers who entered units' decisions and of whoever declared, by member id. */
  readonly names: ReadonlyMap<string, string>;
  /** A triggered review's sequel: opening its selection (for who may), or the selection that follows it. */
  readonly followUp?: { readonly href: string; readonly text: string };
  /** The viewer is a national officer: they pause, resume and extend timetables and decide endorsements. */
  readonly nationalOfficer?: boolean;
}

/** A process's title with, for one contest of several, its election's title before it. */
function wholeTitle(p: ProcessDocument): string {
  return p.kind === 'internal-election' && p.state.contest ? `${p.state.contest.electionTitle}: ${p.state.title}` : processTitle(p);
}

/** A process's title, as its page heads it: "Review of Jo Bloggs" for a trigger ballot, otherwise the title it was opened with. */
export function processTitle(p: ProcessDocument): string {
  return p.kind === 'trigger-ballot' ? `Review of ${p.state.incumbent.name}` : p.state.title;
}

/**
 * One process and the steps its officer may take now; a refused step's form is shown again as it was sent;
 * with `opening`, the ballot's opening form comes back filled in with its problems.
 */
export function processPageView(p: ProcessDocument, f: ProcessPageFacts, kept?: KeptStep, opening?: OpeningTimes): ProcessPageView {
  const facts: [string, string][] = [
    ['Where', f.where],
    ['Rulebook', f.rulebook?.name ?? rulebookText(p.rulebook)],
  ];
  let title: string;
  let candidates: { id: string; name: string; note: string }[] = [];
  let timetable: { step: string; date: string }[] = [];
  let units: { name: string; note: string }[] = [];
  const links: { href: string; text: string }[] = [];
  if (p.kind === 'trigger-ballot') {
    const s = p.state;
    title = processTitle(p);
    facts.push(
      ['Units recorded', `${numberText(s.units.filter((u) => u.result !== null).length)} of ${numberText(s.units.length)}`],
      ['Closes', dayText(s.closes)],
    );
    const outcome = reviewOutcomeWords(s);
    if (outcome) facts.push(['Outcome', outcome]);
    units = s.units.map((u) => ({ name: u.name, note: unitResultWords(u, f.names) }));
    if (p.constituency) links.push({ href: paths.constituency(p.constituency), text: `Progress in ${f.where}` });
    if (s.mode !== 'mandatory-reselection' && s.phase !== 'exempt') {
      const disputes = s.disputes?.length ?? 0;
      links.push({ href: paths.processDisputes(p.id), text: disputes === 0 ? 'Disputes: lodge one' : `Disputes (${numberText(disputes)})` });
    }
  } else if (p.kind !== 'nomination-meeting') {
    const s = p.state;
    const panelDecides = s.kind === 'selection' && s.emergency?.decidedBy === 'panel-decides';
    title = processTitle(p);
    candidates =
      s.kind === 'selection'
        ? s.candidates.map((x) => ({ id: x.id, name: x.name, note: `${x.gender ?? 'gender not given'}; ${selectionCandidateStatus(s, x)}` }))
        : s.candidates.map((x) => ({
            id: x.id,
            name: x.name,
            note: [x.gender ?? 'gender not given', x.withdrawn ? 'withdrawn' : null].filter(Boolean).join(', '),
          }));
    if (s.kind === 'internal-election') {
      facts.push(
        ['Seats', numberText(s.seats)],
        ['Counted by', methodPhrase(s.method)],
        ['Minimum of women', s.minWomen === null ? 'None' : numberText(s.minWomen)],
      );
    } else if (f.rulebook && !panelDecides) {
      facts.push(['Counted by', methodPhrase(f.rulebook.selection.method)]);
    }
    timetable = Object.entries(s.timetable).map(([k, v]) => ({ step: k.replace(/([A-Z])/g, ' $1').toLowerCase(), date: v as string }));
    // An emergency selection its panel decides holds no ballot: no voting, count, results or turnout to speak of.
    if (!panelDecides) facts.push(['Voting', votingSentence(s, f.now, f.timeZone)]);
    if (s.electorate) {
      facts.push(['Electorate', `${numberText(s.electorate.eligible)} of ${numberText(s.electorate.total)} eligible at ${dayText(s.electorate.freezeDate)}`]);
      if (f.mayViewElectorate) links.push({ href: `/processes/${encodeURIComponent(p.id)}/electorate`, text: 'The frozen electorate' });
    }
    if (s.ballot && f.turnout !== null) facts.push(['Turnout', numberText(f.turnout)]);
    const result = ballotResultWords(s, f.names);
    if (result) facts.push(['Result', result]);
    if (COUNTED.includes(s.phase) && !panelDecides) links.push({ href: paths.results(p.id), text: 'Results' });
    if (hasTurnout(p) && !panelDecides) links.push({ href: paths.turnout(p.id), text: s.phase === 'ballot-open' ? 'Turnout as it happens' : 'Turnout' });
    links.push({ href: paths.processNominations(p.id), text: s.kind === 'internal-election' ? 'Nominations and statements' : 'Candidates’ statements' });
    links.push({ href: paths.processDisputes(p.id), text: s.disputes?.length ? `Disputes (${numberText(s.disputes.length)})` : 'Disputes: lodge one' });
    if ((s.phase === 'ballot-open' || COUNTED.includes(s.phase) || s.phase === 'closed') && !panelDecides)
      links.push({ href: `${paths.process(p.id)}/notices`, text: 'Mail to members: invitations and reminders' });
    if (s.kind === 'internal-election') {
      if (s.phase === 'nominations') links.push({ href: paths.electionNominate(p.id), text: 'Record a body’s nomination' });
      if (f.rulebook && nominatingKinds(s, f.rulebook).includes('constituency'))
        links.push({ href: paths.nominationMeetings(p.id), text: 'Constituency parties’ nomination meetings' });
      if (s.leadership)
        links.push({ href: paths.leadershipNominations(p.id), text: `Nominations for ${leadershipOfficeWords(s.leadership)}: who has nominated whom` });
      links.push({ href: paths.electionCandidates(p.id), text: 'The public candidates page' });
      if (f.rulebook?.statutoryPostal) {
        if (f.scrutineer) links.unshift({ href: paths.postal(p.id), text: 'The postal ballot: papers, returns and count (as its scrutineer)' });
        if (f.mayViewElectorate) links.push({ href: paths.postalReport(p.id), text: 'The scrutineer’s report' });
      }
    } else if (s.shortlist) links.push({ href: paths.selectionCandidates(p.id), text: 'The public candidates page' });
  } else {
    title = p.state.title;
    candidates = p.state.candidates.map((x) => ({ id: x.member, name: x.name, note: '' }));
    links.push({ href: paths.nominationMeeting(p.id), text: 'The meeting: attendance, rounds and its decision' });
  }
  // A statutory postal ballot's papers go back to its scrutineer, not to an officer's paper-vote desk.
  if (f.acting && p.kind !== 'trigger-ballot' && p.state.phase === 'ballot-open' && !f.rulebook?.statutoryPostal)
    links.unshift({ href: paths.paperVotes(p.id), text: 'Record votes made on paper (by post or in person)' });
  const chances = officerStepChances(p, f.rulebook, f.now, f.timeZone);
  const next = chances.find((x) => x.bar === null);
  const finished = chances.length > 0 && chances.every((x) => x.bar?.kind === 'past');
  // A finished process has no step left: a list of disabled buttons saying "not possible any more" would only be noise.
  // A paused timetable takes no step but its resumption, which national officers take on the timetable's own page.
  const paused = hasTimetable(p) ? (p.state.paused ?? null) : null;
  const awaiting = p.kind === 'trigger-ballot' && p.state.phase === 'awaiting-endorsement';
  emergencyFacts(p, f, facts, links);
  if (p.kind === 'selection' || p.kind === 'internal-election')
    for (const v of p.state.voidedBallots ?? []) facts.push([`Ballot voided (${ordinalBallot(v.round)})`, voidedBallotWords(v)]);
  const steps = f.acting && !finished && paused === null && !awaiting ? stepForms(p, chances, f.timeZone, kept, opening) : [];
  const nextStep = paused
    ? 'None while the timetable is paused: a national officer resumes it.'
    : awaiting
      ? `The National Executive Committee endorses the readoption or refuses it.`
      : next
        ? STEP_LABELS[next.step]!.label
        : f.followUp
          ? f.followUp.text
          : finished
            ? 'None: this process has finished.'
            : 'None possible today: see why beside each step.';
  const readOnlyNote = f.acting
    ? finished
      ? 'Every step of this process has been taken: it has finished.'
      : steps.length === 0
        ? 'No officer step can be taken in this process.'
        : undefined
    : 'You can see this process but not take its steps.';
  return {
    id: p.id,
    title,
    kind: p.kind,
    phase: phaseOf(p),
    facts,
    candidates,
    units,
    timetable,
    steps,
    nextStep,
    ...(!next && f.followUp ? { nextLink: f.followUp } : {}),
    ...(kept?.headline ? { headline: kept.headline } : {}),
    ...(readOnlyNote ? { readOnlyNote } : {}),
    links,
  };
}

/** "the first ballot", "the second ballot": which ballot a voided one was. */
function ordinalBallot(round: number): string {
  const names = ['first', 'second', 'third', 'fourth', 'fifth'];
  return `the ${names[round - 1] ?? `${round}th`} ballot`;
}

/** What the page says of a paused timetable, a readoption waiting for endorsement and an emergency selection, and where each is acted on. */
function emergencyFacts(p: ProcessDocument, f: ProcessPageFacts, facts: [string, string][], links: { href: string; text: string }[]): void {
  if (!hasTimetable(p)) return;
  const s = p.state;
  if (s.paused) facts.unshift(['Timetable', pauseWords(s.paused)]);
  if (s.kind === 'trigger-ballot' && s.endorsement) {
    const e = s.endorsement;
    const body = f.rulebook?.emergency?.nationalBody ?? 'the national executive';
    facts.push([
      'Endorsement',
      e.decision === null
        ? `${s.incumbent.name} is to be readopted, ${e.required === 'snap-election' ? 'as a snap election has been called' : 'as the review decided'}; waiting for ${body} to endorse the readoption.`
        : `${e.decision.decision === 'endorsed' ? 'Endorsed' : 'Refused'} by ${body} on ${dayText(e.decision.date)}: ${e.decision.reason}`,
    ]);
  }
  if (s.kind === 'selection' && s.emergency) {
    facts.push([
      'Emergency selection',
      `Run by ${s.emergency.panel}, because ${lowerFirst(s.emergency.reason)}; ${s.emergency.decidedBy === 'panel-decides' ? 'the panel chooses the candidate from its shortlist' : 'the members vote on the panel’s shortlist'}.`,
    ]);
    if (s.declaration?.panel) facts.push(['The panel’s reasons', s.declaration.panel.reasons]);
  }
  if (!f.nationalOfficer) return;
  if ((s.kind === 'trigger-ballot' && s.phase === 'awaiting-endorsement') || (s.kind === 'selection' && s.emergency && s.phase !== 'declared'))
    links.unshift({ href: paths.emergency, text: 'Emergencies: endorsements and emergency selections' });
  if (s.paused || timetableMayChange(p))
    links.push({ href: paths.processTimetable(p.id), text: s.paused ? 'Resume the timetable' : 'Pause or extend the timetable' });
}

const lowerFirst = (t: string): string => t.charAt(0).toLowerCase() + t.slice(1).replace(/\.$/, '');

/** Whether a process is under way, so its timetable may be paused or extended now. */
export function timetableMayChange(p: ProcessDocument): boolean {
  return allowedNow(p.state).includes('pause-timetable');
}

/** The count's result, once counted, and its declaration, in words. */
function ballotResultWords(s: SelectionState | InternalElectionState, names: ReadonlyMap<string, string>): string | undefined {
  const name = (id: string) => s.candidates.find((x) => x.id === id)?.name ?? 'a candidate';
  if (s.declaration) {
    if (s.kind === 'selection' && s.declaration.panel) return `${s.declaration.name} selected by the panel on ${dayText(s.declaration.at)}`;
    const who = s.kind === 'selection' ? `${s.declaration.name} selected` : `${andList(s.declaration.elected.map((e) => e.name))} elected`;
    const by = s.declaration.by ? ` by ${names.get(s.declaration.by) ?? 'an officer'}` : '';
    return `${who}; declared${by} on ${dayText(s.declaration.at)}`;
  }
  if (s.count) return `Counted: ${andList(s.count.elected.map(name))} elected by the count, not yet declared`;
  return undefined;
}

/** Whether the process has a ballot whose turnout the page shows. */
export function hasBallot(p: ProcessDocument): boolean {
  return p.kind !== 'trigger-ballot' && p.kind !== 'nomination-meeting' && Boolean(p.state.ballot);
}

export const ELECTORATE_PAGE_SIZE = 200;

/** A page of the frozen electorate, each member named from `members` (or said to be no longer on record); only counts when `hidden` says why. */
export function electorateView(
  p: BallotDocument,
  slice: readonly ElectorateEntry[],
  members: readonly Member[],
  at: PageAt,
  hidden: string | null = null,
): ElectorateView {
  const s = p.state;
  const names = new Map(members.map((m) => [m.id as string, m.name]));
  const rows =
    hidden === null
      ? slice.map((e) => ({ member: e.member, name: names.get(e.member) ?? 'A member no longer on record', eligible: e.eligible, reason: e.reason }))
      : [];
  return { process: { id: p.id, title: s.title }, eligible: s.electorate!.eligible, total: s.electorate!.total, rows, page: at.page, pages: at.pages, hidden };
}

/** The page of an election of several contests: `contests` in the election's order (as `contestsOf` gives them). */
export function electionOfContestsView(contests: readonly InternalElectionDocument[]): ElectionOfContestsView {
  const link = contests[0]!.state.contest!;
  return {
    title: link.electionTitle,
    contests: contests.map((p) => {
      const s = p.state;
      return {
        title: s.title,
        url: paths.process(p.id),
        stage: phaseText(p.kind, s.phase),
        standing: s.candidates.filter((c) => c.withdrawn === null).map((c) => c.name),
        electorate: s.electorate ? `${numberText(s.electorate.eligible)} of ${numberText(s.electorate.total)}` : null,
        ...(hasTurnout(p) ? { turnoutUrl: paths.turnout(p.id) } : {}),
      };
    }),
  };
}

/** The words of each step an election takes in all its contests at once. */
const EVERY_CONTEST_STEP_WORDS: Readonly<Record<EveryContestStep, { label: string; explanation: string; done: string }>> = {
  'freeze-electorate': {
    label: 'Freeze every contest’s electorate',
    explanation:
      'Judges every member at each contest’s freeze date, by that contest’s rules (its region, age or membership), and stores each judgement with its reason.',
    done: 'electorate frozen',
  },
  'open-ballot': {
    label: 'Open every ballot',
    explanation:
      'Members can vote in each contest open to them, in the election’s one booth, from the start of the opening day to midnight at the end of the closing day of each contest’s timetable. A contest with other times is opened from its own page.',
    done: 'ballot opened',
  },
  'close-ballot': { label: 'Close every ballot', explanation: 'Ends voting in every contest and seals each ballot box.', done: 'ballot closed' },
  'record-count': {
    label: 'Count every contest',
    explanation: 'Counts each contest’s sealed box by its own counting method and records the result, to be checked before it is declared.',
    done: 'counted',
  },
  declare: {
    label: 'Declare every result',
    explanation: 'Declares whom each contest’s count elected, recording you as declaring it; the results are then public.',
    done: 'result declared',
  },
};

const contestsWord = (n: number) => `${numberText(n)} ${n === 1 ? 'contest' : 'contests'}`;

/** Each step of every contest at once, with how many contests are ready for it. */
export function everyContestStepsView(election: string, chances: readonly EveryContestChance[]) {
  return chances.map((x) => {
    const words = EVERY_CONTEST_STEP_WORDS[x.step];
    const already =
      x.already === 0
        ? ''
        : ` ${x.already === x.contests ? 'Every contest has' : `${contestsWord(x.already)} ${x.already === 1 ? 'has' : 'have'}`} taken it already.`;
    const readiness =
      x.already === x.contests
        ? 'Taken in every contest.'
        : x.ready === 0
          ? `No contest can take this step now.${already}`
          : `${numberText(x.ready)} of ${contestsWord(x.contests)} can take this step now.${already}`;
    return { action: paths.electionStep(election, x.step), label: words.label, explanation: words.explanation, readiness, ready: x.ready > 0 };
  });
}

/** What a step in every contest did, in one sentence per outcome: "Open every ballot: ballot opened in Youth and Wales; …". */
export function everyContestOutcomeText(step: EveryContestStep, outcomes: readonly ContestStepOutcome[]): string {
  const words = EVERY_CONTEST_STEP_WORDS[step];
  const titles = (o: ContestStepOutcome['outcome']) => outcomes.filter((x) => x.outcome === o).map((x) => x.title);
  const done = titles('done');
  const already = titles('already');
  const parts = [
    done.length > 0 ? `${words.done} in ${andList(done)}` : 'no contest could take it now',
    ...(already.length > 0 ? [`already done in ${andList(already)}`] : []),
    ...outcomes.flatMap((x) => (x.outcome === 'not-now' ? [`not in ${x.title}: ${x.why}`] : [])),
  ];
  return `${words.label}: ${parts.join('; ')}.`;
}

/** A row of the national officers' list of internal elections (a contest says which election it is part of). */
export function electionRow(p: InternalElectionDocument, resultsVisible: boolean) {
  const s = p.state;
  const link = s.contest ?? null;
  return {
    id: p.id,
    ...(link ? { election: { id: link.election, title: link.electionTitle, url: paths.election(link.election) } } : {}),
    title: s.title,
    phase: phaseText(p.kind, s.phase),
    seats: s.seats,
    method: methodPhrase(s.method),
    closes: s.timetable.ballotCloses,
    ...(resultsVisible ? { resultsUrl: paths.results(p.id) } : {}),
  };
}
