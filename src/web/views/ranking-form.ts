/**
 * The one format a ranked ballot reaches the server in, with or without
 * JavaScript: a field `rank-<candidate id>` per candidate holding 1, 2, 3 …
 * or nothing. The booth's number boxes post it directly; the script's
 * reorderable list fills the same boxes before the form is sent.
 *
 * The number boxes (`rankBoxes`) are drawn here, so the booth and the
 * officers' page for paper votes show the same form; the server reads what
 * they post with server/forms/ranking.ts.
 */
import type { FieldErrors } from './context.js';
import { attr, html, type Html } from './html.js';
import { wordsIn, type Words } from '../../app/language/index.js';

export const RANK_FIELD_PREFIX = 'rank-';
export const rankFieldName = (candidateId: string): string => RANK_FIELD_PREFIX + candidateId;

/** The review page's two buttons post this field. */
export const BOOTH_ACTION_FIELD = 'action';
export type BoothAction = 'cast' | 'change';

export interface RankableCandidate {
  readonly id: string;
  readonly name: string;
}

export interface RankBoxCandidate extends RankableCandidate {
  /** A line under the name (e.g. "Nominated by 4 branches"). */
  readonly note?: string;
}

/**
 * Where one paper's boxes sit among several on one page (the election booth, one per contest): a prefix
 * for their field names, so candidates of different contests never share a field, and one for their
 * element ids. A page of one paper leaves both empty.
 */
export interface RankBoxesSection {
  readonly field: string;
  readonly id: string;
}
const NO_SECTION: RankBoxesSection = { field: '', id: '' };

/** Element ids by candidate position: ids cannot hold arbitrary candidate ids. */
const boxId = (i: number, section: RankBoxesSection = NO_SECTION): string => `${section.id}rank-box-${i + 1}`;

/** Each box's label and element id by field name, for an error summary that links to the boxes. */
export function rankBoxTargets(
  candidates: readonly RankableCandidate[],
  section: RankBoxesSection = NO_SECTION,
  w: Words = wordsIn('en-GB'),
): { labels: Record<string, string>; ids: Record<string, string> } {
  const labels: Record<string, string> = {};
  const ids: Record<string, string> = {};
  candidates.forEach((c, i) => {
    labels[section.field + rankFieldName(c.id)] = w.t('booth.rankFor', { name: c.name });
    ids[section.field + rankFieldName(c.id)] = boxId(i, section);
  });
  return { labels, ids };
}

export interface RankBoxesView {
  /** In ballot-paper order. */
  readonly candidates: readonly RankBoxCandidate[];
  readonly legend: string;
  /** How to fill the boxes; every box is described by it. */
  readonly hint: string;
  readonly hintId: string;
  /** What was entered before (after an error, or to change it), by field name. */
  readonly values?: Readonly<Record<string, string>>;
  readonly errors?: FieldErrors;
  /** Field-name and id prefixes when the page holds several papers; values and errors are by unprefixed field name. */
  readonly section?: RankBoxesSection;
  /** The page's language (English when absent: the officers' paper-vote desk). */
  readonly words?: Words;
}

/** A number box per candidate, labelled with the name, each with its own error next to it. */
export function rankBoxes(data: RankBoxesView): Html {
  const n = data.candidates.length;
  const errors = data.errors ?? {};
  const values = data.values ?? {};
  const section = data.section ?? NO_SECTION;
  const w = data.words ?? wordsIn('en-GB');
  return html`<fieldset class="booth-boxes">
<legend>${data.legend}</legend>
<p class="hint" id="${data.hintId}">${data.hint}</p>
<ol class="rank-list">
${data.candidates.map((c, i) => {
  const name = rankFieldName(c.id);
  const error = errors[name];
  return html`<li class="field${error ? ' field-error' : ''}" data-candidate="${c.id}" data-name="${c.name}">
<label for="${boxId(i, section)}">${w.t('booth.rankFor', { name: c.name })}</label>
${c.note && html`<p class="hint" id="${boxId(i, section)}-note">${c.note}</p>`}
${error && html`<p class="error-message" id="${boxId(i, section)}-error"><span class="visually-hidden">${w.t('layout.errorPrefix')}</span>${error}</p>`}
<input class="narrow" type="number" id="${boxId(i, section)}" name="${section.field}${name}" min="1" max="${n}" inputmode="numeric"${attr('value', values[name])}${attr(
    'aria-describedby',
    [data.hintId, c.note ? `${boxId(i, section)}-note` : null, error ? `${boxId(i, section)}-error` : null].filter((x) => x).join(' '),
  )}${attr('aria-invalid', error ? 'true' : null)}>
</li>`;
})}
</ol>
</fieldset>`;
}

/**
 * The booth's "I want to cast a blank ballot" button, and the review page's hidden field that
 * carries the choice to the cast: a ballot ranking nobody is cast only when it was chosen so,
 * never because the boxes were left empty by mistake.
 */
export const BOOTH_BLANK_FIELD = 'blank';
/** In an election's one booth, a contest the member leaves for now, to come back to before it closes. */
export const BOOTH_LATER_FIELD = 'later';

/** A ranking as form values, to fill the booth again when the voter chooses to change it. */
export function rankingToFields(ranking: readonly string[]): Record<string, string> {
  return Object.fromEntries(ranking.map((id, i) => [rankFieldName(id), String(i + 1)]));
}
