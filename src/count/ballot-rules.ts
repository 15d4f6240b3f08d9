/**
 * How a ranking is read: overvotes, skipped ranks, repeated candidates and
 * withdrawn candidates, in RCTab's vocabulary. Every preferential rule prepares
 * its ballots here once, then walks them with `nextChoice`.
 */
import { SKIP, type BallotSet } from './ballots.js';

export type OvervoteRule = 'exhaustImmediately' | 'alwaysSkipToNextRank' | 'exhaustIfMultipleContinuing';
export const OVERVOTE_RULES: readonly OvervoteRule[] = ['exhaustImmediately', 'alwaysSkipToNextRank', 'exhaustIfMultipleContinuing'];

export interface BallotRules {
  /** What an overvote (two or more candidates at one rank) does when the ballot reaches it. */
  readonly overvote: OvervoteRule;
  /** Most consecutive skipped ranks a ballot may have before its next mark; null: no limit. */
  readonly maxSkippedRanks: number | null;
  /** true: a ballot that reaches a candidate it already ranked is exhausted; false: the repeat is passed over. */
  readonly exhaustOnDuplicate: boolean;
}

export const DEFAULT_BALLOT_RULES: BallotRules = {
  overvote: 'exhaustImmediately',
  maxSkippedRanks: null,
  exhaustOnDuplicate: false,
};

/** Why a ballot stopped counting. `exhausted`: it had no further choice. */
export type InactiveReason = 'exhausted' | 'overvote' | 'skippedRanks' | 'repeatedRanking';
export const INACTIVE_REASONS: readonly InactiveReason[] = ['exhausted', 'overvote', 'skippedRanks', 'repeatedRanking'];

/**
 * Ballots reduced to the choices a rule can act on. Each ballot is a sequence of
 * choices: c >= 0 is a candidate; c < 0 refers to `groups[-1 - c]`, an overvote
 * that is settled only when reached (exhaustIfMultipleContinuing). When a ballot
 * runs past its last choice it becomes inactive for reason `endReason[i]`.
 */
export interface PreparedBallots {
  readonly size: number;
  readonly choices: Int32Array;
  readonly offsets: Uint32Array;
  readonly groups: readonly (readonly number[])[];
  readonly endReason: Uint8Array; // index into INACTIVE_REASONS
  readonly weights: readonly bigint[];
  readonly total: bigint;
}

export function prepareBallots(set: BallotSet, rules: BallotRules, withdrawn: readonly number[] = []): PreparedBallots {
  const gone = new Set(withdrawn);
  const choices: number[] = [];
  const offsets = new Uint32Array(set.size + 1);
  const endReason = new Uint8Array(set.size);
  const groups: number[][] = [];
  const groupIndex = new Map<string, number>();
  const rank: number[] = [];
  const seen = new Set<number>();

  for (let i = 0; i < set.size; i++) {
    offsets[i] = choices.length;
    seen.clear();
    let reason: InactiveReason = 'exhausted';
    let skipped = 0;
    const end = set.offsets[i + 1];
    let p = set.offsets[i];
    scan: while (p < end) {
      // Gather one rank.
      rank.length = 0;
      const t = set.tokens[p++];
      if (t !== SKIP) {
        rank.push(t);
        while (p < end && set.tokens[p] < SKIP) rank.push(-2 - set.tokens[p++]);
      }
      const marks = rank.filter((c) => !gone.has(c));
      if (rank.length === 0) {
        skipped++;
        continue;
      }
      if (rules.maxSkippedRanks !== null && skipped > rules.maxSkippedRanks) {
        reason = 'skippedRanks';
        break;
      }
      skipped = 0;
      if (marks.length === 0) continue; // only withdrawn candidates here: as if not marked
      const distinct = [...new Set(marks)];
      if (distinct.length > 1) {
        switch (rules.overvote) {
          case 'exhaustImmediately':
            reason = 'overvote';
            break scan;
          case 'alwaysSkipToNextRank':
            continue scan;
          case 'exhaustIfMultipleContinuing': {
            const key = distinct.sort((a, b) => a - b).join(',');
            let g = groupIndex.get(key);
            if (g === undefined) {
              g = groups.length;
              groups.push(distinct);
              groupIndex.set(key, g);
            }
            choices.push(-1 - g);
            for (const c of distinct) seen.add(c);
            continue scan;
          }
          default: {
            const never: never = rules.overvote;
            throw new Error(`unknown overvote rule ${String(never)}`);
          }
        }
      }
      const c = distinct[0];
      if (seen.has(c)) {
        if (rules.exhaustOnDuplicate) {
          reason = 'repeatedRanking';
          break;
        }
        continue;
      }
      seen.add(c);
      choices.push(c);
    }
    endReason[i] = INACTIVE_REASONS.indexOf(reason);
  }
  offsets[set.size] = choices.length;
  return {
    size: set.size,
    choices: Int32Array.from(choices),
    offsets,
    groups,
    endReason,
    weights: set.weights,
    total: set.total,
  };
}

/** Result of looking for a ballot's next choice: a candidate, or -1 - reasonIndex when it is inactive. */
export type Choice = number;

/**
 * Finds ballot i's first choice at or after position `from` that is still
 * continuing. Returns the choice position in `pos[0]` (so the caller can resume there).
 * The return value is a candidate index, or -1 - k for INACTIVE_REASONS[k].
 */
export function nextChoice(ballots: PreparedBallots, i: number, from: number, continuing: Uint8Array, pos: Int32Array): Choice {
  const end = ballots.offsets[i + 1];
  for (let p = Math.max(from, ballots.offsets[i]); p < end; p++) {
    const c = ballots.choices[p];
    if (c >= 0) {
      if (continuing[c]) {
        pos[0] = p;
        return c;
      }
      continue;
    }
    let found = -1;
    let n = 0;
    for (const g of ballots.groups[-1 - c]) {
      if (continuing[g]) {
        n++;
        found = g;
      }
    }
    if (n > 1) {
      pos[0] = p;
      return -1 - INACTIVE_REASONS.indexOf('overvote');
    }
    if (n === 1) {
      pos[0] = p;
      return found;
    }
  }
  pos[0] = end;
  return -1 - ballots.endReason[i];
}
