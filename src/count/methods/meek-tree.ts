/**
 * Meek's ballots as prefix trees of their choices. A Meek distribution depends
 * only on the sequence of choices, so ballots sharing a prefix carry the same
 * weight down it: one walk of the tree gives exactly the per-ballot result at a
 * fraction of the cost. Node 0 is the empty prefix.
 *
 * The whole tree is built once; each round cuts it down to what the round's
 * iterations can change (see `roundTree`). Both are built in typed arrays with
 * an open-addressing table of (parent, choice) → node: with a hundred thousand
 * distinct rankings, a Map and a bigint per node made building the trees most
 * of a count's time. Ballot numbers in the trees are whole numbers held exactly
 * in doubles (`fullTree` refuses more than 2^53 ballots); vote values, the
 * products of weights and keep factors, are bigints in `distribute`.
 */
import { INACTIVE_REASONS, type PreparedBallots } from '../ballot-rules.js';
import { grown, mix } from '../merge.js';

const REASONS = INACTIVE_REASONS.length;
const OVERVOTE = INACTIVE_REASONS.indexOf('overvote');

/** A candidate's state in the `state` arrays of a count: out of it (defeated or withdrawn), hopeful, or elected. */
export const OUT = 0;
export const HOPEFUL = 1;
export const ELECTED = 2;

/** A round's tree, as `distribute` walks it: its numbers of ballots as bigints, ready to multiply vote values by. */
export interface ChoiceTree {
  readonly choice: Int32Array;
  readonly firstChild: Int32Array;
  readonly nextSibling: Int32Array;
  /** Ballots whose choices start with this node's prefix. */
  readonly through: readonly bigint[];
  /** Ballots whose choices are exactly this prefix, by INACTIVE_REASONS index of why they end. */
  readonly ends: readonly (readonly bigint[] | undefined)[];
}

/** Every ballot's choices, built once per count; `roundTree` cuts it down for each round. */
export interface FullTree {
  readonly choice: Int32Array;
  readonly firstChild: Int32Array;
  readonly nextSibling: Int32Array;
  readonly through: Float64Array;
  /** The row of `endRows` (REASONS numbers from row × REASONS) of ballots ending at this node, or -1. */
  readonly endRow: Int32Array;
  readonly endRows: Float64Array;
}

class TreeBuilder {
  size = 1;
  choice: Int32Array<ArrayBuffer> = new Int32Array(1024);
  parent = new Int32Array(1024).fill(-1);
  firstChild = new Int32Array(1024).fill(-1);
  nextSibling = new Int32Array(1024).fill(-1);
  through: Float64Array<ArrayBuffer> = new Float64Array(1024);
  endRow = new Int32Array(1024).fill(-1);
  endRows = new Float64Array(64 * REASONS);
  rows = 0;
  /** node + 1 of each child by hash of (parent, choice); 0 is empty. */
  private slots = new Int32Array(2048);

  private static hash(node: number, c: number): number {
    return mix(Math.imul(node, 0x9e3779b1) ^ c);
  }

  /** The child of `node` for choice `c`, made if new. */
  child(node: number, c: number): number {
    // The `!`s read slots within the mask and nodes this builder made.
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = TreeBuilder.hash(node, c) & mask;
    for (let at = slots[slot]!; at !== 0; at = slots[slot]!) {
      if (this.parent[at - 1] === node && this.choice[at - 1] === c) return at - 1;
      slot = (slot + 1) & mask;
    }
    const id = this.size++;
    if (id >= this.choice.length) this.grow();
    this.choice[id] = c;
    this.parent[id] = node;
    this.nextSibling[id] = this.firstChild[node]!;
    this.firstChild[node] = id;
    slots[slot] = id + 1;
    if (this.size * 2 > mask) this.rehash();
    return id;
  }

  /** Records `ballots` ending at `node` for reason `r`. */
  end(node: number, r: number, ballots: number): void {
    let row = this.endRow[node]!;
    if (row < 0) {
      row = this.rows++;
      if ((row + 1) * REASONS > this.endRows.length) this.endRows = grown(this.endRows, (row + 1) * REASONS);
      this.endRow[node] = row;
    }
    this.endRows[row * REASONS + r]! += ballots;
  }

  private grow(): void {
    const n = this.choice.length * 2;
    const filled = (a: Int32Array): Int32Array<ArrayBuffer> => {
      const next = new Int32Array(n).fill(-1);
      next.set(a);
      return next;
    };
    this.choice = grown(this.choice, n);
    this.through = grown(this.through, n);
    this.parent = filled(this.parent);
    this.firstChild = filled(this.firstChild);
    this.nextSibling = filled(this.nextSibling);
    this.endRow = filled(this.endRow);
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 1; id < this.size; id++) {
      let slot = TreeBuilder.hash(this.parent[id]!, this.choice[id]!) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }

  full(): FullTree {
    const n = this.size;
    return {
      choice: this.choice.subarray(0, n),
      firstChild: this.firstChild.subarray(0, n),
      nextSibling: this.nextSibling.subarray(0, n),
      through: this.through.subarray(0, n),
      endRow: this.endRow.subarray(0, n),
      endRows: this.endRows.subarray(0, this.rows * REASONS),
    };
  }

  choiceTree(): ChoiceTree {
    const n = this.size;
    const through: bigint[] = new Array<bigint>(n);
    const ends: (bigint[] | undefined)[] = new Array<bigint[] | undefined>(n);
    for (let node = 0; node < n; node++) {
      through[node] = BigInt(this.through[node]!);
      const row = this.endRow[node]!;
      if (row >= 0) {
        const e: bigint[] = [];
        for (let r = 0; r < REASONS; r++) e.push(BigInt(this.endRows[row * REASONS + r]!));
        ends[node] = e;
      }
    }
    return { choice: this.choice.slice(0, n), firstChild: this.firstChild.slice(0, n), nextSibling: this.nextSibling.slice(0, n), through, ends };
  }
}

/** The tree of every prepared ballot. */
export function fullTree(ballots: PreparedBallots): FullTree {
  if (ballots.total > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`Meek STV counts at most ${Number.MAX_SAFE_INTEGER} ballots, not ${ballots.total}`);
  }
  // The `!`s read `offsets` at ballots (< size) and `choices` within a ballot's own offsets.
  const { choices, offsets, weights, endReason } = ballots;
  const b = new TreeBuilder();
  for (let i = 0; i < ballots.size; i++) {
    const w = Number(weights[i]!);
    let node = 0;
    b.through[0]! += w;
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) {
      node = b.child(node, choices[k]!);
      b.through[node]! += w;
    }
    b.end(node, endReason[i]!, w);
  }
  return b.full();
}

/**
 * The tree as one round sees it. Within a round only elected keep factors change,
 * so each ballot can be cut down to its elected candidates up to its first hopeful
 * one (defeated candidates dropped, overvotes settled); identical cut-down ballots
 * merge, and the round's iterations walk this much smaller tree.
 */
export function roundTree(full: FullTree, groups: readonly (readonly number[])[], state: Uint8Array, split: boolean): ChoiceTree {
  const b = new TreeBuilder();
  const { choice, firstChild, nextSibling, through, endRow, endRows } = full;
  b.through[0] = through[0]!;
  // The `!`s read the tree's arrays at its own nodes (ch walks firstChild and nextSibling links, which
  // name nodes or -1), states at the candidates its choices name, and the group an overvote
  // choice names.
  const walk = (node: number, at: number): void => {
    const row = endRow[node]!;
    if (row >= 0) {
      for (let r = 0; r < REASONS; r++) {
        const n = endRows[row * REASONS + r]!;
        if (n !== 0) b.end(at, r, n);
      }
    }
    for (let ch = firstChild[node]!; ch >= 0; ch = nextSibling[ch]!) {
      let c = choice[ch]!;
      if (c < 0) {
        // An overvote kept for exhaustIfMultipleContinuing: settled by who is still in the count.
        let n = 0;
        for (const g of groups[-1 - c]!) {
          if (state[g] !== OUT) {
            n++;
            c = g;
          }
        }
        if (n > 1 && split) {
          // Equal ranks that share the ballot: kept as one node, walked on if any of them passes votes on.
          const next = b.child(at, choice[ch]!);
          b.through[next]! += through[ch]!;
          if (groups[-1 - choice[ch]!]!.some((g) => state[g] === ELECTED)) walk(ch, next);
          continue;
        }
        if (n > 1) {
          b.end(at, OVERVOTE, through[ch]!);
          continue;
        }
        if (n === 0) {
          walk(ch, at);
          continue;
        }
      }
      if (state[c] === OUT) {
        walk(ch, at);
        continue;
      }
      const next = b.child(at, c);
      b.through[next]! += through[ch]!;
      if (state[c] === ELECTED) walk(ch, next);
    }
  };
  walk(0, 0);
  return b.choiceTree();
}
