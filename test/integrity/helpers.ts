/** Boards for the tests: ballots counted by a real rule, published as Hustings publishes them. */
import { election } from '../../src/count/ballots.js';
import { count } from '../../src/count/methods/index.js';
import { makeBoard, type Board, type BoardCandidate, type BoardOptionValue } from '../../src/integrity/board.js';

export interface BoardSpec {
  readonly candidates: readonly (string | BoardCandidate)[];
  /** Rankings by candidate id, and how many ballots carry each. */
  readonly ballots: readonly { readonly ranking: readonly string[]; readonly count?: number }[];
  readonly method?: string;
  readonly seats?: number;
  readonly options?: Readonly<Record<string, BoardOptionValue>>;
  /** False: published after the close, before the count. */
  readonly declared?: boolean;
}

/** A tracker code like the app's, drawn from `n` so the tests are repeatable. */
export function trackerOf(n: number): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let x = (Math.imul(n + 1, 2654435761) ^ Math.imul(n + 7, 40503)) >>> 0;
  let out = '';
  for (let i = 0; i < 12; i++) {
    if (i > 0 && i % 4 === 0) out += '-';
    out += alphabet[x & 31];
    x = (Math.imul(x ^ (x >>> 15), 2246822519) + i) >>> 0;
  }
  return out;
}

export function boardOf(spec: BoardSpec): Board {
  const candidates: BoardCandidate[] = spec.candidates.map((c, i) => (typeof c === 'string' ? { id: `c${i + 1}`, name: c, withdrawn: false } : c));
  const seats = spec.seats ?? 1;
  const method = spec.method ?? 'irv';
  const options = { seats, seed: 1, ...(spec.options ?? {}) };
  const ballots = spec.ballots.flatMap((b) => Array.from({ length: b.count ?? 1 }, () => b.ranking));
  const index = new Map(candidates.map((c, i) => [c.id, i]));
  const e = election({
    title: 'Test ballot',
    candidates: candidates.map((c) => ({ name: c.name, attributes: { ...(c.attributes ?? {}) } })),
    seats,
    withdrawn: candidates.flatMap((c, i) => (c.withdrawn ? [i] : [])),
    ballots: ballots.map((ranking) => ({ ranks: ranking.map((id) => index.get(id)!) })),
  });
  const record = count(e, method, options);
  return makeBoard({
    process: { id: 'sel-test-1', kind: 'selection', title: 'Test ballot', rulebook: 'labour-2021@1', closedOn: '2024-06-05' },
    candidates,
    seats,
    method,
    options,
    electorate: { eligible: ballots.length + 10, total: ballots.length + 12, freezeDate: '2024-05-01' },
    voters: { total: ballots.length, online: ballots.length - 2, postal: 1, inPerson: 1 },
    ballots: ballots.map((ranking, i) => ({ tracker: trackerOf(i), ranking })),
    declared: spec.declared === false ? null : { elected: record.elected.map((i) => candidates[i].id), record },
  });
}

/** A deep copy to tamper with. */
export const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
