/**
 * Officers open processes: a trigger ballot on a constituency's sitting
 * representative, an open selection in a constituency, a national internal
 * election. Each runs under the organisation's rulebook in force (or, for a
 * selection after a review, the review's), which the form names in words
 * rather than offering a choice; each starts filled in with the timetable the
 * command line would use, and shows what was wrong beside each field.
 */
import type { FormState, ViewContext } from './context.js';
import { ELECTION_DAYS, SELECTION_DAYS, TRIGGER_CLOSES_AFTER_DAYS } from '../../domain/processes/timetable-defaults.js';
import type { Named } from './common.js';
import { checkbox, firstOptionId, radioGroup } from './choices.js';
import { csrfField, errorSummary, field, fieldId, submitButton } from './forms.js';
import { attr, html, type Html } from './html.js';
import { layout } from './layout.js';
import type { BallotEncryption } from '../../domain/rulebook.js';
import { ENCRYPTION_FIELDS, ENCRYPTION_LABELS, encryptionFieldset } from './ballot-encryption.js';
import { paths } from './paths.js';

/** A rulebook as an opening form names it: its id, its name, and what it would do here in a sentence. */
export interface RulebookChoice {
  readonly id: string;
  readonly name: string;
  readonly rule: string;
}

/** The rulebook a process opens under, with why it is that one ("the rulebook in force"). */
export interface RulebookInUse extends RulebookChoice {
  readonly why: string;
}

/** The rulebook the process will run under, said once in words: there is no choice to make in a live form. */
function rulebookInUse(rb: RulebookInUse): Html {
  return html`<p class="panel">It runs under <strong>${rb.name}</strong>, ${rb.why}. ${rb.rule}</p>`;
}

const hasErrors = (form: FormState): boolean => Object.keys(form.errors).length > 0;

/** "6 weeks from today unless you change it": the default the form was filled in with. */
function fromToday(days: number): string {
  const span = days % 7 === 0 ? `${days / 7} weeks` : `${days} days`;
  return `${span} from today unless you change it`;
}

/** A date field of an opening form. */
function dateField(form: FormState, name: string, label: string, hint: string): Html {
  return field({ name, label, type: 'date', value: form.values[name], error: form.errors[name], hint, required: true });
}

// ---- Trigger ballot --------------------------------------------------------------------------

export const TRIGGER_FIELDS = { closes: 'closes' } as const;
export const TRIGGER_LABELS: Readonly<Record<string, string>> = { closes: 'Last day for unit meetings' };

export interface OpenTriggerView {
  readonly constituency: Named;
  readonly incumbent: string;
  readonly units: { readonly branches: number; readonly affiliates: number };
  readonly rulebook: RulebookInUse;
  /** Earlier reviews of this seat, each in words ("Review of Jo Bloggs, opened 5 January 2023: Readopted") linking to its process. */
  readonly earlier: readonly { readonly process: string; readonly text: string }[];
  readonly form: FormState;
}

export function openTriggerPage(data: OpenTriggerView, ctx: ViewContext): string {
  const { form } = data;
  const body = html`${errorSummary(form.errors, TRIGGER_LABELS)}
<p>A review decides whether <strong>${data.incumbent}</strong>, the sitting representative for ${data.constituency.name}, is readopted or faces an open selection. Under a trigger-ballot rulebook each of the ${data.units.branches} branches and ${data.units.affiliates} affiliated branches holds a meeting by the last day below; the rulebook decides how their decisions combine. An incumbent the rulebook exempts has no ballot: the review opens and ends at once, saying why.</p>
${
  data.earlier.length > 0 &&
  html`<h2>Earlier reviews of this seat</h2>
<ul>${data.earlier.map((e) => html`<li><a href="${paths.process(e.process)}">${e.text}</a></li>`)}</ul>`
}
<form method="post" action="${paths.openTrigger(data.constituency.id)}" novalidate>
${csrfField(ctx)}
${rulebookInUse(data.rulebook)}
${dateField(form, TRIGGER_FIELDS.closes, TRIGGER_LABELS.closes, `Meetings held after this day do not count. ${fromToday(TRIGGER_CLOSES_AFTER_DAYS)}.`)}
${submitButton('Open the trigger ballot')}
</form>`;
  return layout(
    {
      title: `Open a trigger ballot: ${data.constituency.name}`,
      lead: `The review of ${data.incumbent}.`,
      body,
      titlePrefix: hasErrors(form) ? 'Error: ' : '',
    },
    ctx,
  );
}

// ---- Selection --------------------------------------------------------------------------------

export const SELECTION_FIELDS = {
  title: 'title',
  allWomen: 'all-women-shortlist',
  applicationsClose: 'applications-close',
  nominationsClose: 'nominations-close',
  freezeDate: 'freeze-date',
  ballotOpens: 'ballot-opens',
  ballotCloses: 'ballot-closes',
} as const;

/** The timetable's fields, shared by selections and internal elections. */
const TIMETABLE_LABELS = {
  'applications-close': 'Applications close',
  'nominations-close': 'Nominations close',
  'freeze-date': 'Freeze date',
  'ballot-opens': 'Ballot opens',
  'ballot-closes': 'Ballot closes',
} as const;

export const SELECTION_LABELS: Readonly<Record<string, string>> = {
  title: 'Title',
  'all-women-shortlist': 'All-women shortlist',
  ...TIMETABLE_LABELS,
  ...ENCRYPTION_LABELS,
};

export interface OpenSelectionView {
  readonly constituency: Named;
  /** Branches and affiliated branches that may nominate. */
  readonly units: number;
  /** The triggered review this selection follows, if one waits for it. */
  readonly follows?: { readonly process: string; readonly incumbent: string };
  readonly rulebook: RulebookInUse;
  /** Whether the rulebook lets the selection choose encrypted ballots, or requires them. */
  readonly encryption: BallotEncryption;
  readonly form: FormState;
}

export function openSelectionPage(data: OpenSelectionView, ctx: ViewContext): string {
  const { form } = data;
  const f = SELECTION_FIELDS;
  const body = html`${errorSummary(form.errors, SELECTION_LABELS, { [ENCRYPTION_FIELDS.ballots]: firstOptionId(ENCRYPTION_FIELDS.ballots) })}
<p>An open selection chooses the candidate for ${data.constituency.name}: members apply, the ${data.units} branches and affiliated branches nominate, you draw up a longlist and a shortlist under the rulebook’s rules, the electorate is frozen, and members vote.</p>
${
  data.follows
    ? html`<p class="panel">It follows the <a href="${paths.process(data.follows.process)}">triggered review of ${data.follows.incumbent}</a>: ${data.follows.incumbent} stands as the first candidate and, where the rulebook says so, is shortlisted automatically.</p>`
    : html`<p class="panel">No triggered review waits for a selection here, so the seat is open: nobody stands automatically.</p>`
}
<form method="post" action="${paths.openSelection(data.constituency.id)}" novalidate>
${csrfField(ctx)}
${field({ name: f.title, label: SELECTION_LABELS.title, value: form.values[f.title], error: form.errors[f.title], hint: 'As members will see it on their ballot paper.', required: true })}
${rulebookInUse(data.rulebook)}
${checkbox({
  name: f.allWomen,
  label: 'Hold an all-women shortlist in this seat',
  checked: form.values[f.allWomen] === 'yes',
  error: form.errors[f.allWomen],
  hint: 'Only women may then be shortlisted. A rulebook that requires it everywhere applies it whether or not this is ticked.',
})}
<fieldset class="field">
<legend>Timetable</legend>
<p class="hint">Each step may be taken from its day on. The freeze date is when members’ eligibility to vote is judged.</p>
${dateField(form, f.applicationsClose, SELECTION_LABELS[f.applicationsClose], `The last day members may apply. ${fromToday(SELECTION_DAYS.applicationsClose)}.`)}
${dateField(form, f.nominationsClose, SELECTION_LABELS[f.nominationsClose], `The last day units may nominate. ${fromToday(SELECTION_DAYS.nominationsClose)}.`)}
${dateField(form, f.freezeDate, SELECTION_LABELS[f.freezeDate], 'Today unless you change it, so that nobody joins just to vote.')}
${dateField(form, f.ballotOpens, SELECTION_LABELS[f.ballotOpens], `${fromToday(SELECTION_DAYS.ballotOpens)}.`)}
${dateField(form, f.ballotCloses, SELECTION_LABELS[f.ballotCloses], `${fromToday(SELECTION_DAYS.ballotCloses)}.`)}
</fieldset>
${encryptionFieldset(form, data.encryption, data.rulebook.name)}
${submitButton('Open the selection')}
</form>`;
  return layout({ title: `Open a selection: ${data.constituency.name}`, body, titlePrefix: hasErrors(form) ? 'Error: ' : '' }, ctx);
}

// ---- Internal election -------------------------------------------------------------------------

export const ELECTION_FIELDS = {
  title: 'title',
  seats: 'seats',
  method: 'method',
  minWomen: 'min-women',
  nominationsClose: 'nominations-close',
  freezeDate: 'freeze-date',
  ballotOpens: 'ballot-opens',
  ballotCloses: 'ballot-closes',
  contests: 'contests',
} as const;

/** The field of a ticked contest's seats. */
export const contestSeatsField = (contest: string): string => `seats-${contest}`;

export const ELECTION_LABELS: Readonly<Record<string, string>> = {
  title: 'Title',
  contests: 'Contests',
  seats: 'Seats',
  method: 'Counting method',
  'min-women': 'Minimum of women',
  ...TIMETABLE_LABELS,
  ...ENCRYPTION_LABELS,
};

/** The method field's value for "as the rulebook says". */
export const RULEBOOK_METHOD = 'rulebook';

/** A counting method offered in the election form: its id, its name, and what it can do. */
export interface MethodChoice {
  readonly id: string;
  readonly name: string;
  readonly can: string;
}

/** A contest an election may hold, as the form offers it. */
export interface ContestChoiceView {
  readonly id: string;
  readonly title: string;
  readonly seats: number;
  /** Its seats, method and who may vote, as a sentence. */
  readonly rule: string;
}

export interface OpenElectionView {
  /** The rulebook in force, saying its seats, method and women's minimum; `elects` false when it sets no internal election (no form then). */
  readonly rulebook: RulebookInUse;
  readonly elects: boolean;
  /** The contests the rulebook in force holds in one election (none: the fieldset is not shown). */
  readonly contests: readonly ContestChoiceView[];
  /** Every counting method, any of which may replace the rulebook's. */
  readonly methods: readonly MethodChoice[];
  /** Whether the rulebook lets the election choose encrypted ballots, or requires them. */
  readonly encryption: BallotEncryption;
  readonly form: FormState;
}

export function openElectionPage(data: OpenElectionView, ctx: ViewContext): string {
  const { form } = data;
  const f = ELECTION_FIELDS;
  if (!data.elects) {
    const none = html`<p class="panel">The rulebook in force, <strong>${data.rulebook.name}</strong>, sets no rules for a national internal election, so none can be opened under it. An administrator can name another rulebook in force.</p>`;
    return layout({ title: 'Open an internal election', body: none }, ctx);
  }
  const body = html`${errorSummary(form.errors, ELECTION_LABELS, { [f.method]: firstOptionId(f.method), [ENCRYPTION_FIELDS.ballots]: firstOptionId(ENCRYPTION_FIELDS.ballots) })}
<p>A national internal election: every member of the party is judged at the freeze date, candidates are nominated until nominations close, and members vote. The rulebook sets the seats, the counting method and any minimum of women, unless you choose others below for a body its rules do not describe.</p>
<form method="post" action="${paths.elections}" novalidate>
${csrfField(ctx)}
${field({ name: f.title, label: ELECTION_LABELS.title, value: form.values[f.title], error: form.errors[f.title], hint: 'For example “National Executive Committee, constituency section 2025”.', required: true })}
${rulebookInUse(data.rulebook)}
<fieldset class="field">
<legend>Seats and counting</legend>
<p class="hint">Leave these as they are to follow the rulebook.</p>
${field({ name: f.seats, label: ELECTION_LABELS[f.seats], value: form.values[f.seats], error: form.errors[f.seats], hint: 'How many are elected. Leave empty for the rulebook’s number.', narrow: true, inputmode: 'numeric' })}
${radioGroup({
  name: f.method,
  legend: ELECTION_LABELS[f.method],
  options: [
    { value: RULEBOOK_METHOD, label: 'The rulebook’s method', hint: 'As the rulebook named above says.' },
    ...data.methods.map((m) => ({ value: m.id, label: m.name, hint: m.can })),
  ],
  value: form.values[f.method] || RULEBOOK_METHOD,
  error: form.errors[f.method],
})}
${field({ name: f.minWomen, label: ELECTION_LABELS[f.minWomen], value: form.values[f.minWomen], error: form.errors[f.minWomen], hint: 'The fewest women who must be elected. Leave empty for the rulebook’s minimum; 0 for none.', narrow: true, inputmode: 'numeric' })}
</fieldset>
${data.contests.length > 0 ? contestsFieldset(data.contests, form) : null}
${electionTimetableFields(form, 'The last day candidates may be nominated.')}
${encryptionFieldset(form, data.encryption, data.rulebook.name)}
${submitButton('Open the election')}
</form>`;
  return layout({ title: 'Open an internal election', body, titlePrefix: hasErrors(form) ? 'Error: ' : '' }, ctx);
}

/** A national election's timetable: nominations close, freeze date, the ballot's opening and closing days (the same field names in every national form). */
function electionTimetableFields(form: FormState, nominationsHint: string): Html {
  const f = ELECTION_FIELDS;
  return html`<fieldset class="field">
<legend>Timetable</legend>
${dateField(form, f.nominationsClose, ELECTION_LABELS[f.nominationsClose], `${nominationsHint} ${fromToday(ELECTION_DAYS.nominationsClose)}.`)}
${dateField(form, f.freezeDate, ELECTION_LABELS[f.freezeDate], 'When members’ eligibility to vote is judged. Today unless you change it.')}
${dateField(form, f.ballotOpens, ELECTION_LABELS[f.ballotOpens], `Not before nominations close. ${fromToday(ELECTION_DAYS.ballotOpens)}.`)}
${dateField(form, f.ballotCloses, ELECTION_LABELS[f.ballotCloses], `Not before the ballot opens. ${fromToday(ELECTION_DAYS.ballotCloses)}.`)}
</fieldset>`;
}

/** The rulebook's contests to hold together, each with its seats; none ticked opens one contest as set above. */
function contestsFieldset(contests: readonly ContestChoiceView[], form: FormState) {
  const ticked = new Set((form.values[ELECTION_FIELDS.contests] ?? '').split(',').filter(Boolean));
  const error = form.errors[ELECTION_FIELDS.contests];
  return html`<fieldset class="field${error ? ' field-error' : ''}" id="${fieldId(ELECTION_FIELDS.contests)}">
<legend>Contests</legend>
<p class="hint">To hold several of the rulebook’s contests in one election, tick them: members see one ballot with each contest they may vote in, and each contest is counted on its own. Leave the seats, method and minimum above as they are when you do. Tick none to hold one contest, as set above.</p>
${error && html`<p class="error-message" id="${fieldId(ELECTION_FIELDS.contests)}-error"><span class="visually-hidden">Error: </span>${error}</p>`}
${contests.map(
  (
    c,
  ) => html`<div class="choice"><input type="checkbox" id="contest-${c.id}" name="${ELECTION_FIELDS.contests}" value="${c.id}"${attr('checked', ticked.has(c.id))} aria-describedby="contest-${c.id}-hint">
<label for="contest-${c.id}">${c.title}</label></div>
<p class="hint choice-hint" id="contest-${c.id}-hint">${c.rule}</p>
${field({ name: contestSeatsField(c.id), label: `Seats: ${c.title}`, value: form.values[contestSeatsField(c.id)] || String(c.seats), error: form.errors[contestSeatsField(c.id)], narrow: true, inputmode: 'numeric' })}`,
)}
</fieldset>`;
}

// ---- Leadership election -----------------------------------------------------------------------

export const LEADERSHIP_FIELDS = {
  title: 'title',
  kind: 'kind',
  leaderName: 'leader-name',
  leader: 'leader',
  deputy: 'deputy',
  deputyKind: 'deputy-kind',
  deputyName: 'deputy-name',
  deputyMember: 'deputy-member',
  nominationsClose: ELECTION_FIELDS.nominationsClose,
  freezeDate: ELECTION_FIELDS.freezeDate,
  ballotOpens: ELECTION_FIELDS.ballotOpens,
  ballotCloses: ELECTION_FIELDS.ballotCloses,
} as const;

export const LEADERSHIP_LABELS: Readonly<Record<string, string>> = {
  title: 'Title',
  kind: 'Vacancy or challenge',
  'leader-name': 'The sitting leader',
  leader: 'The sitting leader',
  deputy: 'Deputy leadership contest',
  'deputy-kind': 'Deputy leader: vacancy or challenge',
  'deputy-name': 'The sitting deputy leader',
  'deputy-member': 'The sitting deputy leader',
  ...TIMETABLE_LABELS,
  ...ENCRYPTION_LABELS,
};

export interface OpenLeadershipView {
  readonly rulebook: RulebookInUse;
  /** Whether the rulebook in force sets a leadership election at all, and a deputy's contest. */
  readonly elects: boolean;
  readonly deputy: boolean;
  /** The members whose names matched the sitting leader's name, when more than one did: the officer chooses. */
  readonly leaders: readonly { readonly value: string; readonly label: string }[];
  /** The same for the sitting deputy leader's name. */
  readonly deputies: readonly { readonly value: string; readonly label: string }[];
  /** Whether the rulebook lets the election choose encrypted ballots, or requires them. */
  readonly encryption: BallotEncryption;
  readonly form: FormState;
}

/** Vacancy or challenge for one post, the sitting holder's name, and the members to choose among when several match it. */
function sittingFields(
  form: FormState,
  o: {
    readonly post: string;
    readonly kind: string;
    readonly name: string;
    readonly choice: string;
    readonly found: OpenLeadershipView['leaders'];
    readonly challengerHint: string;
  },
) {
  return html`${radioGroup({
    name: o.kind,
    legend: LEADERSHIP_LABELS[o.kind]!,
    options: [
      { value: 'vacancy', label: `The post of ${o.post} is vacant`, hint: 'Every candidate needs nominations.' },
      { value: 'challenge', label: `A challenge to the sitting ${o.post}`, hint: o.challengerHint },
    ],
    value: form.values[o.kind] || 'vacancy',
    error: form.errors[o.kind],
  })}
${field({ name: o.name, label: `The sitting ${o.post}’s name, for a challenge`, value: form.values[o.name], error: form.errors[o.name], hint: 'Type their name or part of it; if several members match, you choose among them.' })}
${
  o.found.length > 0 &&
  radioGroup({
    name: o.choice,
    legend: `Which of these members is the sitting ${o.post}?`,
    options: o.found,
    value: form.values[o.choice],
    error: form.errors[o.choice],
  })
}`;
}

export function openLeadershipPage(data: OpenLeadershipView, ctx: ViewContext): string {
  const { form } = data;
  const f = LEADERSHIP_FIELDS;
  if (!data.elects) {
    const none = html`<p class="panel">The rulebook in force, <strong>${data.rulebook.name}</strong>, sets no rules for a leadership election, so none can be opened under it. An administrator can name another rulebook in force.</p>`;
    return layout({ title: 'Open a leadership election', body: none }, ctx);
  }
  const body = html`${errorSummary(form.errors, LEADERSHIP_LABELS, {
    [f.kind]: firstOptionId(f.kind),
    [f.leader]: firstOptionId(f.leader),
    [f.deputyKind]: firstOptionId(f.deputyKind),
    [f.deputyMember]: firstOptionId(f.deputyMember),
    [ENCRYPTION_FIELDS.ballots]: firstOptionId(ENCRYPTION_FIELDS.ballots),
  })}
<p>A leadership election: MPs nominate on the web, constituency parties and affiliates nominate through their secretaries, candidates who reach the rulebook’s thresholds stand once they accept, and members vote. The MPs, constituency parties and affiliated membership the thresholds are shares of are taken as they stand today.</p>
<form method="post" action="${paths.openLeadership}" novalidate>
${csrfField(ctx)}
${field({ name: f.title, label: LEADERSHIP_LABELS.title, value: form.values[f.title], error: form.errors[f.title], hint: 'For example “Leadership election 2026”.', required: true })}
${rulebookInUse(data.rulebook)}
${sittingFields(form, { post: 'leader', kind: f.kind, name: f.leaderName, choice: f.leader, found: data.leaders, challengerHint: 'A challenger needs MPs’ nominations; the sitting leader is on the ballot without any.' })}
${
  data.deputy
    ? checkbox({
        name: f.deputy,
        label: 'Elect a deputy leader in the same election',
        checked: form.values[f.deputy] === 'yes',
        error: form.errors[f.deputy],
        hint: 'The deputy’s contest has its own nominations, by the same bodies under the rulebook’s thresholds for deputy, and is counted on its own; members vote in both on one ballot.',
      })
    : html`<p class="hint">${data.rulebook.name} sets no deputy leadership contest.</p>`
}
${
  data.deputy &&
  sittingFields(form, {
    post: 'deputy leader',
    kind: f.deputyKind,
    name: f.deputyName,
    choice: f.deputyMember,
    found: data.deputies,
    challengerHint: 'A challenger needs the share of MPs’ nominations the rulebook sets for deputy; the sitting deputy is on the ballot without any.',
  })
}
${electionTimetableFields(form, 'The last day MPs, constituency parties and affiliates may nominate.')}
${encryptionFieldset(form, data.encryption, data.rulebook.name)}
${submitButton('Open the leadership election')}
</form>`;
  return layout({ title: 'Open a leadership election', body, titlePrefix: hasErrors(form) ? 'Error: ' : '' }, ctx);
}
