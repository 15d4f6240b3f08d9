/** What a distinct cell means for the ranking, and how a row's cells become ranking tokens. */
import { SKIP } from '../../count/ballots.js';
import { InputError } from '../errors.js';
import type { Layout } from './header.js';

/** Stands for an unnamed overvote until every candidate is known. */
export const OVERVOTE = -0x40000000;
const RANK_NUMBER = /^\d+$/;

/** A cell's meaning: the tokens it adds (rank columns) or its rank as [r] / [] (candidate columns), or an error. */
export type CellMeaning = readonly number[] | string;

/**
 * The meanings of the distinct cells met so far, by cell id, and the candidates: the given list, or
 * (rank columns) the names met, in order of first appearance.
 */
export class CellMeanings {
  readonly meanings: CellMeaning[] = [];
  /** Whether some cell is an unnamed overvote. */
  hasOvervote = false;
  /** A candidate list was given. */
  readonly fixed: boolean;
  private readonly candidateIndex = new Map<string, number>();
  private readonly candidateNames: string[] = [];
  private layout: Layout | null = null;
  private readonly scratch: number[] = [];
  private readonly bucket: number[][] = [];

  constructor(file: string, candidates: readonly string[] | undefined) {
    this.fixed = candidates !== undefined;
    for (const name of candidates ?? []) {
      const trimmed = name.trim();
      if (trimmed === '') throw new InputError(file, null, 'the candidate list has an empty name');
      if (this.candidateIndex.has(trimmed)) throw new InputError(file, null, `the candidate list names ${JSON.stringify(trimmed)} twice`);
      this.candidateIndex.set(trimmed, this.candidateNames.length);
      this.candidateNames.push(trimmed);
    }
  }

  setLayout(layout: Layout): void {
    this.layout = layout;
  }

  /** The candidates, once the whole file is read. */
  names(layout: Layout): readonly string[] {
    return layout.kind === 'ranks' ? this.candidateNames : layout.names;
  }

  /** Interprets a cell met for the first time; returns its id. */
  add(text: string): number {
    const id = this.meanings.length;
    const layout = this.layout!;
    this.meanings.push(layout.kind === 'ranks' ? this.readRankCell(text) : readRankNumber(text, layout.names.length));
    return id;
  }

  /** Ranking tokens of a row given by its cell ids (OVERVOTE for an unnamed overvote); a cell's error goes to `fail`. */
  tokensOf(ids: Int32Array, width: number, fail: (problem: string) => never): readonly number[] {
    const out = this.scratch;
    out.length = 0;
    if (this.layout!.kind === 'ranks') {
      for (let k = 0; k < width; k++) {
        const m = this.meanings[ids[k]];
        if (typeof m === 'string') fail(m);
        for (let j = 0; j < m.length; j++) out.push(m[j]);
      }
      return out;
    }
    const bucket = this.bucket;
    let top = 0;
    for (let c = 0; c < width; c++) {
      const m = this.meanings[ids[c]];
      if (typeof m === 'string') fail(m);
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
        if (this.fixed) return `unknown candidate ${JSON.stringify(name)} (not in the candidate list)`;
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
  if (!RANK_NUMBER.test(cell) || Number(cell) === 0)
    return `rank ${JSON.stringify(cell)} is not a positive whole number (leave the cell blank for an unranked candidate)`;
  const r = Number(cell);
  if (r > n) return `rank ${r} is more than the number of candidates (${n})`;
  return [r];
}
