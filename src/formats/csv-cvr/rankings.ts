/** The rankings of the distinct rows, kept as flat tokens, and the BallotSet they make. */
import { SKIP, type BallotSet } from '../../count/ballots.js';
import { RankingMerger, grown } from '../../count/merge.js';
import { OVERVOTE, type CellMeaning } from './cells.js';

export class RowRankings {
  /** The line each distinct row was first met on, by row index. */
  private rowLine: Int32Array = new Int32Array(1 << 9);
  private rowTokens: Int32Array = new Int32Array(1 << 12);
  private rowTokStart: Int32Array = new Int32Array(1 << 9);
  private tokensUsed = 0;

  /** Records the tokens of distinct row `r`, which is the next one. */
  add(r: number, lineNo: number, tokens: readonly number[]): void {
    if (r === this.rowLine.length) {
      this.rowLine = grown(this.rowLine, r + 1);
      this.rowTokStart = grown(this.rowTokStart, r + 1);
    }
    this.rowLine[r] = lineNo;
    if (this.tokensUsed + tokens.length > this.rowTokens.length) this.rowTokens = grown(this.rowTokens, this.tokensUsed + tokens.length);
    this.rowTokStart[r] = this.tokensUsed;
    for (let k = 0; k < tokens.length; k++) this.rowTokens[this.tokensUsed++] = tokens[k];
  }

  /**
   * The ballots of `rows` distinct rows met `counts[r]` times each, over `n` candidates. An unnamed
   * overvote's problem goes to `fail` with the line of the row it is on.
   */
  ballots(
    rows: number,
    counts: Float64Array,
    meanings: readonly CellMeaning[],
    hasOvervote: boolean,
    n: number,
    fail: (line: number, problem: string) => never,
  ): BallotSet {
    const tok = this.rowTokens;
    const overvote: number[] = [0];
    for (let c = 1; c < n; c++) overvote.push(-2 - c);
    const seenMeaning = new Set<string>();
    let distinct = true;
    for (const m of meanings) {
      if (typeof m === 'string') continue;
      const key = m.length === 1 && m[0] === OVERVOTE ? overvote.join(',') : m.join(',');
      if (seenMeaning.has(key)) distinct = false;
      seenMeaning.add(key);
    }
    // When no two cells mean the same, distinct rows are distinct rankings (each cell's tokens
    // open with a rank of their own, so the concatenation splits one way only): no merging needed.
    if (distinct && !hasOvervote) {
      const offsets = new Uint32Array(rows + 1);
      const tokens = new Int32Array(this.tokensUsed);
      let used = 0;
      for (let r = 0; r < rows; r++) {
        let end = r + 1 === rows ? this.tokensUsed : this.rowTokStart[r + 1];
        const start = this.rowTokStart[r];
        while (end > start && tok[end - 1] === SKIP) end--;
        offsets[r] = used;
        tokens.set(tok.subarray(start, end), used);
        used += end - start;
      }
      offsets[rows] = used;
      const weights: bigint[] = new Array<bigint>(rows);
      let total = 0;
      for (let r = 0; r < rows; r++) {
        weights[r] = BigInt(counts[r]);
        total += counts[r];
      }
      return { size: rows, tokens: tokens.slice(0, used), offsets, weights, total: BigInt(total) };
    }
    const merger = new RankingMerger();
    const run: number[] = [];
    for (let r = 0; r < rows; r++) {
      const start = this.rowTokStart[r];
      const end = r + 1 === rows ? this.tokensUsed : this.rowTokStart[r + 1];
      run.length = 0;
      for (let p = start; p < end; p++) {
        const t = tok[p];
        if (t !== OVERVOTE) {
          run.push(t);
          continue;
        }
        if (n < 2) fail(this.rowLine[r], 'an overvote needs at least two candidates');
        for (const o of overvote) run.push(o);
      }
      merger.add(run, run.length, BigInt(counts[r]));
    }
    return merger.build();
  }
}
