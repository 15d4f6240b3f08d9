import { grown } from '../../count/merge.js';

/**
 * Recognises known cells one byte at a time: `next[state * 256 + byte]` is the
 * next state (0: no known cell continues this way) and `accept[state]` is the
 * cell id + 1 of the cell ending there. State 1 is the start; state 0 is dead.
 */
export class CellTrie {
  static readonly MAX_STATES = 4096;
  next: Int32Array = new Int32Array(256 * 64);
  accept: Int32Array = new Int32Array(64);
  private states = 2;

  /** Adds a cell's bytes, unless the trie is full (its cells are then found by hash). */
  add(buf: Uint8Array, s: number, e: number, id: number): void {
    let state = 1;
    for (let k = s; k < e; k++) {
      const slot = (state << 8) | buf[k];
      let to = this.next[slot];
      if (to === 0) {
        if (this.states === CellTrie.MAX_STATES) return;
        to = this.states++;
        if (to === this.accept.length) {
          this.accept = grown(this.accept, to + 1);
          this.next = grown(this.next, (to + 1) << 8);
        }
        this.next[slot] = to;
      }
      state = to;
    }
    this.accept[state] = id + 1;
  }
}
