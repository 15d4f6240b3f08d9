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

/** The reason a `nextChoice` answer of -1 - k stands for. */
export function stopReason(choice: number): InactiveReason {
  const reason = INACTIVE_REASONS[-1 - choice];
  if (reason === undefined) throw new Error(`internal error: ${choice} is not a reason a ballot stopped`);
  return reason;
}

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
  /**
   * Ballots that mark no rank at all: RCTab's undervotes. A ballot whose marks are all unusable
   * (withdrawn candidates only, overvotes skipped) is not one of them: RCTab exhausts it in round 1.
   */
  readonly unranked: bigint;
}

/** How `prepareBallots` is asked to read a set of ballots beyond the rules themselves. */
export interface ReadingOptions {
  /** Candidates never counted: their marks still make an overvote and still repeat, as RCTab's excluded candidates. */
  readonly withdrawn?: readonly number[];
  /**
   * A candidate index that stands for a source's overvote label (an overvote whose candidates are
   * not named), alone at its rank. RCTab accepts it under exhaustImmediately and alwaysSkipToNextRank only.
   */
  readonly overvoteLabel?: number;
  /**
   * How many candidates the ballots are over (the Election's). Given, a rank marking every one of
   * them (two or more) is read as the unnamed overvote the CSV and cast-vote record readers record
   * that way (a cell or label saying "overvote" without names): under exhaustOnDuplicate it is one
   * mark of its own, as RCTab's explicit overvote is, which repeats only another such rank and
   * leaves the candidates it covers free to be ranked later.
   */
  readonly candidates?: number;
}

const EXHAUSTED = INACTIVE_REASONS.indexOf('exhausted');
const OVERVOTE = INACTIVE_REASONS.indexOf('overvote');
const SKIPPED = INACTIVE_REASONS.indexOf('skippedRanks');
const REPEATED = INACTIVE_REASONS.indexOf('repeatedRanking');

/**
 * Reads every distinct ranking once under `rules`, as RCTab's tabulator reads a
 * cast-vote record rank by rank: too many skipped ranks first, then a candidate
 * marked at an earlier rank (exhaustOnDuplicate; every mark reached counts, those
 * of a skipped overvote and withdrawn candidates too), then the overvote rule
 * (two or more marks at a rank, withdrawn candidates among them), and only then
 * whether a mark is still standing. A candidate named twice at one rank is a
 * repeated ranking under exhaustOnDuplicate, as RCTab's tabulator finds it, and
 * otherwise read as named once. Typed arrays and stamps instead of per-ballot sets: this runs
 * over every distinct ranking before each count.
 */
export function prepareBallots(set: BallotSet, rules: BallotRules, reading: ReadingOptions = {}): PreparedBallots {
  const { withdrawn = [], overvoteLabel = -1, candidates = -1 } = reading;
  if (overvoteLabel >= 0 && rules.overvote === 'exhaustIfMultipleContinuing') {
    throw new Error('internal error: an overvote label cannot be read under exhaustIfMultipleContinuing');
  }
  let maxC = overvoteLabel;
  const tokens = set.tokens;
  // An indexed loop: a typed array's iterator is slow until the optimiser reaches it, and most counts end before.
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!; // k < length
    const c = t >= 0 ? t : t === SKIP ? -1 : -2 - t;
    if (c > maxC) maxC = c;
  }
  for (const c of withdrawn) if (c > maxC) maxC = c;
  const gone = new Uint8Array(maxC + 1);
  for (const c of withdrawn) gone[c] = 1;
  if (overvoteLabel >= 0) gone[overvoteLabel] = 1;
  // seenAt[c] === i + 1: ballot i has already reached candidate c (every mark with exhaustOnDuplicate;
  // otherwise only choices, so that a candidate already passed over is not offered twice).
  const seenAt = new Int32Array(maxC + 1);
  // overvoteSeenAt === i + 1: ballot i has already reached an unnamed overvote (exhaustOnDuplicate).
  let overvoteSeenAt = 0;
  const inRank = new Int32Array(maxC + 1);
  let rankStamp = 0;
  // Choices never outnumber tokens.
  let choices = new Int32Array(set.tokens.length);
  let count = 0;
  const offsets = new Uint32Array(set.size + 1);
  const endReason = new Uint8Array(set.size);
  const groups: number[][] = [];
  const groupIndex = new Map<string, number>();
  const marks: number[] = [];
  const maxSkip = rules.maxSkippedRanks;
  const onDuplicate = rules.exhaustOnDuplicate;
  const overvoteRule = rules.overvote;
  let unranked = 0n;

  // The `!`s below read within `set.offsets` (i < size) and `set.tokens` (p < end, and a BallotSet's
  // offsets never pass its tokens' length), and within the per-candidate arrays sized by maxC.
  for (let i = 0; i < set.size; i++) {
    offsets[i] = count;
    const stamp = i + 1;
    let reason = EXHAUSTED;
    let skipped = 0;
    let marked = false;
    const end = set.offsets[i + 1]!;
    let p = set.offsets[i]!;
    while (p < end) {
      const t = set.tokens[p++]!;
      if (t === SKIP) {
        skipped++;
        continue;
      }
      marked = true;
      if (maxSkip !== null && skipped > maxSkip) {
        reason = SKIPPED;
        break;
      }
      skipped = 0;
      let c: number;
      if (p >= end || set.tokens[p]! >= SKIP) {
        // One candidate at this rank: the usual case.
        if (onDuplicate) {
          if (seenAt[t] === stamp) {
            reason = REPEATED;
            break;
          }
          seenAt[t] = stamp;
        }
        if (t === overvoteLabel) {
          if (overvoteRule === 'exhaustImmediately') {
            reason = OVERVOTE;
            break;
          }
          continue;
        }
        if (gone[t]) continue;
        c = t;
      } else {
        rankStamp++;
        marks.length = 0;
        inRank[t] = rankStamp;
        marks.push(t);
        // RCTab's duplicate check reads a rank mark by mark, so one candidate marked twice at one rank repeats too.
        let repeatedInRank = false;
        while (p < end && set.tokens[p]! < SKIP) {
          const d = -2 - set.tokens[p++]!;
          if (inRank[d] !== rankStamp) {
            inRank[d] = rankStamp;
            marks.push(d);
          } else repeatedInRank = true;
        }
        if (onDuplicate) {
          let repeated = repeatedInRank;
          if (!repeatedInRank && marks.length === candidates && candidates >= 2) {
            repeated = overvoteSeenAt === stamp;
            overvoteSeenAt = stamp;
          } else {
            for (const m of marks) {
              if (seenAt[m] === stamp) repeated = true;
              seenAt[m] = stamp;
            }
          }
          if (repeated) {
            reason = REPEATED;
            break;
          }
        }
        if (marks.length > 1) {
          if (overvoteRule === 'exhaustImmediately') {
            reason = OVERVOTE;
            break;
          }
          if (overvoteRule === 'alwaysSkipToNextRank') continue;
          // exhaustIfMultipleContinuing: a withdrawn candidate never continues, so it never makes the overvote.
          let live = 0;
          for (const m of marks) if (!gone[m]) marks[live++] = m;
          marks.length = live;
        }
        if (marks.length === 0 || (marks.length === 1 && gone[marks[0]!])) continue;
        if (marks.length > 1) {
          const sorted = [...marks].sort((a, b) => a - b);
          const key = sorted.join(',');
          let g = groupIndex.get(key);
          if (g === undefined) {
            g = groups.length;
            groups.push(sorted);
            groupIndex.set(key, g);
          }
          choices[count++] = -1 - g;
          if (!onDuplicate) for (const m of marks) seenAt[m] = stamp;
          continue;
        }
        c = marks[0]!;
      }
      if (!onDuplicate) {
        if (seenAt[c] === stamp) continue;
        seenAt[c] = stamp;
      }
      choices[count++] = c;
    }
    endReason[i] = reason;
    if (!marked) unranked += set.weights[i]!;
  }
  offsets[set.size] = count;
  choices = choices.slice(0, count);
  return { size: set.size, choices, offsets, groups, endReason, weights: set.weights, total: set.total, unranked };
}

/** Result of looking for a ballot's next choice: a candidate, or -1 - reasonIndex when it is inactive. */
export type Choice = number;

/**
 * Finds ballot i's first choice at or after position `from` that is still
 * continuing. Returns the choice position in `pos[0]` (so the caller can resume there).
 * The return value is a candidate index, or -1 - k for INACTIVE_REASONS[k].
 */
export function nextChoice(ballots: PreparedBallots, i: number, from: number, continuing: Uint8Array, pos: Int32Array): Choice {
  // The hottest loop of every count: the `!`s read within `offsets` (for a ballot i < size), within
  // `choices` (p < end), and a group that `prepareBallots` made for this very choice.
  const end = ballots.offsets[i + 1]!;
  for (let p = Math.max(from, ballots.offsets[i]!); p < end; p++) {
    const c = ballots.choices[p]!;
    if (c >= 0) {
      if (continuing[c]) {
        pos[0] = p;
        return c;
      }
      continue;
    }
    let found = -1;
    let n = 0;
    for (const g of ballots.groups[-1 - c]!) {
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
  return -1 - ballots.endReason[i]!;
}
