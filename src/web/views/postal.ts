/**
 * The independent scrutineer's pages of a union's statutory postal ballot: the desk (issue the
 * papers; log each paper that comes back by its number; spoil and replace; enter a paper's marks
 * or send a file of scanned papers; record complaints; count; destroy the records after the
 * retention period), the register of who holds which number (the scrutineer's alone), and the
 * report. Every form keeps what was typed and shows its problem beside the field.
 */
import type { ReturnKind } from '../../domain/postal-ballot.js';
import { definitionList } from './common.js';
import type { FieldErrors, ViewContext } from './context.js';
import { csrfField, errorSummary, field, fieldId, submitButton, textArea } from './forms.js';
import { html, type Html } from './html.js';
import { layout } from './layout.js';
import { paths } from './paths.js';

export const POSTAL_FIELDS = {
  scrutineer: 'scrutineer',
  returnAddress: 'returnAddress',
  number: 'number',
  receivedOn: 'receivedOn',
  complaint: 'complaint',
  file: 'file',
} as const;

/** A candidate's box on the marks form: its field is `mark-<id>`. */
export const markField = (candidate: string): string => `mark-${candidate}`;

export interface PostalDeskView {
  readonly process: string;
  readonly title: string;
  /** The phase in words ("open", "closed"…). */
  readonly phase: string;
  readonly howToMark: string;
  readonly candidates: readonly { readonly id: string; readonly name: string }[];
  /** Null until the papers are issued. */
  readonly issued: {
    readonly scrutineer: string;
    readonly lastDay: string;
    readonly figures: readonly [string, string][];
    readonly awaitingMarks: number;
    readonly counted: boolean;
    readonly destroyed: boolean;
    readonly destroyableFrom: string | null;
  } | null;
  /** Which form was sent, what it held, and its problems. */
  readonly sent?: { readonly form: string; readonly values: Readonly<Record<string, string>>; readonly errors: FieldErrors };
  /** What the last return logged was, for the person at the desk. */
  readonly logged?: { readonly number: number; readonly kind: ReturnKind; readonly words: string };
  /** Problems of a file of scanned papers, by line. */
  readonly scanProblems?: readonly { readonly line: number; readonly message: string }[];
}

const LABELS: Readonly<Record<string, string>> = {
  [POSTAL_FIELDS.scrutineer]: 'Independent scrutineer',
  [POSTAL_FIELDS.returnAddress]: 'Return address',
  [POSTAL_FIELDS.number]: 'Paper number',
  [POSTAL_FIELDS.receivedOn]: 'Day it arrived',
  [POSTAL_FIELDS.complaint]: 'Complaint',
  [POSTAL_FIELDS.file]: 'File of scanned papers',
};

function form(v: PostalDeskView, ctx: ViewContext, action: string, heading: string, body: Html, button: string): Html {
  const mine = v.sent?.form === action ? v.sent : undefined;
  const upload = action === 'scans';
  return html`<section class="postal-form" id="form-${action}">
<h2>${heading}</h2>
${mine ? errorSummary(mine.errors, LABELS, { [POSTAL_FIELDS.number]: numberId(action) }) : null}
<form method="post" action="${upload ? paths.postalScans(v.process) : paths.postalAct(v.process, action)}"${upload ? html` enctype="multipart/form-data"` : null} novalidate>
${csrfField(ctx)}
${body}
${submitButton(button)}
</form>
</section>`;
}

const sentValue = (v: PostalDeskView, action: string, name: string): string | undefined => (v.sent?.form === action ? v.sent.values[name] : undefined);
const sentError = (v: PostalDeskView, action: string, name: string): string | undefined => (v.sent?.form === action ? v.sent.errors[name] : undefined);

const numberId = (action: string): string => fieldId(`${action}-number`);

function numberField(v: PostalDeskView, action: string): Html {
  return field({
    name: POSTAL_FIELDS.number,
    label: LABELS[POSTAL_FIELDS.number]!,
    value: sentValue(v, action, POSTAL_FIELDS.number),
    error: sentError(v, action, POSTAL_FIELDS.number),
    inputmode: 'numeric',
    narrow: true,
    // Three forms on the page ask for a number: each its own field.
    id: numberId(action),
    hint: 'The number printed on the voting paper.',
  });
}

export function postalDeskPage(v: PostalDeskView, ctx: ViewContext): string {
  const i = v.issued;
  const sections: Html[] = [];
  if (i === null) {
    sections.push(
      form(
        v,
        ctx,
        'issue',
        'Issue the voting papers',
        html`<p>One numbered paper for each member entitled to vote on the frozen register. The numbers are a series from 1, handed out in a random order; only you, the scrutineer, can see who holds which.</p>
${field({ name: POSTAL_FIELDS.scrutineer, label: LABELS.scrutineer!, value: sentValue(v, 'issue', POSTAL_FIELDS.scrutineer), error: sentError(v, 'issue', POSTAL_FIELDS.scrutineer), hint: 'As the papers name you: a person or a body.' })}
${field({ name: POSTAL_FIELDS.returnAddress, label: LABELS.returnAddress!, value: sentValue(v, 'issue', POSTAL_FIELDS.returnAddress), error: sentError(v, 'issue', POSTAL_FIELDS.returnAddress), hint: 'Where members post their papers back to.' })}`,
        'Issue the papers',
      ),
    );
  } else {
    sections.push(html`<section><h2>The papers</h2>
<p>Independent scrutineer: ${i.scrutineer}. Papers must arrive by ${i.lastDay}.</p>
${definitionList(i.figures)}
<p><a href="${paths.postalRegister(v.process)}">The register of paper numbers</a> (each reading is logged) · <a href="${paths.postalReport(v.process)}">The scrutineer’s report</a></p>
</section>`);
    if (v.logged) sections.push(html`<p class="flash flash-success" role="status">Paper ${v.logged.number}: ${v.logged.words}.</p>`);
    if (!i.counted) {
      sections.push(
        form(
          v,
          ctx,
          'returns',
          'Log a paper that came back',
          html`${numberField(v, 'returns')}
${field({ name: POSTAL_FIELDS.receivedOn, label: LABELS.receivedOn!, type: 'date', value: sentValue(v, 'returns', POSTAL_FIELDS.receivedOn), error: sentError(v, 'returns', POSTAL_FIELDS.receivedOn), hint: 'Leave empty for today.' })}`,
          'Log the paper',
        ),
        form(v, ctx, 'spoil', 'Spoilt paper: make it void and issue a new one', numberField(v, 'spoil'), 'Replace the paper'),
        form(
          v,
          ctx,
          'marks',
          'Enter the marks on a paper received in time',
          html`<p>${v.howToMark}</p>${numberField(v, 'marks')}
${v.candidates.map((c) => field({ name: markField(c.id), label: c.name, value: sentValue(v, 'marks', markField(c.id)), error: sentError(v, 'marks', markField(c.id)), narrow: true }))}
<p class="hint">${i.awaitingMarks.toLocaleString('en-GB')} ${i.awaitingMarks === 1 ? 'paper' : 'papers'} received in time still to enter.</p>`,
          'Enter the marks',
        ),
        form(
          v,
          ctx,
          'scans',
          'Send a file of scanned papers',
          html`${field({ name: POSTAL_FIELDS.file, label: LABELS.file!, type: 'file', accept: '.csv,text/csv', error: sentError(v, 'scans', POSTAL_FIELDS.file), hint: 'CSV: a first line "paper" and each candidate’s name; then a line per paper with its number and each box’s mark.' })}
${v.scanProblems && v.scanProblems.length > 0 ? html`<ul class="error-list">${v.scanProblems.map((p) => html`<li>Line ${p.line}: ${p.message}</li>`)}</ul>` : null}`,
          'Enter the file',
        ),
        form(
          v,
          ctx,
          'count',
          'Count the returned papers',
          html`<p>Once the ballot has closed and every paper received in time has its marks entered. The marks are then separated from their numbers for good.</p>`,
          'Count',
        ),
      );
    }
    sections.push(
      form(
        v,
        ctx,
        'complaints',
        'Record a complaint',
        textArea({
          name: POSTAL_FIELDS.complaint,
          label: LABELS.complaint!,
          value: sentValue(v, 'complaints', POSTAL_FIELDS.complaint),
          error: sentError(v, 'complaints', POSTAL_FIELDS.complaint),
          rows: 4,
          hint: 'Who made it, when, and what it says. It goes into your report.',
        }),
        'Record the complaint',
      ),
    );
    if (i.counted && !i.destroyed)
      sections.push(
        form(
          v,
          ctx,
          'destroy',
          'Destroy the register and the papers',
          html`<p>${i.destroyableFrom ? `They may be destroyed from ${i.destroyableFrom}.` : 'They are kept until a year after the result is announced.'} The figures, the returns log by number and the count are kept.</p>`,
          'Destroy them',
        ),
      );
  }
  return layout({ title: `Postal ballot: ${v.title}`, lead: `As the independent scrutineer. The ballot is ${v.phase}.`, body: sections }, ctx);
}

export interface RegisterView {
  readonly process: string;
  readonly title: string;
  readonly lines: readonly { readonly number: number; readonly name: string; readonly membership: string; readonly state: string }[];
  readonly next: number | null;
}

/** The register of paper numbers: for the scrutineer alone. */
export function postalRegisterPage(v: RegisterView, ctx: ViewContext): string {
  return layout(
    {
      title: `Register of paper numbers: ${v.title}`,
      lead: 'Who holds which voting paper. Only the independent scrutineer may see this page; each reading is written in the audit log.',
      body: html`<div class="table-wrap"><table><caption>Papers ${v.lines[0]?.number ?? ''}${v.lines.length > 1 ? `–${v.lines[v.lines.length - 1]?.number}` : ''}</caption><thead><tr><th scope="col">Paper</th><th scope="col">Member</th><th scope="col">Membership number</th><th scope="col">Paper’s state</th></tr></thead>
<tbody>${v.lines.map((l) => html`<tr><td>${l.number}</td><td>${l.name}</td><td>${l.membership}</td><td>${l.state}</td></tr>`)}</tbody></table></div>
${v.next === null ? null : html`<p><a href="${paths.postalRegister(v.process, v.next)}">The next page</a></p>`}
<p><a href="${paths.postal(v.process)}">Back to the postal ballot</a></p>`,
    },
    ctx,
  );
}

export interface ReportView {
  readonly process: string;
  readonly title: string;
  readonly scrutineer: string;
  readonly lastDay: string;
  readonly figures: readonly [string, string][];
  readonly countedBy: string;
  readonly result: {
    readonly candidates: readonly { readonly name: string; readonly votes: string; readonly elected: boolean }[];
    readonly elected: string;
  } | null;
  readonly complaints: readonly { readonly at: string; readonly text: string }[];
  readonly retention: string;
}

export function postalReportPage(v: ReportView, ctx: ViewContext): string {
  return layout(
    {
      title: `Scrutineer’s report: ${v.title}`,
      lead: `By ${v.scrutineer}, the independent scrutineer. Papers had to arrive by ${v.lastDay}.`,
      body: html`<h2>The papers</h2>${definitionList(v.figures)}
<h2>The result</h2>
${
  v.result === null
    ? html`<p>Not yet counted.</p>`
    : html`<p>Counted by ${v.countedBy}.</p><div class="table-wrap"><table><caption>Votes for each candidate</caption><thead><tr><th scope="col">Candidate</th><th scope="col">Votes</th></tr></thead>
<tbody>${v.result.candidates.map((c) => html`<tr><td>${c.name}${c.elected ? html` <strong>(elected)</strong>` : null}</td><td>${c.votes}</td></tr>`)}</tbody></table></div>
<p><strong>Elected: ${v.result.elected}.</strong></p>`
}
<h2>Complaints</h2>
${v.complaints.length === 0 ? html`<p>None were made to the scrutineer.</p>` : html`<ul>${v.complaints.map((c) => html`<li>${c.at}: ${c.text}</li>`)}</ul>`}
<h2>Keeping the papers</h2><p>${v.retention}</p>
<p><a href="${paths.postalReportPdf(v.process)}">The report as a PDF</a></p>`,
    },
    ctx,
  );
}
