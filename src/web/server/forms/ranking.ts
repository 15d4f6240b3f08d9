/**
 * The ranked-ballot form, as the booth and the paper-vote desk post it: a
 * field `rank-<candidate id>` per candidate holding 1, 2, 3 … or nothing (see
 * views/ranking-form.ts for the boxes themselves).
 *
 * The rule: ranks must be 1..k with no gaps and no number used twice; a blank
 * box leaves that candidate unranked; at least one candidate must be ranked.
 * The checks run in stages (stray boxes, then each box, then the ballot as a
 * whole) and a stage's refusal stops the next, so the voter is told the first
 * thing to mend, with each box's own problem beside it.
 */
import { z } from 'zod';
import { ok, type DomainError, type Result } from '../../../domain/result.js';
import { andListIn, wordsIn, type Words } from '../../../app/language/index.js';
import type { FieldErrors } from '../../views/context.js';
import {
  BOOTH_ACTION_FIELD,
  BOOTH_BLANK_FIELD,
  BOOTH_LATER_FIELD,
  RANK_FIELD_PREFIX,
  rankFieldName,
  type BoothAction,
  type RankableCandidate,
} from '../../views/ranking-form.js';

export interface RankingFormError extends DomainError {
  readonly code: 'invalid-rank' | 'duplicate-rank' | 'gap-in-ranks' | 'empty-ballot' | 'unknown-candidate';
  /** Messages by field name, to show next to each box; "" for the ballot as a whole. */
  readonly fields: FieldErrors;
}

/**
 * What a refusal carries besides the box's own message: its code and, where the ballot as a
 * whole is described otherwise than box by box, that sentence.
 */
interface RefusalParams {
  readonly code: RankingFormError['code'];
  readonly ballot?: string;
}

type Ctx = z.RefinementCtx;
const refuse = (ctx: Ctx, field: string, message: string, params: RefusalParams): void => {
  ctx.addIssue({ code: 'custom', path: [field], message, params: { ...params } });
};

/** One candidate's box: a rank from 1 to `n`, or null when left empty or not sent. */
function rankBox(name: string, n: number, w: Words) {
  return z
    .unknown()
    .optional()
    .transform((raw, ctx): number | null => {
      if (raw === undefined) return null;
      const field = (message: string) => {
        ctx.addIssue({ code: 'custom', message, params: { code: 'invalid-rank' } });
        return z.NEVER;
      };
      if (typeof raw !== 'string') return field(w.t('ranking.giveOne', { name }));
      const text = raw.trim();
      if (text === '') return null;
      if (!/^[0-9]+$/.test(text)) return field(w.t('ranking.notWhole', { name, max: String(n), text }));
      const rank = Number(text);
      if (rank < 1 || rank > n) return field(w.t('ranking.outOfRange', { name, max: String(n), text }));
      return rank;
    });
}

/** The booth form for this ballot paper: the posted fields in, the ranking (candidate ids, first choice first) out; refusals in `w`'s language. */
export function rankingForm(candidates: readonly RankableCandidate[], w: Words = wordsIn('en-GB')) {
  const andList = (items: readonly string[]) => andListIn(w, items);
  const known = new Set(candidates.map((c) => rankFieldName(c.id)));
  const boxes = z.object(Object.fromEntries(candidates.map((c) => [rankFieldName(c.id), rankBox(c.name, candidates.length, w)])));
  return z
    .record(z.string(), z.unknown())
    .superRefine((fields, ctx) => {
      const strays = Object.keys(fields).filter((k) => k.startsWith(RANK_FIELD_PREFIX) && !known.has(k));
      if (strays.length === 0) return;
      refuse(ctx, '', w.t('ranking.outOfDate'), {
        code: 'unknown-candidate',
        ballot: w.t('ranking.strays', { n: strays.length, list: andList(strays) }),
      });
    })
    .pipe(boxes)
    .transform((ranks, ctx): readonly string[] => {
      const ranked = candidates.flatMap((c) => {
        const field = rankFieldName(c.id);
        const rank = ranks[field];
        return typeof rank === 'number' ? [{ id: c.id, name: c.name, rank, field }] : [];
      });
      const byRank = new Map<number, typeof ranked>();
      for (const r of ranked) byRank.set(r.rank, [...(byRank.get(r.rank) ?? []), r]);

      const clashes = [...byRank.entries()].filter(([, rs]) => rs.length > 1).sort(([a], [b]) => a - b);
      if (clashes.length > 0) {
        const sentences = clashes.map(([rank, rs]) =>
          w.t(rs.length === 2 ? 'ranking.bothRanked' : 'ranking.allRanked', { names: andList(rs.map((r) => r.name)), rank: String(rank) }),
        );
        const ballot = w.t('ranking.differentNumbers', { clashes: sentences.join(' ') });
        for (const [rank, rs] of clashes)
          for (const r of rs)
            refuse(ctx, r.field, w.t('ranking.alsoGiven', { rank: String(rank), names: andList(rs.filter((o) => o !== r).map((o) => o.name)) }), {
              code: 'duplicate-rank',
              ballot,
            });
        return z.NEVER;
      }

      if (ranked.length === 0) {
        refuse(ctx, '', w.t('ranking.empty'), { code: 'empty-ballot' });
        return z.NEVER;
      }

      ranked.sort((a, b) => a.rank - b.rank);
      const last = ranked[ranked.length - 1]?.rank ?? 0;
      const missing: number[] = [];
      for (let k = 1; k <= last; k++) if (!byRank.has(k)) missing.push(k);
      const [firstMissing] = missing;
      if (firstMissing !== undefined) {
        const ballot = w.t('ranking.gaps', { missing: andList(missing.map(String)) });
        refuse(ctx, '', ballot, { code: 'gap-in-ranks', ballot });
        // Mark the first box after the gap, where the numbering goes wrong.
        const after = ranked.find((r) => r.rank > firstMissing);
        if (after)
          refuse(ctx, after.field, w.t('ranking.gapBefore', { missing: String(firstMissing), rank: String(after.rank) }), { code: 'gap-in-ranks', ballot });
        return z.NEVER;
      }
      return ranked.map((r) => r.id);
    });
}

/**
 * The forms built so far, by language and ballot paper (each candidate's id and name, in the paper's
 * order): building a form's schema costs more than reading a ballot with it, and every voter in a
 * ballot posts the same paper (or one of a few orders of it). A few dozen papers are kept.
 */
const forms = new WeakMap<Words, Map<string, ReturnType<typeof rankingForm>>>();
const FORMS_KEPT = 64;

function formOf(candidates: readonly RankableCandidate[], w: Words): ReturnType<typeof rankingForm> {
  let byPaper = forms.get(w);
  if (byPaper === undefined) {
    byPaper = new Map();
    forms.set(w, byPaper);
  }
  const paper = candidates.map((c) => `${c.id}\u0001${c.name}`).join('\u0000');
  let form = byPaper.get(paper);
  if (form === undefined) {
    form = rankingForm(candidates, w);
    if (byPaper.size >= FORMS_KEPT) byPaper.delete(byPaper.keys().next().value!);
    byPaper.set(paper, form);
  }
  return form;
}

/**
 * Reads a posted booth form into a ranking (candidate ids, first choice first).
 * `fields` is the parsed body as a web framework gives it (a value may be a
 * string, a list when a name is repeated, or a file).
 */
export function parseRankingForm(
  fields: Readonly<Record<string, unknown>>,
  candidates: readonly RankableCandidate[],
  w: Words = wordsIn('en-GB'),
): Result<readonly string[], RankingFormError> {
  const read = formOf(candidates, w).safeParse(fields);
  if (read.success) return ok(read.data);
  const errors: Record<string, string> = {};
  for (const issue of read.error.issues) {
    const name = String(issue.path[0] ?? '');
    if (!(name in errors)) errors[name] = issue.message;
  }
  const first = read.error.issues[0];
  const params = (first && 'params' in first ? first.params : undefined) as RefusalParams | undefined;
  const code = params?.code ?? 'invalid-rank';
  return { ok: false, error: { code, message: params?.ballot ?? Object.values(errors).join(' '), fields: errors } };
}

/** A field as sent once; anything else (sent twice, a file) reads as not sent. */
const sentOnce = z
  .unknown()
  .optional()
  .transform((v) => (typeof v === 'string' ? v : undefined));

/** The booth's two choices besides the ranks: the review button pressed, and whether a blank ballot was chosen; a field sent twice is neither. */
const boothChoices = z.object({
  [BOOTH_ACTION_FIELD]: sentOnce.transform((v): BoothAction | null => (v === 'cast' || v === 'change' ? v : null)),
  [BOOTH_BLANK_FIELD]: sentOnce.transform((v) => v === 'yes'),
  [BOOTH_LATER_FIELD]: sentOnce.transform((v) => v === 'yes'),
});

/** Whether the member leaves this contest of an election for now (the field says "yes"). */
export function parseLaterChoice(fields: Readonly<Record<string, unknown>>): boolean {
  return boothChoices.parse(fields)[BOOTH_LATER_FIELD];
}

/** Whether the voter chose a blank ballot (the field says "yes"). */
export function parseBlankChoice(fields: Readonly<Record<string, unknown>>): boolean {
  return boothChoices.parse(fields)[BOOTH_BLANK_FIELD];
}

/** Which review button was pressed; anything else is not a booth action. */
export function parseBoothAction(fields: Readonly<Record<string, unknown>>): BoothAction | null {
  return boothChoices.parse(fields)[BOOTH_ACTION_FIELD];
}
