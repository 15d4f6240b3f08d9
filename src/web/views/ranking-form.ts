/**
 * The one format a ranked ballot reaches the server in, with or without
 * JavaScript: a field `rank-<candidate id>` per candidate holding 1, 2, 3 …
 * or nothing. The booth's number boxes post it directly; the script's
 * reorderable list fills the same boxes before the form is sent.
 *
 * The rule: ranks must be 1..k with no gaps and no number used twice; a blank
 * box leaves that candidate unranked; at least one candidate must be ranked.
 */
import { ok, type DomainError, type Result } from '../../domain/result.js';
import type { FieldErrors } from './context.js';
import { andList } from './common.js';

export const RANK_FIELD_PREFIX = 'rank-';
export const rankFieldName = (candidateId: string): string => RANK_FIELD_PREFIX + candidateId;

/** The review page's two buttons post this field. */
export const BOOTH_ACTION_FIELD = 'action';
export type BoothAction = 'cast' | 'change';

export interface RankableCandidate {
  readonly id: string;
  readonly name: string;
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
export function parseRankingForm(fields: Readonly<Record<string, unknown>>, candidates: readonly RankableCandidate[]): Result<readonly string[], RankingFormError> {
  const known = new Set(candidates.map((c) => rankFieldName(c.id)));
  const strays = Object.keys(fields).filter((k) => k.startsWith(RANK_FIELD_PREFIX) && !known.has(k));
  if (strays.length > 0) {
    return fail('unknown-candidate', `The ballot names ${strays.length === 1 ? 'a candidate' : 'candidates'} not standing in this ballot (${andList(strays)}).`, { '': 'This ballot form is out of date: reload the page and rank again.' });
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
    return fail('empty-ballot', 'Rank at least one candidate: put 1 next to your first choice.', { '': 'Rank at least one candidate: put 1 next to your first choice.' });
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

/** Which review button was pressed; anything else is not a booth action. */
export function parseBoothAction(fields: Readonly<Record<string, unknown>>): BoothAction | null {
  const v = fields[BOOTH_ACTION_FIELD];
  return v === 'cast' || v === 'change' ? v : null;
}

/** A ranking as form values, to fill the booth again when the voter chooses to change it. */
export function rankingToFields(ranking: readonly string[]): Record<string, string> {
  return Object.fromEntries(ranking.map((id, i) => [rankFieldName(id), String(i + 1)]));
}
