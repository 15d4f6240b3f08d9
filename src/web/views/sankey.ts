/**
 * A Sankey diagram of a count: one column of nodes per stage (each candidate
 * still in the count, plus a "non-transferable" sink holding the inactive and
 * lost votes so far), and between columns the votes each candidate keeps and
 * the votes each stage's action moves.
 *
 * The record keeps net transfers per candidate, not who-gave-to-whom, so when
 * several candidates give votes at once (a batch exclusion, a Meek iteration)
 * each recipient's gain is shared among the givers in proportion to what they
 * gave. Amounts are exact decimals (the record's own strings, split with exact
 * arithmetic), so the flows into a candidate add up to their transfer exactly.
 */
import type { CountRecord, Stage } from '../../count/record.js';
import { INACTIVE_REASONS } from '../../count/ballot-rules.js';
import { dec, fmt, mulDivFloor, sign, sub, sumDecimals, ZERO, type Decimal } from '../../count/decimal.js';

/** A candidate index, or the sink of non-transferable votes. */
export type SankeyKey = number | 'inactive';

export interface SankeyNode {
  /** "s<stage>-c<candidate>" or "s<stage>-inactive". */
  readonly id: string;
  readonly stage: number;
  readonly key: SankeyKey;
  readonly label: string;
  readonly votes: string;
}

export interface SankeyFlow {
  readonly from: string;
  readonly to: string;
  /** The stage the flow leaves. */
  readonly stage: number;
  /** stay: votes a node keeps into the next stage; transfer: votes moved by the stage's action. */
  readonly kind: 'stay' | 'transfer';
  readonly votes: string;
}

export interface SankeyModel {
  readonly stages: number;
  readonly nodes: readonly SankeyNode[];
  readonly flows: readonly SankeyFlow[];
  readonly total: string;
}

export const nodeId = (stage: number, key: SankeyKey): string => (key === 'inactive' ? `s${stage}-inactive` : `s${stage}-c${key}`);

/** Inactive and lost votes so far: what the sink holds at a stage. */
function sinkAt(s: Stage): Decimal {
  return sumDecimals([...INACTIVE_REASONS.map((r) => dec(s.inactive[r])), dec(s.lost)]);
}

/**
 * What one move took from and gave to each node: the change in each tally and
 * in the sink. Read from the tallies rather than the action because rules
 * differ in whether an action lists the giver's own loss; the tallies always
 * say it, and for every recipient the change is the action's transfer.
 */
function movesBetween(s: Stage, next: Stage): { gives: Map<SankeyKey, Decimal>; gets: Map<SankeyKey, Decimal> } {
  const gives = new Map<SankeyKey, Decimal>();
  const gets = new Map<SankeyKey, Decimal>();
  const note = (key: SankeyKey, d: Decimal): void => {
    const sg = sign(d);
    if (sg < 0) gives.set(key, sub(ZERO, d));
    else if (sg > 0) gets.set(key, d);
  };
  const keys = [...new Set([...Object.keys(s.tally), ...Object.keys(next.tally)].map(Number))].sort((a, b) => a - b);
  for (const c of keys) note(c, sub(dec(next.tally[c] ?? '0'), dec(s.tally[c] ?? '0')));
  note('inactive', sub(sinkAt(next), sinkAt(s)));
  return { gives, gets };
}

export function buildSankey(record: CountRecord, inactiveLabel = 'Non-transferable'): SankeyModel {
  const nodes: SankeyNode[] = [];
  const flows: SankeyFlow[] = [];
  const name = (k: SankeyKey): string => (k === 'inactive' ? inactiveLabel : (record.candidates[k] ?? `#${k + 1}`));
  const keysOf = (s: Stage): SankeyKey[] => {
    const ks: SankeyKey[] = Object.keys(s.tally)
      .map(Number)
      .sort((a, b) => a - b);
    if (sign(sinkAt(s)) > 0) ks.push('inactive');
    return ks;
  };
  const votesOf = (s: Stage, k: SankeyKey): Decimal => (k === 'inactive' ? sinkAt(s) : dec(s.tally[k] ?? '0'));

  record.stages.forEach((s) => {
    for (const k of keysOf(s)) nodes.push({ id: nodeId(s.number, k), stage: s.number, key: k, label: name(k), votes: fmt(votesOf(s, k)) });
  });

  for (let i = 0; i + 1 < record.stages.length; i++) {
    const s = record.stages[i];
    const next = record.stages[i + 1];
    const here = new Set(keysOf(s));
    const there = new Set(keysOf(next));
    const { gives, gets } = movesBetween(s, next);
    for (const k of here) {
      if (!there.has(k)) continue;
      const kept = sub(votesOf(s, k), gives.get(k) ?? ZERO);
      if (sign(kept) > 0) flows.push({ from: nodeId(s.number, k), to: nodeId(next.number, k), stage: s.number, kind: 'stay', votes: fmt(kept) });
    }
    const givers = [...gives.entries()];
    const given = sumDecimals(givers.map(([, v]) => v));
    if (sign(given) <= 0) continue;
    for (const [to, amount] of gets) {
      let left = amount;
      givers.forEach(([from, share], j) => {
        // The last giver takes the remainder, so a recipient's flows sum to its gain exactly.
        const part = j === givers.length - 1 ? left : mulDivFloor(amount, share, given);
        left = sub(left, part);
        if (sign(part) > 0) flows.push({ from: nodeId(s.number, from), to: nodeId(next.number, to), stage: s.number, kind: 'transfer', votes: fmt(part) });
      });
    }
  }
  return { stages: record.stages.length, nodes, flows, total: record.totalBallots };
}
