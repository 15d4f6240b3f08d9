/**
 * The bulletin board: what is published of a ballot once voting has closed, so
 * that anyone can check it. One JSON document (format "hustings-bulletin-board",
 * version 1):
 *
 *   process     { id, kind, title, rulebook, closedOn }   closedOn is a date only
 *   candidates  [{ id, name, withdrawn, attributes? }]    in ballot-paper order; the record's
 *                                                         candidate numbers index this list
 *   seats, method, options                                the count's rule and the options it was
 *                                                         run with (method defaults fill the rest)
 *   electorate  { eligible, total, freezeDate } | null
 *   voters      { total, online, postal, inPerson }       members marked as voted, by channel
 *   ballots     [{ tracker, ranking }]                    every ballot in the box, sorted by tracker
 *                                                         (Unicode code point order); a ranking is
 *                                                         candidate ids, first preference first
 *   ballotsSha256                                         SHA-256 of the canonical ballot list
 *   declared    { elected, record } | null                the declared winners (ids, in order of
 *                                                         election) and the full count record;
 *                                                         null until the ballot is counted
 *
 * The canonical ballot list is, for each ballot in board order, the JSON text of
 * the pair [tracker, ranking] with no spaces and a newline after it, encoded as
 * UTF-8. It is what `jq -c '.ballots[] | [.tracker, .ranking]' board.json` prints,
 * so `… | sha256sum` gives the same digest without Hustings.
 *
 * The board holds no voter's name, no time finer than the closing date, and no
 * order but the trackers'. Pure: no I/O.
 */
import type { CountRecord } from '../count/record.js';
import { ok, type Result } from '../domain/result.js';
import { sha256Hex } from './sha256.js';

export const BOARD_FORMAT = 'hustings-bulletin-board';
export const BOARD_VERSION = 1;

export interface BoardCandidate {
  readonly id: string;
  readonly name: string;
  /** Withdrawn before the count: ignored on every ballot. */
  readonly withdrawn: boolean;
  /** What a minimum-representation option reads (e.g. gender), only when one is in force. */
  readonly attributes?: Readonly<Record<string, string>>;
}

export interface BoardBallot {
  readonly tracker: string;
  readonly ranking: readonly string[];
}

export type BoardOptionValue = string | number | boolean;

export interface Board {
  readonly format: typeof BOARD_FORMAT;
  readonly version: typeof BOARD_VERSION;
  readonly process: {
    readonly id: string;
    readonly kind: string;
    readonly title: string;
    readonly rulebook: string;
    /** The day voting closed (YYYY-MM-DD), or null if not recorded. */
    readonly closedOn: string | null;
  };
  readonly candidates: readonly BoardCandidate[];
  readonly seats: number;
  readonly method: string;
  readonly options: Readonly<Record<string, BoardOptionValue>>;
  readonly electorate: { readonly eligible: number; readonly total: number; readonly freezeDate: string } | null;
  readonly voters: { readonly total: number; readonly online: number; readonly postal: number; readonly inPerson: number };
  readonly ballots: readonly BoardBallot[];
  readonly ballotsSha256: string;
  readonly declared: { readonly elected: readonly string[]; readonly record: CountRecord } | null;
}

/** Everything a board holds except what is derived (the ballots' order and digest). */
export type BoardContents = Omit<Board, 'format' | 'version' | 'ballots' | 'ballotsSha256'> & { readonly ballots: readonly BoardBallot[] };

/** Code point order, so a board sorts the same way whatever language sorts it. */
export function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** The canonical text of a ballot list, in the order given (see the module comment). */
export function canonicalBallots(ballots: readonly BoardBallot[]): string {
  let out = '';
  for (const b of ballots) out += JSON.stringify([b.tracker, b.ranking]) + '\n';
  return out;
}

export const ballotsDigest = (ballots: readonly BoardBallot[]): string => sha256Hex(canonicalBallots(ballots));

/** Ballots in board order: by tracker, in code point order. */
export function boardOrder(ballots: readonly BoardBallot[]): BoardBallot[] {
  return ballots.map((b) => ({ tracker: b.tracker, ranking: [...b.ranking] })).sort((a, b) => compareCodePoints(a.tracker, b.tracker));
}

/** A board from its contents: ballots sorted by tracker, their digest computed. */
export function makeBoard(contents: BoardContents): Board {
  const ballots = boardOrder(contents.ballots);
  const { process, candidates, seats, method, options, electorate, voters, declared } = contents;
  return { format: BOARD_FORMAT, version: BOARD_VERSION, process, candidates, seats, method, options, electorate, voters, ballots, ballotsSha256: ballotsDigest(ballots), declared };
}

/** The board as published: indented JSON with the ballots last, one per line, ending with a newline. */
export function boardJson(board: Board): string {
  const { ballots, ...rest } = board;
  const head = JSON.stringify(rest, null, 2);
  const list = ballots.length === 0 ? '[]' : `[\n${ballots.map((b) => `    ${JSON.stringify({ tracker: b.tracker, ranking: b.ranking })}`).join(',\n')}\n  ]`;
  // `head` is an object's text ending in "\n}": the ballots go in as its last member.
  return `${head.slice(0, -2)},\n  "ballots": ${list}\n}\n`;
}

// ---- Reading a board ------------------------------------------------------------------------

type Check = (value: unknown, where: string) => string | null;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text: Check = (v, where) => (typeof v === 'string' ? null : `${where} must be text`);
const count: Check = (v, where) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? null : `${where} must be a whole number of 0 or more`);
const textOrNull: Check = (v, where) => (v === null || typeof v === 'string' ? null : `${where} must be text or null`);

function fields(v: unknown, where: string, spec: Readonly<Record<string, Check>>): string[] {
  if (!isObject(v)) return [`${where} must be an object`];
  return Object.entries(spec).flatMap(([k, check]) => {
    const problem = check(v[k], `${where}.${k}`);
    return problem === null ? [] : [problem];
  });
}

/**
 * Reads a published board, checking its shape (not yet its content: see
 * verifyBoard). Every problem is named by where it is, e.g.
 * "ballots[12].ranking must be a list of candidate ids".
 */
export function readBoard(json: string): Result<Board, { readonly code: 'invalid-board'; readonly message: string; readonly problems: readonly string[] }> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return fail([`it is not JSON (${why})`]);
  }
  if (!isObject(value)) return fail(['it must be a JSON object']);
  if (value.format !== BOARD_FORMAT) return fail([`format must be "${BOARD_FORMAT}", not ${JSON.stringify(value.format ?? null)}`]);
  if (value.version !== BOARD_VERSION) return fail([`version ${JSON.stringify(value.version ?? null)} is not one this Hustings reads (it reads version ${BOARD_VERSION})`]);
  const problems = [
    ...fields(value.process, 'process', { id: text, kind: text, title: text, rulebook: text, closedOn: textOrNull }),
    ...list(value.candidates, 'candidates', (c, where) => [
      ...fields(c, where, { id: text, name: text, withdrawn: (v, w) => (typeof v === 'boolean' ? null : `${w} must be true or false`) }),
      ...(isObject(c) && c.attributes !== undefined && !(isObject(c.attributes) && Object.values(c.attributes).every((a) => typeof a === 'string')) ? [`${where}.attributes must map names to text`] : []),
    ]),
    ...(count(value.seats, 'seats') === null && (value.seats as number) >= 1 ? [] : ['seats must be a whole number of 1 or more']),
    ...[text(value.method, 'method')].filter((p): p is string => p !== null),
    ...(isObject(value.options) && Object.values(value.options).every((o) => ['string', 'number', 'boolean'].includes(typeof o)) ? [] : ['options must map option names to text, numbers or true/false']),
    ...(value.electorate === null ? [] : fields(value.electorate, 'electorate', { eligible: count, total: count, freezeDate: text })),
    ...fields(value.voters, 'voters', { total: count, online: count, postal: count, inPerson: count }),
    ...list(value.ballots, 'ballots', (b, where) => [
      ...fields(b, where, { tracker: text }),
      ...(isObject(b) && !(Array.isArray(b.ranking) && b.ranking.every((x) => typeof x === 'string')) ? [`${where}.ranking must be a list of candidate ids`] : []),
    ]),
    ...(typeof value.ballotsSha256 === 'string' && /^[0-9a-f]{64}$/.test(value.ballotsSha256) ? [] : ['ballotsSha256 must be 64 lower-case hex digits']),
    ...(value.declared === null ? [] : declaredProblems(value.declared)),
  ];
  if (problems.length > 0) return fail(problems);
  return ok(value as unknown as Board);
}

function list(v: unknown, where: string, each: (item: unknown, where: string) => string[]): string[] {
  if (!Array.isArray(v)) return [`${where} must be a list`];
  return v.flatMap((item, i) => each(item, `${where}[${i}]`));
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
const decimal: Check = (v, where) => (typeof v === 'string' && DECIMAL.test(v) ? null : `${where} must be a decimal number written as text`);
const indexes: Check = (v, where) => (Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0) ? null : `${where} must be a list of candidate numbers`);
const decimalMap = (v: unknown, where: string): string[] =>
  isObject(v) ? Object.entries(v).flatMap(([k, x]) => [...(/^\d+$/.test(k) || /^[a-zA-Z]+$/.test(k) ? [] : [`${where} has a key "${k}" that is neither a candidate number nor a reason`]), ...[decimal(x, `${where}.${k}`)].filter((p): p is string => p !== null)]) : [`${where} must be an object`];

function declaredProblems(d: unknown): string[] {
  if (!isObject(d)) return ['declared must be an object or null'];
  const problems: string[] = [];
  if (!(Array.isArray(d.elected) && d.elected.every((x) => typeof x === 'string'))) problems.push('declared.elected must be a list of candidate ids');
  const r = d.record;
  if (!isObject(r)) return [...problems, 'declared.record must be an object'];
  problems.push(...fields(r, 'declared.record', { method: text, arithmetic: text, totalBallots: decimal, elected: indexes, seats: count }));
  if (!(Array.isArray(r.candidates) && r.candidates.every((x) => typeof x === 'string'))) problems.push('declared.record.candidates must be a list of names');
  if (!isObject(r.options)) problems.push('declared.record.options must be an object');
  problems.push(
    ...list(r.stages, 'declared.record.stages', (s, where) => {
      if (!isObject(s)) return [`${where} must be an object`];
      const out = [
        ...fields(s, where, { number: count, threshold: decimal, lost: decimal, elected: indexes, excluded: indexes }),
        ...decimalMap(s.tally, `${where}.tally`),
        ...decimalMap(s.inactive, `${where}.inactive`),
      ];
      if (s.action !== undefined) {
        const a = s.action;
        if (!isObject(a)) out.push(`${where}.action must be an object`);
        else out.push(...fields(a, `${where}.action`, { kind: text, candidates: indexes, lost: decimal }), ...decimalMap(a.transfers, `${where}.action.transfers`), ...decimalMap(a.inactive, `${where}.action.inactive`));
      }
      return out;
    }),
  );
  if (!Array.isArray(r.events)) problems.push('declared.record.events must be a list');
  return problems;
}

function fail(problems: readonly string[]): { ok: false; error: { code: 'invalid-board'; message: string; problems: readonly string[] } } {
  const shown = problems.slice(0, 10);
  const more = problems.length > shown.length ? `; and ${problems.length - shown.length} more` : '';
  return { ok: false, error: { code: 'invalid-board', message: `not a bulletin board: ${shown.join('; ')}${more}`, problems } };
}
