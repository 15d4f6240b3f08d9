/**
 * The supporters of a leadership election: the public application form (or, outside the window,
 * when it opens or closed), the applicant's private status page, and the officers' validation
 * queue with the window's form.
 */
import type { QueuedApplication } from '../../app/supporters.js';
import {
  applicationReference,
  SUPPORTER_CLASS_WORDS,
  type SupporterApplication,
  type SupporterClass,
  type SupporterWindow,
  type WindowState,
} from '../../domain/supporters.js';
import { feeWords } from '../../domain/rulebook-words.js';
import { badge, dateText, definitionList } from './common.js';
import { checkbox, radioGroup } from './choices.js';
import type { FormState, ViewContext } from './context.js';
import { csrfField, errorSummary, field, submitButton, textArea } from './forms.js';
import { html, type Html } from './html.js';
import { layout } from './layout.js';
import { wordsFor, wordsHtml } from './language.js';
import type { MessageKey, Words } from '../../app/language/index.js';
import { paths } from './paths.js';

export const SUPPORTER_APPLY_FIELDS = {
  class: 'class',
  affiliate: 'affiliate',
  name: 'name',
  email: 'email',
  postcode: 'postcode',
  paymentReference: 'paymentReference',
  declared: 'declared',
} as const;

/** The form's labels in the reader's language, for the error summary. */
const applyLabels = (w: Words): Record<string, string> => ({
  class: w.t('supporterApply.how'),
  affiliate: w.t('supporterApply.affiliateLabel'),
  name: w.t('supporterApply.name'),
  email: w.t('supporterApply.email'),
  postcode: w.t('supporterApply.postcode'),
  paymentReference: w.t('supporterApply.paymentLabel'),
  declared: w.t('supporterApply.declarationLabel'),
});

/**
 * The problems beside the fields: as the application's checks put them in English, and in Welsh one
 * sentence a field says what the field needs (the checks have no catalogue of their own).
 */
function errorsIn(w: Words, errors: FormState['errors']): FormState['errors'] {
  if (w.language !== 'cy') return errors;
  const welsh: Record<string, `supporterApply.error.${string}` & MessageKey> = {
    class: 'supporterApply.error.class',
    affiliate: 'supporterApply.error.affiliate',
    name: 'supporterApply.error.name',
    email: 'supporterApply.error.email',
    postcode: 'supporterApply.error.postcode',
    paymentReference: 'supporterApply.error.paymentReference',
    declared: 'supporterApply.error.declared',
  };
  return Object.fromEntries(Object.entries(errors).map(([f, m]) => [f, welsh[f] ? w.t(welsh[f]) : m]));
}

export interface SupporterApplyView {
  readonly process: { readonly id: string; readonly title: string };
  readonly state: WindowState;
  readonly window: SupporterWindow | null;
  readonly classes: readonly SupporterClass[];
  readonly affiliates: readonly { readonly value: string; readonly label: string }[];
  readonly form: FormState;
}

function classHint(w: Words, c: SupporterClass, window: SupporterWindow): string {
  if (c === 'affiliated-supporter') return w.t('supporterApply.hintAffiliated');
  return `${w.t('supporterApply.hintRegistered')} ${window.feePence > 0 ? w.t('supporterApply.fee', { fee: feeWords(window.feePence) }) : w.t('supporterApply.noFee')}`;
}

function closedWords(v: SupporterApplyView, w: Words): Html {
  const win = v.window;
  if (v.state === 'not-yet-open' && win)
    return html`<p>${wordsHtml(w, 'supporterApply.notYetOpen', { opens: dateText(win.opens, w), closes: dateText(win.closes, w) })}</p>`;
  if (v.state === 'closed' && win) return html`<p>${wordsHtml(w, 'supporterApply.closed', { closes: dateText(win.closes, w) })}</p>`;
  return html`<p>${w.t('supporterApply.notSet')}</p>`;
}

export function supporterApplyPage(v: SupporterApplyView, ctx: ViewContext): string {
  const t = wordsFor(ctx);
  const title = t.t('supporterApply.title', { title: v.process.title });
  const w = v.window;
  if (v.state !== 'open' || w === null) return layout({ title, body: closedWords(v, t) }, ctx);
  const { values } = v.form;
  const errors = errorsIn(t, v.form.errors);
  const chosen = values[SUPPORTER_APPLY_FIELDS.class] ?? (v.classes.length === 1 ? v.classes[0] : undefined);
  const as = (c: SupporterClass) => t.t(c === 'affiliated-supporter' ? 'supporterApply.asAffiliated' : 'supporterApply.asRegistered');
  const classChoice =
    v.classes.length === 1
      ? html`<input type="hidden" name="${SUPPORTER_APPLY_FIELDS.class}" value="${v.classes[0]}"><p>${t.t(v.classes[0] === 'affiliated-supporter' ? 'supporterApply.youApplyAffiliated' : 'supporterApply.youApplyRegistered')} ${classHint(t, v.classes[0]!, w)}</p>`
      : radioGroup({
          name: SUPPORTER_APPLY_FIELDS.class,
          legend: t.t('supporterApply.how'),
          options: v.classes.map((c) => ({ value: c, label: as(c), hint: classHint(t, c, w) })),
          value: chosen,
          error: errors[SUPPORTER_APPLY_FIELDS.class],
        });
  const affiliate = v.classes.includes('affiliated-supporter')
    ? radioGroup({
        name: SUPPORTER_APPLY_FIELDS.affiliate,
        legend: t.t('supporterApply.affiliate'),
        options: v.affiliates,
        value: values[SUPPORTER_APPLY_FIELDS.affiliate],
        error: errors[SUPPORTER_APPLY_FIELDS.affiliate],
        hint: t.t('supporterApply.affiliateHint'),
      })
    : null;
  const payment =
    v.classes.includes('registered-supporter') && w.feePence > 0
      ? field({
          name: SUPPORTER_APPLY_FIELDS.paymentReference,
          label: t.t('supporterApply.payment'),
          value: values[SUPPORTER_APPLY_FIELDS.paymentReference],
          error: errors[SUPPORTER_APPLY_FIELDS.paymentReference],
          hint: t.t('supporterApply.paymentHint', { fee: feeWords(w.feePence) }),
        })
      : null;
  const body = html`${errorSummary(errors, applyLabels(t))}
<p>${wordsHtml(t, 'supporterApply.lead', { opens: dateText(w.opens, t), closes: dateText(w.closes, t) })}</p>
<form method="post" action="${paths.supporterApply(v.process.id)}" novalidate>
${csrfField(ctx)}
${classChoice}
${affiliate}
${field({ name: SUPPORTER_APPLY_FIELDS.name, label: t.t('supporterApply.name'), value: values[SUPPORTER_APPLY_FIELDS.name], error: errors[SUPPORTER_APPLY_FIELDS.name], autocomplete: 'name' })}
${field({
  name: SUPPORTER_APPLY_FIELDS.email,
  label: t.t('supporterApply.email'),
  type: 'email',
  value: values[SUPPORTER_APPLY_FIELDS.email],
  error: errors[SUPPORTER_APPLY_FIELDS.email],
  autocomplete: 'email',
  hint: t.t('supporterApply.emailHint'),
})}
${field({
  name: SUPPORTER_APPLY_FIELDS.postcode,
  label: t.t('supporterApply.postcode'),
  value: values[SUPPORTER_APPLY_FIELDS.postcode],
  error: errors[SUPPORTER_APPLY_FIELDS.postcode],
  autocomplete: 'postal-code',
  narrow: true,
  hint: t.t('supporterApply.postcodeHint'),
})}
${payment}
${checkbox({
  name: SUPPORTER_APPLY_FIELDS.declared,
  label: t.t('supporterApply.declaration'),
  checked: values[SUPPORTER_APPLY_FIELDS.declared] === 'yes',
  error: errors[SUPPORTER_APPLY_FIELDS.declared],
})}
${submitButton(t.t('supporterApply.submit'))}
</form>`;
  return layout({ title, body, titlePrefix: Object.keys(errors).length ? `${t.t('supporterApply.errorPrefix')} ` : '' }, ctx);
}

const STATUS_BADGES: Readonly<Record<SupporterApplication['status'], [`supporterStatus.${SupporterApplication['status']}`, 'neutral' | 'good' | 'bad']>> = {
  pending: ['supporterStatus.pending', 'neutral'],
  accepted: ['supporterStatus.accepted', 'good'],
  rejected: ['supporterStatus.rejected', 'bad'],
};

export interface StatusView {
  readonly title: string;
  readonly application: SupporterApplication;
  readonly affiliate: string | null;
  /** This page's own address, to keep. */
  readonly address: string;
}

export function supporterStatusPage(v: StatusView, ctx: ViewContext): string {
  const w = wordsFor(ctx);
  const a = v.application;
  const next =
    a.status === 'accepted'
      ? html`<p>${wordsHtml(w, 'supporterStatus.mayVote', { title: v.title, signIn: html`<a href="${paths.signIn}">${w.t('supporterStatus.signIn')}</a>` })}</p>`
      : a.status === 'rejected'
        ? html`<p>${w.t('supporterStatus.mayNotVote', { title: v.title })}</p>`
        : html`<p>${w.t('supporterStatus.comeBack')}</p>`;
  const [badgeKey, tone] = STATUS_BADGES[a.status];
  const cls = w.t(a.class === 'registered-supporter' ? 'supporters.class.registered' : 'supporters.class.affiliated');
  const body = html`${definitionList([
    [w.t('supporterStatus.reference'), applicationReference(a.number)],
    [w.t('supporterStatus.election'), v.title],
    [w.t('supporterStatus.appliedAs'), `${cls}${v.affiliate ? ` (${v.affiliate})` : ''}`],
    [w.t('supporterStatus.appliedOn'), dateText(a.appliedAt.slice(0, 10), w)],
    [w.t('supporterStatus.status'), badge(w.t(badgeKey), tone)],
    ...(a.reason !== null ? ([[w.t('supporterStatus.reason'), a.reason]] as const) : []),
    ...(a.decidedOn !== null ? ([[w.t('supporterStatus.decidedOn'), dateText(a.decidedOn, w)]] as const) : []),
  ])}
${next}
<p>${w.t('supporterStatus.private')} <code>${v.address}</code></p>`;
  return layout({ title: w.t('supporterStatus.title'), body }, ctx);
}

export const WINDOW_FIELDS = { opens: 'opens', closes: 'closes', fee: 'fee' } as const;
export const SUPPORTER_DECISION_FIELDS = { decision: 'decision' } as const;
/** The reason's field of one application's form: named by its number, so each card's field has an id of its own. */
export const reasonField = (number: number): string => `reason-${number}`;

export interface QueueView {
  readonly process: { readonly id: string; readonly title: string };
  readonly classes: readonly SupporterClass[];
  readonly window: SupporterWindow | null;
  readonly state: WindowState;
  /** Decisions and the window are taken until the electorate is frozen. */
  readonly open: boolean;
  readonly pending: readonly QueuedApplication[];
  readonly decided: readonly QueuedApplication[];
  readonly accepted: Readonly<Record<SupporterClass, number>>;
  readonly windowForm: FormState;
  /** The application whose decision form had a problem, with it. */
  readonly decisionForm: { readonly number: number; readonly form: FormState } | null;
}

const WINDOW_STATE_WORDS: Readonly<Record<WindowState, string>> = {
  'not-set': 'not set: nobody can apply yet',
  'not-yet-open': 'not yet open',
  open: 'open today',
  closed: 'closed',
};

const poundsOf = (pence: number): string => (pence % 100 === 0 ? String(pence / 100) : (pence / 100).toFixed(2));

function windowForm(v: QueueView, ctx: ViewContext): Html {
  const { values, errors } = v.windowForm;
  const w = v.window;
  return html`<form method="post" action="${paths.supporterWindow(v.process.id)}" novalidate>
${csrfField(ctx)}
${field({ name: WINDOW_FIELDS.opens, label: 'Applications open on', type: 'date', value: values[WINDOW_FIELDS.opens] ?? w?.opens, error: errors[WINDOW_FIELDS.opens] })}
${field({
  name: WINDOW_FIELDS.closes,
  label: 'Last day for applications',
  type: 'date',
  value: values[WINDOW_FIELDS.closes] ?? w?.closes,
  error: errors[WINDOW_FIELDS.closes],
  hint: 'Both days are included. The last day must be on or before the freeze date.',
})}
${
  v.classes.includes('registered-supporter')
    ? field({
        name: WINDOW_FIELDS.fee,
        label: 'Registered supporters’ fee, in pounds',
        value: values[WINDOW_FIELDS.fee] ?? (w ? poundsOf(w.feePence) : undefined),
        error: errors[WINDOW_FIELDS.fee],
        narrow: true,
        inputmode: 'text',
        hint: 'Affiliated supporters pay none. This site takes no payments: applicants give the reference of theirs.',
      })
    : null
}
${submitButton(w ? 'Change the window' : 'Set the window')}
</form>`;
}

function applicationCard(q: QueuedApplication, v: QueueView, ctx: ViewContext): Html {
  const a = q.application;
  const ref = applicationReference(a.number);
  const form = v.decisionForm?.number === a.number ? v.decisionForm.form : { values: {}, errors: {} };
  return html`<section class="card" id="application-${String(a.number)}">
<h3>${ref}: ${a.name}</h3>
${q.flags.length > 0 && html`<p>${badge('Check', 'warn')} ${q.flags.join('; ')}.</p>`}
${definitionList([
  ['Applies as', `${SUPPORTER_CLASS_WORDS[a.class]}${q.affiliate ? ` (${q.affiliate})` : ''}`],
  ['Email', a.email],
  ['Postcode', a.postcode],
  ...(a.paymentReference !== null ? ([['Payment reference', a.paymentReference]] as const) : []),
  ['Applied on', dateText(a.appliedAt.slice(0, 10))],
])}
${
  v.open &&
  html`<form method="post" action="${paths.supporterDecide(v.process.id, a.number)}" novalidate>
${csrfField(ctx)}
${textArea({
  name: reasonField(a.number),
  label: `Reason for your decision on ${ref}`,
  rows: 2,
  value: form.values[reasonField(a.number)],
  error: form.errors[reasonField(a.number)],
  hint: 'The applicant sees it. For example: on the electoral register, fee received; not on the electoral register; member of an opposing party; fee not received.',
})}
${submitButton('Accept', { name: SUPPORTER_DECISION_FIELDS.decision, value: 'accepted' })}
${submitButton('Reject', { name: SUPPORTER_DECISION_FIELDS.decision, value: 'rejected', secondary: true })}
</form>`
}
</section>`;
}

const STATUS_WORDS: Readonly<Record<SupporterApplication['status'], string>> = { pending: 'Waiting', accepted: 'Accepted', rejected: 'Rejected' };

export function supporterQueuePage(v: QueueView, ctx: ViewContext): string {
  const errors = { ...v.windowForm.errors, ...(v.decisionForm?.form.errors ?? {}) };
  const counts = v.classes.map((c) => `${v.accepted[c]} ${SUPPORTER_CLASS_WORDS[c]}${v.accepted[c] === 1 ? '' : 's'}`).join(', ');
  const labels: Record<string, string> = { opens: 'Applications open on', closes: 'Last day for applications', fee: 'Fee' };
  if (v.decisionForm) labels[reasonField(v.decisionForm.number)] = `Reason for ${applicationReference(v.decisionForm.number)}`;
  const body = html`${errorSummary(errors, labels)}
${definitionList([
  ['Election', v.process.title],
  ['Window', v.window ? html`${dateText(v.window.opens)} to ${dateText(v.window.closes)}: ${WINDOW_STATE_WORDS[v.state]}` : WINDOW_STATE_WORDS['not-set']],
  ...(v.window && v.classes.includes('registered-supporter') ? ([['Registered supporters’ fee', feeWords(v.window.feePence)]] as const) : []),
  ['Accepted so far', counts],
  ['Waiting for a decision', String(v.pending.length)],
  [
    'The public form',
    html`<a href="${paths.supporterApply(v.process.id)}">Apply to vote as a supporter</a> (publish this link: anyone applies there, without signing in)`,
  ],
])}
${v.open ? html`<h2>When supporters may apply</h2>${windowForm(v, ctx)}` : html`<p>The electorate is frozen: the queue is closed, and the accepted supporters are in it.</p>`}
<h2>Waiting for a decision</h2>
${v.pending.length === 0 ? html`<p>No application is waiting.</p>` : v.pending.map((q) => applicationCard(q, v, ctx))}
<h2>Decided</h2>
${
  v.decided.length === 0
    ? html`<p>None yet.</p>`
    : html`<div class="table-wrap"><table><caption>Decided applications (${String(v.decided.length)})</caption>
<thead><tr><th scope="col">Reference</th><th scope="col">Name</th><th scope="col">Applies as</th><th scope="col">Decision</th><th scope="col">Reason</th><th scope="col">On</th></tr></thead>
<tbody>${v.decided.map(
        (q) =>
          html`<tr><td>${applicationReference(q.application.number)}</td><td>${q.application.name}</td><td>${SUPPORTER_CLASS_WORDS[q.application.class]}</td><td>${STATUS_WORDS[q.application.status]}</td><td>${q.application.reason ?? ''}</td><td>${q.application.decidedOn ? dateText(q.application.decidedOn) : ''}</td></tr>`,
      )}</tbody>
</table></div>`
}`;
  return layout({ title: `Supporters’ applications: ${v.process.title}`, body, titlePrefix: Object.keys(errors).length ? 'Error: ' : '' }, ctx);
}
