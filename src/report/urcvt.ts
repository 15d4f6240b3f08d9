/**
 * The count as JSON in RCTab's detailed-report ("summary") shape, the Universal
 * RCV Tabulator format that rcvis draws as a Sankey diagram. Keys and layout
 * follow RCTab's ResultsWriter: `config`, `jsonFormatVersion`, `results[]`
 * (`round`, `tally`, `threshold`, `inactiveBallots`, `tallyResults`) and
 * `summary`; vote values are decimal strings, exactly as in the record.
 *
 * Round k is stage k. Its `tallyResults` name who was elected or eliminated and
 * carry the transfer that leads to round k + 1, computed from the difference of
 * the two stages so that every round balances to the last decimal place.
 * Choices RCTab never has to make (it moves all surpluses at once) are
 * explained in docs/architecture.md, "URCVT output".
 */
import type { CountRecord, Stage } from '../count/record.js';
import { present } from '../count/checked.js';
import { INACTIVE_REASONS } from '../count/ballot-rules.js';
import { add, atScale, dec, fmt, mulDivFloor, sign, sub, sumDecimals, ZERO, type Decimal } from '../count/decimal.js';
import { minimumEffectText, minimumExclusions } from './sheet.js';

export interface UrcvtOptions {
  readonly contest?: string;
  /** YYYY-MM-DD, or empty when unknown (as RCTab writes it). */
  readonly date?: string;
  readonly jurisdiction?: string;
  readonly office?: string;
  /** e.g. "Hustings 0.1.0". */
  readonly generatedBy?: string;
}

export type UrcvtTransfers = Record<string, string>;

export type UrcvtTallyResult = { elected: string; transfers: UrcvtTransfers } | { eliminated: string; transfers: UrcvtTransfers };

export interface UrcvtInactiveBallots {
  exhaustedChoices: string;
  overvotes: string;
  repeatedRankings: string;
  skippedRankings: string;
}

export interface UrcvtRound {
  inactiveBallots: UrcvtInactiveBallots;
  round: number;
  tally: Record<string, string>;
  tallyResults: UrcvtTallyResult[];
  threshold: string;
}

export interface Urcvt {
  config: { contest: string; date: string; generatedBy: string; jurisdiction: string; office: string; threshold: string };
  jsonFormatVersion: '1';
  results: UrcvtRound[];
  summary: {
    finalThreshold: string;
    numCandidates: number;
    numWinners: number;
    totalNumBallots: string;
    undervotes: number;
    /** Not RCTab's: what a minimum representation decided, in sentences (readers of RCTab's keys ignore it). */
    notes?: string[];
  };
}

/** RCTab's names for votes that leave the count without reaching a candidate. */
export const EXHAUSTED = 'exhausted';
export const RESIDUAL_SURPLUS = 'residual surplus';

/** Candidate names as JSON keys: a repeated name gets its ballot position so no key collides. */
function keysFor(names: readonly string[]): string[] {
  return names.map((n, i) => (names.indexOf(n) !== i || names.lastIndexOf(n) !== i ? `${n} #${i + 1}` : n));
}

function tallyOf(stage: Stage, c: number): Decimal {
  const v = stage.tally[c];
  return v === undefined ? ZERO : dec(v);
}

/**
 * Where each candidate's single entry goes (URCVT, like rcvis, allows one
 * `elected` or `eliminated` entry per candidate). An elected candidate's entry
 * is in the first round, from their election on, in which their votes fall (the
 * round their surplus moves), else the round they were elected. An excluded
 * candidate's entry is in the last round in which they have votes, the one
 * whose move takes the last of them (rules such as ERS97 move them in several
 * parcels; no rule puts a candidate back in the tally after that); none if they
 * are still in the final round, as no elimination may be the last round's.
 */
function entryStages(record: CountRecord): { elected: Map<number, number>; eliminated: Map<number, number> } {
  const stages = record.stages;
  const elected = new Map<number, number>();
  const eliminated = new Map<number, number>();
  for (const s of stages) {
    for (const c of s.elected) {
      if (elected.has(c)) continue;
      let place = s.number;
      // 1 <= s.number <= k < stages.length: both stages are there.
      for (let k = s.number; k < stages.length; k++) {
        if (sign(sub(tallyOf(stages[k]!, c), tallyOf(stages[k - 1]!, c))) < 0) {
          place = k;
          break;
        }
      }
      elected.set(c, place);
    }
    for (const c of s.excluded) {
      if (eliminated.has(c) || elected.has(c)) continue;
      let last = s.number;
      while (last < stages.length && stages[last]!.tally[c] !== undefined) last++;
      if (last < stages.length) eliminated.set(c, last);
    }
  }
  return { elected, eliminated };
}

interface Flow {
  readonly key: string;
  readonly amount: Decimal;
}

/** What moved from stage `from` to stage `to`: the amount each source lost, and where it went. */
function flowsBetween(from: Stage, to: Stage, keys: readonly string[]): { out: Map<number, Decimal>; dests: Flow[] } {
  const out = new Map<number, Decimal>();
  const dests: Flow[] = [];
  for (const [c, key] of keys.entries()) {
    if (from.tally[c] === undefined && to.tally[c] === undefined) continue;
    const d = sub(tallyOf(to, c), tallyOf(from, c));
    if (sign(d) < 0) out.set(c, sub(ZERO, d));
    else if (sign(d) > 0) dests.push({ key, amount: d });
  }
  const exhausted = sumDecimals(INACTIVE_REASONS.map((r) => sub(dec(to.inactive[r]), dec(from.inactive[r]))));
  if (sign(exhausted) > 0) dests.push({ key: EXHAUSTED, amount: exhausted });
  const lost = sub(dec(to.lost), dec(from.lost));
  if (sign(lost) > 0) dests.push({ key: RESIDUAL_SURPLUS, amount: lost });
  return { out, dests };
}

/**
 * Shares the destinations among the round's entries in proportion to what each
 * entry's candidate lost. With one source (every surplus, every single
 * exclusion) this is exact. Several sources at once (a batch exclusion) are
 * pooled in the record, so they are split pro rata, rounding down, with the
 * remainder on the last, and each destination still receives exactly what it
 * gained. Votes lost by a candidate with no entry this round (an elected
 * candidate's later Meek reductions) go in the same pool. An entry whose
 * candidate lost nothing this round carries no transfers; if no entry lost
 * anything (an earlier parcel of an ERS97 exclusion), the round shows none.
 */
function shareOut(sources: readonly number[], out: Map<number, Decimal>, dests: readonly Flow[]): Map<number, Flow[]> {
  const result = new Map<number, Flow[]>(sources.map((c) => [c, []]));
  const weights = sources.map((c) => out.get(c) ?? ZERO);
  const total = sumDecimals(weights);
  if (sign(total) <= 0 || dests.length === 0) return result;
  const lastPositive = weights.map((w) => sign(w) > 0).lastIndexOf(true);
  for (const d of dests) {
    let given = ZERO;
    sources.forEach((c, i) => {
      const weight = weights[i]!; // one weight per source
      if (sign(weight) <= 0) return;
      const share = i === lastPositive ? sub(d.amount, given) : atScale(mulDivFloor(d.amount, weight, total), d.amount.scale);
      given = add(given, share);
      if (sign(share) > 0) result.get(c)!.push({ key: d.key, amount: share });
    });
  }
  return result;
}

function transfersObject(flows: readonly Flow[]): UrcvtTransfers {
  const t: UrcvtTransfers = {};
  for (const f of flows) t[f.key] = fmt(f.amount);
  return t;
}

export function toUrcvt(record: CountRecord, options: UrcvtOptions = {}): Urcvt {
  const keys = keysFor(record.candidates);
  const keyOf = (c: number): string => present(keys[c], 'a candidate’s key');
  const stages = record.stages;
  const entries = entryStages(record);
  const first = stages[0];
  // A record from a rule that does not tell blank ballots apart: all of round 1's exhausted votes, as before.
  const undervotes = record.undervotes !== undefined ? dec(record.undervotes) : first ? dec(first.inactive.exhausted) : ZERO;
  const finalThreshold = stages.at(-1)?.threshold ?? '0';

  const results: UrcvtRound[] = stages.map((stage, k) => {
    const next = stages[k + 1];
    const electedHere = record.elected.filter((c) => entries.elected.get(c) === stage.number);
    const eliminatedHere = record.candidates.map((_, c) => c).filter((c) => entries.eliminated.get(c) === stage.number);
    const sources = [...electedHere, ...eliminatedHere];
    let shares = new Map<number, Flow[]>();
    // Fresh votes each round (an exhaustive ballot): nothing is transferred between rounds.
    if (next && !record.freshVotesEachStage) {
      const { out, dests } = flowsBetween(stage, next, keys);
      shares = shareOut(sources, out, dests);
    }
    const tallyResults: UrcvtTallyResult[] = [
      ...electedHere.map((c) => ({ elected: keyOf(c), transfers: transfersObject(shares.get(c) ?? []) })),
      ...eliminatedHere.map((c) => ({ eliminated: keyOf(c), transfers: transfersObject(shares.get(c) ?? []) })),
    ];
    const tally: Record<string, string> = {};
    for (const [c, key] of keys.entries()) {
      const t = stage.tally[c];
      if (t !== undefined) tally[key] = t;
    }
    const exhaustedChoices = sub(dec(stage.inactive.exhausted), undervotes);
    return {
      inactiveBallots: {
        exhaustedChoices: fmt(exhaustedChoices),
        overvotes: stage.inactive.overvote,
        repeatedRankings: stage.inactive.repeatedRanking,
        skippedRankings: stage.inactive.skippedRanks,
      },
      round: stage.number,
      tally,
      tallyResults,
      threshold: stage.threshold,
    };
  });

  const effect = minimumEffectText(record);
  const notes = [...minimumExclusions(record), ...(effect ? [effect] : [])];
  return {
    config: {
      contest: options.contest ?? record.title,
      date: options.date ?? '',
      generatedBy: options.generatedBy ?? 'Hustings',
      jurisdiction: options.jurisdiction ?? '',
      office: options.office ?? '',
      threshold: finalThreshold,
    },
    jsonFormatVersion: '1',
    results,
    summary: {
      finalThreshold,
      numCandidates: record.candidates.length,
      numWinners: record.seats,
      totalNumBallots: record.totalBallots,
      // RCTab counts ballots that mark no rank as undervotes, apart from exhausted ones.
      undervotes: Number(atScale(undervotes, 0).units),
      ...(notes.length > 0 ? { notes } : {}),
    },
  };
}

export function renderUrcvt(record: CountRecord, options: UrcvtOptions = {}): string {
  return JSON.stringify(toUrcvt(record, options), null, 2) + '\n';
}
