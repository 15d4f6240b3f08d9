/** A constituency's processes: trigger-ballot progress with gauges, then the selection's timetable and shortlist. */
import type { UnitDecision } from '../../domain/trigger-outcome.js';
import type { ViewContext } from './context.js';
import { badge, dateText } from './common.js';
import { gaugeView, type Gauge } from './gauge.js';
import { fieldId, submitButton } from './forms.js';
import { attr, html, type Html } from './html.js';
import { layout } from './layout.js';
import { LIVE_SCRIPT, liveRegion } from './live.js';
import { paths } from './paths.js';
import { wordsFor, wordsHtml } from './language.js';
import type { Words } from '../../app/language/index.js';

export interface UnitProgress {
  readonly name: string;
  readonly class: 'branch' | 'affiliate';
  /** null: nothing recorded yet. */
  readonly decision: UnitDecision | null;
  /** The meeting's figures in words ("12 for, 8 against, 2 abstentions, 25 present"). */
  readonly detail?: string;
  readonly date?: string;
  /** Where the unit's secretary records the meeting, when the viewer may. */
  readonly recordUrl?: string;
  /** Each correction of the unit's recorded result: when (a date) and why, in the corrector's words. */
  readonly corrections?: readonly { readonly date: string; readonly reason: string }[];
}

export interface TriggerProgressView {
  readonly process: { readonly id: string; readonly name: string };
  readonly incumbent: string;
  /** The phase in words ("Unit meetings under way"). */
  readonly phase: string;
  /** The rulebook's rule, in a sentence. */
  readonly rule: string;
  readonly units: readonly UnitProgress[];
  /** From `triggerGauges(outcome, rulebook)`. */
  readonly gauges: readonly Gauge[];
  /** Once every unit has decided (or the process has closed): the outcome and its working. */
  readonly outcome?: { readonly triggered: boolean; readonly arithmetic: readonly string[] };
}

export interface TimetableStep {
  readonly step: string;
  readonly date: string;
  readonly status: 'done' | 'current' | 'upcoming';
}

export interface SelectionView {
  readonly process: { readonly id: string; readonly name: string };
  readonly phase: string;
  readonly timetable: readonly TimetableStep[];
  /** null until a shortlist is set. */
  readonly shortlist: readonly { readonly name: string; readonly note?: string }[] | null;
  readonly resultsUrl?: string;
  /** Once a shortlist is set: its public page of candidates and statements. */
  readonly candidatesUrl?: string;
}

export interface ConstituencyView {
  readonly constituency: { readonly id: string; readonly name: string };
  /** The sitting representative, if the seat has one. */
  readonly incumbent?: string;
  /** Whom the seat's latest declared selection chose to stand at the next election; `party` names whose candidate. */
  readonly candidate?: { readonly name: string; readonly selectedOn: string; readonly party?: string };
  readonly trigger?: TriggerProgressView;
  readonly selection?: SelectionView;
  /** The processes the viewer may open here now (links to their forms). */
  readonly actions?: readonly { readonly href: string; readonly text: string }[];
  /** Why something cannot be opened here now, in sentences (a review under way, the national office's job). */
  readonly notes?: readonly string[];
}

// Neither side's decision is drawn as "good": the colours only tell decided from undecided.
function decisionBadge(d: UnitDecision | null, w: Words): Html {
  return d === null ? badge(w.t('seat.notRecorded'), 'warn') : badge(w.t(`seat.decision.${d}`), 'neutral');
}

/** Words kept in English on a Welsh page (the rulebook's rule, a stored working), marked so. */
const english = (w: Words, text: string): Html => (w.language === 'en-GB' ? html`${text}` : html`<span lang="en-GB">${text}</span>`);

function triggerSection(t: TriggerProgressView, w: Words): Html {
  const decided = t.units.filter((u) => u.decision !== null).length;
  const progress = w.t('seat.unitsDecided', { decided, n: t.units.length });
  return html`<section aria-labelledby="trigger-title">
<h2 id="trigger-title">${w.t('seat.trigger')}</h2>
<p>${w.t('seat.triggerAbout', { name: t.process.name, incumbent: t.incumbent, phase: t.phase })}</p>
<p>${english(w, t.rule)}</p>
${liveRegion(
  'trigger-live',
  !t.outcome,
  progress,
  html`<p>${progress}</p>
<div class="gauges">${t.gauges.map((g) => gaugeView(g, w))}</div>
${
  t.outcome &&
  html`<div class="panel"><p><strong>${w.t('seat.outcome')}</strong> ${t.outcome.triggered ? w.t('seat.triggered') : w.t('seat.readopted', { incumbent: t.incumbent })}.</p>
<details><summary>${w.t('seat.working')}</summary><ul${w.language === 'en-GB' ? '' : html` lang="en-GB"`}>${t.outcome.arithmetic.map((l) => html`<li>${l}</li>`)}</ul></details></div>`
}
<div class="table-wrap"><table>
<caption>${w.t('seat.caption')}</caption>
<thead><tr><th scope="col">${w.t('seat.unit')}</th><th scope="col">${w.t('seat.class')}</th><th scope="col">${w.t('seat.decision')}</th><th scope="col">${w.t('seat.meeting')}</th></tr></thead>
<tbody>
${t.units.map(
  (u) => html`<tr>
<th scope="row">${u.name}</th>
<td>${u.class === 'branch' ? w.t('seat.branch') : w.t('seat.affiliate')}</td>
<td>${decisionBadge(u.decision, w)}${u.recordUrl ? html` <a href="${u.recordUrl}">${w.t('seat.record')}<span class="visually-hidden"> ${w.t('seat.recordOf', { unit: u.name })}</span></a>` : ''}</td>
<td>${u.date ? dateText(u.date, w) : ''}${u.date && u.detail ? ': ' : ''}${u.detail ?? ''}${u.corrections?.length ? html` <span class="small">${w.t('seat.corrected')}</span>` : ''}</td>
</tr>`,
)}
</tbody>
</table></div>
${corrections(t.units, w)}
<p><a href="${paths.processDisputes(t.process.id)}">${w.t('seat.disputes')}</a></p>`,
)}
</section>`;
}

/** Every correction of a recorded result, so nobody is left comparing figures to find one: who, when and why. */
function corrections(units: readonly UnitProgress[], w: Words): Html | null {
  const lines = units.flatMap((u) =>
    (u.corrections ?? []).map((c) => html`<li>${wordsHtml(w, 'seat.correctedOn', { unit: u.name, date: dateText(c.date, w), reason: c.reason })}</li>`),
  );
  if (lines.length === 0) return null;
  return html`<h3>${w.t('seat.correctedTitle')}</h3><ul class="corrections">${lines}</ul>`;
}

function selectionSection(s: SelectionView, w: Words): Html {
  return html`<section aria-labelledby="selection-title">
<h2 id="selection-title">${w.t('seat.selection')}</h2>
<p>${s.process.name}. ${s.phase}.</p>
<div class="table-wrap"><table>
<caption>${w.t('seat.timetable')}</caption>
<thead><tr><th scope="col">${w.t('seat.step')}</th><th scope="col">${w.t('seat.date')}</th><th scope="col">${w.t('seat.status')}</th></tr></thead>
<tbody>
${s.timetable.map(
  (t) =>
    html`<tr${t.status === 'current' ? html` class="current"` : ''}><th scope="row">${t.step}</th><td>${dateText(t.date, w)}</td><td>${w.t(`seat.status.${t.status}`)}</td></tr>`,
)}
</tbody>
</table></div>
<h3>${w.t('seat.shortlist')}</h3>
${
  s.shortlist === null
    ? html`<p>${w.t('seat.noShortlist')}</p>`
    : s.shortlist.length === 0
      ? html`<p>${w.t('seat.emptyShortlist')}</p>`
      : html`<ul>${s.shortlist.map((c) => html`<li>${c.name}${c.note ? html` <span class="small">(${c.note})</span>` : ''}</li>`)}</ul>`
}
${s.candidatesUrl && html`<p><a href="${s.candidatesUrl}">${w.t('seat.candidates')}</a></p>`}
${s.resultsUrl && html`<p><a href="${s.resultsUrl}">${w.t('seat.results')}</a></p>`}
</section>`;
}

function actionsSection(data: ConstituencyView, w: Words): Html | null {
  const actions = data.actions ?? [];
  const notes = data.notes ?? [];
  if (actions.length === 0 && notes.length === 0) return null;
  return html`<section aria-labelledby="open-title" class="panel">
<h2 id="open-title">${w.t('seat.openTitle')}</h2>
${actions.length > 0 && html`<div class="button-row">${actions.map((a) => html`<a class="button" href="${a.href}">${a.text}</a>`)}</div>`}
${notes.map((n) => html`<p>${n}</p>`)}
</section>`;
}

export function constituencyPage(data: ConstituencyView, ctx: ViewContext): string {
  const w = wordsFor(ctx);
  const name = data.constituency.name;
  const candidate = data.candidate;
  const body = html`${data.incumbent !== undefined && html`<p>${wordsHtml(w, 'seat.sitting', { name: html`<strong>${data.incumbent}</strong>` })}</p>`}
${
  candidate &&
  html`<p class="seat-candidate">${
    candidate.party
      ? wordsHtml(w, 'seat.partyCandidate', {
          party: candidate.party,
          constituency: name,
          name: html`<strong>${candidate.name}</strong>`,
          date: dateText(candidate.selectedOn, w),
        })
      : wordsHtml(w, 'seat.candidate', { constituency: name, name: html`<strong>${candidate.name}</strong>`, date: dateText(candidate.selectedOn, w) })
  }</p>`
}
${actionsSection(data, w)}
${data.trigger && triggerSection(data.trigger, w)}
${data.selection && selectionSection(data.selection, w)}
${!data.trigger && !data.selection && html`<p>${w.t('seat.nothing', { constituency: name })}</p>`}`;
  // While units are still recording, the progress keeps itself up to date (live.js).
  const live = data.trigger !== undefined && !data.trigger.outcome;
  return layout({ title: name, body, ...(live ? { scripts: [LIVE_SCRIPT] } : {}) }, ctx);
}

export interface ConstituencyRow {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly incumbent: string | null;
  /** The latest review and selection, each in words ("open until 12 May 2025"), or null when there has been none. */
  readonly review: string | null;
  readonly selection: string | null;
}

/** Query parameter of the constituencies filter. */
export const CONSTITUENCY_FILTER_FIELD = 'q';

export interface ConstituenciesView {
  readonly q?: string;
  /** Already filtered by the server. */
  readonly rows: readonly ConstituencyRow[];
  readonly total: number;
}

export function constituenciesPage(data: ConstituenciesView, ctx: ViewContext): string {
  const qId = fieldId(CONSTITUENCY_FILTER_FIELD);
  const body = html`<form method="get" action="${paths.constituencies}" class="filter" role="search" aria-label="Filter constituencies">
<div class="field"><label for="${qId}">Constituency or region name contains</label>
<input id="${qId}" name="${CONSTITUENCY_FILTER_FIELD}" type="search"${attr('value', data.q)}></div>
${submitButton('Filter')}
</form>
<p role="status">Showing ${data.rows.length} of ${data.total} constituencies.</p>
${
  data.rows.length > 0 &&
  html`<div class="table-wrap"><table>
<caption>Constituencies</caption>
<thead><tr><th scope="col">Constituency</th><th scope="col">Region</th><th scope="col">Sitting representative</th><th scope="col">Latest review</th><th scope="col">Latest selection</th></tr></thead>
<tbody>
${data.rows.map(
  (r) =>
    html`<tr><th scope="row"><a href="${paths.constituency(r.id)}">${r.name}</a></th><td>${r.region}</td><td>${r.incumbent ?? 'none (an open seat)'}</td><td>${r.review ?? 'none'}</td><td>${r.selection ?? 'none'}</td></tr>`,
)}
</tbody>
</table></div>`
}`;
  return layout(
    { title: 'Constituencies', lead: 'Each constituency’s sitting representative and processes; open one to start a review or a selection.', body },
    ctx,
  );
}
