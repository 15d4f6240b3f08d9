/**
 * Nominations in a national internal election and candidates' statements: the
 * page where a body's secretary records its nominations (finding the member by
 * name), the candidate's own page (accept or decline, write a statement), the
 * officers' table of who nominated whom and the statements awaiting approval,
 * and the public page of the candidates standing.
 */
import type { FormState, ViewContext } from './context.js';
import { badge, dateText, definitionList } from './common.js';
import { radioGroup } from './choices.js';
import { csrfField, errorSummary, field, submitButton, textArea } from './forms.js';
import { html, type Html } from './html.js';
import { layout } from './layout.js';
import { wordsFor } from './language.js';
import type { Words } from '../../app/language/index.js';
import { paths } from './paths.js';
import { PHOTO_MAX_BYTES } from '../../domain/photo-bytes.js';

export const BODY_NOMINATION_FIELDS = { body: 'body', member: 'member', meetingDate: 'meetingDate', query: 'q' } as const;
const NOMINATE_LABELS: Readonly<Record<string, string>> = { body: 'Nominating body', member: 'Candidate', meetingDate: 'Meeting date' };
export const STATEMENT_FIELDS = { text: 'statement', photo: 'photo', removePhoto: 'remove-photo' } as const;
export const CONSENT_FIELD = 'answer';
export const STATEMENT_DECISION_FIELDS = { candidate: 'candidate', decision: 'decision', reason: 'reason' } as const;

export interface NominateView {
  readonly process: { readonly id: string; readonly title: string };
  readonly nominationsClose: string;
  readonly rule: string;
  readonly bodies: readonly { readonly value: string; readonly label: string }[];
  readonly query: string;
  /** Members found by the search: the value is what the form sends, the label their name and branch. */
  readonly found: readonly { readonly value: string; readonly label: string }[] | null;
  readonly form: FormState;
  /** Where a constituency party's secretary calls an all-member nomination meeting, when the contest takes their nominations. */
  readonly meetings?: string;
}

export function nominatePage(data: NominateView, ctx: ViewContext): string {
  const { values, errors } = data.form;
  const search = html`<form method="get" action="${paths.electionNominate(data.process.id)}" role="search">
${field({ name: BODY_NOMINATION_FIELDS.query, label: 'Find the member to nominate, by name', value: data.query, hint: 'Type part of their name, then search.' })}
${submitButton('Search members')}
</form>`;
  const found =
    data.found === null
      ? null
      : data.found.length === 0
        ? html`<p>No member’s name matches “${data.query}”.</p>`
        : html`<form method="post" action="${paths.electionNominate(data.process.id)}" novalidate>
${csrfField(ctx)}
${radioGroup({ name: BODY_NOMINATION_FIELDS.body, legend: 'Nominating body', options: data.bodies, value: values[BODY_NOMINATION_FIELDS.body] ?? data.bodies[0]?.value, error: errors[BODY_NOMINATION_FIELDS.body] })}
${radioGroup({ name: BODY_NOMINATION_FIELDS.member, legend: 'Candidate', options: data.found, value: values[BODY_NOMINATION_FIELDS.member], error: errors[BODY_NOMINATION_FIELDS.member] })}
${field({ name: BODY_NOMINATION_FIELDS.meetingDate, label: 'Date of the meeting that decided it', type: 'date', value: values[BODY_NOMINATION_FIELDS.meetingDate], error: errors[BODY_NOMINATION_FIELDS.meetingDate] })}
<input type="hidden" name="${BODY_NOMINATION_FIELDS.query}" value="${data.query}">
${submitButton('Record the nomination')}
</form>`;
  const body = html`${errorSummary(errors, NOMINATE_LABELS)}
${definitionList([
  ['Election', data.process.title],
  ['Nominations close', dateText(data.nominationsClose)],
])}
<p>${data.rule}</p>
${data.meetings && html`<p>A constituency party that decides at an all-member meeting can run it here, round by round, and its decision becomes the nomination: <a href="${data.meetings}">nomination meetings</a>.</p>`}
${search}
${found}`;
  return layout({ title: `Record a nomination: ${data.process.title}`, body, titlePrefix: Object.keys(errors).length ? 'Error: ' : '' }, ctx);
}

/** A candidate's photo as a page shows it: its address and its alt text ("Photo of <name>"). */
export interface PhotoView {
  readonly src: string;
  readonly alt: string;
}

export const photoImage = (p: PhotoView | null): Html | null =>
  p && html`<img class="candidate-photo" src="${p.src}" alt="${p.alt}" width="160" loading="lazy">`;

export interface StatementEntry {
  readonly text: string;
  /** Whether the statement has a photo (shown only once approved, so the candidate is told, not shown). */
  readonly hasPhoto: boolean;
  readonly status: string;
  readonly tone: 'good' | 'bad' | 'neutral' | 'warn';
}

export interface StandingEntry {
  readonly process: string;
  readonly title: string;
  /** "Nominated by Ash CLP (1 March 2024) and …", or how they came to stand. */
  readonly nominatedBy: string;
  readonly progress: string;
  /** Whether the accept / decline buttons are offered. */
  readonly mayAnswer: boolean;
  readonly standing: boolean;
  readonly statement: StatementEntry | null;
  readonly statementLimit: number;
  readonly mayWrite: boolean;
  readonly form: FormState;
}

export function standingPage(
  entries: readonly StandingEntry[],
  ctx: ViewContext,
  status?: { readonly process: string; readonly errors: FormState['errors'] },
): string {
  const w = wordsFor(ctx);
  const errorPrefix = w.t('layout.errorPrefix');
  const body =
    entries.length === 0
      ? html`<p>${w.t('standing.none')}</p>`
      : html`${entries.map((e) => {
          const errors = status?.process === e.process ? status.errors : {};
          const labels = { [STATEMENT_FIELDS.text]: w.t('apply.labelStatement'), [STATEMENT_FIELDS.photo]: w.t('standing.photo') };
          return html`<section class="card">
<h2>${w.t('standing.for', { title: e.title })}</h2>
${errorSummary(errors, labels, { [STATEMENT_FIELDS.photo]: photoFieldId(e.process) }, Object.keys(errors).length > 0 ? w.t('form.problem') : undefined)}
<p>${e.nominatedBy}</p>
<p>${e.standing ? badge(w.t('standing.standing'), 'good') : badge(w.t('standing.notYet'), 'warn')} ${e.progress}</p>
${
  e.mayAnswer &&
  html`<form method="post" action="${paths.electionConsent(e.process)}" class="inline">
${csrfField(ctx)}
<button type="submit" name="${CONSENT_FIELD}" value="accepted">${w.t('standing.accept')}<span class="visually-hidden"> ${w.t('standing.acceptFor', { title: e.title })}</span></button>
<button type="submit" name="${CONSENT_FIELD}" value="declined" class="secondary">${w.t('standing.decline')}<span class="visually-hidden"> ${w.t('standing.declineFor', { title: e.title })}</span></button>
</form>`
}
<h3>${w.t('standing.statementTitle')}</h3>
${e.statement ? html`<p>${badge(e.statement.status, e.statement.tone)}</p>` : html`<p>${w.t('standing.noStatement')}</p>`}
${
  e.mayWrite &&
  html`<form method="post" action="${paths.statement(e.process)}" enctype="multipart/form-data" novalidate>
${csrfField(ctx)}
${textArea({
  name: STATEMENT_FIELDS.text,
  label: w.t('apply.labelStatement'),
  value: e.form.values[STATEMENT_FIELDS.text] ?? e.statement?.text,
  error: errors[STATEMENT_FIELDS.text],
  hint: w.t('standing.hint', { n: e.statementLimit }),
  errorPrefix,
})}
${photoFields(e.statement?.hasPhoto ?? false, errors[STATEMENT_FIELDS.photo], e.process, w)}
${submitButton(w.t('standing.save'))}
</form>`
}
</section>`;
        })}`;
  return layout({ title: w.t('standing.title'), lead: w.t('standing.lead'), body }, ctx);
}

/** One page lists every election a member is nominated in: each photo field has an id of its own. */
const photoFieldId = (processId: string): string => `photo-${processId}`;

/** The photo sent with a statement: a new one, or (when there is one) removing it. */
export function photoFields(hasPhoto: boolean, error: string | undefined, processId: string, w: Words = wordsFor({})): Html {
  const mb = (PHOTO_MAX_BYTES / (1024 * 1024)).toLocaleString('en-GB');
  return html`${field({
    name: STATEMENT_FIELDS.photo,
    id: photoFieldId(processId),
    label: hasPhoto ? w.t('standing.newPhoto') : w.t('standing.photoOptional'),
    type: 'file',
    accept: 'image/jpeg,image/png',
    error,
    errorPrefix: w.t('layout.errorPrefix'),
    hint: w.t(hasPhoto ? 'standing.photoHintReplace' : 'standing.photoHint', { mb }),
  })}
${hasPhoto && html`<div class="field"><label><input type="checkbox" name="${STATEMENT_FIELDS.removePhoto}" value="yes"> ${w.t('standing.removePhoto')}</label></div>`}`;
}

export interface NominationRow {
  readonly name: string;
  readonly by: readonly string[];
  readonly count: string;
  readonly reached: boolean;
  readonly consent: string;
  readonly standing: boolean;
}

export interface PendingStatement {
  /** What the decision form sends to name the candidate. */
  readonly candidate: string;
  readonly name: string;
  readonly text: string;
  readonly photo: PhotoView | null;
}

export interface ElectionNominationsView {
  readonly process: { readonly id: string; readonly title: string };
  readonly rule: string;
  /** Null where bodies do not nominate (a selection: its branches nominate on their own pages). */
  readonly rows: readonly NominationRow[] | null;
  readonly pending: readonly PendingStatement[];
  readonly mayDecide: boolean;
  readonly form: FormState;
}

export function electionNominationsPage(data: ElectionNominationsView, ctx: ViewContext): string {
  const { values, errors } = data.form;
  const table =
    data.rows === null
      ? null
      : data.rows.length === 0
        ? html`<p>No body has nominated anyone yet.</p>`
        : html`<div class="table-wrap"><table>
<caption>Nominations</caption>
<thead><tr><th scope="col">Candidate</th><th scope="col">Nominated by</th><th scope="col">Threshold</th><th scope="col">Consent</th><th scope="col">On the ballot paper</th></tr></thead>
<tbody>
${data.rows.map(
  (r) => html`<tr>
<th scope="row">${r.name}</th>
<td>${r.by.length === 0 ? '—' : html`<ul>${r.by.map((b) => html`<li>${b}</li>`)}</ul>`}</td>
<td>${badge(r.count, r.reached ? 'good' : 'warn')}</td>
<td>${r.consent}</td>
<td>${r.standing ? badge('Standing', 'good') : badge('Not standing', 'neutral')}</td>
</tr>`,
)}
</tbody>
</table></div>`;
  const pending: Html =
    data.pending.length === 0
      ? html`<p>No statement is awaiting approval.</p>`
      : html`${data.pending.map(
          (p) => html`<section class="card">
<h3>${p.name}</h3>
${photoImage(p.photo)}
<blockquote class="statement">${p.text}</blockquote>
${
  data.mayDecide &&
  html`<form method="post" action="${paths.statementDecision(data.process.id)}" novalidate>
${csrfField(ctx)}
<input type="hidden" name="${STATEMENT_DECISION_FIELDS.candidate}" value="${p.candidate}">
${field({
  name: STATEMENT_DECISION_FIELDS.reason,
  label: `Reason, if you return ${p.name}’s statement`,
  value: values[STATEMENT_DECISION_FIELDS.candidate] === p.candidate ? values[STATEMENT_DECISION_FIELDS.reason] : undefined,
  error: values[STATEMENT_DECISION_FIELDS.candidate] === p.candidate ? errors[STATEMENT_DECISION_FIELDS.reason] : undefined,
  id: `reason-${p.candidate}`,
})}
<button type="submit" name="${STATEMENT_DECISION_FIELDS.decision}" value="approve">Approve<span class="visually-hidden"> ${p.name}’s statement</span></button>
<button type="submit" name="${STATEMENT_DECISION_FIELDS.decision}" value="return" class="secondary">Return for changes<span class="visually-hidden"> (${p.name})</span></button>
</form>`
}
</section>`,
        )}`;
  const body = html`<p>${data.rule}</p>
${table}
<h2>Statements awaiting approval</h2>
${pending}
<p><a href="${paths.electionCandidates(data.process.id)}">The public candidates page</a> · <a href="${paths.process(data.process.id)}">Back to ${data.process.title}</a></p>`;
  const title = data.rows === null ? `Candidates’ statements: ${data.process.title}` : `Nominations and statements: ${data.process.title}`;
  return layout({ title, body, titlePrefix: Object.keys(errors).length ? 'Error: ' : '' }, ctx);
}

export interface PublicCandidate {
  readonly name: string;
  readonly statement: string | null;
  readonly photo: PhotoView | null;
}

export function electionCandidatesPage(
  data: { readonly title: string; readonly seats: string; readonly candidates: readonly PublicCandidate[]; readonly none?: string },
  ctx: ViewContext,
): string {
  const w = wordsFor(ctx);
  const body =
    data.candidates.length === 0
      ? html`<p>${data.none ?? w.t('candidates.noneYet')}</p>`
      : html`<p>${data.seats}</p>
<ul class="cards">
${data.candidates.map(
  (cand) => html`<li class="card">
<h2>${cand.name}</h2>
${photoImage(cand.photo)}
${cand.statement === null ? html`<p>${w.t('candidates.noStatement')}</p>` : html`<blockquote class="statement">${cand.statement}</blockquote>`}
</li>`,
)}
</ul>`;
  return layout({ title: w.t('candidates.title', { title: data.title }), lead: w.t('candidates.lead'), body }, ctx);
}
