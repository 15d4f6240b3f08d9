/**
 * What a user of a peer library would write first: read the whole file, split
 * it into lines and cells, and keep each ballot's names in rank order. Shared
 * by the IRV peers so they all pay the same, straightforward parsing cost, and
 * timed separately from their counts.
 */
import { readFileSync } from 'node:fs';

export interface RankRows {
  /** Candidate names, in order of first appearance. */
  readonly candidates: string[];
  /** One entry per ballot: the names it ranks, first preference first. */
  readonly rows: string[][];
}

/** Reads a rank-column CSV (header `rank1,…`), dropping blank cells. Names hold no commas or quotes in the bench's files. */
export function readRankCsv(file: string): RankRows {
  const lines = readFileSync(file, 'utf8').split('\n');
  const rows: string[][] = [];
  const seen = new Set<string>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const names = line.split(',').filter((cell) => cell !== '');
    for (const name of names) seen.add(name);
    rows.push(names);
  }
  return { candidates: [...seen], rows };
}

export interface PeerReport {
  readonly winners: string[];
  readonly readMs: number;
  readonly countMs: number;
  readonly note?: string;
  readonly detail?: Readonly<Record<string, string>>;
}

/** Prints the report as the child's last stdout line, which the bench parses. */
export function report(r: PeerReport): void {
  process.stdout.write(JSON.stringify(r) + '\n');
}
