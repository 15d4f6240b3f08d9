/** The streaming reader: bytes in, distinct rows counted, one Election out. */
import type { Election } from '../../count/ballots.js';
import { FNV_OFFSET, FNV_PRIME, mix } from '../../count/merge.js';
import { parseCsvRecord } from '../csv.js';
import { InputError } from '../errors.js';
import { titleFromFile } from '../lines.js';
import { ByteStrings, hashBytes } from './byte-strings.js';
import { CellMeanings } from './cells.js';
import { CellTrie } from './cell-trie.js';
import { layoutOf, type Layout } from './header.js';
import { IdRows } from './id-rows.js';
import { RowRankings } from './rankings.js';

export interface CsvCvrOptions {
  /** The candidates, in order, for rank-column files. */
  readonly candidates?: readonly string[] | undefined;
  /** Election title; by default the file's name without directory or extension. */
  readonly title?: string;
}

const MAX_RECORD_BYTES = 1 << 20;

/**
 * Reads a CSV cast-vote record from byte chunks (`push`), then `finish()`.
 * Holds one entry per distinct row, never one per ballot.
 */
export class CsvCvrReader {
  private buf: Buffer = Buffer.allocUnsafe(1 << 20);
  private len = 0;
  private line = 1;
  private started = false;
  private layout: Layout | null = null;
  private idCells = 0;
  /** Cells per row after the id cells. */
  private width = 0;

  // Distinct cells: raw bytes (unquoted) or decoded text (quoted) to an id, and what each id means.
  private readonly trie = new CellTrie();
  private readonly rawCells = new ByteStrings();
  private readonly rawCellIds: number[] = [];
  private readonly quotedCells = new Map<string, number>();
  private readonly cells: CellMeanings;

  // Distinct rows: their cell ids and copies (in `rows`), and their rankings.
  private rows = new IdRows(0);
  private rowIds = new Int32Array(16);
  private readonly rankings = new RowRankings();

  constructor(
    readonly file: string,
    private readonly options: CsvCvrOptions = {},
  ) {
    this.cells = new CellMeanings(file, options.candidates);
  }

  private fail(line: number, problem: string): never {
    throw new InputError(this.file, line, problem);
  }

  /** Adds the next bytes of the file. */
  push(chunk: Uint8Array): void {
    this.space(chunk.length).set(chunk);
    this.commit(chunk.length);
  }

  /** Room for `n` more bytes, to read the file straight into; then call `commit` with the number written. */
  space(n: number): Uint8Array {
    if (this.len + n > this.buf.length) {
      let cap = this.buf.length * 2;
      while (cap < this.len + n) cap *= 2;
      const next = Buffer.allocUnsafe(cap);
      this.buf.copy(next, 0, 0, this.len);
      this.buf = next;
    }
    return this.buf.subarray(this.len, this.len + n);
  }

  /** Takes `n` bytes written into `space()`. */
  commit(n: number): void {
    this.len += n;
    this.consume(false);
  }

  /** Reads what is left and returns the election. */
  finish(): Election {
    this.consume(true);
    const layout = this.layout;
    if (layout === null) this.fail(1, 'the file is empty: expected a header row (rank1,rank2,… or one column per candidate)');
    const names = this.cells.names(layout);
    return {
      title: this.options.title ?? titleFromFile(this.file),
      candidates: names.map((name) => ({ name, attributes: {} })),
      seats: undefined,
      withdrawn: [],
      ballots: this.rankings.ballots(this.rows.size, this.rows.counts(), this.cells.meanings, this.cells.hasOvervote, names.length, (line, problem) =>
        this.fail(line, problem),
      ),
    };
  }

  /** Processes every complete row in the buffer (and, at the end, the last one). */
  private consume(final: boolean): void {
    const buf = this.buf;
    const end = this.len;
    let p = 0;
    if (!this.started) {
      if (end < 3 && !final) return;
      this.started = true;
      if (end >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) p = 3;
    }
    // Rows wholly before `limit` are complete (a quoted line break is checked for when a quote is met).
    const lastLf = final ? -1 : buf.lastIndexOf(10, end - 1);
    const limit = final ? end : lastLf < 0 ? 0 : lastLf + 1;
    let idCells = this.idCells;
    let width = this.width;
    let ids = this.rowIds;
    let next = this.trie.next;
    let accept = this.trie.accept;
    while (p < end) {
      if (this.layout === null) {
        const q = this.rowEnd(p, end, final);
        if (q < 0) break;
        this.header(p, q);
        idCells = this.idCells;
        width = this.width;
        ids = this.rowIds;
        p = q + 1;
        continue;
      }
      if (next !== this.trie.next || accept !== this.trie.accept) {
        next = this.trie.next;
        accept = this.trie.accept;
      }
      if (p >= limit) {
        if (end - p > MAX_RECORD_BYTES) this.rowEnd(p, end, false);
        break;
      }
      // Fast path: a row without quotes. Skip the id cells, then identify each cell by its bytes
      // (a CR before the LF is not part of the last cell).
      const rowStart = p;
      let q = p;
      let quoted = false;
      let left = idCells;
      while (left > 0 && q < limit) {
        const b = buf[q];
        if (b === 44) left--;
        else if (b === 10) break;
        else if (b === 34) {
          quoted = true;
          break;
        }
        q++;
      }
      let cells = 0;
      let rowHash = FNV_OFFSET;
      if (!quoted && left === 0) {
        let cellStart = q;
        let state = 1;
        for (; q < limit; q++) {
          const b = buf[q];
          const to = next[(state << 8) | b];
          if (to !== 0) {
            state = to;
            continue;
          }
          if (b === 44 || b === 10) {
            const id = accept[state] !== 0 ? accept[state] - 1 : this.cellId(buf, cellStart, b === 10 && q > cellStart && buf[q - 1] === 13 ? q - 1 : q);
            if (cells < width) ids[cells] = id;
            cells++;
            rowHash = Math.imul(rowHash ^ id, FNV_PRIME);
            if (b === 10) break;
            cellStart = q + 1;
            state = 1;
          } else if (b === 34) {
            quoted = true;
            break;
          } else if (b !== 13 || q + 1 >= limit || buf[q + 1] !== 10) state = 0;
        }
        if (q === limit && !quoted) {
          // The last row of the file, without a line end.
          const e = q > cellStart && buf[q - 1] === 13 ? q - 1 : q;
          const id = accept[state] !== 0 ? accept[state] - 1 : this.cellId(buf, cellStart, e);
          if (cells < width) ids[cells] = id;
          cells++;
          rowHash = Math.imul(rowHash ^ id, FNV_PRIME);
        }
      } else if (!quoted) {
        while (q < limit && buf[q] !== 10) q++;
      }
      if (quoted) {
        const e = this.rowEnd(rowStart, end, final);
        if (e < 0) break;
        this.quotedRow(rowStart, e);
        p = e + 1;
        continue;
      }
      const rowEnd = q;
      const lineNo = this.line++;
      p = rowEnd + 1;
      if (isBlank(buf, rowStart, rowEnd)) continue;
      if (left > 0 || cells !== width) {
        this.fail(lineNo, `expected ${idCells + width} cells (as in the header), found ${left > 0 ? idCells - left + 1 : idCells + cells}`);
      }
      const r = this.rows.intern(ids, mix(rowHash));
      if (this.rows.added) this.firstSeen(r, lineNo);
    }
    if (p > 0) {
      buf.copyWithin(0, p, end);
      this.len = end - p;
    }
  }

  /** The id of an unquoted cell the trie does not know, interpreting it when first met. */
  private cellId(buf: Uint8Array, s: number, e: number): number {
    const c = this.rawCells.intern(buf, s, e, hashBytes(buf, s, e));
    if (!this.rawCells.added) return this.rawCellIds[c];
    const id = this.cells.add(Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('utf8'));
    this.rawCellIds.push(id);
    this.trie.add(buf, s, e, id);
    return id;
  }

  /**
   * Finds the end (index of the LF, or `end` at the end of the file) of the row
   * starting at `p`, with quoted line breaks inside it; -1 when more bytes are needed.
   */
  private rowEnd(p: number, end: number, final: boolean): number {
    const buf = this.buf;
    let inQuote = false;
    let q = p;
    for (; q < end; q++) {
      const b = buf[q];
      if (b === 34) inQuote = !inQuote;
      else if (b === 10 && !inQuote) return q;
    }
    if (final) return end;
    if (q - p > MAX_RECORD_BYTES) {
      this.fail(this.line, inQuote ? 'unterminated quoted cell: the quote that opens it is never closed' : 'a row longer than 1 MiB');
    }
    return -1;
  }

  /** Counts the physical lines of row [p, e) and moves the line counter past them. */
  private advanceLines(p: number, e: number): number {
    const first = this.line;
    let lines = 1;
    for (let q = p; q < e; q++) if (this.buf[q] === 10) lines++;
    this.line += lines;
    return first;
  }

  private quotedRow(p: number, e: number): void {
    const buf = this.buf;
    const lineNo = this.advanceLines(p, e);
    const rowEnd = e > p && buf[e - 1] === 13 ? e - 1 : e;
    const cells = parseCsvRecord(buf.toString('utf8', p, rowEnd), this.file, lineNo);
    if (cells.length !== this.idCells + this.width) {
      this.fail(lineNo, `expected ${this.idCells + this.width} cells (as in the header), found ${cells.length}`);
    }
    const ids = this.rowIds;
    let rowHash = FNV_OFFSET;
    for (let k = 0; k < this.width; k++) {
      const text = cells[this.idCells + k];
      let id = this.quotedCells.get(text);
      if (id === undefined) {
        id = this.cells.add(text);
        this.quotedCells.set(text, id);
      }
      ids[k] = id;
      rowHash = Math.imul(rowHash ^ id, FNV_PRIME);
    }
    const r = this.rows.intern(ids, mix(rowHash));
    if (this.rows.added) this.firstSeen(r, lineNo);
  }

  /** Records a new distinct row; interpreting it when first met keeps errors in line order. */
  private firstSeen(r: number, lineNo: number): void {
    this.rankings.add(
      r,
      lineNo,
      this.cells.tokensOf(this.rowIds, this.width, (problem) => this.fail(lineNo, problem)),
    );
  }

  private header(p: number, q: number): void {
    let e = q;
    if (e > p && this.buf[e - 1] === 13) e--;
    const lineNo = this.advanceLines(p, q);
    if (e === p) return; // blank lines before the header
    const cells = parseCsvRecord(this.buf.toString('utf8', p, e), this.file, lineNo).map((c) => c.trim());
    this.setLayout(layoutOf(cells, this.cells.fixed, (problem) => this.fail(lineNo, problem)));
  }

  private setLayout(layout: Layout): void {
    this.layout = layout;
    this.cells.setLayout(layout);
    this.idCells = layout.idCells;
    this.width = layout.kind === 'ranks' ? layout.ranks : layout.names.length;
    this.rows = new IdRows(this.width);
    this.rowIds = new Int32Array(this.width);
  }
}

function isBlank(buf: Uint8Array, s: number, e: number): boolean {
  for (let k = s; k < e; k++) if (buf[k] !== 13) return false;
  return true;
}
