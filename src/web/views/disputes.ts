/**
 * Disputes about a review, a selection or an election: each dispute with its progress (lodged, decided, appealed, the appeal
 * decided), its grounds and evidence for those who may read them, and the forms each person may
 * use — lodging one, the panel chair's decision, a party's appeal, the appeal body's decision.
 * Also the disputes panel's page, where an administrator appoints its members and its chair.
 */
import { radioGroup } from './choices.js';
import type { FormState, ViewContext } from './context.js';
import { csrfField, errorSummary, field, submitButton, textArea } from './forms.js';
import { html, type Html } from './html.js';
import { layout } from './layout.js';
import { wordsFor, wordsHtml } from './language.js';
import type { Words } from '../../app/language/index.js';
import { selectField, type SelectOption } from './select.js';

export const DISPUTE_FIELDS = { about: 'about', grounds: 'grounds', evidence: 'evidence' } as const;
export const RULING_FIELDS = {
  outcome: 'outcome',
  reasons: 'reasons',
  remedy: 'remedy',
  unit: 'remedy-unit',
  candidate: 'remedy-candidate',
  member: 'remedy-member',
  application: 'remedy-application',
  date: 'remedy-date',
  closes: 'remedy-closes',
} as const;
export const APPEAL_FIELDS = { grounds: 'appeal-grounds' } as const;
export const PANEL_FIELDS = { member: 'member', change: 'change' } as const;

export interface DisputeDecisionView {
  readonly title: string;
  readonly outcome: string;
  readonly reasons: string;
  readonly remedy: string | null;
  readonly when: string;
}

export interface DisputeView {
  readonly number: string;
  readonly about: string;
  readonly lodged: string;
  readonly status: string;
  /** Shown to the panel, the national officers, the review's officers and the parties. */
  readonly grounds?: string;
  readonly evidence?: string | null;
  readonly decision: DisputeDecisionView | null;
  readonly appeal: { readonly lodged: string; readonly grounds?: string; readonly decision: DisputeDecisionView | null } | null;
  /** The forms this reader may use on it, each with its action and the form as last sent. */
  readonly decide?: { readonly action: string; readonly form: FormState; readonly heading: string };
  readonly appealForm?: { readonly action: string; readonly form: FormState };
}

export interface RemedyChoice {
  readonly value: string;
  readonly label: string;
  readonly hint?: string;
}

export interface DisputesView {
  readonly title: string;
  readonly processUrl: string;
  readonly disputes: readonly DisputeView[];
  readonly panel: string;
  /** The lodging form, for those who may lodge: what may be disputed and the form as sent. */
  readonly lodge?: { readonly action: string; readonly subjects: readonly SelectOption[]; readonly form: FormState };
  /** Remedies the deciding forms offer (those the rulebook allows for this kind of process), and what they may name: units whose meetings may be voided, candidates who may be reinstated. */
  readonly remedies: readonly RemedyChoice[];
  readonly units: readonly SelectOption[];
  readonly candidates: readonly SelectOption[];
  /** A leadership election's rejected supporters' applications (by reference and name), which an upheld dispute may reinstate. */
  readonly applications: readonly SelectOption[];
  /** What "no change" is called: "No change to the review", "No change to the selection". */
  readonly noChange: string;
  readonly problem?: string;
}

const DECISION_LABELS = {
  [RULING_FIELDS.outcome]: 'Decision',
  [RULING_FIELDS.reasons]: 'Reasons',
  [RULING_FIELDS.remedy]: 'Remedy',
  [RULING_FIELDS.unit]: 'Unit whose meeting is void',
  [RULING_FIELDS.candidate]: 'Candidate to reinstate',
  [RULING_FIELDS.member]: 'Member to restore to the electorate',
  [RULING_FIELDS.application]: 'Application to reinstate',
  [RULING_FIELDS.date]: 'Date',
  [RULING_FIELDS.closes]: 'Closing day of the ballot held again',
};

/** Words the application writes only in English (what a dispute is about, a remedy): marked as English on a Welsh page. */
const english = (w: Words, text: string): Html | string => (w.language === 'cy' ? html`<span lang="en-GB">${text}</span>` : text);

function decisionBlock(d: DisputeDecisionView, w: Words): Html {
  return html`<h4>${d.title}</h4>
<p>${wordsHtml(w, 'disputes.decided', { outcome: html`<strong>${d.outcome}</strong>`, when: d.when })}${d.remedy ? html` ${english(w, d.remedy)}` : ''}</p>
<p>${w.t('disputes.reasons', { reasons: d.reasons })}</p>`;
}

function decideForm(f: NonNullable<DisputeView['decide']>, data: DisputesView, ctx: ViewContext): Html {
  const v = f.form.values;
  const e = f.form.errors;
  return html`<h4>${f.heading}</h4>
${errorSummary(e, DECISION_LABELS)}
<form method="post" action="${f.action}" novalidate>
${csrfField(ctx)}
${radioGroup({
  name: RULING_FIELDS.outcome,
  legend: 'Decision',
  options: [
    { value: 'dismissed', label: 'Dismissed' },
    { value: 'upheld', label: 'Upheld' },
  ],
  value: v[RULING_FIELDS.outcome],
  error: e[RULING_FIELDS.outcome],
})}
${textArea({ name: RULING_FIELDS.reasons, label: 'Reasons', value: v[RULING_FIELDS.reasons], error: e[RULING_FIELDS.reasons], rows: 4 })}
${radioGroup({
  name: RULING_FIELDS.remedy,
  legend: 'Remedy (an upheld dispute only)',
  options: [{ value: 'none', label: data.noChange }, ...data.remedies],
  value: v[RULING_FIELDS.remedy] ?? 'none',
  error: e[RULING_FIELDS.remedy],
})}
${data.units.length > 0 ? selectField(RULING_FIELDS.unit, 'Unit whose meeting is void', [{ value: '', text: 'Choose a unit' }, ...data.units], v[RULING_FIELDS.unit], `${f.action}-`) : ''}
${e[RULING_FIELDS.unit] ? html`<p class="error-message">${e[RULING_FIELDS.unit]}</p>` : ''}
${
  data.candidates.length > 0
    ? selectField(
        RULING_FIELDS.candidate,
        'Candidate to reinstate',
        [{ value: '', text: 'Choose a candidate' }, ...data.candidates],
        v[RULING_FIELDS.candidate],
        `${f.action}-`,
      )
    : ''
}
${e[RULING_FIELDS.candidate] ? html`<p class="error-message">${e[RULING_FIELDS.candidate]}</p>` : ''}
${
  data.remedies.some((r) => r.value === 'reinstate-applicant')
    ? selectField(
        RULING_FIELDS.application,
        'Application to reinstate',
        [{ value: '', text: data.applications.length > 0 ? 'Choose an application' : 'No application has been rejected' }, ...data.applications],
        v[RULING_FIELDS.application],
        `${f.action}-`,
      )
    : ''
}
${e[RULING_FIELDS.application] ? html`<p class="error-message">${e[RULING_FIELDS.application]}</p>` : ''}
${
  data.remedies.some((r) => r.value === 'restore-member')
    ? field({
        name: RULING_FIELDS.member,
        label: 'Member to restore to the electorate',
        value: v[RULING_FIELDS.member],
        error: e[RULING_FIELDS.member],
        hint: 'Their member number.',
        narrow: true,
      })
    : ''
}
${field({
  name: RULING_FIELDS.date,
  label: 'Date',
  type: 'date',
  value: v[RULING_FIELDS.date],
  error: e[RULING_FIELDS.date],
  hint: `For a voided meeting, the day by which it must be held again; for an extension, the new closing date${data.remedies.some((r) => r.value === 'rerun-ballot') ? '; for a ballot held again, the day it opens' : ''}.`,
})}
${
  data.remedies.some((r) => r.value === 'rerun-ballot')
    ? field({
        name: RULING_FIELDS.closes,
        label: 'Closing day of the ballot held again',
        type: 'date',
        value: v[RULING_FIELDS.closes],
        error: e[RULING_FIELDS.closes],
        hint: 'Only for a ballot voided and held again.',
      })
    : ''
}
${submitButton('Record the decision')}
</form>`;
}

function disputeBlock(d: DisputeView, data: DisputesView, ctx: ViewContext): Html {
  const w = wordsFor(ctx);
  return html`<section class="dispute" aria-labelledby="dispute-${d.number}">
<h3 id="dispute-${d.number}">${wordsHtml(w, 'disputes.heading', { number: d.number, about: english(w, d.about) })}</h3>
<p>${d.lodged}. <strong>${d.status}</strong></p>
${d.grounds !== undefined ? html`<p>${w.t('disputes.grounds', { grounds: d.grounds })}</p>${d.evidence ? html`<p>${w.t('disputes.evidence', { evidence: d.evidence })}</p>` : ''}` : ''}
${d.decision ? decisionBlock(d.decision, w) : ''}
${
  d.appeal
    ? html`<h4>${w.t('disputes.appeal')}</h4><p>${d.appeal.lodged}.</p>${d.appeal.grounds !== undefined ? html`<p>${w.t('disputes.appealGrounds', { grounds: d.appeal.grounds })}</p>` : ''}${
        d.appeal.decision ? decisionBlock(d.appeal.decision, w) : ''
      }`
    : ''
}
${d.decide ? (w.language === 'cy' ? html`<div lang="en-GB">${decideForm(d.decide, data, ctx)}</div>` : decideForm(d.decide, data, ctx)) : ''}
${
  d.appealForm
    ? html`<h4>${w.t('disputes.appealAgainst')}</h4>
${errorSummary(d.appealForm.form.errors, { [APPEAL_FIELDS.grounds]: w.t('disputes.appealLabel') })}
<form method="post" action="${d.appealForm.action}" novalidate>
${csrfField(ctx)}
${textArea({ name: APPEAL_FIELDS.grounds, label: w.t('disputes.appealLabel'), value: d.appealForm.form.values[APPEAL_FIELDS.grounds], error: d.appealForm.form.errors[APPEAL_FIELDS.grounds], rows: 4 })}
${submitButton(w.t('disputes.appealSubmit'))}
</form>`
    : ''
}
</section>`;
}

export function disputesPage(data: DisputesView, ctx: ViewContext): string {
  const lodge = data.lodge;
  const w = wordsFor(ctx);
  const labels = {
    [DISPUTE_FIELDS.about]: w.t('disputes.about'),
    [DISPUTE_FIELDS.grounds]: w.t('disputes.groundsLabel'),
    [DISPUTE_FIELDS.evidence]: w.t('disputes.evidenceLabel'),
  };
  const body = html`<p><a href="${data.processUrl}">${w.t('disputes.back', { title: data.title })}</a></p>
${data.problem ? html`<div class="error-summary" role="alert"><p lang="en-GB">${data.problem}</p></div>` : ''}
<p>${data.panel}</p>
${data.disputes.length === 0 ? html`<p>${w.t('disputes.none', { title: data.title })}</p>` : html`<h2>${w.t('disputes.lodgedHeading')}</h2>${data.disputes.map((d) => disputeBlock(d, data, ctx))}`}
${
  lodge
    ? html`<h2>${w.t('disputes.lodgeHeading')}</h2>
<p>${w.t('disputes.lodgeLead')}</p>
${errorSummary(lodge.form.errors, labels)}
<form method="post" action="${lodge.action}" novalidate>
${csrfField(ctx)}
${selectField(DISPUTE_FIELDS.about, labels[DISPUTE_FIELDS.about], lodge.subjects, lodge.form.values[DISPUTE_FIELDS.about])}
${textArea({ name: DISPUTE_FIELDS.grounds, label: labels[DISPUTE_FIELDS.grounds], hint: w.t('disputes.groundsHint'), value: lodge.form.values[DISPUTE_FIELDS.grounds], error: lodge.form.errors[DISPUTE_FIELDS.grounds], rows: 5 })}
${textArea({ name: DISPUTE_FIELDS.evidence, label: labels[DISPUTE_FIELDS.evidence], hint: w.t('disputes.evidenceHint'), value: lodge.form.values[DISPUTE_FIELDS.evidence], error: lodge.form.errors[DISPUTE_FIELDS.evidence], rows: 4 })}
${submitButton(w.t('disputes.lodgeSubmit'))}
</form>`
    : ''
}`;
  return layout({ title: w.t('disputes.title', { title: data.title }), body }, ctx);
}

export interface PanelView {
  readonly members: readonly { readonly name: string; readonly chair: boolean }[];
  readonly action: string;
  readonly form: FormState;
}

export function disputesPanelPage(data: PanelView, ctx: ViewContext): string {
  const e = data.form.errors;
  const body = html`<p>The panel decides disputes about reviews; its chair records each decision. Every change to who sits on it is in the audit log.</p>
${
  data.members.length === 0
    ? html`<p>No one sits on the panel yet.</p>`
    : html`<ul>${data.members.map((m) => html`<li>${m.name}${m.chair ? ' (chair)' : ''}</li>`)}</ul>`
}
<h2>Change the panel</h2>
${errorSummary(e, { [PANEL_FIELDS.member]: 'Member number', [PANEL_FIELDS.change]: 'Change' })}
<form method="post" action="${data.action}" novalidate>
${csrfField(ctx)}
${field({ name: PANEL_FIELDS.member, label: 'Member number', value: data.form.values[PANEL_FIELDS.member], error: e[PANEL_FIELDS.member], narrow: true })}
${radioGroup({
  name: PANEL_FIELDS.change,
  legend: 'Change',
  options: [
    { value: 'appoint', label: 'Appoint to the panel' },
    { value: 'appoint-chair', label: 'Make chair of the panel' },
    { value: 'remove', label: 'Remove from the panel' },
  ],
  value: data.form.values[PANEL_FIELDS.change],
  error: e[PANEL_FIELDS.change],
})}
${submitButton('Save the change')}
</form>`;
  return layout({ title: 'The disputes panel', body }, ctx);
}
