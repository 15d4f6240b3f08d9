/**
 * CSV cast-vote records: one ballot per row, RFC 4180 quoting, LF or CRLF.
 * The header row says which of two layouts the file has:
 *
 * (a) rank columns: `rank1,rank2,…` (also `Rank 1`, `rank_1`, `choice1`,
 *     `preference 1`; case does not matter; numbered 1, 2, … in order). Each
 *     cell names the candidate at that rank:
 *       - a blank cell (or `undervote`) is a skipped rank;
 *       - `Alice=Bob` or `Alice|Bob` marks several candidates at one rank (an
 *         overvote, or an equal ranking), so names cannot contain `=` or `|`;
 *       - `overvote` is an overvote whose candidates the file does not name. It
 *         is recorded as a rank marking every candidate, which each overvote
 *         rule treats as an overvote: it never counts for anyone while two or
 *         more candidates continue.
 *     Candidates are the names met, in order of first appearance; or, when a
 *     candidate list is given, exactly that list (a name outside it is an error,
 *     so a typo cannot become a candidate).
 * (b) one column per candidate: the header names the candidates and each cell
 *     holds the rank the voter gave them (1 = first; blank = unranked). Two
 *     candidates with the same number share that rank; a number nobody has is a
 *     skipped rank. Ranks run from 1 to the number of candidates.
 *
 * Leading columns that identify a ballot rather than rank candidates are
 * ignored in both layouts, but only these names (case, spaces, `_` and `-` do
 * not matter): id, ballot, ballot id, ballot number, ballot no, cvr, cvr id,
 * cvr number, record, record id, row id, voter id, precinct, precinct id,
 * precinct name, precinct portion, batch, batch id, tabulator, tabulator id,
 * ward, polling station, polling district, ballot style. Any other column
 * before or among rank columns is an error.
 *
 * Names and rank numbers are trimmed. Empty lines are skipped, so in a file with
 * a single rank column an empty ballot must be written `""`.
 *
 * Speed (a million rows must take a fraction of a second): nothing is decoded
 * per row. Bytes are matched against a small trie of the cells met so far,
 * so each cell becomes a small id in one table lookup per byte; a row is then
 * its sequence of cell ids, packed exactly into one number where they fit, and
 * counted in a hash table. Only the first copy of each distinct row is
 * interpreted, from its cells' cached meanings. Rows with quotes take a slower
 * path that parses them fully. The result is built straight into a BallotSet:
 * when no two cells mean the same, distinct rows are already distinct rankings;
 * otherwise rankings are merged over typed arrays, as BallotSetBuilder would,
 * but without a string key per ranking.
 */
import { SKIP, type BallotSet, type Election } from '../count/ballots.js';
import { InputError } from './errors.js';
import { parseCsvRecord } from './csv.js';
import { titleFromFile } from './lines.js';
import { FNV_OFFSET, FNV_PRIME, RankingMerger, grown, mix, rehashed } from '../count/merge.js';

export interface CsvCvrOptions {
  /** The candidates, in order, for rank-column files. */
  readonly candidates?: readonly string[];
  /** Election title; by default the file's name without directory or extension. */
  readonly title?: string;
}

const ID_COLUMNS = new Set([
  'id', 'ballot', 'ballotid', 'ballotnumber', 'ballotno', 'cvr', 'cvrid', 'cvrnumber', 'record', 'recordid', 'rowid', 'voterid',
  'precinct', 'precinctid', 'precinctname', 'precinctportion', 'batch', 'batchid', 'tabulator', 'tabulatorid', 'ward',
  'pollingstation', 'pollingdistrict', 'ballotstyle',
]);
const RANK_COLUMN = /^(?:rank|choice|preference)[\s_-]*(\d+)$/i;
const RANK_NUMBER = /^\d+$/;
/** Stands for an unnamed overvote until every candidate is known. */
const OVERVOTE = -0x40000000;
const MAX_RECORD_BYTES = 1 << 20;

type Layout =
  | { readonly kind: 'ranks'; readonly idCells: number; readonly ranks: number }
  | { readonly kind: 'candidates'; readonly idCells: number; readonly names: readonly string[] };

/** A cell's meaning: the tokens it adds (rank columns) or its rank as [r] / [] (candidate columns), or an error. */
type CellMeaning = readonly number[] | string;

function normaliseColumn(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

function hashBytes(buf: Uint8Array, s: number, e: number): number {
  let h = FNV_OFFSET;
  for (let k = s; k < e; k++) h = Math.imul(h ^ buf[k], FNV_PRIME);
  return mix(h);
}

/** Interned byte strings: each distinct one gets an index, found again by hash and bytes. */
class ByteStrings {
  size = 0;
  /** Whether the last `intern` added a new string. */
  added = false;
  private slots = new Int32Array(1 << 10);
  private hashes: Int32Array = new Int32Array(1 << 9);
  private offsets: Int32Array = new Int32Array(1 << 9);
  private lengths: Int32Array = new Int32Array(1 << 9);
  private bytes: Uint8Array = new Uint8Array(1 << 14);
  private used = 0;

  intern(buf: Uint8Array, s: number, e: number, h: number): number {
    const len = e - s;
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = h & mask;
    for (let at = slots[slot]; at !== 0; at = slots[slot]) {
      const i = at - 1;
      if (this.hashes[i] === h && this.lengths[i] === len) {
        const bytes = this.bytes;
        const o = this.offsets[i] - s;
        let k = s;
        while (k < e && buf[k] === bytes[k + o]) k++;
        if (k === e) {
          this.added = false;
          return i;
        }
      }
      slot = (slot + 1) & mask;
    }
    const i = this.size++;
    if (i === this.hashes.length) {
      this.hashes = grown(this.hashes, i + 1);
      this.offsets = grown(this.offsets, i + 1);
      this.lengths = grown(this.lengths, i + 1);
    }
    if (this.used + len > this.bytes.length) this.bytes = grown(this.bytes, this.used + len);
    this.bytes.set(buf.subarray(s, e), this.used);
    this.hashes[i] = h;
    this.offsets[i] = this.used;
    this.lengths[i] = len;
    this.used += len;
    slots[slot] = i + 1;
    if (this.size * 2 > mask) this.slots = rehashed(this.hashes, this.size, slots.length * 2);
    this.added = true;
    return i;
  }
}

/**
 * Distinct rows as fixed-length sequences of cell ids, with how many times each
 * was met. While every id is below `radix`, a row's ids are packed exactly into
 * one float64 key (radix^width <= 2^53) kept in its hash slot beside its count,
 * so meeting a row again touches one cache line; otherwise rows are found by
 * hash and compared id by id.
 */
class IdRows {
  size = 0;
  /** Whether the last `intern` added a new row. */
  added = false;
  ids: Int32Array;
  private readonly radix: number;
  private packed: boolean;
  /** Packed mode: [key, row + 1, count, unused] per slot. */
  private keySlots = new Float64Array(4 << 13);
  /** Hash mode: [hash, row + 1] per slot, counts by row. */
  private hashSlots = new Int32Array(0);
  private rowCounts = new Float64Array(0);
  private hashes: Int32Array = new Int32Array(1 << 9);

  constructor(readonly width: number) {
    this.ids = new Int32Array(Math.max(1, width) << 9);
    this.radix = width > 0 ? 2 ** Math.floor(53 / width) : 1;
    this.packed = this.radix >= 4;
    if (!this.packed) this.unpack();
  }

  /** Counts one more copy of `row` and returns its index. */
  intern(row: Int32Array, h: number): number {
    const k = this.width;
    if (this.packed) {
      const radix = this.radix;
      let key = 0;
      let scale = 1;
      for (let j = 0; j < k; j++) {
        const id = row[j];
        if (id >= radix) {
          this.unpack();
          return this.intern(row, h);
        }
        key += id * scale;
        scale *= radix;
      }
      const slots = this.keySlots;
      const mask = (slots.length >> 2) - 1;
      let slot = h & mask;
      for (let at = slots[4 * slot + 1]; at !== 0; at = slots[4 * slot + 1]) {
        if (slots[4 * slot] === key) {
          slots[4 * slot + 2]++;
          this.added = false;
          return at - 1;
        }
        slot = (slot + 1) & mask;
      }
      const r = this.store(row, h);
      slots[4 * slot] = key;
      slots[4 * slot + 1] = r + 1;
      slots[4 * slot + 2] = 1;
      if (this.size * 2 > mask) this.rebuild();
      return r;
    }
    const slots = this.hashSlots;
    const mask = (slots.length >> 1) - 1;
    let slot = h & mask;
    for (let at = slots[2 * slot + 1]; at !== 0; at = slots[2 * slot + 1]) {
      if (slots[2 * slot] === h) {
        const base = (at - 1) * k;
        const ids = this.ids;
        let j = 0;
        while (j < k && ids[base + j] === row[j]) j++;
        if (j === k) {
          this.rowCounts[at - 1]++;
          this.added = false;
          return at - 1;
        }
      }
      slot = (slot + 1) & mask;
    }
    const r = this.store(row, h);
    if (r >= this.rowCounts.length) this.rowCounts = grown(this.rowCounts, r + 1);
    this.rowCounts[r] = 1;
    slots[2 * slot] = h;
    slots[2 * slot + 1] = r + 1;
    if (this.size * 2 > mask) this.rebuild();
    return r;
  }

  /** How many times each row was met, by row index. */
  counts(): Float64Array {
    if (!this.packed) return this.rowCounts.subarray(0, this.size);
    const out = new Float64Array(this.size);
    const slots = this.keySlots;
    for (let s = 0; s < slots.length; s += 4) if (slots[s + 1] !== 0) out[slots[s + 1] - 1] = slots[s + 2];
    return out;
  }

  private store(row: Int32Array, h: number): number {
    const r = this.size++;
    const k = this.width;
    if ((r + 1) * k > this.ids.length) this.ids = grown(this.ids, (r + 1) * k);
    if (r === this.hashes.length) this.hashes = grown(this.hashes, r + 1);
    this.ids.set(row.subarray(0, k), r * k);
    this.hashes[r] = h;
    this.added = true;
    return r;
  }

  private unpack(): void {
    const counts = this.counts();
    this.packed = false;
    this.rowCounts = new Float64Array(Math.max(counts.length, 1 << 9));
    this.rowCounts.set(counts);
    let size = 1 << 11;
    while (size < this.size * 4) size *= 2;
    const slots = new Int32Array(size);
    const mask = (size >> 1) - 1;
    for (let r = 0; r < this.size; r++) {
      let slot = this.hashes[r] & mask;
      while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = this.hashes[r];
      slots[2 * slot + 1] = r + 1;
    }
    this.hashSlots = slots;
    this.keySlots = new Float64Array(0);
  }

  /** Doubles the slots of the current mode. */
  private rebuild(): void {
    const hashes = this.hashes;
    if (this.packed) {
      const old = this.keySlots;
      const slots = new Float64Array(old.length * 2);
      const mask = (slots.length >> 2) - 1;
      for (let s = 0; s < old.length; s += 4) {
        const at = old[s + 1];
        if (at === 0) continue;
        let slot = hashes[at - 1] & mask;
        while (slots[4 * slot + 1] !== 0) slot = (slot + 1) & mask;
        slots[4 * slot] = old[s];
        slots[4 * slot + 1] = at;
        slots[4 * slot + 2] = old[s + 2];
      }
      this.keySlots = slots;
      return;
    }
    const old = this.hashSlots;
    const slots = new Int32Array(old.length * 2);
    const mask = (slots.length >> 1) - 1;
    for (let s = 0; s < old.length; s += 2) {
      const at = old[s + 1];
      if (at === 0) continue;
      let slot = old[s] & mask;
      while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = old[s];
      slots[2 * slot + 1] = at;
    }
    this.hashSlots = slots;
  }
}

/**
 * Recognises known cells one byte at a time: `next[state * 256 + byte]` is the
 * next state (0: no known cell continues this way) and `accept[state]` is the
 * cell id + 1 of the cell ending there. State 1 is the start; state 0 is dead.
 */
class CellTrie {
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
  private readonly meanings: CellMeaning[] = [];
  private hasOvervote = false;

  // Distinct rows: their cell ids and copies (in `rows`), first line and ranking tokens.
  private rows = new IdRows(0);
  private rowIds = new Int32Array(16);
  private rowLine: Int32Array = new Int32Array(1 << 9);
  private rowTokens: Int32Array = new Int32Array(1 << 12);
  private rowTokStart: Int32Array = new Int32Array(1 << 9);
  private tokensUsed = 0;

  private readonly candidateIndex = new Map<string, number>();
  private readonly candidateNames: string[] = [];
  private readonly fixedCandidates: boolean;
  private readonly scratch: number[] = [];
  private readonly bucket: number[][] = [];

  constructor(
    readonly file: string,
    private readonly options: CsvCvrOptions = {},
  ) {
    this.fixedCandidates = options.candidates !== undefined;
    for (const name of options.candidates ?? []) {
      const trimmed = name.trim();
      if (trimmed === '') throw new InputError(file, null, 'the candidate list has an empty name');
      if (this.candidateIndex.has(trimmed)) throw new InputError(file, null, `the candidate list names ${JSON.stringify(trimmed)} twice`);
      this.candidateIndex.set(trimmed, this.candidateNames.length);
      this.candidateNames.push(trimmed);
    }
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
    const names = layout.kind === 'ranks' ? this.candidateNames : layout.names;
    return {
      title: this.options.title ?? titleFromFile(this.file),
      candidates: names.map((name) => ({ name, attributes: {} })),
      seats: undefined,
      withdrawn: [],
      ballots: this.ballots(names.length),
    };
  }

  private ballots(n: number): BallotSet {
    const rows = this.rows.size;
    const counts = this.rows.counts();
    const tok = this.rowTokens;
    const overvote: number[] = [0];
    for (let c = 1; c < n; c++) overvote.push(-2 - c);
    const seenMeaning = new Set<string>();
    let distinct = true;
    for (const m of this.meanings) {
      if (typeof m === 'string') continue;
      const key = m.length === 1 && m[0] === OVERVOTE ? overvote.join(',') : m.join(',');
      if (seenMeaning.has(key)) distinct = false;
      seenMeaning.add(key);
    }
    // When no two cells mean the same, distinct rows are distinct rankings (each cell's tokens
    // open with a rank of their own, so the concatenation splits one way only): no merging needed.
    if (distinct && !this.hasOvervote) {
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
        if (n < 2) this.fail(this.rowLine[r], 'an overvote needs at least two candidates');
        for (const o of overvote) run.push(o);
      }
      merger.add(run, run.length, BigInt(counts[r]));
    }
    return merger.build();
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
    const id = this.meanings.length;
    this.meanings.push(this.readCell(Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('utf8')));
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
        id = this.meanings.length;
        this.meanings.push(this.readCell(text));
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
    if (r === this.rowLine.length) {
      this.rowLine = grown(this.rowLine, r + 1);
      this.rowTokStart = grown(this.rowTokStart, r + 1);
    }
    this.rowLine[r] = lineNo;
    const tokens = this.tokensOf(this.rowIds, lineNo);
    if (this.tokensUsed + tokens.length > this.rowTokens.length) this.rowTokens = grown(this.rowTokens, this.tokensUsed + tokens.length);
    this.rowTokStart[r] = this.tokensUsed;
    for (let k = 0; k < tokens.length; k++) this.rowTokens[this.tokensUsed++] = tokens[k];
  }

  private header(p: number, q: number): void {
    let e = q;
    if (e > p && this.buf[e - 1] === 13) e--;
    const lineNo = this.advanceLines(p, q);
    if (e === p) return; // blank lines before the header
    const cells = parseCsvRecord(this.buf.toString('utf8', p, e), this.file, lineNo).map((c) => c.trim());
    let idCells = 0;
    while (idCells < cells.length && ID_COLUMNS.has(normaliseColumn(cells[idCells]))) idCells++;
    const rest = cells.slice(idCells);
    if (rest.length === 0) this.fail(lineNo, `unknown layout: the header has no rank or candidate columns (${JSON.stringify(cells.join(','))})`);
    if (RANK_COLUMN.test(rest[0])) {
      rest.forEach((cell, k) => {
        const m = RANK_COLUMN.exec(cell);
        if (!m) this.fail(lineNo, `unknown layout: column ${idCells + k + 1} ${JSON.stringify(cell)} is not a rank column, but the header starts with rank columns (rank1,rank2,…)`);
        if (Number(m[1]) !== k + 1) this.fail(lineNo, `unknown layout: column ${idCells + k + 1} is ${JSON.stringify(cell)}, expected rank ${k + 1} (rank columns are numbered 1, 2, … in order)`);
      });
      this.setLayout({ kind: 'ranks', idCells, ranks: rest.length });
      return;
    }
    if (this.fixedCandidates) {
      this.fail(lineNo, 'a candidate list is only used with rank columns (rank1,rank2,…); this header has one column per candidate');
    }
    const seen = new Map<string, number>();
    rest.forEach((cell, k) => {
      const col = idCells + k + 1;
      if (cell === '') this.fail(lineNo, `unknown layout: column ${col} of the header is empty (expected rank1,rank2,… or one candidate name per column)`);
      if (RANK_COLUMN.test(cell)) this.fail(lineNo, `unknown layout: column ${col} ${JSON.stringify(cell)} is a rank column, but the header starts with a candidate column`);
      if (ID_COLUMNS.has(normaliseColumn(cell))) this.fail(lineNo, `unknown layout: id column ${JSON.stringify(cell)} must come before the candidate columns`);
      const before = seen.get(cell);
      if (before !== undefined) this.fail(lineNo, `unknown layout: candidate ${JSON.stringify(cell)} has two columns (${before} and ${col})`);
      seen.set(cell, col);
    });
    if (rest.every((cell) => /^[\d\s.+-]+$/.test(cell))) {
      this.fail(lineNo, `unknown layout: the first row ${JSON.stringify(cells.join(','))} looks like data, not a header (expected rank1,rank2,… or candidate names)`);
    }
    this.setLayout({ kind: 'candidates', idCells, names: rest });
  }

  private setLayout(layout: Layout): void {
    this.layout = layout;
    this.idCells = layout.idCells;
    this.width = layout.kind === 'ranks' ? layout.ranks : layout.names.length;
    this.rows = new IdRows(this.width);
    this.rowIds = new Int32Array(this.width);
  }

  private readCell(text: string): CellMeaning {
    const layout = this.layout!;
    return layout.kind === 'ranks' ? this.readRankCell(text) : readRankNumber(text, layout.names.length);
  }

  /** Ranking tokens of a row given by its cell ids (OVERVOTE for an unnamed overvote). */
  private tokensOf(ids: Int32Array, lineNo: number): readonly number[] {
    const out = this.scratch;
    out.length = 0;
    const width = this.width;
    if (this.layout!.kind === 'ranks') {
      for (let k = 0; k < width; k++) {
        const m = this.meanings[ids[k]];
        if (typeof m === 'string') this.fail(lineNo, m);
        for (let j = 0; j < m.length; j++) out.push(m[j]);
      }
      return out;
    }
    const bucket = this.bucket;
    let top = 0;
    for (let c = 0; c < width; c++) {
      const m = this.meanings[ids[c]];
      if (typeof m === 'string') this.fail(lineNo, m);
      if (m.length === 0) continue;
      const r = m[0];
      while (bucket.length < r) bucket.push([]);
      bucket[r - 1].push(c);
      if (r > top) top = r;
    }
    for (let r = 0; r < top; r++) {
      const marks = bucket[r];
      if (marks.length === 0) out.push(SKIP);
      else {
        out.push(marks[0]);
        for (let k = 1; k < marks.length; k++) out.push(-2 - marks[k]);
      }
      marks.length = 0;
    }
    return out;
  }

  private readRankCell(text: string): CellMeaning {
    const cell = text.trim();
    const word = cell.toLowerCase();
    if (cell === '' || word === 'undervote') return [SKIP];
    if (word === 'overvote') {
      this.hasOvervote = true;
      return [OVERVOTE];
    }
    const names = cell.split(/[=|]/).map((s) => s.trim());
    const tokens: number[] = [];
    for (const name of names) {
      if (name === '') return `${JSON.stringify(cell)} has an empty name (separate several candidates at one rank with = or |)`;
      const lower = name.toLowerCase();
      if (lower === 'overvote' || lower === 'undervote') return `${JSON.stringify(cell)} mixes ${lower} with candidate names`;
      let c = this.candidateIndex.get(name);
      if (c === undefined) {
        if (this.fixedCandidates) return `unknown candidate ${JSON.stringify(name)} (not in the candidate list)`;
        c = this.candidateNames.length;
        this.candidateIndex.set(name, c);
        this.candidateNames.push(name);
      }
      tokens.push(tokens.length === 0 ? c : -2 - c);
    }
    return tokens;
  }
}

function readRankNumber(text: string, n: number): CellMeaning {
  const cell = text.trim();
  if (cell === '') return [];
  if (!RANK_NUMBER.test(cell) || Number(cell) === 0) return `rank ${JSON.stringify(cell)} is not a positive whole number (leave the cell blank for an unranked candidate)`;
  const r = Number(cell);
  if (r > n) return `rank ${r} is more than the number of candidates (${n})`;
  return [r];
}

function isBlank(buf: Uint8Array, s: number, e: number): boolean {
  for (let k = s; k < e; k++) if (buf[k] !== 13) return false;
  return true;
}

/** Parses a CSV cast-vote record from a whole text or buffer; `file` is used in error messages. */
export function parseCsvCvr(input: string | Uint8Array, file: string, options: CsvCvrOptions = {}): Election {
  const reader = new CsvCvrReader(file, options);
  reader.push(typeof input === 'string' ? Buffer.from(input, 'utf8') : input);
  return reader.finish();
}
