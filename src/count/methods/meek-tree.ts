/**
 * Meek's ballots as prefix trees of their choices. A Meek distribution depends
 * only on the sequence of choices, so ballots sharing a prefix carry the same
 * weight down it: one walk of the tree gives exactly the per-ballot result at a
 * fraction of the cost. Node 0 is the empty prefix.
 *
 * The whole tree is built once; each round cuts it down to what the round's
 * iterations can change (see `RoundTrees`). Both are built in typed arrays with
 * an open-addressing table of (parent, choice) → node: with a hundred thousand
 * distinct rankings, a Map and a bigint per node made building the trees most
 * of a count's time. Ballot numbers in the trees are whole numbers held exactly
 * in doubles (`fullTree` refuses more than 2^53 ballots); vote values, the
 * products of weights and keep factors, are bigints in `distribute`.
 */
import { INACTIVE_REASONS, type PreparedBallots } from '../ballot-rules.js';
import { grown, mix, wholeBig } from '../merge.js';

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

/** Every ballot's choices, built once per count; `RoundTrees` cuts it down for each round. */
export interface FullTree {
  readonly choice: Int32Array;
  readonly firstChild: Int32Array;
  readonly nextSibling: Int32Array;
  readonly through: Float64Array;
  /** The row of `endRows` (REASONS numbers from row × REASONS) of ballots ending at this node, or -1. */
  readonly endRow: Int32Array;
  readonly endRows: Float64Array;
}

/** A copy of `a` at length `n`, the new places -1 (no node, no row). */
function filledCopy(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(n).fill(-1);
  next.set(a);
  return next;
}

/** Ballots ending at nodes by reason: a row of REASONS numbers for each node that has any. */
class EndRows {
  /** Each node's row, or -1. */
  row: Int32Array<ArrayBuffer>;
  data = new Float64Array(64 * REASONS);
  count = 0;

  constructor(nodes: number) {
    this.row = new Int32Array(nodes).fill(-1);
  }

  add(node: number, r: number, ballots: number): void {
    let row = this.row[node]!;
    if (row < 0) {
      row = this.count++;
      if ((row + 1) * REASONS > this.data.length) this.data = grown(this.data, (row + 1) * REASONS);
      this.row[node] = row;
    }
    this.data[row * REASONS + r]! += ballots;
  }

  grow(nodes: number): void {
    this.row = filledCopy(this.row, nodes);
  }
}

class TreeBuilder {
  size = 1;
  choice: Int32Array<ArrayBuffer>;
  parent: Int32Array<ArrayBuffer>;
  firstChild: Int32Array<ArrayBuffer>;
  nextSibling: Int32Array<ArrayBuffer>;
  through: Float64Array<ArrayBuffer>;
  readonly ends: EndRows;
  /** node + 1 of each child by hash of (parent, choice); 0 is empty. */
  private slots: Int32Array;

  /** `capacity`: the nodes to make room for at once, when the caller knows about how many there will be (growing costs copies). */
  constructor(capacity = 1024) {
    this.choice = new Int32Array(capacity);
    this.parent = new Int32Array(capacity).fill(-1);
    this.firstChild = new Int32Array(capacity).fill(-1);
    this.nextSibling = new Int32Array(capacity).fill(-1);
    this.through = new Float64Array(capacity);
    this.ends = new EndRows(capacity);
    let slots = 2048;
    while (slots < capacity * 2 + 2) slots *= 2;
    this.slots = new Int32Array(slots);
  }

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
    this.ends.add(node, r, ballots);
  }

  protected grow(): void {
    const n = this.choice.length * 2;
    this.choice = grown(this.choice, n);
    this.through = grown(this.through, n);
    this.parent = filledCopy(this.parent, n);
    this.firstChild = filledCopy(this.firstChild, n);
    this.nextSibling = filledCopy(this.nextSibling, n);
    this.ends.grow(n);
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
      endRow: this.ends.row.subarray(0, n),
      endRows: this.ends.data.subarray(0, this.ends.count * REASONS),
    };
  }

  choiceTree(): ChoiceTree {
    const n = this.size;
    const through: bigint[] = new Array<bigint>(n);
    const ends: (bigint[] | undefined)[] = new Array<bigint[] | undefined>(n);
    for (let node = 0; node < n; node++) {
      through[node] = wholeBig(this.through[node]!);
      const row = this.ends.row[node]!;
      if (row >= 0) {
        const e: bigint[] = [];
        for (let r = 0; r < REASONS; r++) e.push(wholeBig(this.ends.data[row * REASONS + r]!));
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
  // A node for each choice at most, besides the root.
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

/** A growable pool of singly linked lists of full-tree edges, kept across rounds so a list moves on whole. */
class EdgeLists {
  edge = new Int32Array(1024);
  next = new Int32Array(1024);
  used = 0;

  /** Appends `ch` to the list whose head and tail are held at `node` in `head` and `tail`. */
  push(head: Int32Array, tail: Int32Array, node: number, ch: number): void {
    if (this.used >= this.edge.length) {
      this.edge = grown(this.edge, this.used + 1);
      this.next = grown(this.next, this.used + 1);
    }
    const k = this.used++;
    this.edge[k] = ch;
    this.next[k] = -1;
    this.join(head, tail, node, k, k);
  }

  /** Appends the list first … last (already linked) to the list at `node`. */
  join(head: Int32Array, tail: Int32Array, node: number, first: number, last: number): void {
    const t = tail[node]!;
    if (t < 0) head[node] = first;
    else this.next[t] = first;
    tail[node] = last;
  }
}

/**
 * A round's tree with what the next round needs to build its own from it: which nodes are an elected
 * candidate's (reached only by choices no later round changes: elected candidates stay elected and
 * defeated ones defeated), the full tree's edges merged into each hopeful candidate's node, the
 * overvote edges under each node (settled afresh each round), and the ends the full tree put at each node.
 */
class CutBuilder extends TreeBuilder {
  stable: Uint8Array<ArrayBuffer>;
  sourceHead: Int32Array<ArrayBuffer>;
  sourceTail: Int32Array<ArrayBuffer>;
  overvoteHead: Int32Array<ArrayBuffer>;
  overvoteTail: Int32Array<ArrayBuffer>;
  readonly fixed: EndRows;

  constructor(capacity: number) {
    super(capacity);
    const n = this.choice.length;
    this.stable = new Uint8Array(n);
    this.sourceHead = new Int32Array(n).fill(-1);
    this.sourceTail = new Int32Array(n).fill(-1);
    this.overvoteHead = new Int32Array(n).fill(-1);
    this.overvoteTail = new Int32Array(n).fill(-1);
    this.fixed = new EndRows(n);
  }

  /** Records ballots of the full tree ending at `node` for reason `r`: for this round and every later one. */
  fixedEnd(node: number, r: number, ballots: number): void {
    this.end(node, r, ballots);
    this.fixed.add(node, r, ballots);
  }

  /** `fixedEnd` for every reason in row `row` of `data` (nothing when the row is -1). */
  fixedEnds(node: number, data: Float64Array, row: number): void {
    if (row < 0) return;
    for (let r = 0; r < REASONS; r++) {
      const n = data[row * REASONS + r]!;
      if (n !== 0) this.fixedEnd(node, r, n);
    }
  }

  protected override grow(): void {
    super.grow();
    const n = this.choice.length;
    this.stable = grown(this.stable, n);
    this.sourceHead = filledCopy(this.sourceHead, n);
    this.sourceTail = filledCopy(this.sourceTail, n);
    this.overvoteHead = filledCopy(this.overvoteHead, n);
    this.overvoteTail = filledCopy(this.overvoteTail, n);
    this.fixed.grow(n);
  }
}

/**
 * The tree as each round sees it. Within a round only elected keep factors change, so each ballot can
 * be cut down to its elected candidates up to its first hopeful one (defeated candidates dropped,
 * overvotes settled); identical cut-down ballots merge, and the round's iterations walk this much
 * smaller tree. Each round's tree is built from the last one's, since candidates only ever go from
 * hopeful to elected or defeated: an elected candidate's part of it stands as it was, a node of a
 * hopeful candidate who is still hopeful moves on whole, and only the full tree's edges into a node of
 * a candidate who has just been elected or defeated (and overvotes) are read again. Reading the whole
 * full tree each round was most of a large count's time.
 */
export class RoundTrees {
  private readonly lists = new EdgeLists();
  private last: CutBuilder | undefined;

  constructor(
    private readonly full: FullTree,
    private readonly groups: readonly (readonly number[])[],
    private readonly split: boolean,
  ) {}

  /** The tree for a round with candidates in `state`, which may only have moved on from the last call's (hopeful to elected or out). */
  next(state: Uint8Array): ChoiceTree {
    const { choice, firstChild, nextSibling, through, endRow, endRows } = this.full;
    const { groups, split, lists } = this;
    const last = this.last;
    // Rounds' trees grow as candidates are elected and defeated: room for a little more than the last.
    const b = new CutBuilder(last === undefined ? 1024 : last.size + (last.size >> 2) + 1024);
    b.through[0] = through[0]!;
    // The `!`s read the full tree's arrays at its own nodes (ch walks firstChild and nextSibling links,
    // which name nodes or -1), the builders' arrays at nodes they made, states at the candidates choices
    // name, the group an overvote choice names, and list items the lists hold.
    const walk = (node: number, at: number): void => {
      b.fixedEnds(at, endRows, endRow[node]!);
      for (let ch = firstChild[node]!; ch >= 0; ch = nextSibling[ch]!) edge(ch, at);
    };
    // The full tree's edge ch, read under the cut node `at` in this round's states.
    const edge = (ch: number, at: number): void => {
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
        if (n > 1) {
          lists.push(b.overvoteHead, b.overvoteTail, at, ch);
          if (split) {
            // Equal ranks that share the ballot: kept as one node, walked on if any of them passes votes on.
            const next = b.child(at, choice[ch]!);
            b.through[next]! += through[ch]!;
            if (groups[-1 - choice[ch]!]!.some((g) => state[g] === ELECTED)) walk(ch, next);
          } else {
            b.end(at, OVERVOTE, through[ch]!);
          }
          return;
        }
        if (n === 0) {
          walk(ch, at);
          return;
        }
      }
      if (state[c] === OUT) {
        walk(ch, at);
        return;
      }
      const next = b.child(at, c);
      b.through[next]! += through[ch]!;
      if (state[c] === ELECTED) {
        b.stable[next] = 1;
        walk(ch, next);
      } else {
        lists.push(b.sourceHead, b.sourceTail, next, ch);
      }
    };
    // The last round's node `pn` (an elected candidate's, or the root) read under `at`.
    const carry = (pn: number, at: number): void => {
      if (last === undefined) return;
      b.fixedEnds(at, last.fixed.data, last.fixed.row[pn]!);
      for (let pc = last.firstChild[pn]!; pc >= 0; pc = last.nextSibling[pc]!) {
        const c = last.choice[pc]!;
        // Equal ranks' nodes come again from the overvote edges below.
        if (c < 0) continue;
        if (last.stable[pc]) {
          const next = b.child(at, c);
          b.through[next]! += last.through[pc]!;
          b.stable[next] = 1;
          carry(pc, next);
        } else if (state[c] === HOPEFUL) {
          const next = b.child(at, c);
          b.through[next]! += last.through[pc]!;
          lists.join(b.sourceHead, b.sourceTail, next, last.sourceHead[pc]!, last.sourceTail[pc]!);
        } else {
          for (let k = last.sourceHead[pc]!; k >= 0; k = lists.next[k]!) edge(lists.edge[k]!, at);
        }
      }
      for (let k = last.overvoteHead[pn]!; k >= 0; k = lists.next[k]!) edge(lists.edge[k]!, at);
    };
    if (last === undefined) walk(0, 0);
    else carry(0, 0);
    this.last = b;
    return b.choiceTree();
  }
}
