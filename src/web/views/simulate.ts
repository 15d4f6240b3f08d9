/**
 * The democracy review on the web, for national officers and the public: a
 * GET form choosing rulebooks and the synthetic party's parameters, then the
 * share of incumbents each rulebook triggers (a table), how it moves with the
 * members' support (a chart with its figures in a table beside it), and
 * optionally a sweep of one parameter with the flip points. No script needed.
 */
import { partyChart, flipWords, sweepChart, MIN_BAND_CONSTITUENCIES } from '../../simulate/figures.js';
import { lineChartSvg, type LineChart } from '../../simulate/charts.js';
import { MODEL_PARAMS, AFFILIATE_COUNTING_CHOICES, type ModelParam } from '../../simulate/model.js';
import type { PartyRunResult } from '../../simulate/montecarlo.js';
import { modelWords } from '../../simulate/report.js';
import { SWEEP_PARAMS, SWEEP_WORDS, FLIP_TOLERANCE, type SweepResult } from '../../simulate/sweep.js';
import type { FieldErrors, ViewContext } from './context.js';
import { errorSummary, field, fieldId, submitButton } from './forms.js';
import { attr, html, trusted, type Html } from './html.js';
import { layout } from './layout.js';
import { selectField } from './select.js';
import { numberText } from './format.js';

/** Form fields besides the model's own (MODEL_PARAMS, by their names). */
export const SIMULATE_FIELDS = {
  rulebook: 'rulebook',
  seed: 'seed',
  runs: 'runs',
  sweep: 'sweep',
  from: 'from',
  to: 'to',
  steps: 'steps',
  sweepRuns: 'sweep-runs',
  /** Sent by the form, so that unticking every rulebook is an error rather than a return to the defaults. */
  submitted: 'submitted',
} as const;

export interface SimulateLimits {
  readonly runs: number;
  readonly constituencies: number;
  readonly steps: number;
  readonly sweepRuns: number;
}

export interface SimulateView {
  /** Rulebooks that can be chosen, and whether each is chosen. */
  readonly rulebooks: readonly { readonly id: string; readonly name: string; readonly checked: boolean }[];
  /** Bundled rulebooks not offered, with why. */
  readonly notOffered: readonly { readonly name: string; readonly reason: string }[];
  /** The form's values as typed (or the defaults). */
  readonly values: Readonly<Record<string, string>>;
  readonly errors: FieldErrors;
  readonly limits: SimulateLimits;
  readonly party?: PartyRunResult;
  readonly sweep?: SweepResult;
}

const pct = (x: number, places = 1): string => `${(x * 100).toFixed(places)}%`;

const PARAM_GROUPS: readonly { readonly legend: string; readonly names: readonly string[] }[] = [
  { legend: 'The party', names: ['constituencies', 'branches', 'affiliated-branches', 'affiliates', 'attendance'] },
  { legend: 'Members', names: ['support-mean', 'support-concentration', 'branch-noise', 'turnout'] },
  { legend: 'Affiliates', names: ['affiliate-turnout', 'affiliate-support', 'affiliate-correlation', 'affiliate-counting'] },
];

const LABELS: Readonly<Record<string, string>> = {
  [SIMULATE_FIELDS.rulebook]: 'Rulebooks',
  [SIMULATE_FIELDS.seed]: 'Seed',
  [SIMULATE_FIELDS.runs]: 'Runs',
  [SIMULATE_FIELDS.sweep]: 'Sweep',
  [SIMULATE_FIELDS.from]: 'From',
  [SIMULATE_FIELDS.to]: 'To',
  [SIMULATE_FIELDS.steps]: 'Values',
  [SIMULATE_FIELDS.sweepRuns]: 'Runs per value',
  ...Object.fromEntries(MODEL_PARAMS.map((p) => [p.name, p.label])),
};

function paramField(p: ModelParam, data: SimulateView): Html {
  const value = data.values[p.name] ?? '';
  if (p.kind === 'choice') {
    return selectField(
      p.name,
      p.label,
      AFFILIATE_COUNTING_CHOICES.map((c) => ({
        value: c,
        text: c === 'rulebook' ? 'as each rulebook says' : c === 'per-branch' ? 'one vote per affiliated branch' : 'one vote per affiliate in total',
      })),
      value,
    );
  }
  const extra = p.name === 'constituencies' ? ` (at most ${numberText(data.limits.constituencies)})` : '';
  return field({
    name: p.name,
    label: p.label,
    value,
    hint: `${p.help.charAt(0).toUpperCase()}${p.help.slice(1)}${extra}.`,
    narrow: p.kind !== 'range',
    inputmode: p.kind === 'range' ? 'text' : 'numeric',
    error: data.errors[p.name],
  });
}

function rulebookChoices(data: SimulateView): Html {
  const err = data.errors[SIMULATE_FIELDS.rulebook];
  const errorId = `${fieldId(SIMULATE_FIELDS.rulebook)}-error`;
  return html`<fieldset id="${fieldId(SIMULATE_FIELDS.rulebook)}"${attr('aria-describedby', err ? errorId : null)} class="${err ? 'field-error' : ''}">
<legend>Rulebooks</legend>
${err && html`<p class="error-message" id="${errorId}"><span class="visually-hidden">Error: </span>${err}</p>`}
${data.rulebooks.map((rb) => {
  const id = `${fieldId(SIMULATE_FIELDS.rulebook)}-${rb.id}`;
  return html`<div class="choice"><input type="checkbox" id="${id}" name="${SIMULATE_FIELDS.rulebook}" value="${rb.id}"${attr('checked', rb.checked)}><label for="${id}">${rb.name}</label></div>`;
})}
${data.notOffered.length > 0 && html`<p class="hint">Not offered: ${data.notOffered.map((n, i) => html`${i > 0 ? '; ' : ''}${n.name} (${n.reason})`)}.</p>`}
</fieldset>`;
}

/** The parameter to sweep: a select with its error beside it (selectField has no error slot). */
function sweepSelect(data: SimulateView, options: readonly { value: string; text: string }[]): Html {
  const id = fieldId(SIMULATE_FIELDS.sweep);
  const err = data.errors[SIMULATE_FIELDS.sweep];
  const chosen = data.values[SIMULATE_FIELDS.sweep] ?? '';
  return html`<div class="field${err ? ' field-error' : ''}"><label for="${id}">Parameter to sweep</label>
${err && html`<p class="error-message" id="${id}-error"><span class="visually-hidden">Error: </span>${err}</p>`}
<select id="${id}" name="${SIMULATE_FIELDS.sweep}"${attr('aria-describedby', err ? `${id}-error` : null)}${attr('aria-invalid', err ? 'true' : null)}>
${options.map((o) => html`<option value="${o.value}"${attr('selected', o.value === chosen)}>${o.text}</option>`)}
</select></div>`;
}

function form(data: SimulateView): Html {
  const v = (name: string): string => data.values[name] ?? '';
  const sweepOptions = [
    { value: '', text: 'No sweep' },
    ...SWEEP_PARAMS.map((p) => ({ value: p, text: SWEEP_WORDS[p].charAt(0).toUpperCase() + SWEEP_WORDS[p].slice(1) })),
  ];
  return html`<form method="get" action="/simulate" novalidate>
<input type="hidden" name="${SIMULATE_FIELDS.submitted}" value="1">
${rulebookChoices(data)}
<fieldset><legend>Runs</legend>
<div class="filter">
${field({ name: SIMULATE_FIELDS.runs, label: 'Runs', value: v(SIMULATE_FIELDS.runs), hint: `Rounds of reviews across the whole party, at most ${numberText(data.limits.runs)}.`, narrow: true, inputmode: 'numeric', error: data.errors[SIMULATE_FIELDS.runs] })}
${field({ name: SIMULATE_FIELDS.seed, label: 'Seed', value: v(SIMULATE_FIELDS.seed), hint: 'The same seed gives the same result.', narrow: true, inputmode: 'numeric', error: data.errors[SIMULATE_FIELDS.seed] })}
</div>
</fieldset>
${PARAM_GROUPS.map(
  (g) => html`<fieldset><legend>${g.legend}</legend>
<div class="filter">${g.names.map((name) => paramField(MODEL_PARAMS.find((p) => p.name === name)!, data))}</div>
</fieldset>`,
)}
<fieldset><legend>Sweep one parameter (optional)</legend>
<div class="filter">
${sweepSelect(data, sweepOptions)}
${field({ name: SIMULATE_FIELDS.from, label: 'From', value: v(SIMULATE_FIELDS.from), hint: 'A share from 0 to 1, or a percentage.', narrow: true, error: data.errors[SIMULATE_FIELDS.from] })}
${field({ name: SIMULATE_FIELDS.to, label: 'To', value: v(SIMULATE_FIELDS.to), narrow: true, error: data.errors[SIMULATE_FIELDS.to] })}
${field({ name: SIMULATE_FIELDS.steps, label: 'Values', value: v(SIMULATE_FIELDS.steps), hint: `How many values, evenly spaced, at most ${data.limits.steps}.`, narrow: true, inputmode: 'numeric', error: data.errors[SIMULATE_FIELDS.steps] })}
${field({ name: SIMULATE_FIELDS.sweepRuns, label: 'Runs per value', value: v(SIMULATE_FIELDS.sweepRuns), hint: `At most ${numberText(data.limits.sweepRuns)}.`, narrow: true, inputmode: 'numeric', error: data.errors[SIMULATE_FIELDS.sweepRuns] })}
</div>
</fieldset>
${submitButton('Simulate')}
</form>`;
}

function chartFigure(chart: LineChart, id: string, caption: string): Html {
  // The SVG is built from numbers and escaped text only (charts.ts escapes every label).
  return html`<figure>
<div class="table-wrap" tabindex="0" role="region" aria-label="${chart.title}, scrolls sideways on a narrow screen">
${trusted(lineChartSvg(chart, { id }))}
</div>
<figcaption>${caption}</figcaption>
</figure>`;
}

function partySection(r: PartyRunResult): Html {
  return html`<section aria-labelledby="party-title">
<h2 id="party-title">Incumbents triggered</h2>
<p>A synthetic party of ${numberText(r.model.constituencies)} constituencies, ${numberText(r.runs)} runs, seed ${r.seed}.</p>
<ul>${modelWords(r.model, r).map((l) => html`<li>${l.charAt(0).toUpperCase() + l.slice(1)}.</li>`)}</ul>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="shares-caption"><table>
<caption id="shares-caption">Share of incumbents triggered (a full selection held)</caption>
<thead><tr><th scope="col">Rulebook</th><th scope="col">Mean</th><th scope="col">95% of runs between</th></tr></thead>
<tbody>
${r.rulebooks.map((rb) => html`<tr><th scope="row">${rb.name}</th><td>${pct(rb.mean)}</td><td>${pct(rb.low)} and ${pct(rb.high)}</td></tr>`)}
</tbody>
</table></div>
<h3>By the members’ support in the constituency</h3>
${chartFigure(partyChart(r), 'party-chart', `Bands with fewer than ${MIN_BAND_CONSTITUENCIES} constituencies over all runs are left out of the chart. The table below gives every figure.`)}
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="bands-caption"><table>
<caption id="bands-caption">Share of incumbents triggered, by the members’ support in the constituency (all runs)</caption>
<thead><tr><th scope="col">Support</th><th scope="col">Constituencies</th>${r.rulebooks.map((rb) => html`<th scope="col">${rb.name}</th>`)}</tr></thead>
<tbody>
${r.bands.map(
  (b) =>
    html`<tr><th scope="row">${pct(b.from, 0)} to ${pct(b.to, 0)}</th><td>${numberText(b.constituencies)}</td>${b.triggered.map((t) => html`<td>${t === null ? html`<span aria-hidden="true">—</span><span class="visually-hidden">none</span>` : pct(t)}</td>`)}</tr>`,
)}
</tbody>
</table></div>
</section>`;
}

function sweepSection(r: SweepResult): Html {
  return html`<section aria-labelledby="sweep-title">
<h2 id="sweep-title">Sweep of ${SWEEP_WORDS[r.param]}</h2>
<p>From ${pct(r.from)} to ${pct(r.to)} in ${r.steps} values, ${numberText(r.runs)} runs per value, seed ${r.seed}.</p>
${chartFigure(sweepChart(r), 'sweep-chart', 'The faint bands show where 95% of runs fall; rings mark where a line crosses half.')}
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="sweep-caption"><table>
<caption id="sweep-caption">Share of incumbents triggered across the sweep (mean; 95% of runs between)</caption>
<thead><tr><th scope="col">${SWEEP_WORDS[r.param].charAt(0).toUpperCase() + SWEEP_WORDS[r.param].slice(1)}</th>${r.rulebooks.map((rb) => html`<th scope="col">${rb.name}</th>`)}</tr></thead>
<tbody>
${r.points.map((p) => html`<tr><th scope="row">${pct(p.value)}</th>${p.results.map((s) => html`<td>${pct(s.mean)} <span class="small">(${pct(s.low, 0)}–${pct(s.high, 0)})</span></td>`)}</tr>`)}
</tbody>
</table></div>
${r.rulebooks.some((rb) => rb.unaffected) && html`<ul>${r.rulebooks.filter((rb) => rb.unaffected).map((rb) => html`<li>${rb.name} is not changed by this parameter: ${rb.unaffected}.</li>`)}</ul>`}
${
  r.flips &&
  html`<h3>Where each rulebook flips</h3>
<p>The members’ mean support at which half of incumbents are triggered, by bisection with ${numberText(r.flipRuns)} runs per step, to within ${pct(FLIP_TOLERANCE, 2)}:</p>
<ul>${r.rulebooks.map((rb, i) => html`<li>${rb.name}: ${flipWords(r.flips![i])}.</li>`)}</ul>`
}
</section>`;
}

export function simulatePage(data: SimulateView, ctx: ViewContext): string {
  const results = data.party ? html`${partySection(data.party)}${data.sweep && sweepSection(data.sweep)}` : null;
  const body = html`${errorSummary(data.errors, LABELS)}
<p>Every change to Labour’s rules for reselecting MPs was argued over with guesses about whom it would unseat. Here the rules are data and the processes are code: choose rulebooks and a synthetic party, and see what share of sitting MPs each rulebook would send to a full selection. In each run every constituency’s branches and affiliated branches decide, and every rulebook judges the same decisions.</p>
${results}
<section aria-labelledby="form-title">
<h2 id="form-title">${data.party ? 'Change the simulation' : 'Choose the simulation'}</h2>
${form(data)}
</section>`;
  return layout({ title: 'Democracy review: what would each rulebook decide?', titlePrefix: Object.keys(data.errors).length > 0 ? 'Error: ' : '', body }, ctx);
}
