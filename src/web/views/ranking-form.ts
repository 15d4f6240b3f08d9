/**
 * The one format a ranked ballot reaches the server in, with or without
 * JavaScript: a field `rank-<candidate id>` per candidate holding 1, 2, 3 …
 * or nothing. The booth's number boxes post it directly; the script's
 * reorderable list fills the same boxes before the form is sent.
 *
 * The rule: ranks must be 1..k with no gaps and no number used twice; a blank
 * box leaves that candidate unranked; at least one candidate must be ranked.
 *
 * The number boxes themselves (`rankBoxes`) are drawn here too, so the booth
 * and the officers' page for paper votes show the same form.
 */
import { ok, type DomainError, type Result } from '../../domain/result.js';
import type { FieldErrors } from './context.js';
import { andList } from './common.js';
import { attr, html, type Html } from './html.js';

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

/** Element ids by candidate position: ids cannot hold arbitrary candidate ids. */
const boxId = (i: number): string => `rank-box-${i + 1}`;

/** Each box's label and element id by field name, for an error summary that links to the boxes. */
export function rankBoxTargets(candidates: readonly RankableCandidate[]): { labels: Record<string, string>; ids: Record<string, string> } {
  const labels: Record<string, string> = {};
  const ids: Record<string, string> = {};
  candidates.forEach((c, i) => {
    labels[rankFieldName(c.id)] = `Rank for ${c.name}`;
    ids[rankFieldName(c.id)] = boxId(i);
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
}

/** A number box per candidate, labelled with the name, each with its own error next to it. */
export function rankBoxes(data: RankBoxesView): Html {
  const n = data.candidates.length;
  const errors = data.errors ?? {};
  const values = data.values ?? {};
  return html`<fieldset class="booth-boxes">
<legend>${data.legend}</legend>
<p class="hint" id="${data.hintId}">${data.hint}</p>
<ol class="rank-list">
${data.candidates.map((c, i) => {
  const name = rankFieldName(c.id);
  const error = errors[name];
  return html`<li class="field${error ? ' field-error' : ''}" data-candidate="${c.id}" data-name="${c.name}">
<label for="${boxId(i)}">Rank for ${c.name}</label>
${c.note && html`<p class="hint" id="${boxId(i)}-note">${c.note}</p>`}
${error && html`<p class="error-message" id="${boxId(i)}-error"><span class="visually-hidden">Error: </span>${error}</p>`}
<input class="narrow" type="number" id="${boxId(i)}" name="${name}" min="1" max="${n}" inputmode="numeric"${attr('value', values[name])}${attr(
    'aria-describedby',
    [data.hintId, c.note ? `${boxId(i)}-note` : null, error ? `${boxId(i)}-error` : null].filter((x) => x).join(' '),
  )}${attr('aria-invalid', error ? 'true' : null)}>
</li>`;
})}
</ol>
</fieldset>`;
}

export interface RankingFormError extends DomainError {
  readonly code: 'invalid-rank' | 'duplicate-rank' | 'gap-in-ranks' | 'empty-ballot' | 'unknown-candidate';
  /** Messages by field name, to show next to each box; "" for the ballot as a whole. */
  readonly fields: FieldErrors;
}

function fail(code: RankingFormError['code'], message: string, fields: FieldErrors): Result<never, RankingFormError> {
  return { ok: false, error: { code, message, fields } };
}

/**
 * Reads a posted booth form into a ranking (candidate ids, first choice first).
 * `fields` is the parsed body as a web framework gives it (a value may be a
 * string, a list when a name is repeated, or a file).
 */
export function parseRankingForm(
  fields: Readonly<Record<string, unknown>>,
  candidates: readonly RankableCandidate[],
): Result<readonly string[], RankingFormError> {
  const known = new Set(candidates.map((c) => rankFieldName(c.id)));
  const strays = Object.keys(fields).filter((k) => k.startsWith(RANK_FIELD_PREFIX) && !known.has(k));
  if (strays.length > 0) {
    return fail(
      'unknown-candidate',
      `The ballot names ${strays.length === 1 ? 'a candidate' : 'candidates'} not standing in this ballot (${andList(strays)}).`,
      { '': 'This ballot form is out of date: reload the page and rank again.' },
    );
  }

  const n = candidates.length;
  const errors: Record<string, string> = {};
  const ranked: { id: string; name: string; rank: number; field: string }[] = [];
  for (const c of candidates) {
    const name = rankFieldName(c.id);
    const raw = fields[name];
    if (raw === undefined) continue;
    if (typeof raw !== 'string') {
      errors[name] = `Give one rank for ${c.name}.`;
      continue;
    }
    const text = raw.trim();
    if (text === '') continue;
    if (!/^[0-9]+$/.test(text)) {
      errors[name] = `The rank for ${c.name} must be a whole number from 1 to ${n}, not "${text}".`;
      continue;
    }
    const rank = Number(text);
    if (rank < 1 || rank > n) {
      errors[name] = `The rank for ${c.name} must be from 1 to ${n}, not ${text}.`;
      continue;
    }
    ranked.push({ id: c.id, name: c.name, rank, field: name });
  }
  const invalid = Object.keys(errors);
  if (invalid.length > 0) {
    return fail('invalid-rank', invalid.map((k) => errors[k]).join(' '), errors);
  }

  const byRank = new Map<number, typeof ranked>();
  for (const r of ranked) byRank.set(r.rank, [...(byRank.get(r.rank) ?? []), r]);
  const clashes = [...byRank.entries()].filter(([, rs]) => rs.length > 1).sort(([a], [b]) => a - b);
  if (clashes.length > 0) {
    const dup: Record<string, string> = {};
    const sentences: string[] = [];
    for (const [rank, rs] of clashes) {
      const names = andList(rs.map((r) => r.name));
      sentences.push(`${names} are ${rs.length === 2 ? 'both' : 'all'} ranked ${rank}.`);
      for (const r of rs) dup[r.field] = `${rank} is also given to ${andList(rs.filter((o) => o !== r).map((o) => o.name))}: use each number once.`;
    }
    return fail('duplicate-rank', `${sentences.join(' ')} Give each candidate you rank a different number.`, dup);
  }

  if (ranked.length === 0) {
    return fail('empty-ballot', 'Rank at least one candidate: put 1 next to your first choice.', {
      '': 'Rank at least one candidate: put 1 next to your first choice.',
    });
  }

  ranked.sort((a, b) => a.rank - b.rank);
  const missing: number[] = [];
  for (let k = 1; k <= ranked[ranked.length - 1].rank; k++) if (!byRank.has(k)) missing.push(k);
  if (missing.length > 0) {
    const message = `There is no ${andList(missing.map(String))} on your ballot: number your choices 1, 2, 3 and so on without gaps.`;
    const gap: Record<string, string> = { '': message };
    // Mark the first box after the gap, where the numbering goes wrong.
    const after = ranked.find((r) => r.rank > missing[0]);
    if (after) gap[after.field] = `There is no ${missing[0]} before this ${after.rank}.`;
    return fail('gap-in-ranks', message, gap);
  }
  return ok(ranked.map((r) => r.id));
}

/**
 * The booth's "I want to cast a blank ballot" button, and the review page's hidden field that
 * carries the choice to the cast: a ballot ranking nobody is cast only when it was chosen so,
 * never because the boxes were left empty by mistake.
 */
export const BOOTH_BLANK_FIELD = 'blank';

/** Whether the voter chose a blank ballot (the field says "yes"). */
export function parseBlankChoice(fields: Readonly<Record<string, unknown>>): boolean {
  return fields[BOOTH_BLANK_FIELD] === 'yes';
}

/** Which review button was pressed; anything else is not a booth action. */
export function parseBoothAction(fields: Readonly<Record<string, unknown>>): BoothAction | null {
  const v = fields[BOOTH_ACTION_FIELD];
  return v === 'cast' || v === 'change' ? v : null;
}

/** A ranking as form values, to fill the booth again when the voter chooses to change it. */
export function rankingToFields(ranking: readonly string[]): Record<string, string> {
  return Object.fromEntries(ranking.map((id, i) => [rankFieldName(id), String(i + 1)]));
}
